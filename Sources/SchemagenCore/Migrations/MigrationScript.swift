import Foundation

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

    /// Reads a migration file's text.
    ///
    /// A line ends at a LF, and a CR LF is a LF: a checkout that turned the committed files' line
    /// ends into CR LF (git's `core.autocrlf` on Windows, an editor) holds the same migration, as
    /// the integrity file and the runner's checksum already read it; each part's `sql` is written
    /// with LFs. (Read as one line, such a file had no transaction, and `migrate up` recorded it
    /// as applied without running a statement.) The work is done on the UTF-8 bytes, the same for
    /// every line that is ASCII (`TrimmedLine`). The four scripts of a 1,000-table first migration
    /// have 89,000 lines.
    public init(parsing text: String) {
        let read = Self.read(utf8: Array(text.utf8))
        self.init(
            revision: read.revision, downRevision: read.downRevision,
            parts: read.parts.map { part in
                Part(
                    kind: part.kind, sql: String(decoding: part.sql, as: UTF8.self), line: part.line,
                    foreignKeyCheckOffset: part.foreignKeyCheckOffset)
            }, needsForeignKeysOff: read.needsForeignKeysOff)
    }

    /// A file read as `init(parsing:)` reads it, each part's text left as UTF-8 bytes: what
    /// a migration's Swift file is written from, without a `String` of each on the way.
    struct UTF8Parts {
        var revision: String?
        var downRevision: String?
        var parts: [UTF8Part]
        var needsForeignKeysOff: Bool
    }

    struct UTF8Part {
        var kind: Part.Kind
        var sql: [UInt8]
        var line: Int
        var foreignKeyCheckOffset: Int?
    }

    /// The reader of `init(parsing:)`, on the text's UTF-8 bytes. Each line is found with `memchr`
    /// and, in a file that is all ASCII (every file schemagen writes from an ASCII schema), read
    /// without asking of every line whether it is.
    static func read(utf8 bytes: [UInt8]) -> UTF8Parts {
        var parts: [UTF8Part] = []
        var current: UTF8Part?
        /// Where `current`'s last line that is neither blank nor a `--` comment ends (`nil` while
        /// there is none: an outside part without one is left out).
        var codeEnd: Int?
        var revision: String?
        var downRevision: String?
        var foreignKeysOff = false
        var inHeader = true
        let isAllASCII = allASCII(bytes)

        func finish() {
            if let part = current, part.kind == .transaction || codeEnd != nil {
                // An outside part ends at its last statement: the comment that introduces the next
                // part belongs to that part's reader, not to this one.
                var part = part
                if part.kind == .outside { part.sql.removeSubrange(codeEnd!...) }
                parts.append(part)
            }
            current = nil
            codeEnd = nil
        }

        var number = 0
        var start = 0
        while start <= bytes.count {
            let end = Self.lineEnd(bytes, from: start)
            number += 1
            defer { start = end + 1 }
            let line = bytes[start..<(end > start && bytes[end - 1] == .carriageReturn ? end - 1 : end)]
            let trimmed = TrimmedLine(line, isASCII: isAllASCII)
            if inHeader {
                if trimmed.hasPrefix("--") {
                    if let value = trimmed.value(after: "-- revision:") { revision = value }
                    if let value = trimmed.value(after: "-- down_revision:") { downRevision = value }
                    continue
                }
                inHeader = false
            }
            let inTransaction = current?.kind == .transaction
            if !inTransaction, trimmed.uppercased(isIn: Self.transactionStarts, bytes: Self.transactionStartBytes) {
                finish()
                current = UTF8Part(kind: .transaction, sql: [], line: number + 1)
                // A transaction is most of its file (all of a SQLite script, 34 MB at 10,000
                // tables): room for the rest of the file at once, of which only what is written
                // is ever touched, instead of doubling, where each step held the old copy and the
                // new one together (the peak of `check` at 10,000 tables).
                current!.sql.reserveCapacity(bytes.count - end)
                continue
            }
            if inTransaction, trimmed.uppercased(isIn: Self.transactionEnds, bytes: Self.transactionEndBytes) {
                // Trailing blank lines of a transaction are not part of it.
                while current!.sql.last == .lineFeed { current!.sql.removeLast() }
                finish()
                continue
            }
            if !inTransaction, trimmed.equals(Self.foreignKeysOff) {
                foreignKeysOff = true
                continue
            }
            if !inTransaction, trimmed.equals(Self.foreignKeysOn) { continue }

            if current == nil {
                // An outside part starts at its first line that is not blank.
                if trimmed.isEmpty { continue }
                current = UTF8Part(kind: .outside, sql: [], line: number)
            }
            if current!.kind == .transaction, current!.sql.isEmpty, trimmed.isEmpty {
                // Blank lines right after BEGIN: the part starts at its first written line.
                current!.line = number + 1
                continue
            }
            if current!.kind == .transaction, current!.foreignKeyCheckOffset == nil,
                trimmed.hasPrefix(Self.foreignKeyCheckStart)
            {
                current!.foreignKeyCheckOffset = current!.sql.count
            }
            if !current!.sql.isEmpty { current!.sql.append(.lineFeed) }
            current!.sql += line
            if !trimmed.isEmpty && !trimmed.hasPrefix("--") { codeEnd = current!.sql.count }
        }
        finish()
        return UTF8Parts(
            revision: revision == "none" ? nil : revision, downRevision: downRevision == "none" ? nil : downRevision,
            parts: parts, needsForeignKeysOff: foreignKeysOff)
    }

    private static let transactionStartBytes = transactionStarts.map { Array($0.utf8) }
    private static let transactionEndBytes = transactionEnds.map { Array($0.utf8) }

    /// Where the line that starts at `start` ends: its line feed (the CR of a CR LF is left out of
    /// the line by the reader), or the end of the text.
    private static func lineEnd(_ bytes: [UInt8], from start: Int) -> Int {
        bytes.withUnsafeBufferPointer { $0.firstIndex(of: .lineFeed, from: start) ?? $0.count }
    }
}

