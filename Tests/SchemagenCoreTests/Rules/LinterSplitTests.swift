import Foundation
import Testing

@testable import SchemagenCore

/// The checks split between cores (`Checks.run`, `Linter.lint`: a job for what spans the schema,
/// one per part of the tables, joined in a fixed order) find what they find one after the other on
/// one core (`Checks.runSerially`, `Linter.lintSerially`: every rule over the whole schema in
/// turn): the same diagnostics, in the same order, for any number of parts. On every schema of the
/// repository's fixtures and on random graphs full of findings, exceptions and repeated names.
@Suite struct LinterSplitTests {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let repositoryRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()

    /// Every project of the fixtures with a schema: the invalid corpus, the reference cases, the
    /// seeds, the example and the repository's own.
    static var projects: [URL] {
        let fixtures = testsDirectory.appendingPathComponent("Fixtures")
        var roots = [repositoryRoot, repositoryRoot.appendingPathComponent("Examples/TodoApp")]
        for folder in ["invalid", "cases", "seeds"] {
            let directory = fixtures.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            roots += names.sorted().map { directory.appendingPathComponent($0) }.filter {
                FileManager.default.fileExists(atPath: $0.appendingPathComponent("schema").path)
            }
        }
        return roots
    }

    static let partCounts = [1, 2, 3, 5, 8, 1000]

    @Test func fixturesFindTheSameSplitOrNot() throws {
        var schemas = 0
        for root in Self.projects {
            let config = ConfigLoader.load(root: root).config
            let (sources, problems) = SchemaSources.read(directory: config.schemaDirectory, root: root)
            guard problems.isEmpty, let schema = SchemaLoader(config: config).load(sources).schema else { continue }
            schemas += 1
            let serial = Checks.runSerially(schema, config: config)
            for parts in Self.partCounts {
                #expect(Checks.run(schema, config: config, parts: parts) == serial, "\(root.path), \(parts) parts")
            }
            #expect(Checks.run(schema, config: config) == serial, "\(root.path)")
        }
        #expect(schemas > 50)
    }

    @Test func randomGraphsFindTheSameSplitOrNot() {
        var findings = 0
        for seed in UInt64(1)...300 {
            var random = Random(seed: seed)
            let (schema, config) = RandomLintGraph.make(using: &random)
            let serial = Checks.runSerially(schema, config: config)
            findings += serial.count
            for parts in Self.partCounts {
                #expect(Checks.run(schema, config: config, parts: parts) == serial, "seed \(seed), \(parts) parts")
            }
            let linter = Linter(settings: config.rules, naming: config.naming, targets: config.targets)
            #expect(linter.lint(schema) == linter.lintSerially(schema), "seed \(seed)")
        }
        // The graphs are meant to break every rule: a split that lost findings would show here.
        #expect(findings > 10_000)
    }

    /// `Checks.propertyNamesAreDistinct`, which lets a table skip the derivation of its property
    /// names, is never true of a table whose properties collide: random column names made of
    /// words, digits, underscores, capitals and non-ASCII letters, `self` and `hash_value`.
    @Test func distinctPlainNamesNeverCollide() {
        let pieces = [
            "a", "b", "x", "id", "task", "self", "hash", "value", "hash_value", "hashValue", "1", "2024", "v2", "x1",
            "_", "__", "A", "Id", "é", "self_", "type", "class", "default",
        ]
        var random = Random(seed: 5)
        var skipped = 0
        var collided = 0
        for _ in 0..<20_000 {
            let names = (0..<random.int(1...20)).map { _ in
                (0..<random.int(1...3)).map { _ in pieces[random.int(0...(pieces.count - 1))] }
                    .joined(separator: random.int(0...3) == 0 ? "" : "_")
            }
            let location = SchemagenCore.SourceLocation(file: "schema/t.yaml", line: 1, column: 1)
            let table = Table(
                name: "things", columns: names.map { Column(name: $0, type: .text, location: location) },
                file: "schema/t.yaml", location: location)
            let collisions = SwiftModelBuilder.propertyCollisions(in: table)
            if !collisions.isEmpty { collided += 1 }
            if Checks.propertyNamesAreDistinct(in: table) {
                skipped += 1
                #expect(collisions.isEmpty, "\(names)")
            }
        }
        #expect(skipped > 500)
        #expect(collided > 1_000)
    }

