import CSQLite3
import Crypto
import Foundation

/// The migrations as Swift, for an app that applies them itself at start-up with the driver it
/// already has (GRDB's `DatabaseMigrator`, PostgresNIO; docs/migrations.md): one file per migration,
/// `swift/SchemaMigrations/0002_add_tasks_priority.swift`, with its SQL for each database the config
/// writes, and `swift/SchemaMigrations.swift`, the types and `SchemaMigrations.all`, which lists
/// them oldest first.
///
/// A file per migration, because a migration never changes once committed: a new one adds its own
/// small file and a line of the list, where one file of them all was read back, written and synced
/// whole on every migration (7 MB at 1,000 tables, 74 MB at 10,000), and recompiled whole by the
/// app.
///
/// A migration's file carries a fingerprint on its second line: the SHA-256 of its identity, its
/// scripts' hashes in the integrity file (`schemagen.sum`), how this version writes them
/// (`fingerprintVersion`, the access level, the databases), and the lines after it. A committed
/// migration's file whose fingerprint holds is up to date without rendering its scripts again (5
/// MB read, cut into statements and written out on every run at 1,000 tables): the integrity
/// proof has hashed the scripts already, and only the file itself is hashed. Any other is
/// rendered and compared as every output is, so an edit anywhere in it, or a script that
/// changed, is stale.
///
/// The SQL is read back from the migration files as written (`MigrationScript`), committed and
/// pending alike: the transaction and pragma lines are left out, because the app's driver opens
/// the transaction (to record the migration in it) and turns foreign keys off itself when
/// `needsForeignKeysOff` says so. The checksums are those `schemagen migrate` records, so either
/// may apply a database the other began.
struct SwiftMigrationsFile {
    /// The types and the list.
    static let path = "swift/SchemaMigrations.swift"
    /// The folder of the migrations' own files.
    static let folder = "swift/SchemaMigrations"

    var config: Config

    /// The dialects whose scripts the file holds: the SQL targets the config turns on.
    var dialects: [Config.Target] { MigrationLayout.dialects.filter(config.targets.contains) }

    /// One script the file holds: where it is, and the database and direction it is for.
    struct Script: Sendable, Hashable {
        var path: String
        var dialect: Config.Target
        var direction: MigrationLayout.Direction
    }

    /// The migrations the file lists for the files at `paths` (relative to the output directory):
    /// those with a snapshot, oldest first.
    static func ids(among paths: [String]) -> [MigrationID] {
        Set(paths.compactMap { $0.hasPrefix(MigrationLayout.snapshotFolder + "/") ? MigrationID(path: $0) : nil })
            .sorted()
    }

    /// `swift/SchemaMigrations/0002_add_tasks_priority.swift`
    static func path(of id: MigrationID) -> String {
        "\(folder)/\(id).swift"
    }

    /// `migration0002`: the property of the migration `id` in `SchemaMigrations`. Its number
    /// alone, which no other migration has (two with one number are a `migration-integrity`
    /// error): a name given by hand may hold what no Swift name may, and a long one would not
    /// fit the line.
    static func propertyName(of id: MigrationID) -> String {
        "migration" + id.revision
    }

    /// How many scripts each migration's file holds: an up and a down for each dialect.
    var scriptsPerMigration: Int { dialects.count * MigrationLayout.Direction.allCases.count }

    /// The scripts of one migration, in its file's order: by dialect, then up and down.
    func scripts(of id: MigrationID) -> [Script] {
        dialects.flatMap { dialect in
            MigrationLayout.Direction.allCases.map { direction in
                Script(
                    path: MigrationLayout.script(id, dialect: dialect, direction: direction), dialect: dialect,
                    direction: direction)
            }
        }
    }

    /// The files for the migration files among `files` (paths relative to the output directory):
    /// `SchemaMigrations.swift` first, then each migration's, oldest first, every one rendered.
    /// The simple way, which the tests hold the generator's to (it renders only the migrations
    /// whose files it did not find up to date, on both cores).
    func render(_ files: [GeneratedFile]) -> [GeneratedFile] {
        let byPath = Dictionary(files.map { ($0.path, $0.bytes) }, uniquingKeysWith: { first, _ in first })
        let hashes = Self.integrityHashes(in: files)
        let ids = Self.ids(among: files.map(\.path))
        return [index(ids: ids)]
            + ids.map { id in
                GeneratedFile(
                    path: Self.path(of: id),
                    joining: pieces(
                        of: id, rendering: scripts(of: id).map { byPath[$0.path] ?? [] },
                        scriptHashes: scriptHashes(of: id, in: hashes)))
            }
    }

