import CSQLite3

/// A failure reported by SQLite, with its own message (`CHECK constraint failed: ck_tasks_status_values`).
public struct SQLiteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// SQLite's extended result code (`SQLITE_CONSTRAINT_CHECK` is 275).
    public var code: Int32
    public var message: String

    public init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "SQLite error \(code): \(message)" }
}

/// One connection to a real SQLite database, in memory or in a file, used to prove generated SQL.
///
/// A final class that owns the connection and closes it in `deinit`. It is deliberately not
/// `Sendable`: a connection belongs to the task that opened it, and the compiler keeps it there,
/// so no locking is needed. Open one per test or per verification run.
public final class SQLiteDatabase {
    private let handle: OpaquePointer

    /// Opens (creating if needed) the database at `path`; `:memory:` is a private in-memory one.
    public init(path: String = ":memory:") throws(SQLiteError) {
        var connection: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &connection, flags, nil)
        guard let connection else { throw SQLiteError(code: status, message: "cannot open \(path)") }
        guard status == SQLITE_OK else {
            let error = SQLiteError(code: status, message: String(cString: sqlite3_errmsg(connection)))
            sqlite3_close_v2(connection)
            throw error
        }
        sqlite3_extended_result_codes(connection, 1)
        self.handle = connection
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// The linked library's version, such as `3.40.1`.
    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }

    /// Runs every statement of `script` in order; stops at the first failure.
    public func execute(_ script: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, script, nil, nil, &message)
        guard status == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw SQLiteError(code: sqlite3_extended_errcode(handle), message: text)
        }
    }

    /// Runs one statement, binding `parameters` to its `?` placeholders (`nil` binds NULL), and
    /// returns its rows as text: NULL is `nil`, a BLOB is its lowercase hex, numbers as SQLite
    /// prints them.
    public func query(_ sql: String, _ parameters: [String?] = []) throws(SQLiteError) -> [[String?]] {
        var statement: OpaquePointer?
        var rest = ""
        let prepared = sql.withCString { text in
            var tail: UnsafePointer<CChar>?
            let status = sqlite3_prepare_v2(handle, text, -1, &statement, &tail)
            if let tail { rest = String(cString: tail) }
            return status
        }
        guard prepared == SQLITE_OK, let statement else {
            throw lastError(fallback: "cannot prepare: \(sql)")
        }
        defer { sqlite3_finalize(statement) }
        // A second statement would be silently ignored: refuse it (use `execute` for scripts).
        guard rest.allSatisfy({ $0.isWhitespace || $0 == ";" }) else {
            throw SQLiteError(code: SQLITE_MISUSE, message: "query takes one statement; the rest was: \(rest)")
        }

        // SQLITE_TRANSIENT: SQLite copies the text before the Swift string goes away.
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (offset, parameter) in parameters.enumerated() {
            let position = Int32(offset + 1)
            let status =
                if let parameter {
                    sqlite3_bind_text(statement, position, parameter, -1, transient)
                } else {
                    sqlite3_bind_null(statement, position)
                }
            guard status == SQLITE_OK else { throw lastError(fallback: "cannot bind parameter \(position)") }
        }

        var rows: [[String?]] = []
        let width = sqlite3_column_count(statement)
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else { throw lastError(fallback: "step failed") }
            rows.append((0..<width).map { value(statement, column: $0) })
        }
        return rows
    }

    /// The rows that break a foreign key, as `PRAGMA foreign_key_check` reports them
    /// (table, rowid, referenced table, foreign key index).
    public func foreignKeyViolations() throws(SQLiteError) -> [[String?]] {
        try query("PRAGMA foreign_key_check")
    }

    private func value(_ statement: OpaquePointer, column: Int32) -> String? {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_NULL:
            return nil
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, column))
            guard count > 0, let bytes = sqlite3_column_blob(statement, column) else { return "" }
            let buffer = UnsafeRawBufferPointer(start: bytes, count: count)
            let digits = Array("0123456789abcdef".utf8)
            var text: [UInt8] = []
            text.reserveCapacity(count * 2)
            for byte in buffer {
                text.append(digits[Int(byte >> 4)])
                text.append(digits[Int(byte & 0x0F)])
            }
            return String(decoding: text, as: UTF8.self)
        default:
            guard let text = sqlite3_column_text(statement, column) else { return nil }
            return String(cString: text)
        }
    }

    private func lastError(fallback: String) -> SQLiteError {
        let code = sqlite3_extended_errcode(handle)
        let message = sqlite3_errmsg(handle).map { String(cString: $0) } ?? fallback
        return SQLiteError(code: code, message: message)
    }
}