/// A line without the blanks (space, tab) at its start and the blanks and CRs at its end, compared
/// as `String`s compare: by `Character`s, under canonical equivalence. For an ASCII line that is
/// its bytes (a CR LF aside, which no compared text holds); any other line is a `String`, where
/// `"COMMIT\u{37E}"` is `"COMMIT;"` and a combining mark joins the blank before it.
private enum TrimmedLine {
    case ascii(ArraySlice<UInt8>)
    case text(String)

    /// `isASCII`: the whole text is known to be ASCII, so the line is not looked at for it.
    init(_ line: ArraySlice<UInt8>, isASCII: Bool) {
        guard isASCII || line.allSatisfy({ $0 < 0x80 }) else {
            self = .text(Substring(String(decoding: line, as: UTF8.self)).trimmingBlanks)
            return
        }
        var start = line.startIndex
        var end = line.endIndex
        while start < end, line[start] == .space || line[start] == .tab { start += 1 }
        while end > start, line[end - 1] == .space || line[end - 1] == .tab || line[end - 1] == .carriageReturn {
            end -= 1
        }
        self = .ascii(line[start..<end])
    }

    var isEmpty: Bool {
        switch self {
        case .ascii(let bytes): bytes.isEmpty
        case .text(let text): text.isEmpty
        }
    }

    func hasPrefix(_ prefix: String) -> Bool {
        switch self {
        // Most lines differ in their first byte: compared before the rest.
        case .ascii(let bytes): bytes.first == prefix.utf8.first ? bytes.starts(with: prefix.utf8) : prefix.isEmpty
        case .text(let text): text.hasPrefix(prefix)
        }
    }

    func equals(_ other: String) -> Bool {
        switch self {
        case .ascii(let bytes): bytes.elementsEqual(other.utf8)
        case .text(let text): text == other
        }
    }

    /// Whether the line in capitals is one of `texts` (which are in ASCII capitals), whose UTF-8
    /// `bytes` are (an ASCII line is compared with those, and most differ in length).
    func uppercased(isIn texts: Set<String>, bytes textBytes: [[UInt8]]) -> Bool {
        switch self {
        case .ascii(let bytes):
            return textBytes.contains { text in
                text.count == bytes.count
                    && zip(text, bytes).allSatisfy { capital, byte in
                        capital == ((UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 32 : byte)
                    }
            }
        case .text(let text):
            // Equal under canonical equivalence to an ASCII text of n bytes, the capitals hold n
            // scalars (one that is not ASCII would stay), and capitals never hold fewer scalars than
            // the line (`ß` → `SS`): a line of more than 4n bytes is none of them, and a `COMMENT ON`
            // with an accent is not uppercased to find that out.
            guard text.utf8.count <= 4 * textBytes.reduce(0, { max($0, $1.count) }) else { return false }
            return texts.contains(text.uppercased())
        }
    }

    /// The rest of the line after `prefix`, trimmed; `nil` without the prefix or when nothing follows it.
    func value(after prefix: String) -> String? {
        switch self {
        case .ascii(let bytes): hasPrefix(prefix) ? String(decoding: bytes, as: UTF8.self).value(after: prefix) : nil
        case .text(let text): text.value(after: prefix)
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
    fileprivate func value(after prefix: String) -> String? {
        guard hasPrefix(prefix) else { return nil }
        let value = dropFirst(prefix.count).trimmingBlanks
        return value.isEmpty ? nil : value
    }
}

extension UInt8 {
    fileprivate static let lineFeed = UInt8(ascii: "\n")
    fileprivate static let carriageReturn = UInt8(ascii: "\r")
    fileprivate static let space = UInt8(ascii: " ")
    fileprivate static let tab = UInt8(ascii: "\t")
}
