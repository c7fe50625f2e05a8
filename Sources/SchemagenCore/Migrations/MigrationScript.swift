/// A migration file read back into the steps a runner takes, from the file's own text: committed
/// files are the truth (the integrity file hashes them), so a runner works from what is on disk,
/// not from what the planner would write today.
///
/// The scripts are laid out by `MigrationScriptWriter` through each dialect's `MigrationRenderer`
/// (`script(_:header:)`): header comments, then for Postgres the statements before the
/// transaction, `BEGIN;` … `COMMIT;`, the statements that cannot run in a transaction, and the
/// later transactions; for SQLite `PRAGMA foreign_keys = OFF;` when a table is rebuilt,
/// `BEGIN IMMEDIATE;` … the foreign-key check … `COMMIT;`, and `PRAGMA foreign_keys = ON;`. The
/// transaction lines and the pragma lines stand alone on their lines, which is what this reads:
/// a runner opens its own transactions (to record the migration in the same one) and handles the
/// pragma itself (it must be outside the transaction, and on again after a failure).
public struct MigrationScript: Sendable, Hashable {
    /// A stretch of the file between the transaction lines.
    public struct Part: Sendable, Hashable {
        public enum Kind: Sendable, Hashable {
            /// The statements between a `BEGIN` and its `COMMIT`, without either: all or nothing.
            case transaction
            /// Statements outside any transaction, each committing on its own: Postgres's
            /// `ALTER TYPE … ADD VALUE` before the transaction, `CREATE INDEX CONCURRENTLY` after
            /// it, the online mode's `SET lock_timeout`.
            case outside
        }

        public var kind: Kind
        /// The part's lines as written in the file, joined by LF.
        public var sql: String
        /// The 1-based line of the file where `sql` starts: an offset into `sql` is a file line
        /// through `line(at:)`.
        public var line: Int
        /// SQLite: where the foreign-key check that ends the transaction starts in `sql` (UTF-8
        /// bytes); `sql` before it is the migration's own statements.
        public var foreignKeyCheckOffset: Int?

        /// The file's line of the UTF-8 `offset` into `sql`.
        public func line(at offset: Int) -> Int {
            line + sql.utf8.prefix(offset).reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        }

        /// `sql` without the foreign-key check, for a driver that checks foreign keys itself
        /// (GRDB's `DatabaseMigrator`).
        public var statementsWithoutForeignKeyCheck: String {
            guard let foreignKeyCheckOffset else { return sql }
            return String(decoding: sql.utf8.prefix(foreignKeyCheckOffset), as: UTF8.self)
        }
    }

    /// `-- revision:` and `-- down_revision:` of the header (`nil` for `none` or when absent).
    public var revision: String?
    public var downRevision: String?
    /// The file's parts in order; parts of only blank and comment lines are left out.
    public var parts: [Part]
    /// SQLite: the script turns foreign keys off around its transaction (a table is rebuilt, or a
    /// referenced table dropped), and its transaction ends with a foreign-key check that fails it.
    public var needsForeignKeysOff: Bool

    /// The first transaction: the migration proper, where a runner records it.
    public var transaction: Part? { parts.first { $0.kind == .transaction } }

    public init(revision: String? = nil, downRevision: String? = nil, parts: [Part], needsForeignKeysOff: Bool) {
        self.revision = revision
        self.downRevision = downRevision
        self.parts = parts
        self.needsForeignKeysOff = needsForeignKeysOff
    }

    static let transactionStarts: Set<String> = [
        "BEGIN;", "BEGIN IMMEDIATE;", "BEGIN TRANSACTION;", "START TRANSACTION;",
    ]
    // Not `END;`: a trigger's body ends with it on a line of its own.
    static let transactionEnds: Set<String> = ["COMMIT;", "COMMIT TRANSACTION;"]
    static let foreignKeysOff = "PRAGMA foreign_keys = OFF;"
    static let foreignKeysOn = "PRAGMA foreign_keys = ON;"
    /// The first line of `SQLiteMigrationRenderer.foreignKeyCheck`.
    static let foreignKeyCheckStart = "-- Fail, and so roll back, if a row breaks a foreign key"

