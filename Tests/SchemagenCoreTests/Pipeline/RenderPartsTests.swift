import Foundation
import Testing

@testable import SchemagenCore

/// Every renderer renders in parts (`Renderer.parts(of:tablesPerPart:)`) that a pipeline may run
/// as jobs of their own: joined in part order they must be byte for byte the files of one part,
/// whatever the size of the parts, and those the files the renderers gave before they were cut
/// into parts (`LegacyRenderers`, the old whole-schema code, kept here as the reference). Fixtures, the
/// example, the reference cases, the migration property tests' random schemas and random graphs
/// of every case.
@Suite struct RenderPartsTests {
    static let sizes = [1, 2, 3, 7, 40]

    static func configs() -> [Config] {
        var native = Config()
        native.postgres.nativeEnums = true
        var varchar = Config()
        varchar.postgres.uuidStorage = .varchar36
        varchar.swift.access = .internal
        return [Config(), native, varchar]
    }

    static func renderers(_ config: Config) throws -> [any Renderer] {
        [
            PostgresRenderer(config: config), SQLiteRenderer(config: config),
            SwiftRenderer(config: config, templates: try TemplateSet.builtin()), SchemaDocumentRenderer(config: config),
        ]
    }

    /// The renderer's files from parts of `size` tables, or the first error of a part.
    static func joined(_ renderer: any Renderer, _ schema: Schema, size: Int) -> Result<[GeneratedFile], Diagnostic> {
        do throws(Diagnostic) {
            let parts = try renderer.parts(of: schema, tablesPerPart: size)
            var rendered: [RenderedPart] = []
            // In reverse, as a scheduler may: parts share nothing.
            for index in (0..<parts.count).reversed() { rendered.insert(try parts.render(index), at: 0) }
            return .success(RenderParts.join(rendered))
        } catch {
            return .failure(error)
        }
    }

    static func expectPartsJoinAsOne(_ schema: Schema, _ label: String) throws {
        for config in configs() {
            let legacy = LegacyRenderers(config: config)
            for renderer in try renderers(config) {
                let whole = joined(renderer, schema, size: .max)
                for size in sizes {
                    let parts = joined(renderer, schema, size: size)
                    #expect(
                        (try? parts.get()) == (try? whole.get()), "\(label), \(type(of: renderer)), \(size) a part")
                    #expect((try? parts.get()) != nil || (try? whole.get()) == nil)
                }
                guard let files = try? whole.get() else { continue }
                switch renderer {
                case is PostgresRenderer:
                    #expect(files == [GeneratedFile(path: PostgresRenderer.path, contents: legacy.postgres(schema))])
                case is SQLiteRenderer:
                    #expect(files == [GeneratedFile(path: SQLiteRenderer.path, contents: legacy.sqlite(schema))])
                case is SchemaDocumentRenderer:
                    #expect(
                        files == [GeneratedFile(path: SchemaDocumentRenderer.path, contents: legacy.markdown(schema))])
                default:
                    break
                }
            }
        }
    }

    @Test func theFixturesRenderTheSameInParts() throws {
        for fixture in SwiftFixtures.cases {
            try Self.expectPartsJoinAsOne(fixture.schema, fixture.name)
        }
    }

    @Test func theExampleAndTheReferenceCasesRenderTheSameInParts() throws {
        let root = SwiftFixtures.packageRoot
        let directories =
            [root.appending(path: "schema")]
            + (try FileManager.default.contentsOfDirectory(
                at: root.appending(path: "Tests/SchemagenCoreTests/Fixtures/cases"), includingPropertiesForKeys: nil))
            .map { $0.appending(path: "schema") }
        var compared = 0
        for directory in directories where FileManager.default.fileExists(atPath: directory.path) {
            let (sources, _) = SchemaSources.read(
                directory: directory.lastPathComponent, root: directory.deletingLastPathComponent())
            guard let schema = SchemaLoader().load(sources).schema else { continue }
            try Self.expectPartsJoinAsOne(schema, directory.path)
            compared += 1
        }
        #expect(compared >= 5)
    }

    @Test func randomSchemasRenderTheSameInParts() throws {
        for seed in UInt64(0)..<60 {
            var random = Random(seed: seed &* 0x9E37_79B9 &+ 11)
            var schema = RandomSchema.random(using: &random)
            _ = schema.edit(count: random.int(1...4), using: &random)
            guard var loaded = loadSchema(schema.yaml).schema else { continue }
            // Several files, so that `SCHEMA.md` has parts.
            for position in loaded.tables.indices { loaded.tables[position].file = "schema/f\(position % 3).yaml" }
            try Self.expectPartsJoinAsOne(loaded, "seed \(seed)")
        }
    }

    @Test func randomGraphsOfEveryCaseRenderTheSameInParts() throws {
        var rendered = 0
        for seed in UInt64(0)..<120 {
            var random = Random(seed: seed &+ 0x9A27)
            var schema = RandomGraph.snapshot(using: &random).schema
            // Names the graph builder would have refused twice: the old code trapped on them.
            var seen: Set<String> = []
            schema.tables = schema.tables.filter { seen.insert($0.name).inserted }
            for position in schema.tables.indices {
                schema.tables[position].file = "schema/f\(position % 4).yaml"
                // A key refers to as many columns as it has, as the graph builder checks.
                for key in schema.tables[position].foreignKeys.indices {
                    var foreignKey = schema.tables[position].foreignKeys[key]
                    foreignKey.referencedColumns = foreignKey.columns.map { _ in
                        foreignKey.referencedColumns.first ?? "id"
                    }
                    schema.tables[position].foreignKeys[key] = foreignKey
                }
            }
            try Self.expectPartsJoinAsOne(schema, "graph seed \(seed)")
            rendered += 1
        }
        #expect(rendered == 120)
    }

    @Test func rangesCoverEveryItemOnce() {
        for items in 0..<50 {
            for size in [1, 2, 3, 10, 100] {
                let ranges = RenderParts.ranges(of: items, size: size)
                #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == items)
                #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
                #expect(ranges.count == max(1, (items + size - 1) / size))
            }
        }
    }
}