    @Test func randomGraphsBreakEveryRule() {
        var rules: Set<String> = []
        for seed in UInt64(1)...300 {
            var random = Random(seed: seed)
            let (schema, config) = RandomLintGraph.make(using: &random)
            rules.formUnion(Checks.runSerially(schema, config: config).map(\.rule))
        }
        let linted = Set(Linter.rules.map(\.descriptor.id))
        #expect(linted.subtracting(rules).isEmpty, "never found: \(linted.subtracting(rules).sorted())")
        for id in ["exception-unused", "exception-reason", "exception-unknown-rule", "swift-collision"] {
            #expect(rules.contains(id), "never found: \(id)")
        }
    }
}

/// Random schema graphs, built as values (no YAML, so no loader in between: names may repeat,
/// keys may point anywhere), that break the conventions in every way the rules look for.
enum RandomLintGraph {
    static let file = "schema/random.yaml"

    static let tableNames = [
        "users", "tasks", "task", "Projects", "agent_memory", "orders", "123s", "status_history", "events",
        "results", "data", "Task", "people", "boxes",
        "a_table_name_that_is_longer_than_the_sixty_three_bytes_postgres_keeps_of_it",
    ]
    static let columnNames = [
        "email", "userId", "metadata", "type", "status", "task_status", "state", "severity", "amount", "due",
        "Metadata", "owner_id", "deleted_at", "notes", "self", "hash_value", "hashValue", "_notes",
        "a_column_name_that_is_longer_than_the_sixty_three_bytes_postgres_keeps_too", "x_1", "x1",
    ]
    static let types: [ColumnType] = [
        .uuid, .text, .varchar(length: 36), .varchar(length: 50), .int, .bigint, .bool,
        .decimal(precision: 20, scale: 2), .decimal(precision: 10, scale: 2), .timestamptz, .timestamp, .json,
        .vector(dimensions: 3), .date,
    ]
    static let sql = [
        "amount >= 0", "now() > created_at", "email ~ '@'", "strftime('%Y', created_at) > '2000'",
        "(select 1) = 1", "amount::int > 0", "owner_id IS NOT NULL", "deleted_at IS NULL",
        "date(created_at) > '2020-01-01'", "json_valid(notes)", "email ILIKE '%a'", "lower(email)",
        "owner_id IS NOT NULL AND status IS NOT NULL", "random() > 0.5", "created_at > 'now'",
    ]
    static let ruleIDs =
        RuleCatalogue.all.map(\.id) + ["no-such-rule", "table-nme", "exception-unused"]

    static func at(_ line: Int, _ column: Int) -> SchemagenCore.SourceLocation {
        SchemagenCore.SourceLocation(file: file, line: line, column: column)
    }

