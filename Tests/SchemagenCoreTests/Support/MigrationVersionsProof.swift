import Foundation
import Testing

@testable import SchemagenCore

/// Proves a sequence of schema versions on fresh databases, without git or the generator: each
/// step's scripts rendered by the migration renderers and written to files, then applied as
/// written (`MigrationStepProof`): the empty database to the first version, then each version to
/// the next, rows in before every up.
struct MigrationVersionsProof {
    var config = Config()
    var postgres: Bool

    /// The failures found, in words; empty when every step holds.
    func prove(_ versions: [Schema]) throws -> [String] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "schemagen-versions-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        var failures = try prove(
            versions, on: SQLiteChain(path: directory.appendingPathComponent("chain.db").path),
            dialect: .sqlite, directory: directory)
        if postgres {
            let pair = try PostgresChainPair()
            defer { pair.drop() }
            failures += try prove(versions, on: pair.chain, dialect: .postgres, directory: directory)
        }
        return failures
    }

    private func prove(
        _ versions: [Schema], on chain: some MigrationChain, dialect: Config.Target, directory: URL
    ) throws -> [String] {
        let renderer = MigrationScriptWriter.renderer(for: dialect, config: config)
        var rows = MigrationRows(dialect: chain.dialect)
        var previous = Schema(tables: [])
        var expected: [String]? = []
        var failures: [String] = []
        for (number, schema) in versions.enumerated() {
            let diff = SchemaDiffer.diff(from: previous, to: schema)
            let write = { (name: String, text: String) throws -> URL in
                let url = directory.appendingPathComponent("\(dialect.rawValue)-\(number)-\(name).sql")
                try Data(text.utf8).write(to: url)
                return url
            }
            let up = try write("up", renderer.script(renderer.statements(for: diff), header: ["-- up"]))
            let down = try write(
                "down", renderer.script(renderer.statements(for: diff.reversed), header: ["-- down"]))
            let fresh = try write("fresh", try freshDDL(schema, dialect: dialect))
            let proof = MigrationStepProof(
                diff: diff, up: up, down: down, freshDDL: fresh, label: "version \(number) (\(dialect.rawValue))")
            let result = try proof.run(on: chain, rows: &rows, expectedBefore: expected)
            failures += result.failures
            // A failed step (or an up that may fail and did, rolled back) ends the sequence there.
            guard result.failures.isEmpty, !result.fresh.isEmpty else { break }
            expected = result.fresh
            previous = schema
        }
        return failures
    }

    private func freshDDL(_ schema: Schema, dialect: Config.Target) throws -> String {
        dialect == .postgres
            ? try PostgresRenderer(config: config).script(for: schema)
            : try SQLiteRenderer(config: config).script(for: schema)
    }

    /// A schema from YAML, as the loader reads it under `config`; fails the test when it has errors.
    static func schema(
        _ yaml: String, config: Config = Config(), sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> Schema {
        let sources = SchemaSources(files: [.init(path: "schema/test.yaml", bytes: Array(yaml.utf8))])
        let result = SchemaLoader(policy: ImplicitCheck.Policy(config)).load(sources)
        return try #require(
            result.schema, "\(result.diagnostics.map(\.description))", sourceLocation: sourceLocation)
    }
}
