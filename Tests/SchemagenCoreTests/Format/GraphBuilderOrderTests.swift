import Foundation
import Testing

@testable import SchemagenCore

/// The graph builder runs its per-table work (build, foreign keys, constraint names) in chunks on
/// every core (issue 11). Whatever order the chunks run in, the graph, every annotation and every
/// finding, in their order, must be those of one loop over the tables: compared here on every
/// fixture project and on random schemas full of mistakes, larger than a chunk.
@Suite struct GraphBuilderOrderTests {
    /// Runs the indexes one after the other in an order drawn from `seed`, each result into its
    /// slot: a scheduling that a real thread pool could produce.
    struct ShuffledMapping: TableMapping {
        var seed: UInt64
        func map<Result: Sendable>(count: Int, _ transform: @Sendable (Int) -> Result) -> [Result] {
            var random = Random(seed: seed)
            var slots = [Result?](repeating: nil, count: count)
            for index in (0..<count).shuffled(using: &random.generator) { slots[index] = transform(index) }
            return slots.map { $0! }
        }
    }

    /// What a build gives, annotations included (`dump` shows what `==` leaves out), and the
    /// builder's findings before sorting.
    struct Outcome: Equatable {
        var graph: String
        var tables: Int
        var diagnostics: [Diagnostic]
        var loaded: [Diagnostic]
    }

    static func build(_ sources: SchemaSources, naming: Naming, policy: ImplicitCheck.Policy, mapping: any TableMapping)
        -> Outcome
    {
        var loader = SchemaLoader(naming: naming, policy: policy)
        loader.tableMapping = mapping
        var definitions = SchemaDefinitions()
        for file in sources.files {
            let parsed = loader.parse(file)
            definitions.tables += parsed.definitions.tables
            definitions.enums += parsed.definitions.enums
            definitions.mixins += parsed.definitions.mixins
        }
        var builder = GraphBuilder(naming: naming, policy: policy, mapping: mapping)
        let schema = builder.build(definitions)
        var graph = ""
        dump(schema, to: &graph)
        return Outcome(
            graph: graph, tables: schema.tables.count, diagnostics: builder.diagnostics,
            loaded: loader.load(sources).diagnostics)
    }

