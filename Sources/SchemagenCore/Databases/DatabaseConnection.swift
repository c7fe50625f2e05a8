/// A connection to a real database, as `schemagen migrate` (and the proofs built on it) uses one:
/// run a script, read rows as text, and fail with a `DatabaseError` that says which statement
/// failed and where it starts in the script, so that a caller turns it into a file and line.
///
/// Implementations are final classes that own their connection and close it in `deinit`. They are
/// not `Sendable`: a connection belongs to the task that opened it. Open one per task.
public protocol DatabaseConnection: AnyObject {
    var kind: DatabaseKind { get }

    /// Runs every statement of `script` in order, each on its own (so a statement that cannot run
    /// in a transaction block, `CREATE INDEX CONCURRENTLY`, runs as written), and stops at the first
    /// failure, whose `statementOffset` is where the failing statement starts in `script`.
    /// Returns the rows that INSERT, UPDATE and DELETE statements touched.
    @discardableResult
    func execute(_ script: String) throws(DatabaseError) -> Int

    /// Runs one statement with `parameters` bound to its placeholders (`parameter(1)`, …; `nil`
    /// binds NULL) and returns its rows as text, NULL as `nil`.
    func query(_ sql: String, _ parameters: [String?]) throws(DatabaseError) -> [[String?]]

    /// The placeholder of the `index`th parameter (1-based): `$1` for Postgres, `?1` for SQLite.
    func parameter(_ index: Int) -> String
}

extension DatabaseConnection {
    public func query(_ sql: String) throws(DatabaseError) -> [[String?]] {
        try query(sql, [])
    }
}

/// Opens the database a URL names.
public enum DatabaseConnector {
    /// `create`: a SQLite file that is missing is created (else the open fails).
    public static func connect(_ url: DatabaseURL, create: Bool = true) throws(DatabaseError) -> any DatabaseConnection
    {
        switch url {
        case .postgres(let address): try PostgresConnection(address)
        case .sqlite(let path): try SQLiteConnection(path: path, create: create)
        }
    }
}

/// A failure reported by the database, with its own words and, when it came from a script, the
/// failing statement and where it starts.
public struct DatabaseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// Postgres's `DETAIL` and `HINT`.
    public var detail: String?
    public var hint: String?
    /// Postgres's SQLSTATE (`23502`), or SQLite's extended result code (`SQLITE_CONSTRAINT_CHECK` is `275`).
    public var code: String?
    /// The statement that failed, as run.
    public var statement: String?
    /// Where `statement` starts in the script given to `execute`, in UTF-8 bytes.
    public var statementOffset: Int?
    /// Where in that script the database points, in UTF-8 bytes: Postgres's position of a syntax
    /// error or an unknown name (`PG_DIAG_STATEMENT_POSITION`).
    public var errorOffset: Int?

    public init(
        message: String, detail: String? = nil, hint: String? = nil, code: String? = nil, statement: String? = nil,
        statementOffset: Int? = nil, errorOffset: Int? = nil
    ) {
        self.message = message
        self.detail = detail
        self.hint = hint
        self.code = code
        self.statement = statement
        self.statementOffset = statementOffset
        self.errorOffset = errorOffset
    }

    /// The message, then its detail and hint on lines of their own.
    public var description: String {
        var lines = [message]
        if let detail, !detail.isEmpty { lines.append("DETAIL: \(detail)") }
        if let hint, !hint.isEmpty { lines.append("HINT: \(hint)") }
        return lines.joined(separator: "\n")
    }

    /// The 1-based line and column of `offset` (UTF-8 bytes) in `text`.
    public static func lineAndColumn(of offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in text.utf8.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}
