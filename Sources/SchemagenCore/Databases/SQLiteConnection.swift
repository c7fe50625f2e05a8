import CSQLite3

/// A connection to a SQLite database file, in process, with foreign keys on, as an application's
/// connection has them.
///
/// A script runs statement by statement, each prepared with `sqlite3_prepare_v2`, whose tail
/// pointer says where the next one starts: SQLite's own reading decides where a statement ends
/// (a trigger's `BEGIN … END;` holds `;`s), and a failure knows its statement's offset.
public final class SQLiteConnection: DatabaseConnection {
    private let handle: OpaquePointer
    public let path: String
    public var kind: DatabaseKind { .sqlite }

    /// Opens the database at `path`, creating the file if it is missing and `create` says so (a
    /// command that only reads, or reverts, must not leave an empty file behind a mistyped path);
    /// `:memory:` is a private in-memory one. Another connection's write lock is waited for up to
    /// `busyTimeoutMilliseconds`.
    public init(path: String, create: Bool = true, busyTimeoutMilliseconds: Int32 = 10_000) throws(DatabaseError) {
        self.path = path
        var connection: OpaquePointer?
        let flags =
            SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &connection, flags, nil)
        guard let connection else {
            throw DatabaseError(message: "cannot open \(path)", code: String(status))
        }
        guard status == SQLITE_OK else {
            let reason =
                !create && status == SQLITE_CANTOPEN
                ? "no such file (only `schemagen migrate up` creates one)" : String(cString: sqlite3_errmsg(connection))
            let error = DatabaseError(message: "cannot open \(path): \(reason)", code: String(status))
            sqlite3_close_v2(connection)
            throw error
        }
        sqlite3_extended_result_codes(connection, 1)
        sqlite3_busy_timeout(connection, busyTimeoutMilliseconds)
        self.handle = connection
        try execute("PRAGMA foreign_keys = ON;")
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    public func parameter(_ index: Int) -> String { "?\(index)" }

    @discardableResult
    public func execute(_ script: String) throws(DatabaseError) -> Int {
        let before = sqlite3_total_changes64(handle)
        // withCString rethrows untyped errors: the failure comes out as a value.
        let failure: DatabaseError? = script.withCString { base in
            var next: UnsafePointer<CChar>? = base
            while let start = next, start.pointee != 0 {
                var statement: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                let offset = start - base
                guard sqlite3_prepare_v2(handle, start, -1, &statement, &tail) == SQLITE_OK else {
                    return lastError(statementAt: offset, base: base, tail: tail)
                }
                next = tail
                // Only blanks or comments: no statement.
                guard let statement else { continue }
                var status = sqlite3_step(statement)
                while status == SQLITE_ROW { status = sqlite3_step(statement) }
                if status != SQLITE_DONE {
                    let error = lastError(statementAt: offset, base: base, tail: tail)
                    sqlite3_finalize(statement)
                    return error
                }
                sqlite3_finalize(statement)
            }
            return nil
        }
        if let failure { throw failure }
        return Int(sqlite3_total_changes64(handle) - before)
    }

    public func query(_ sql: String, _ parameters: [String?]) throws(DatabaseError) -> [[String?]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw lastError(statement: sql)
        }
        defer { sqlite3_finalize(statement) }
        // SQLITE_TRANSIENT: SQLite copies the text before the Swift string goes away.
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (index, parameter) in parameters.enumerated() {
            let position = Int32(index + 1)
            let status =
                if let parameter {
                    sqlite3_bind_text(statement, position, parameter, -1, transient)
                } else {
                    sqlite3_bind_null(statement, position)
                }
            guard status == SQLITE_OK else { throw lastError(statement: sql) }
        }
        var rows: [[String?]] = []
        let width = sqlite3_column_count(statement)
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else { throw lastError(statement: sql) }
            rows.append(
                (0..<width).map { column in
                    sqlite3_column_type(statement, column) == SQLITE_NULL
                        ? nil : String(cString: sqlite3_column_text(statement, column))
                })
        }
        return rows
    }

    private func lastError(statement: String?) -> DatabaseError {
        DatabaseError(
            message: String(cString: sqlite3_errmsg(handle)), code: String(sqlite3_extended_errcode(handle)),
            statement: statement, statementOffset: statement == nil ? nil : 0)
    }

    /// The failure of the statement at `offset` bytes into the script at `base`, which ends at `tail`
    /// (or, when it could not be prepared, at the end of its line).
    private func lastError(statementAt offset: Int, base: UnsafePointer<CChar>, tail: UnsafePointer<CChar>?)
        -> DatabaseError
    {
        var error = lastError(statement: nil)
        let start = base + offset
        var end = tail ?? start
        if tail == nil || end <= start {
            end = start
            while end.pointee != 0 && end.pointee != 10 { end += 1 }
        }
        let bytes = UnsafeBufferPointer(
            start: UnsafeRawPointer(start).assumingMemoryBound(to: UInt8.self), count: end - start)
        let text = String(decoding: bytes, as: UTF8.self)
        // The statement proper starts after the blanks and comments before it.
        let skipped = Self.leadingBlanksAndComments(text)
        error.statement = String(decoding: Array(text.utf8.dropFirst(skipped)), as: UTF8.self)
        error.statementOffset = offset + skipped
        let errorOffset = sqlite3_error_offset(handle)
        if errorOffset >= 0 { error.errorOffset = offset + Int(errorOffset) }
        return error
    }

    /// How many bytes of blanks and `--` or `/* */` comments `text` starts with.
    static func leadingBlanksAndComments(_ text: String) -> Int {
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 10 || bytes[i] == 13 {
                i += 1
            } else if bytes[i] == UInt8(ascii: "-"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "-") {
                while i < bytes.count, bytes[i] != 10 { i += 1 }
            } else if bytes[i] == UInt8(ascii: "/"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "*") {
                i += 2
                while i + 1 < bytes.count, !(bytes[i] == UInt8(ascii: "*") && bytes[i + 1] == UInt8(ascii: "/")) {
                    i += 1
                }
                i = min(bytes.count, i + 2)
            } else {
                break
            }
        }
        return i
    }
}