    @discardableResult
    static func expectSameInEveryOrder(
        _ sources: SchemaSources, naming: Naming = Naming(), policy: ImplicitCheck.Policy = .init(), _ label: String
    ) -> Outcome {
        let serial = build(sources, naming: naming, policy: policy, mapping: SerialMapping())
        for mapping: any TableMapping in [ConcurrentTableMapping(), ShuffledMapping(seed: 1), ShuffledMapping(seed: 2)]
        {
            let other = build(sources, naming: naming, policy: policy, mapping: mapping)
            #expect(other.graph == serial.graph, "\(label): graph with \(mapping)")
            #expect(other.diagnostics == serial.diagnostics, "\(label): findings with \(mapping)")
            #expect(other.loaded == serial.loaded, "\(label): loaded findings with \(mapping)")
        }
        return serial
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures", isDirectory: true)

    @Test func everyFixtureProjectBuildsTheSameInEveryOrder() throws {
        var projects: [URL] = []
        for folder in ["cases", "invalid", "history"] {
            let base = Self.fixtures.appendingPathComponent(folder, isDirectory: true)
            for name in try FileManager.default.contentsOfDirectory(atPath: base.path).sorted() {
                let root = base.appendingPathComponent(name, isDirectory: true)
                if FileManager.default.fileExists(atPath: root.appendingPathComponent("schema").path) {
                    projects.append(root)
                }
            }
        }
        #expect(projects.count > 100)
        for root in projects {
            let (config, _) = ConfigLoader.load(root: root)
            let (sources, _) = SchemaSources.read(directory: config.schemaDirectory, root: root)
            Self.expectSameInEveryOrder(
                sources, naming: Naming(config.naming), policy: ImplicitCheck.Policy(config), root.lastPathComponent)
        }
    }

    /// Random schemas of up to 90 tables (three chunks) over several files, with the mistakes
    /// the per-table work reports: unknown and ambiguous references, names that clash within a
    /// table and across tables, invalid SQL (each place reported) beside valid SQL that repeats
    /// (found valid once per chunk), unknown mixins and types, duplicate columns.
    @Test func randomSchemasBuildTheSameInEveryOrder() {
        var rules: Set<String> = []
        var tables = 0
        for seed in UInt64(0)..<60 {
            var random = Random(seed: seed &+ 0xF0_0D)
            let outcome = Self.expectSameInEveryOrder(Self.randomSources(using: &random), "seed \(seed)")
            rules.formUnion(outcome.loaded.map(\.rule))
            tables += outcome.tables
        }
        // The random files are YAML the format reads, with every kind of mistake above in them.
        #expect(!rules.contains { $0.hasPrefix("yaml-") })
        let kinds = [
            FormatRule.duplicateName, FormatRule.unknownReference, FormatRule.invalidCheck, FormatRule.unknownType,
            FormatRule.invalidValue,
        ]
        #expect(Set(kinds).isSubset(of: rules), "\(rules.sorted())")
        #expect(tables > 60 * 30, "most of the tables build, mistakes and all")
    }

    static func randomSources(using random: inout Random) -> SchemaSources {
        let tableCount = random.int(1...90)
        let names = (0..<tableCount).map { "t\($0 % 70)" }  // some defined twice
        var files: [SchemaSources.File] = [
            .init(
                path: "schema/00-shared.yaml",
                bytes: Array(
                    """
                    enums:
                      mood: [calm, busy]
                    mixins:
                      stamps:
                        columns:
                          created_at: { type: timestamptz, default: now() }
                          updated_at: { type: timestamptz, default: now(), auto_update: true }
                        indexes:
                          - columns: [created_at]

                    """.utf8))
        ]
        let checks = ["n >= 0", "n >= 0", "length(code) < 9", "n; drop table x", "(n > 1", "n -- x", "", "n <> 2"]
        let references = ["t1", "t2.id", "t3.code", "t5.missing", "nowhere", "t1.", "t4", "t0.n"]
        var text = ""
        var fileNumber = 1
        for (position, name) in names.enumerated() {
            if position == 0 || random.int(0...9) == 0 {
                if !text.isEmpty {
                    files.append(.init(path: "schema/\(fileNumber)-tables.yaml", bytes: Array(text.utf8)))
                    fileNumber += 1
                }
                text = "tables:\n"
            }
            text += "  \(name):\n"
            if random.int(0...3) == 0 { text += "    mixins: [\(random.bool() ? "stamps" : "stamps, stamps, nope")]\n" }
            text += "    columns:\n"
            let key = random.int(0...5)
            text += key == 0 ? "      id: text\n" : "      id: { type: uuid, primary_key: true, default: uuid() }\n"
            text += "      code: { type: varchar(8), unique: \(random.bool()) }\n"
            text += "      n: { type: \(["int", "smallint", "mood", "nosuch"][random.int(0...3)]), index: true }\n"
            if random.int(0...2) == 0 {
                text += "      n2: { type: int, check: \"\(checks[random.int(0...checks.count - 1)])\" }\n"
            }
            if random.int(0...3) == 0 { text += "      created_at: date\n" }
            if random.int(0...3) == 0 { text += "      seen_at: { type: timestamptz, auto_update: true }\n" }
            for number in 0..<random.int(0...2) {
                let target = references[random.int(0...references.count - 1)]
                text += "      ref\(number): { type: uuid?, references: \(target), on_delete: set_null }\n"
            }
            if random.bool() {
                text += "    checks:\n"
                for _ in 0..<random.int(1...2) {
                    let named =
                        random.bool() ? "name: \(["same", "\(name)_check", "t0_pkey"][random.int(0...2)]), " : ""
                    text += "      - { \(named)expr: \"\(checks[random.int(0...checks.count - 1)])\" }\n"
                }
            }
            if random.bool() {
                text += "    indexes:\n"
                let named = random.bool() ? "name: \(["t0_pkey", "dup_index", "t1"][random.int(0...2)]), " : ""
                let columns = ["[n]", "[code, n]", "[lower(code)]", "[missing]", "[n desc]"][random.int(0...4)]
                let predicate = random.bool() ? ", where: \"\(checks[random.int(0...checks.count - 1)])\"" : ""
                text += "      - { \(named)columns: \(columns)\(predicate) }\n"
            }
            if random.int(0...3) == 0 {
                text += "    unique: [[code], [n, code]]\n"
            }
            if random.int(0...3) == 0 {
                let target = names[random.int(0...names.count - 1)]
                text += "    foreign_keys:\n"
                text += "      - { columns: [\(random.bool() ? "code" : "n, code")], references: \(target) }\n"
            }
        }
        files.append(.init(path: "schema/\(fileNumber)-tables.yaml", bytes: Array(text.utf8)))
        return SchemaSources(files: files)
    }

    /// A table is a value although its parts are shared until one copy changes.
    @Test func aTableCopyChangesAlone() {
        let location = SourceLocation(file: "schema/a.yaml", line: 3, column: 5)
        let original = Table(
            name: "users", columns: [Column(name: "id", type: .uuid, location: location)], file: "schema/a.yaml",
            location: location)
        var copy = original
        #expect(copy == original)
        copy.columns.append(Column(name: "email", type: .text, location: location))
        copy.location = SourceLocation(file: "schema/b.yaml", line: 1, column: 1)
        #expect(original.columns.map(\.name) == ["id"])
        #expect(original.location == location)
        #expect(copy.columns.map(\.name) == ["id", "email"])
        #expect(copy != original)
        // Annotations take no part in `==` or hashing, as before.
        var moved = original
        moved.location = SourceLocation(file: "schema/c.yaml", line: 9, column: 9)
        moved.renamedFrom = "people"
        #expect(moved == original)
        #expect(moved.hashValue == original.hashValue)
        #expect(Set([original, moved]).count == 1)
    }
}
