import CSQLite3
import Foundation

/// `swift/SchemaMigrations.swift`: every migration of the project, oldest first, with its SQL for
/// each database the config writes, so that an app applies them at start-up with the driver it
/// already has (GRDB's `DatabaseMigrator`, PostgresNIO; docs/migrations.md).
///
/// The SQL is read back from the migration files as written (`MigrationScript`), committed and
/// pending alike: the transaction and pragma lines are left out, because the app's driver opens
/// the transaction (to record the migration in it) and turns foreign keys off itself when
/// `needsForeignKeysOff` says so. The checksums are those `schemagen migrate` records, so either
/// may apply a database the other began.
struct SwiftMigrationsFile {
    static let path = "swift/SchemaMigrations.swift"

    var config: Config

    /// The dialects whose scripts the file holds: the SQL targets the config turns on.
    var dialects: [Config.Target] { MigrationLayout.dialects.filter(config.targets.contains) }

    /// The file for the migration files among `files` (paths relative to the output directory).
    ///
    /// `map` renders the scripts, each on its own, and gives them back in index order: the
    /// generator passes `concurrentMap` (Pipeline/, a layer above this one), so that both cores
    /// take the megabytes of a first migration of 1,000 tables.
    func render(
        _ files: [GeneratedFile],
        map: (_ count: Int, _ transform: @Sendable (Int) -> [String]) -> [[String]] = { count, transform in
            (0..<count).map(transform)
        }
    ) -> GeneratedFile {
        let byPath = Dictionary(files.map { ($0.path, $0.contents) }, uniquingKeysWith: { first, _ in first })
        let ids = Set(
            files.compactMap {
                $0.path.hasPrefix(MigrationLayout.snapshotFolder + "/") ? MigrationID(path: $0.path) : nil
            }
        )
        .sorted()
        let access = SwiftRenderer.accessModifier(config.swift.access)
        var lines = [
            SwiftRenderer.header(from: "\(MigrationLayout.folder)/"),
            "",
            "/// The schema's migrations, oldest first, for an app that applies them itself at start-up (see",
            "/// docs/migrations.md). Each holds its SQL for \(dialectWords) without the transaction and",
            "/// pragma lines of the files: the app's driver opens the transaction, records the migration in",
            "/// it, and turns foreign keys off around a migration whose `needsForeignKeysOff` is true.",
            "\(access)enum SchemaMigrations {",
            "    /// One migration: `version` and `name` as its files name it (`0002_add_tasks_priority`).",
            "    \(access)struct Migration: Hashable, Sendable {",
            "        \(access)let version: Int",
            "        \(access)let name: String",
        ]
        for dialect in dialects {
            lines.append("        \(access)let \(dialect.rawValue): Scripts")
        }
        lines += [
            "",
            "        /// `0002_add_tasks_priority`: the identifier `schemagen migrate` records.",
            "        \(access)var identifier: String {",
            "            let digits = String(version)",
            "            return String(repeating: \"0\", count: max(0, 4 - digits.count)) + digits + \"_\" + name",
            "        }",
            "    }",
            "",
            "    /// A migration's way up and way back down in one database.",
            "    \(access)struct Scripts: Hashable, Sendable {",
            "        \(access)let up: Script",
            "        \(access)let down: Script",
            "    }",
            "",
            "    /// One migration file, as the steps to run in order.",
            "    \(access)struct Script: Hashable, Sendable {",
            "        /// The file's SHA-256, as `schemagen migrate` records it in `schemagen_migrations`.",
            "        \(access)let checksum: String",
            "        /// SQLite: the script rebuilds a table or drops a referenced one, so foreign keys must be off",
            "        /// while it runs (`PRAGMA foreign_keys` cannot change inside a transaction); its last",
            "        /// statements fail it when a row then breaks a foreign key.",
            "        \(access)let needsForeignKeysOff: Bool",
            "        \(access)let steps: [Step]",
            "",
            "        /// The step whose transaction records the migration, where `schemagen migrate` records it:",
            "        /// the first step in a transaction. `nil` when no step is (only `CREATE INDEX CONCURRENTLY`,",
            "        /// say): the record then goes in after the last step, in a transaction of its own.",
            "        \(access)var recordingStep: Int? { steps.firstIndex(where: \\.inTransaction) }",
            "    }",
            "",
            "    /// Statements that run in one transaction, all or nothing, or each outside any (Postgres's",
            "    /// `CREATE INDEX CONCURRENTLY` and `ALTER TYPE … ADD VALUE`, which a transaction refuses).",
            "    /// One statement at a time, each from its first word to its `;`, for drivers that take one.",
            "    \(access)struct Step: Hashable, Sendable {",
            "        \(access)let inTransaction: Bool",
            "        \(access)let statements: [String]",
            "    }",
            "",
        ]
        if ids.isEmpty {
            lines.append("    \(access)static let all: [Migration] = []")
        } else {
            lines.append("    \(access)static let all: [Migration] = [")
            // Each script is read and written on its own, and they are joined in migration order.
            let directions = MigrationLayout.Direction.allCases
            let perMigration = dialects.count * directions.count
            let scripts = map(ids.count * perMigration) { [self] index in
                let dialect = dialects[index % perMigration / directions.count]
                let direction = directions[index % directions.count]
                let path = MigrationLayout.script(ids[index / perMigration], dialect: dialect, direction: direction)
                return scriptLines(
                    byPath[path] ?? "", dialect: dialect, label: direction.rawValue, isLast: direction == .down)
            }
            for (index, id) in ids.enumerated() {
                // swift format's rule: a trailing comma after the last of several elements, none after one.
                lines += migrationLines(
                    id, scripts: scripts[(index * perMigration)..<((index + 1) * perMigration)], comma: ids.count > 1)
            }
            lines.append("    ]")
        }
        lines.append("}")
        return GeneratedFile(path: Self.path, contents: lines.joined(separator: "\n") + "\n")
    }

