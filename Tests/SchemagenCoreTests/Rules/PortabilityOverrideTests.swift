import Foundation
import Testing

@testable import SchemagenCore

/// The `portability` rule is the one place that reports what a dialect cannot do: when a schema
/// excuses a finding (`exceptions:`) or the config turns the rule off, the renderers still generate,
/// and the scripts say in comments what they left out (docs/rules.md, `portability`).
@Suite struct PortabilityOverrideTests {
    static let table = """
        tables:
          tickets:
            columns:
              id: { type: uuid, primary_key: true, default: uuid() }
              seq:
                type: bigint
                identity: true
                exceptions: { portability: "numbered by the application on SQLite" }
              code:
                type: text
                default: { postgres: "md5(random()::text)" }
                exceptions: { portability: "the SQLite import fills it in" }
              created_at: { type: timestamptz, default: now() }
              updated_at: { type: timestamptz, default: now(), auto_update: true }
        """

    static func sqlite(_ result: Generator.Result) -> String? {
        result.files.first { $0.path == SQLiteRenderer.path }?.contents
    }

    @Test func exceptionsLetTheSchemaThroughToTheScripts() throws {
        let project = try TemporaryProject(files: ["schema/tickets.yaml": Self.table])
        let result = Generator(root: project.root).run()
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.map(\.description))")
        let sqlite = try #require(Self.sqlite(result))
        #expect(
            sqlite.contains(
                "\n    -- seq: identity is generated only for an INTEGER PRIMARY KEY in SQLite\n    seq INTEGER NOT NULL,\n"
            ))
        #expect(
            sqlite.contains(
                "\n    -- default of code has no SQLite form; set it in the application\n    code TEXT NOT NULL,\n"))
        let postgres = try #require(result.files.first { $0.path == PostgresRenderer.path }?.contents)
        #expect(postgres.contains("\n    code text NOT NULL DEFAULT md5(random()::text),\n"))
    }

    @Test func ruleTurnedOffLetsTheSchemaThrough() throws {
        let unexcused = Self.table.split(separator: "\n").filter { !$0.contains("exceptions:") }.joined(separator: "\n")
        let project = try TemporaryProject(files: ["schema/tickets.yaml": unexcused])
        let linted = Generator(root: project.root).run()
        #expect(linted.diagnostics.filter { $0.rule == "portability" }.count == 2)

        try project.write("schemagen.yaml", "rules:\n  portability: off\n")
        let result = Generator(root: project.root).run()
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.map(\.description))")
        #expect(Self.sqlite(result)?.contains("-- default of code has no SQLite form") == true)
    }
}