    static func make(using random: inout Random) -> (Schema, Config) {
        var line = 1
        func next() -> Int {
            line += 1
            return line
        }
        func exceptions() -> [RuleException] {
            guard random.int(0...5) == 0 else { return [] }
            return (0..<random.int(1...2)).map { _ in
                RuleException(
                    rule: ruleIDs[random.int(0...(ruleIDs.count - 1))],
                    reason: random.int(0...4) == 0 ? " " : "Because.", location: at(next(), 9))
            }
        }
        func column(_ name: String) -> Column {
            let type = types[random.int(0...(types.count - 1))]
            let defaults: [DefaultValue?] = [
                nil, .now, .uuid, .string("x"), .sql(RawSQL(common: sql[random.int(0...(sql.count - 1))])),
                .sql(RawSQL(postgres: "gen_random_uuid()")), .sql(RawSQL(sqlite: "randomblob(16)")),
            ]
            return Column(
                name: name, type: type, isNullable: random.bool(), isIdentity: random.int(0...9) == 0,
                defaultValue: defaults[random.int(0...(defaults.count - 1))], autoUpdate: random.bool(),
                exceptions: exceptions(), location: at(next(), 7))
        }
        // A mixin's columns: the same values, at the same place, in every table that lists it.
        let mixin = [column("created_at"), column("updated_at"), column("Metadata")]
        let tableCount = random.int(1...24)
        var names: [String] = []
        for _ in 0..<tableCount {
            var name = tableNames[random.int(0...(tableNames.count - 1))]
            // Mostly distinct, as the graph builder leaves them; now and then a repeat.
            if names.contains(name), random.int(0...4) != 0 { name += "_\(names.count)s" }
            names.append(name)
        }
        let naming = Naming()
        var tables: [Table] = []
        for name in names {
            let tableLine = next()
            var columns: [Column] = []
            if random.int(0...5) != 0 { columns.append(column("id")) }
            if random.int(0...2) != 0 { columns += mixin.prefix(random.int(1...3)) }
            for columnName in random.pick(columnNames, count: random.int(0...6)) { columns.append(column(columnName)) }
            let columnNames = columns.map(\.name)
            func someColumns() -> [String] {
                columnNames.isEmpty
                    ? ["id"] : random.pick(columnNames, count: random.int(1...min(2, columnNames.count)))
            }
            let primaryKey: PrimaryKey? =
                random.int(0...6) == 0
                ? nil
                : PrimaryKey(
                    name: naming.primaryKey(table: name), columns: random.int(0...3) == 0 ? someColumns() : ["id"],
                    location: at(next(), 7))
            var foreignKeys: [ForeignKey] = []
            for _ in 0..<random.int(0...3) {
                let target = names[random.int(0...(names.count - 1))]
                let keyColumns = someColumns()
                let actions: [ReferentialAction?] = [nil, .cascade, .setNull, .setDefault, .restrict]
                foreignKeys.append(
                    ForeignKey(
                        name: naming.foreignKey(table: name, columns: keyColumns), columns: keyColumns,
                        referencedTable: target,
                        referencedColumns: random.int(0...3) == 0
                            ? ["email"] : Array(repeating: "id", count: keyColumns.count),
                        onDelete: actions[random.int(0...(actions.count - 1))],
                        onUpdate: actions[random.int(0...(actions.count - 1))], location: at(next(), 20),
                        onDeleteLocation: random.bool() ? at(line, 30) : nil))
            }
            var indexes: [Index] = []
            for _ in 0..<random.int(0...3) {
                let methods: [IndexMethod] = [.btree, .btree, .btree, .gin, .gist, .hash, .hnsw]
                let method = methods[random.int(0...(methods.count - 1))]
                var keys = someColumns().map { IndexColumn(name: $0) }
                if random.int(0...4) == 0 { keys.append(IndexColumn(name: "lower(email)", isExpression: true)) }
                let unique = random.int(0...3) == 0
                let explicit = random.bool()
                indexes.append(
                    Index(
                        name: explicit
                            ? ["ix_\(name)", "idx_\(name)_x", "uq_\(name)", "bad_\(name)", "ix_"][random.int(0...4)]
                            : naming.index(table: name, columns: keys.map(\.name), method: method, isUnique: unique),
                        columns: keys, isUnique: unique,
                        predicate: random.int(0...2) == 0 ? sql[random.int(0...(sql.count - 1))] : nil, method: method,
                        isNamedExplicitly: explicit, exceptions: exceptions(), location: at(next(), 9)))
            }
            let uniques = (0..<random.int(0...2)).map { _ in
                let keyColumns = someColumns()
                return UniqueConstraint(
                    name: random.bool() ? naming.unique(table: name, columns: keyColumns) : "unique_\(name)",
                    columns: keyColumns, location: at(next(), 9))
            }
            let checks = (0..<random.int(0...2)).map { _ in
                CheckConstraint(
                    name: random.bool() && !columnNames.isEmpty
                        ? naming.check(table: name, name: columnNames[random.int(0...(columnNames.count - 1))])
                        : "ck_\(name)_\(line)",
                    expression: sql[random.int(0...(sql.count - 1))], location: at(next(), 9))
            }
            tables.append(
                Table(
                    name: name, columns: columns, primaryKey: primaryKey, foreignKeys: foreignKeys,
                    uniqueConstraints: uniques, checks: checks, indexes: indexes,
                    swiftName: random.int(0...9) == 0 ? "Task" : nil, exceptions: exceptions(), file: file,
                    location: at(tableLine, 3)))
        }
        let enumNames = ["task", "result", "severity_level", "users", "data", "string"]
        let enums = random.pick(enumNames, count: random.int(0...3)).map {
            EnumType(name: $0, values: ["a", "b"], file: file, location: at(next(), 3))
        }
        var config = Config()
        config.targets = Set(random.pick(Config.Target.allCases, count: random.int(1...Config.Target.allCases.count)))
        config.postgres.nativeEnums = random.bool()
        for descriptor in random.pick(RuleCatalogue.all, count: random.int(0...4)) {
            config.rules.levels[descriptor.id] = [.off, .warning, .error][random.int(0...2)]
        }
        if random.int(0...3) == 0 { config.rules.levels["no-such-rule"] = .off }
        if random.bool() { config.rules.reservedNames.append("notes") }
        return (Schema(tables: tables, enums: enums), config)
    }
}