    private var dialectWords: String {
        switch dialects.count {
        case 0: "no database (no SQL target is on)"
        case 1: "\(Self.displayName(dialects[0]))"
        default: dialects.map(Self.displayName).joined(separator: " and ")
        }
    }

    private static func displayName(_ dialect: Config.Target) -> String {
        dialect == .postgres ? "Postgres" : "SQLite"
    }

    /// `scripts`: the lines of the migration's scripts, by dialect, then up and down.
    private func migrationLines(_ id: MigrationID, scripts: ArraySlice<[String]>, comma: Bool) -> [String] {
        var lines = [
            "        Migration(",
            "            version: \(id.number),",
            "            name: \(Self.literal(id.name)),",
        ]
        for (index, dialect) in dialects.enumerated() {
            let last = index == dialects.count - 1
            lines.append("            \(dialect.rawValue): Scripts(")
            for direction in MigrationLayout.Direction.allCases.indices {
                lines += scripts[scripts.startIndex + index * MigrationLayout.Direction.allCases.count + direction]
            }
            lines.append("            )" + (last ? "" : ","))
        }
        lines.append("        )" + (comma ? "," : ""))
        return lines
    }

    private func scriptLines(_ text: String, dialect: Config.Target, label: String, isLast: Bool) -> [String] {
        let script = MigrationScript(parsing: text)
        var lines = [
            "                \(label): Script(",
            "                    checksum: \(Self.literal(IntegrityFile.fileHash(Array(text.utf8)))),",
            "                    needsForeignKeysOff: \(script.needsForeignKeysOff),",
        ]
        if script.parts.isEmpty {
            lines.append("                    steps: []")
        } else {
            lines.append("                    steps: [")
            for part in script.parts {
                let statements = Self.statements(in: part.sql, dialect: dialect)
                lines.append("                        Step(")
                lines.append("                            inTransaction: \(part.kind == .transaction),")
                lines.append("                            statements: [")
                for statement in statements {
                    lines += Self.literalLines(statement, indent: 32, comma: statements.count > 1)
                }
                lines.append("                            ]")
                lines.append("                        )" + (script.parts.count > 1 ? "," : ""))
            }
            lines.append("                    ]")
        }
        lines.append("                )" + (isLast ? "" : ","))
        return lines
    }

    /// The statements of a script, each from its first word to its `;`: what a driver that takes
    /// one statement at a time (PostgresNIO) runs. Cut where `psql` would, and for SQLite joined
    /// again until SQLite calls the text complete (a trigger's `BEGIN … END;` holds `;`s): a piece
    /// that is complete alone is taken as it is; only the pieces of a trigger are joined.
    static func statements(in sql: String, dialect: Config.Target) -> [String] {
        let pieces = SQLStatementSplitter.statements(in: sql, rules: dialect == .postgres ? .postgres : .sqlite)
        guard dialect == .sqlite else { return pieces.map(\.text) }
        let utf8 = sql.utf8
        var result: [String] = []
        var start: Int?
        for piece in pieces {
            let text: String
            if let start {
                let end = piece.offset + piece.text.utf8.count
                text = String(decoding: utf8.dropFirst(start).prefix(end - start), as: UTF8.self)
            } else {
                text = piece.text
            }
            if sqlite3_complete(text) != 0 {
                result.append(text)
                start = nil
            } else if start == nil {
                start = piece.offset
            }
        }
        if let start { result.append(String(decoding: utf8.dropFirst(start), as: UTF8.self)) }
        return result
    }

