import CLibPQ
import Foundation

/// A connection to a PostgreSQL server through libpq, the server's own client library.
///
/// A script is cut into statements as `psql` cuts it (`SQLStatementSplitter`), and each runs as a
/// query of its own: a failure then names its statement, and a statement that cannot run in a
/// transaction block runs outside one, where a multi-statement query would be one implicit
/// transaction. Notices (`NOTICE: … does not exist, skipping`) are dropped rather than printed.
public final class PostgresConnection: DatabaseConnection {
    private let handle: OpaquePointer
    public let address: PostgresAddress
    public var kind: DatabaseKind { .postgres }

    public init(_ address: PostgresAddress) throws(DatabaseError) {
        self.address = address
        var keywords = address.keywords
        if !keywords.contains(where: { $0.key == "fallback_application_name" }) {
            keywords.append(("fallback_application_name", "schemagen"))
        }
        if !keywords.contains(where: { $0.key == "connect_timeout" }) {
            keywords.append(("connect_timeout", "10"))
        }
        let connection = Self.connect(keywords)
        guard let connection else { throw DatabaseError(message: "libpq could not allocate a connection") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.trimmed(String(cString: PQerrorMessage(connection)))
            PQfinish(connection)
            throw DatabaseError(message: "cannot connect to \(address): \(message)")
        }
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        self.handle = connection
    }

    deinit {
        PQfinish(handle)
    }

    private static func connect(_ keywords: [(key: String, value: String)]) -> OpaquePointer? {
        // C strings that live until PQconnectdbParams returns.
        let keys = keywords.map { strdup($0.key) } + [nil]
        let values = keywords.map { strdup($0.value) } + [nil]
        defer {
            keys.forEach { free($0) }
            values.forEach { free($0) }
        }
        return keys.map { UnsafePointer($0) }.withUnsafeBufferPointer { keyBuffer in
            values.map { UnsafePointer($0) }.withUnsafeBufferPointer { valueBuffer in
                PQconnectdbParams(keyBuffer.baseAddress, valueBuffer.baseAddress, 0)
            }
        }
    }

    public func parameter(_ index: Int) -> String { "$\(index)" }

    /// The server's version number, `150004` for 15.4.
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    @discardableResult
    public func execute(_ script: String) throws(DatabaseError) -> Int {
        var touched = 0
        for statement in SQLStatementSplitter.statements(in: script, rules: .postgres) {
            guard let result = PQexec(handle, statement.text) else {
                throw connectionError(statement, in: script)
            }
            defer { PQclear(result) }
            switch PQresultStatus(result) {
            case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
                touched += Self.rowsTouched(result)
            default:
                throw error(result, statement: statement)
            }
        }
        return touched
    }

    public func query(_ sql: String, _ parameters: [String?]) throws(DatabaseError) -> [[String?]] {
        let values = parameters.map { $0.flatMap { strdup($0) } }
        defer { values.forEach { free($0) } }
        let result = values.map { UnsafePointer($0) }.withUnsafeBufferPointer { buffer in
            PQexecParams(handle, sql, Int32(parameters.count), nil, buffer.baseAddress, nil, nil, 0)
        }
        let statement = SQLStatement(text: sql, offset: 0)
        guard let result else { throw connectionError(statement, in: sql) }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            break
        default:
            throw error(result, statement: statement)
        }
        let rows = PQntuples(result)
        let columns = PQnfields(result)
        return (0..<rows).map { row in
            (0..<columns).map { column in
                PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
            }
        }
    }

    /// INSERT, UPDATE, DELETE and MERGE say how many rows they touched; other commands touch none.
    private static func rowsTouched(_ result: OpaquePointer) -> Int {
        let command = String(cString: PQcmdStatus(result))
        guard ["INSERT", "UPDATE", "DELETE", "MERGE"].contains(where: { command.hasPrefix($0 + " ") }) else {
            return 0
        }
        return Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    private func error(_ result: OpaquePointer, statement: SQLStatement) -> DatabaseError {
        let field = { (code: Int32) -> String? in
            guard let value = PQresultErrorField(result, code) else { return nil }
            return String(cString: value)
        }
        var error = DatabaseError(
            message: field(Int32(UInt8(ascii: "M"))) ?? Self.trimmed(String(cString: PQresultErrorMessage(result))),
            detail: field(Int32(UInt8(ascii: "D"))), hint: field(Int32(UInt8(ascii: "H"))),
            code: field(Int32(UInt8(ascii: "C"))), statement: statement.text, statementOffset: statement.offset)
        // PG_DIAG_STATEMENT_POSITION ('P'): 1-based, in characters of the statement.
        if let position = field(Int32(UInt8(ascii: "P"))).flatMap({ Int($0) }), position >= 1 {
            let prefix = statement.text.unicodeScalars.prefix(position - 1)
            error.errorOffset = statement.offset + prefix.reduce(0) { $0 + UTF8.width($1) }
        }
        return error
    }

    private func connectionError(_ statement: SQLStatement, in script: String) -> DatabaseError {
        DatabaseError(
            message: Self.trimmed(String(cString: PQerrorMessage(handle))), statement: statement.text,
            statementOffset: statement.offset)
    }

    private static func trimmed(_ text: String) -> String {
        var text = Substring(text)
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }
}