    /// Path → hash, of the integrity file among `files` (the migrations' files, as the planner
    /// gives them), or of the one the planner would write for them when it is not there.
    static func integrityHashes(in files: [GeneratedFile]) -> [String: String] {
        let integrity =
            files.first { $0.path == MigrationLayout.integrityFile }
            .flatMap { IntegrityFile.parse($0.contents) }
            ?? IntegrityFile(
                files: files.filter { $0.path.hasPrefix(MigrationLayout.folder + "/") }
                    .sorted { GeneratedFile.precedesInMigrationOrder($0.path, $1.path) }
                    .map { ($0.path, $0.bytes) })
        return integrity.hashes
    }

    /// The hashes `integrity` (path → hash) gives the scripts of `id`, in the order of
    /// `scripts(of:)`; an empty one for a script it does not list (its file's fingerprint then
    /// holds for no integrity file, and it is rendered on every run).
    func scriptHashes(of id: MigrationID, in integrity: [String: String]) -> [String] {
        scripts(of: id).map { integrity[$0.path] ?? "" }
    }

    /// The migration `id`'s file, its scripts (the bytes of each, in the order of `scripts(of:)`)
    /// rendered here, one after another; `scriptHashes`: their hashes in the integrity file.
    func pieces(of id: MigrationID, rendering bytes: [[UInt8]], scriptHashes: [String]) -> [[UInt8]] {
        pieces(
            of: id, scripts: zip(scripts(of: id), bytes).map { render($0, bytes: $1) }, scriptHashes: scriptHashes)
    }