    /// Reads a migration file's text (LF or CRLF line ends).
    public init(parsing text: String) {
        var parts: [Part] = []
        var current: Part?
        var revision: String?
        var downRevision: String?
        var foreignKeysOff = false
        var inHeader = true

        func finish() {
            if let part = current, part.kind == .transaction || Self.holdsCode(part.sql) { parts.append(part) }
            current = nil
        }

        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, raw) in lines.enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let number = index + 1
            let trimmed = line.trimmingBlanks
            if inHeader {
                if trimmed.hasPrefix("--") {
                    if let value = trimmed.value(after: "-- revision:") { revision = value }
                    if let value = trimmed.value(after: "-- down_revision:") { downRevision = value }
                    continue
                }
                inHeader = false
            }
            let inTransaction = current?.kind == .transaction
            if !inTransaction, Self.transactionStarts.contains(trimmed.uppercased()) {
                finish()
                current = Part(kind: .transaction, sql: "", line: number + 1)
                continue
            }
            if inTransaction, Self.transactionEnds.contains(trimmed.uppercased()) {
                // Trailing blank lines of a transaction are not part of it.
                if var part = current {
                    while part.sql.hasSuffix("\n") { part.sql.removeLast() }
                    current = part
                }
                finish()
                continue
            }
            if !inTransaction, trimmed == Self.foreignKeysOff {
                foreignKeysOff = true
                continue
            }
            if !inTransaction, trimmed == Self.foreignKeysOn { continue }

            if current == nil {
                // An outside part starts at its first line that is not blank.
                if trimmed.isEmpty { continue }
                current = Part(kind: .outside, sql: "", line: number)
            }
            if current!.kind == .transaction, current!.sql.isEmpty, trimmed.isEmpty {
                // Blank lines right after BEGIN: the part starts at its first written line.
                current!.line = number + 1
                continue
            }
            if current!.kind == .transaction, current!.foreignKeyCheckOffset == nil,
                trimmed.hasPrefix(Self.foreignKeyCheckStart)
            {
                current!.foreignKeyCheckOffset = current!.sql.utf8.count
            }
            current!.sql += (current!.sql.isEmpty ? "" : "\n") + line
        }
        finish()
        // An outside part ends at its last statement: the comment that introduces the next part
        // belongs to that part's reader, not to this one.
        for index in parts.indices where parts[index].kind == .outside {
            var lines = parts[index].sql.split(separator: "\n", omittingEmptySubsequences: false)
            while let last = lines.last, last.trimmingBlanks.isEmpty || last.trimmingBlanks.hasPrefix("--") {
                lines.removeLast()
            }
            parts[index].sql = lines.joined(separator: "\n")
        }
        self.init(
            revision: revision == "none" ? nil : revision, downRevision: downRevision == "none" ? nil : downRevision,
            parts: parts, needsForeignKeysOff: foreignKeysOff)
    }

    /// True when `sql` has a line that is neither blank nor a `--` comment.
    static func holdsCode(_ sql: String) -> Bool {
        sql.split(separator: "\n").contains { line in
            let trimmed = line.trimmingBlanks
            return !trimmed.isEmpty && !trimmed.hasPrefix("--")
        }
    }
}

extension Substring {
    fileprivate var trimmingBlanks: String {
        var text = self[...]
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text.removeLast() }
        return String(text)
    }
}

extension String {
    fileprivate var trimmingBlanks: String { self[...].trimmingBlanks }

    fileprivate func value(after prefix: String) -> String? {
        guard hasPrefix(prefix) else { return nil }
        let value = dropFirst(prefix.count).trimmingBlanks
        return value.isEmpty ? nil : value
    }
}