/// The renderers as they were before they rendered in parts (commit 1606778), for comparison, with
/// the pieces as they were before they were written into the scripts' buffers (`LegacyPieces`).
private struct LegacyRenderers {
    var config: Config

    struct Script {
        var blocks: [String] = []
        mutating func add(_ lines: [String]) {
            guard !lines.isEmpty else { return }
            blocks.append(lines.joined(separator: "\n"))
        }
        mutating func add(_ block: String) { add(block.isEmpty ? [] : [block]) }
        var text: String { blocks.joined(separator: "\n\n") + "\n" }
    }

    func postgres(_ schema: Schema) -> String {
        let dialect = PostgresDialect(config: config)
        var script = Script()
        script.add(SQLHeader.lines(config: config))
        if schema.usesVector { script.add("CREATE EXTENSION IF NOT EXISTS vector;") }
        if config.postgres.nativeEnums {
            for type in schema.enums { script.add(dialect.createEnumType(type)) }
        }
        let triggerColumns = Set(schema.tables.flatMap { $0.autoUpdateColumns.map(\.name) }).sorted()
        for column in triggerColumns { script.add(dialect.createTriggerFunction(column: column)) }
        let position = Dictionary(
            schema.tables.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        for table in schema.tables {
            let inline = table.foreignKeys.filter { key in
                guard let own = position[table.name], let target = position[key.referencedTable] else { return true }
                return target <= own
            }
            script.add(LegacyPieces.createTable(dialect, table, foreignKeys: inline))
            script.add(table.indexes.map { LegacyPieces.createIndex(dialect, $0, table: table.name) })
            script.add(LegacyPieces.comments(dialect, on: table))
            script.add(dialect.createTriggers(of: table))
        }
        let deferred = schema.deferredForeignKeys
        if !deferred.isEmpty {
            script.add(
                ["-- Foreign keys that close a cycle, added once every table exists."]
                    + deferred.map {
                        "ALTER TABLE \(dialect.identifier($0.table.name)) ADD "
                            + "\(LegacyPieces.foreignKeyConstraint(dialect.spelling, $0.foreignKey));"
                    })
        }
        return script.text
    }

    func sqlite(_ schema: Schema) -> String {
        let dialect = SQLiteDialect(config: config)
        var script = Script()
        script.add(SQLHeader.lines(config: config) + SQLiteRenderer.notes)
        for table in schema.tables {
            script.add(LegacyPieces.createTable(dialect, table))
            script.add(table.indexes.map { LegacyPieces.createIndex(dialect, $0, table: table.name) })
            for trigger in dialect.createTriggers(of: table) { script.add(trigger) }
        }
        return script.text
    }

    func markdown(_ schema: Schema) -> String {
        let renderer = SchemaDocumentRenderer(config: config)
        var document = MarkdownDocument()
        let header = SQLHeader.lines(config: config)[0].dropFirst("-- ".count)
        document.block("<!-- \(header) -->")
        document.block("# Schema")
        document.block(renderer.introduction(schema))
        var tablesByFile: [String: [Table]] = [:]
        for table in schema.tables { tablesByFile[table.file, default: []].append(table) }
        for file in tablesByFile.keys.sorted() {
            let tables = tablesByFile[file]!
            document.block("## " + renderer.sourceLink(file))
            document.block("```mermaid")
            LegacyPieces.diagram(tables, into: &document)
            document.line("```")
            for table in tables {
                LegacyPieces.section(of: table, into: &document)
            }
        }
        if !schema.enums.isEmpty {
            document.block("## Enums")
            var users: [String: [String]] = [:]
            for table in schema.tables {
                for column in table.columns {
                    if case .enumeration(.named(let name)) = column.type {
                        users[name, default: []].append("\(table.name).\(column.name)")
                    }
                }
            }
            for type in schema.enums {
                renderer.section(of: type, users: users[type.name] ?? [], into: &document)
            }
        }
        return document.text
    }
}