    /// `SchemaMigrations.swift`: the types, and `all`, the migrations `ids` in order.
    func index(ids: [MigrationID]) -> GeneratedFile {
        let access = SwiftRenderer.accessModifier(config.swift.access)
        var lines = [
            SwiftRenderer.header(from: "\(MigrationLayout.folder)/"),
            "",
            "/// The schema's migrations, oldest first, for an app that applies them itself at start-up (see",
            "/// docs/migrations.md). Each holds its SQL for \(dialectWords) without the transaction and",
            "/// pragma lines of the files: the app's driver opens the transaction, records the migration in",
            "/// it, and turns foreign keys off around a migration whose `needsForeignKeysOff` is true. Each",
            "/// migration is in a file of its own, in `SchemaMigrations/`.",
            "\(access)enum SchemaMigrations {",
            "    /// One migration: `version` and `name` as its files name it (`0002_add_tasks_priority`).",
            "    \(access)struct Migration: Hashable, Sendable {",
            "        \(access)let version: Int",
            "        \(access)let name: String",
        ]
        lines += dialects.map { "        \(access)let \($0.rawValue): Scripts" }
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
            // swift format's rule: a trailing comma after the last of several elements, none after one.
            lines += ids.map { "        \(Self.propertyName(of: $0))" + (ids.count > 1 ? "," : "") }
            lines.append("    ]")
        }
        lines.append("}")
        return GeneratedFile(path: Self.path, contents: lines.joined(separator: "\n") + "\n")
    }

    /// The migration `id`'s file in order, as pieces that are written or compared one after
    /// another: the lines around the scripts, and `scripts`, its scripts rendered
    /// (`render(_:bytes:)`) in the order of `scripts(of:)`, taken as they are (a first migration
    /// of 10,000 tables is 75 MB of them, never joined unless the file is written).
    /// `scriptHashes`: the scripts' hashes in the integrity file, in the same order, for the
    /// fingerprint.
    func pieces(of id: MigrationID, scripts: [[UInt8]], scriptHashes: [String]) -> [[UInt8]] {
        let access = SwiftRenderer.accessModifier(config.swift.access)
        var glue: [UInt8] = []
        var pieces: [[UInt8]] = []
        func line(_ text: String) {
            glue.append(contentsOf: text.utf8)
            glue.append(.lineFeed)
        }
        line("")
        line("extension SchemaMigrations {")
        line("    /// `\(id)`, in `all`.")
        line("    \(access)static let \(Self.propertyName(of: id)) = Migration(")
        line("        version: \(id.number),")
        line("        name: \(Self.literal(id.name)),")
        for (dialectIndex, dialect) in dialects.enumerated() {
            line("        \(dialect.rawValue): Scripts(")
            for direction in MigrationLayout.Direction.allCases.indices {
                pieces.append(glue)
                glue = []
                pieces.append(scripts[dialectIndex * MigrationLayout.Direction.allCases.count + direction])
            }
            line("        )" + (dialectIndex == dialects.count - 1 ? "" : ","))
        }
        line("    )")
        line("}")
        pieces.append(glue)
        var fingerprint = Fingerprint(self, id: id, scriptHashes: scriptHashes)
        for piece in pieces { piece.withUnsafeBytes { fingerprint.update($0) } }
        pieces[0] = Array(Self.opening.utf8) + Array((fingerprint.finalize() + "\n").utf8) + pieces[0]
        return pieces
    }

    /// A migration's file's first line, and its second up to the fingerprint (`sha256:` and 44
    /// characters of Base64).
    private static let opening =
        SwiftRenderer.header(from: "\(MigrationLayout.folder)/") + "\n"
        + "// Fingerprint (its scripts and the lines below): "

    /// Changed whenever the lines of a migration's file change for the same scripts, so that the
    /// files written before are written again (`SwiftMigrationsFileTests` holds it to a rendering),
    /// or what the fingerprint covers changes. 2: the scripts' hashes in the integrity file, which
    /// the integrity proof has computed, instead of their own (5 MB less SHA-256 on every run at
    /// 1,000 tables).
    static let fingerprintVersion = 2

    /// The SHA-256 of a migration's file's inputs and of its lines after the fingerprint.
    struct Fingerprint {
        private var hasher = SHA256()

        init(_ file: SwiftMigrationsFile, id: MigrationID, scriptHashes: [String]) {
            let inputs =
                [
                    "SchemaMigrations \(SwiftMigrationsFile.fingerprintVersion)", id.description,
                    file.config.swift.access.rawValue,
                ] + file.dialects.map(\.rawValue) + scriptHashes
            hasher.update(data: Array((inputs.joined(separator: "\n") + "\n\n").utf8))
        }

        mutating func update(_ bytes: UnsafeRawBufferPointer) {
            hasher.update(bufferPointer: bytes)
        }

        consuming func finalize() -> String {
            "sha256:" + Data(hasher.finalize()).base64EncodedString()
        }
    }

    /// True when `disk`, the file of the migration `id`, opens as `pieces(of:scripts:scriptHashes:)`
    /// writes one, with the fingerprint of `scriptHashes` (its scripts' hashes in the integrity
    /// file, proven, in the order of `scripts(of:)`) and of the rest of the file: then it is what
    /// that writes for those scripts. Read a megabyte at a time.
    func holdsFingerprint(_ disk: OpenFile, of id: MigrationID, scriptHashes: [String]) -> Bool {
        let opening = Array(Self.opening.utf8)
        let count = opening.count + "sha256:".utf8.count + 44 + 1
        guard disk.identity.size >= count, let head = disk.bytes(at: 0, count: count), head.starts(with: opening),
            head.last == .lineFeed
        else { return false }
        var fingerprint = Fingerprint(self, id: id, scriptHashes: scriptHashes)
        var skipped = 0
        let read = disk.forEachBlock { block in
            let skipping = min(count - skipped, block.count)
            skipped += skipping
            fingerprint.update(UnsafeRawBufferPointer(rebasing: block[skipping...]))
            return true
        }
        return read && fingerprint.finalize() == String(decoding: head[opening.count..<(count - 1)], as: UTF8.self)
    }

    /// The file's lines for one script whose text is the UTF-8 `bytes` (empty when the file is
    /// missing), each ended by its line feed.
    ///
    /// A script that is all ASCII (every one schemagen writes from an ASCII schema) is written
    /// straight into bytes (`ASCIIScriptWriter`): no `String` per line or statement, the lines of a
    /// statement found with `memchr`. Any other goes through `scriptLines`, which reads non-ASCII
    /// text by its `Character`s where that differs; both give the same bytes for ASCII
    /// (`SchemaMigrationsBytesTests`).
    func render(_ script: Script, bytes: [UInt8]) -> [UInt8] {
        guard allASCII(bytes) else { return renderLines(script, bytes: bytes) }
        // The lines around the statements lengthen a script by about a third (1.38 at 10,000
        // tables): room for half as much again, so that the buffer is never copied to grow.
        var writer = ASCIIScriptWriter(capacity: bytes.count + bytes.count / 2 + 1_024)
        writeASCII(
            script, checksum: IntegrityFile.fileHash(bytes), read: MigrationScript.read(utf8: bytes),
            into: &writer)
        return writer.bytes
    }

    /// A script that is not all ASCII, by `scriptLines`.
    private func renderLines(_ script: Script, bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        for line in scriptLines(
            String(decoding: bytes, as: UTF8.self), dialect: script.dialect,
            label: script.direction.rawValue, isLast: script.direction == .down)
        {
            result.append(contentsOf: line.utf8)
            result.append(.lineFeed)
        }
        return result
    }

    /// The lines of an ASCII script into `writer`.
    private func writeASCII(
        _ script: Script, checksum: String, read: MigrationScript.UTF8Parts, into writer: inout ASCIIScriptWriter
    ) {
        let label = script.direction.rawValue
        let isLast = script.direction == .down
        writer.line("            \(label): Script(")
        writer.line("                checksum: \(Self.literal(checksum)),")
        writer.line("                needsForeignKeysOff: \(read.needsForeignKeysOff),")
        if read.parts.isEmpty {
            writer.line("                steps: []")
        } else {
            writer.line("                steps: [")
            for part in read.parts {
                let statements = Self.statementRanges(in: part.sql, dialect: script.dialect)
                writer.line("                    Step(")
                writer.line("                        inTransaction: \(part.kind == .transaction),")
                writer.line("                        statements: [")
                part.sql.withUnsafeBufferPointer { sql in
                    for statement in statements {
                        writer.literal(
                            UnsafeBufferPointer(rebasing: sql[statement]), indent: 28, comma: statements.count > 1)
                    }
                }
                writer.line("                        ]")
                writer.line("                    )" + (read.parts.count > 1 ? "," : ""))
            }
            writer.line("                ]")
        }
        writer.line("            )" + (isLast ? "" : ","))
    }

    /// `statements(in:dialect:)` as ranges of the ASCII `sql` (`render(_:bytes:)` takes this way
    /// only for a script that is all ASCII), cut by `SQLStatementSplitter.ranges(inASCII:rules:)`.
    ///
    /// SQLite's `sqlite3_complete` is asked only where its answer can differ from "complete": its
    /// state machine (complete.c) calls a text that ends in a `;` incomplete only after the token
    /// `TRIGGER` (inside `CREATE TRIGGER … END;`) or when that `;` is inside a quote or a comment,
    /// where it reads quotes and comments as the SQLite lexer does, so a piece that ends at a
    /// separator and holds no `trigger` in any case (nor a NUL, which would end the text early) is
    /// complete without asking. A piece joined to
    /// others, one that holds the word, and the last one (which may end in no separator) are asked
    /// as before. `SchemaMigrationsBytesTests` compares both ways.
    static func statementRanges(in sql: [UInt8], dialect: Config.Target) -> [Range<Int>] {
        sql.withUnsafeBufferPointer { sql in
            let pieces = SQLStatementSplitter.ranges(inASCII: sql, rules: dialect == .postgres ? .postgres : .sqlite)
            guard dialect == .sqlite else { return pieces }
            var result: [Range<Int>] = []
            var start: Int?
            // `sqlite3_complete` reads a C string: each text asked is copied, ended by a NUL (a
            // NUL inside ends it there, as it did in the `String` it was given), into one buffer
            // as long as the longest (a copy of the whole part was 34 MB at 10,000 tables).
            var text: [CChar] = []
            for piece in pieces {
                let range = (start ?? piece.lowerBound)..<piece.upperBound
                let isComplete: Bool
                if start == nil, piece.upperBound < sql.count, !Self.holdsTriggerOrNUL(sql, in: range) {
                    isComplete = true
                } else {
                    if text.count < range.count + 1 { text = [CChar](repeating: 0, count: range.count + 1) }
                    isComplete = text.withUnsafeMutableBufferPointer { text in
                        if let bytes = sql.baseAddress, !range.isEmpty {
                            UnsafeMutableRawPointer(text.baseAddress!).copyMemory(
                                from: bytes + range.lowerBound, byteCount: range.count)
                        }
                        text[range.count] = 0
                        return sqlite3_complete(text.baseAddress!) != 0
                    }
                }
                if isComplete {
                    result.append(range)
                    start = nil
                } else if start == nil {
                    start = piece.lowerBound
                }
            }
            if let start { result.append(start..<sql.count) }
            return result
        }
    }

    private static let triggerBytes = Array("trigger".utf8)

    /// True when the ASCII bytes of `range` hold `trigger` in any case, or a NUL (which ends the
    /// C string `sqlite3_complete` reads before the `;`). Every statement of every committed
    /// script is asked (5 MB at 1,000 tables, on each run): the NUL is looked for with `memchr`,
    /// and the word only where a `tr` in any case starts, found eight bytes at a time (a byte at
    /// a time this was 10 instructions a byte). `SchemaMigrationsBytesTests` compares it with the
    /// byte loop it replaced on random text.
    static func holdsTriggerOrNUL(_ sql: UnsafeBufferPointer<UInt8>, in range: Range<Int>) -> Bool {
        guard let base = sql.baseAddress, !range.isEmpty else { return false }
        if memchr(base + range.lowerBound, 0, range.count) != nil { return true }
        let word = triggerBytes
        func isWord(at index: Int) -> Bool {
            guard index + word.count <= range.upperBound else { return false }
            for offset in 0..<word.count where base[index + offset] | 0x20 != word[offset] { return false }
            return true
        }
        var index = range.lowerBound
        // Each load overlaps the next by a byte, so that a `t` in its last byte is paired with the
        // `r` after it by the next one.
        while index + 8 <= range.upperBound {
            // Little-endian whatever the machine, so that the first byte is the lowest.
            let lowered =
                UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                | 0x2020_2020_2020_2020
            var starts = zeroBytes(lowered ^ 0x7474_7474_7474_7474) & (zeroBytes(lowered ^ 0x7272_7272_7272_7272) >> 8)
            while starts != 0 {
                if isWord(at: index + starts.trailingZeroBitCount / 8) { return true }
                starts &= starts - 1
            }
            index += 7
        }
        while index < range.upperBound {
            if isWord(at: index) { return true }
            index += 1
        }
        return false
    }

    /// The high bit of each byte of `value` that is zero, and no other bit.
    private static func zeroBytes(_ value: UInt64) -> UInt64 {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((value & low) &+ low) | value | low)
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

    /// The lines of one script read as text: the reference for `render(_:bytes:)`, which takes
    /// this way for a script that is not all ASCII.
    func scriptLines(_ text: String, dialect: Config.Target, label: String, isLast: Bool) -> [String] {
        let script = MigrationScript(parsing: text)
        var lines = [
            "            \(label): Script(",
            "                checksum: \(Self.literal(IntegrityFile.fileHash(Array(text.utf8)))),",
            "                needsForeignKeysOff: \(script.needsForeignKeysOff),",
        ]
        if script.parts.isEmpty {
            lines.append("                steps: []")
        } else {
            lines.append("                steps: [")
            for part in script.parts {
                let statements = Self.statements(in: part.sql, dialect: dialect)
                lines.append("                    Step(")
                lines.append("                        inTransaction: \(part.kind == .transaction),")
                lines.append("                        statements: [")
                for statement in statements {
                    lines += Self.literalLines(statement, indent: 28, comma: statements.count > 1)
                }
                lines.append("                        ]")
                lines.append("                    )" + (script.parts.count > 1 ? "," : ""))
            }
            lines.append("                ]")
        }
        lines.append("            )" + (isLast ? "" : ","))
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
    ///
    /// Text with non-ASCII letters is read on its bytes too when none of them touches a `"`, `#`,
    /// `\`, line feed or carriage return (`touchesSyntax`): then every character the search and the
    /// split look at is that one ASCII byte, as in ASCII text. A schema with accented or CJK
    /// comments has such text in every `COMMENT ON` and `CREATE TABLE`, and Foundation's path took
    /// 30% of `check` at 1,000 tables.
    private static func asciiLiteralLines(_ bytes: UnsafeBufferPointer<UInt8>, indent: Int, comma: Bool) -> [String]? {
        guard !touchesSyntax(bytes) else { return nil }
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

    /// Whether a non-ASCII byte stands right before or after a `"`, `#`, `\`, line feed or carriage
    /// return: a combining mark after one, or a prepending mark (U+0600) before one, makes it
    /// part of another `Character` than the one `literalLines` looks for.
    static func touchesSyntax(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previousIsSyntax = false
        var previousIsOther = false
        for byte in bytes {
            if byte >= 0x80 {
                if previousIsSyntax { return true }
                previousIsOther = true
                previousIsSyntax = false
            } else {
                let isSyntax =
                    byte == .quote || byte == .hash || byte == .backslash || byte == .lineFeed
                    || byte == .carriageReturn
                if isSyntax && previousIsOther { return true }
                previousIsSyntax = isSyntax
                previousIsOther = false
            }
        }
        return false
    }

    /// `count` times the ASCII `byte`: `String(repeating:count:)` costs thousands of instructions.
    private static func ascii(repeating byte: UInt8, count: Int) -> String {
        String(unsafeUninitializedCapacity: count) { text in
            text.initialize(repeating: byte)
            return count
        }
    }
}

/// The bytes of one script's part of a migration's Swift file, written as `scriptLines` writes
/// its lines for ASCII text, a line feed after each.
struct ASCIIScriptWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func line(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        bytes.append(.lineFeed)
    }

    /// `SwiftMigrationsFile.literalLines` of the ASCII `text`, each line ended: `#`s one more than
    /// the longest run right after a `"` (`"""` for more lines) or a `\`; the lines of
    /// `split(separator: "\n")`, where a CR LF is one `Character` and no break.
    mutating func literal(_ text: UnsafeBufferPointer<UInt8>, indent: Int, comma: Bool) {
        let isOneLine = text.firstIndex(of: .lineFeed, from: 0) == nil
        var longestRun = 0
        var from = 0
        // `#` is rare in SQL: each run is found with `memchr`.
        while let start = text.firstIndex(of: .hash, from: from) {
            var index = start
            while index < text.count, text[index] == .hash { index += 1 }
            from = index
            guard start > 0 else { continue }
            let before = text[start - 1]
            let afterQuote =
                before == .quote
                && (isOneLine || (start >= 3 && text[start - 2] == .quote && text[start - 3] == .quote))
            if before == .backslash || afterQuote { longestRun = max(longestRun, index - start) }
        }
        let hashes = longestRun + 1
        if isOneLine {
            pad(indent)
            repeatByte(.hash, hashes)
            bytes.append(.quote)
            bytes.append(contentsOf: text)
            bytes.append(.quote)
            repeatByte(.hash, hashes)
            if comma { bytes.append(.comma) }
            bytes.append(.lineFeed)
            return
        }
        pad(indent)
        repeatByte(.hash, hashes)
        repeatByte(.quote, 3)
        bytes.append(.lineFeed)
        var start = 0
        var searchFrom = 0
        while true {
            var end = text.count
            while let found = text.firstIndex(of: .lineFeed, from: searchFrom) {
                searchFrom = found + 1
                if found == 0 || text[found - 1] != .carriageReturn {
                    end = found
                    break
                }
            }
            if end > start {
                pad(indent)
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<end]))
            }
            bytes.append(.lineFeed)
            guard end < text.count else { break }
            start = end + 1
            searchFrom = max(searchFrom, start)
        }
        pad(indent)
        repeatByte(.quote, 3)
        repeatByte(.hash, hashes)
        if comma { bytes.append(.comma) }
        bytes.append(.lineFeed)
    }

    private mutating func pad(_ count: Int) { repeatByte(.space, count) }

    private mutating func repeatByte(_ byte: UInt8, _ count: Int) {
        bytes.append(contentsOf: repeatElement(byte, count: count))
    }
}

extension UInt8 {
    fileprivate static let space = UInt8(ascii: " ")
    fileprivate static let lineFeed = UInt8(ascii: "\n")
    fileprivate static let carriageReturn = UInt8(ascii: "\r")
    fileprivate static let hash = UInt8(ascii: "#")
    fileprivate static let quote = UInt8(ascii: "\"")
    fileprivate static let backslash = UInt8(ascii: "\\")
    fileprivate static let comma = UInt8(ascii: ",")
}
