import Foundation
import Testing

@testable import SchemagenCore

/// Versions of a schema for the tests that read or diff one against another two ways (the fast
/// way and the simple one): the migration history's fixtures, many tables and one changed,
/// and random schemas with random edits.

/// The schema of `yaml`, or the test fails with its findings.
func requireSchema(_ yaml: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Schema {
    let result = loadSchema(yaml)
    return try #require(result.schema, "\(result.diagnostics.map(\.description))", sourceLocation: sourceLocation)
}

/// Three hundred one-column tables, and the same with a column added to `t137`: one table
/// changed of many, what the fast paths are for.
func oneTableChangedOfMany() throws -> (old: Schema, new: Schema) {
    let tables = (0..<300).map { "  t\($0):\n    columns:\n      id: { type: uuid, primary_key: true }\n" }
    var edited = tables
    edited[137] += "      note: text?\n"
    return (try requireSchema("tables:\n" + tables.joined()), try requireSchema("tables:\n" + edited.joined()))
}

/// The migration history's fixtures (`Fixtures/history`), each step's schema as a run loads it.
enum HistoryFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/history", isDirectory: true)

    /// Every step, in order: its folder's name and its schema.
    static func versions() throws -> [(step: String, schema: Schema)] {
        let steps = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
            .filter { !$0.hasSuffix(".md") }
        #expect(steps.count > 10)
        return try steps.map { step in
            let (sources, problems) = SchemaSources.read(
                directory: "schema", root: root.appendingPathComponent(step, isDirectory: true))
            #expect(problems.isEmpty)
            return (step, try #require(SchemaLoader(config: Config()).load(sources).schema, "\(step)"))
        }
    }
}

extension RandomSchema {
    /// A random schema and the same after `edits` random edits (as YAML), and what they were.
    static func randomVersions(edits: ClosedRange<Int>, using random: inout Random) -> (
        old: String, new: String, edits: [String]
    ) {
        var schema = RandomSchema.random(using: &random)
        let old = schema.yaml
        let made = schema.edit(count: random.int(edits), using: &random)
        return (old, schema.yaml, made)
    }
}
