import Foundation

/// A connection to a PostgreSQL server through libpq, the server's own client library.
///
/// A script is cut into statements as `psql` cuts it (`SQLStatementSplitter`), and each runs as a
/// query of its own: a failure then names its statement, and a statement that cannot run in a
/// transaction block runs outside one, where a multi-statement query would be one implicit
/// transaction. Notices (`NOTICE: … does not exist, skipping`) are dropped rather than printed.
public final class PostgresConnection: DatabaseConnection {
    private let pq: LibPQ
    private let handle: LibPQ.Connection
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
        let pq = try LibPQ.shared.get()
        let connection = Self.connect(keywords, pq: pq)
        guard let connection else { throw DatabaseError(message: "libpq could not allocate a connection") }
        guard pq.status(connection) == LibPQ.connectionOK else {
            let message = Self.trimmed(Self.text(pq.errorMessage(connection)))
            pq.finish(connection)
            throw DatabaseError(message: "cannot connect to \(address): \(message)")
        }
        _ = pq.setNoticeProcessor(connection, { _, _ in }, nil)
        self.pq = pq
        self.handle = connection
    }

    deinit {
        pq.finish(handle)
    }

    private static func connect(_ keywords: [(key: String, value: String)], pq: LibPQ) -> LibPQ.Connection? {
        // C strings that live until PQconnectdbParams returns.
        let keys = keywords.map { strdup($0.key) } + [nil]
        let values = keywords.map { strdup($0.value) } + [nil]
        defer {
            keys.forEach { free($0) }
            values.forEach { free($0) }
        }
        return keys.map { UnsafePointer($0) }.withUnsafeBufferPointer { keyBuffer in
            values.map { UnsafePointer($0) }.withUnsafeBufferPointer { valueBuffer in
                pq.connectdbParams(keyBuffer.baseAddress, valueBuffer.baseAddress, 0)
            }
        }
    }

    public func parameter(_ index: Int) -> String { "$\(index)" }

    /// The server's version number, `150004` for 15.4.
    public var serverVersion: Int { Int(pq.serverVersion(handle)) }

    @discardableResult
    public func execute(_ script: String) throws(DatabaseError) -> Int {
        var touched = 0
        for statement in SQLStatementSplitter.statements(in: script, rules: .postgres) {
            guard let result = pq.exec(handle, statement.text) else {
                throw connectionError(statement, in: script)
            }
            defer { pq.clear(result) }
            switch pq.resultStatus(result) {
            case LibPQ.commandOK, LibPQ.tuplesOK, LibPQ.emptyQuery:
                touched += rowsTouched(result)
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
            pq.execParams(handle, sql, Int32(parameters.count), nil, buffer.baseAddress, nil, nil, 0)
        }
        let statement = SQLStatement(text: sql, offset: 0)
        guard let result else { throw connectionError(statement, in: sql) }
        defer { pq.clear(result) }
        switch pq.resultStatus(result) {
        case LibPQ.tuplesOK, LibPQ.commandOK, LibPQ.emptyQuery:
            break
        default:
            throw error(result, statement: statement)
        }
        let rows = pq.ntuples(result)
        let columns = pq.nfields(result)
        return (0..<rows).map { row in
            (0..<columns).map { column in
                pq.getisnull(result, row, column) == 1 ? nil : Self.text(pq.getvalue(result, row, column))
            }
        }
    }

    /// INSERT, UPDATE, DELETE and MERGE say how many rows they touched; other commands touch none.
    private func rowsTouched(_ result: LibPQ.Result) -> Int {
        let command = Self.text(pq.cmdStatus(result))
        guard ["INSERT", "UPDATE", "DELETE", "MERGE"].contains(where: { command.hasPrefix($0 + " ") }) else {
            return 0
        }
        return Int(Self.text(pq.cmdTuples(result))) ?? 0
    }

    private func error(_ result: LibPQ.Result, statement: SQLStatement) -> DatabaseError {
        let pq = self.pq
        let field = { (code: Int32) -> String? in
            guard let value = pq.resultErrorField(result, code) else { return nil }
            return String(cString: value)
        }
        var error = DatabaseError(
            message: field(Int32(UInt8(ascii: "M"))) ?? Self.trimmed(Self.text(pq.resultErrorMessage(result))),
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
            message: Self.trimmed(Self.text(pq.errorMessage(handle))), statement: statement.text,
            statementOffset: statement.offset)
    }

    /// libpq's strings are never `NULL` where schemagen reads them, but the C API does not say so.
    private static func text(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    private static func trimmed(_ text: String) -> String {
        var text = Substring(text)
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }
}
