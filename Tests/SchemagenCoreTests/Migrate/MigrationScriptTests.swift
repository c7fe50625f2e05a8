import Foundation
import Testing

@testable import SchemagenCore

/// `MigrationScript` reads every committed script of the replayed history back into its parts, and
/// the parts are the file's own lines at the lines they say.
@Suite struct MigrationScriptTests {
    static let expected = MigrationHistoryReplayTests.expected

    static func files(_ dialect: String) throws -> [URL] {
        let folder = expected.appendingPathComponent(dialect)
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            .map { folder.appendingPathComponent($0) }
    }

    @Test(arguments: ["postgres", "sqlite"]) func everyHistoryScriptReadsBackLineForLine(dialect: String) throws {
        let files = try Self.files(dialect)
        #expect(files.count == 46)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let script = MigrationScript(parsing: text)
            let id = try #require(MigrationID(path: file.path))
            #expect(script.revision == id.description, "\(file.lastPathComponent)")
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var covered = Set<Int>()
            for part in script.parts {
                let partLines = part.sql.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                #expect(
                    Array(lines[(part.line - 1)..<(part.line - 1 + partLines.count)]) == partLines,
                    "\(file.lastPathComponent): a part is not the file's text at line \(part.line)")
                covered.formUnion(part.line..<(part.line + partLines.count))
            }
            // Every statement line is in a part, but for the lines a runner takes over.
            let skipped: Set<String> = [
                "BEGIN;", "BEGIN IMMEDIATE;", "COMMIT;", "PRAGMA foreign_keys = OFF;", "PRAGMA foreign_keys = ON;",
            ]
            for (index, line) in lines.enumerated() where !line.isEmpty && !line.hasPrefix("--") {
                #expect(
                    covered.contains(index + 1) || skipped.contains(line),
                    "\(file.lastPathComponent):\(index + 1) is in no part: \(line)")
            }
            let pragma = text.contains("PRAGMA foreign_keys = OFF;")
            #expect(script.needsForeignKeysOff == pragma, "\(file.lastPathComponent)")
            if dialect == "sqlite" {
                #expect(script.parts.map(\.kind) == [.transaction], "\(file.lastPathComponent)")
                #expect((script.transaction?.foreignKeyCheckOffset != nil) == pragma, "\(file.lastPathComponent)")
                #expect(
                    !(script.transaction?.statementsWithoutForeignKeyCheck.contains("schemagen_foreign_key_check")
                        ?? true))
            }
        }
    }

    @Test func thePartsOfAnOnlinePostgresScript() throws {
        var config = Config()
        config.postgres.online = true
        let statements = MigrationStatements(
            beforeTransaction: ["ALTER TYPE mood ADD VALUE 'calm';"],
            transactional: [
                "ALTER TABLE t ADD COLUMN c int;", "ALTER TABLE t ADD CONSTRAINT k CHECK (c > 0) NOT VALID;",
            ],
            afterTransaction: ["CREATE INDEX CONCURRENTLY ix ON t (c);"],
            laterTransactions: [["ALTER TABLE t VALIDATE CONSTRAINT k;"]])
        let text = PostgresMigrationRenderer(config: config).script(
            statements, header: ["-- revision: 0002_x", "-- down_revision: 0001_y"])
        let script = MigrationScript(parsing: text)
        #expect(script.revision == "0002_x")
        #expect(script.downRevision == "0001_y")
        #expect(script.parts.map(\.kind) == [.outside, .transaction, .outside, .transaction])
        #expect(script.parts[0].sql.contains("SET lock_timeout = '5s';"))
        #expect(script.parts[0].sql.hasSuffix("ALTER TYPE mood ADD VALUE 'calm';"))
        #expect(script.parts[1].sql == statements.transactional.joined(separator: "\n\n"))
        #expect(script.parts[2].sql.hasSuffix("CREATE INDEX CONCURRENTLY ix ON t (c);"))
        #expect(script.parts[3].sql.hasSuffix("ALTER TABLE t VALIDATE CONSTRAINT k;"))
        #expect(script.parts[3].sql.hasPrefix("SET LOCAL lock_timeout"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[script.parts[1].line - 1] == "ALTER TABLE t ADD COLUMN c int;")
        #expect(script.parts[1].line(at: script.parts[1].sql.utf8.count) == script.parts[1].line + 2)
    }

    @Test func anEmptyMigrationKeepsItsTransaction() {
        let text = "-- revision: 0003_z\n-- down_revision: none\n\nBEGIN IMMEDIATE;\n\nCOMMIT;\n"
        let script = MigrationScript(parsing: text)
        #expect(script.downRevision == nil)
        #expect(script.parts == [MigrationScript.Part(kind: .transaction, sql: "", line: 6)])
    }
}