    /// A one-line string literal; names and hashes hold no quote or backslash, but escape anyway.
    static func literal(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A raw string literal of `text` at `indent`: `#"…"#` for one line, `#"""` … `"""#` for more,
    /// with as many `#` as it takes that nothing in the text ends the literal or starts an escape.
    static func literalLines(_ text: String, indent: Int, comma: Bool) -> [String] {
        var text = text
        if let lines = text.withUTF8({ asciiLiteralLines($0, indent: indent, comma: comma) }) { return lines }
        let pad = String(repeating: " ", count: indent)
        let isOneLine = !text.contains("\n")
        let quote = isOneLine ? "\"" : "\"\"\""
        var hashes = "#"
        while text.contains(quote + hashes) || text.contains("\\" + hashes) { hashes += "#" }
        let end = comma ? "," : ""
        if isOneLine { return ["\(pad)\(hashes)\"\(text)\"\(hashes)\(end)"] }
        let body = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : pad + $0 }
        return ["\(pad)\(hashes)\"\"\""] + body + ["\(pad)\"\"\"\(hashes)\(end)"]
    }

    /// `literalLines` of ASCII text (every statement schemagen writes), read on its bytes: the
    /// statements are megabytes at 1,000 tables, and Foundation's `contains` on `String` cost more
    /// than the rest of the file. The `#`s are one more than the longest run of `#` right after a
    /// `"` (`"""` for more lines) or a `\`; the lines are those of `split(separator: "\n")`, whose
    /// unit is the `Character` (a CR LF is one, and no line break). `nil` for other text, whose
    /// Unicode rules (a combining mark after a `#` or a line feed makes another character)
    /// `literalLines` leaves to Foundation, as before.
    private static func asciiLiteralLines(_ bytes: UnsafeBufferPointer<UInt8>, indent: Int, comma: Bool) -> [String]? {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        let pad = ascii(repeating: .space, count: indent)
        let isOneLine = !bytes.contains(.lineFeed)
        var longestRun = 0
        var index = 0
        while index < bytes.count {
            guard bytes[index] == .hash, index > 0 else {
                index += 1
                continue
            }
            let start = index
            while index < bytes.count, bytes[index] == .hash { index += 1 }
            let before = bytes[start - 1]
            let afterQuote =
                before == .quote
                && (isOneLine || (start >= 3 && bytes[start - 2] == .quote && bytes[start - 3] == .quote))
            if before == .backslash || afterQuote { longestRun = max(longestRun, index - start) }
        }
        let hashes = ascii(repeating: .hash, count: longestRun + 1)
        let end = comma ? "," : ""
        if isOneLine { return ["\(pad)\(hashes)\"\(String(decoding: bytes, as: UTF8.self))\"\(hashes)\(end)"] }
        var lines = ["\(pad)\(hashes)\"\"\""]
        var start = 0
        for position in 0...bytes.count
        where position == bytes.count
            || (bytes[position] == .lineFeed && (position == 0 || bytes[position - 1] != .carriageReturn))
        {
            let count = position - start
            lines.append(
                count == 0
                    ? ""
                    : String(unsafeUninitializedCapacity: indent + count) { line in
                        line.baseAddress!.initialize(repeating: .space, count: indent)
                        (line.baseAddress! + indent).initialize(from: bytes.baseAddress! + start, count: count)
                        return indent + count
                    })
            start = position + 1
        }
        lines.append("\(pad)\"\"\"\(hashes)\(end)")
        return lines
    }

    /// `count` times the ASCII `byte`: `String(repeating:count:)` costs thousands of instructions.
    private static func ascii(repeating byte: UInt8, count: Int) -> String {
        String(unsafeUninitializedCapacity: count) { text in
            text.initialize(repeating: byte)
            return count
        }
    }
}

extension UInt8 {
    fileprivate static let space = UInt8(ascii: " ")
    fileprivate static let lineFeed = UInt8(ascii: "\n")
    fileprivate static let carriageReturn = UInt8(ascii: "\r")
    fileprivate static let hash = UInt8(ascii: "#")
    fileprivate static let quote = UInt8(ascii: "\"")
    fileprivate static let backslash = UInt8(ascii: "\\")
}
