import PropertyBased
import Testing

@testable import SchemagenCore

/// Random valid schemas and random edits of them (`RandomSchema`), each pair proven like a step
/// of the history (`MigrationVersionsProof`): rows in every table, the up as written, every row
/// still there, the database equal to one built from the fresh DDL, the down back to the catalog
/// before. Every case runs on SQLite; a sample also runs on Postgres, whose databases cost more.
///
/// The property checker draws a new seed each run and, on a failure, prints the case (both
/// versions' YAML and the edits) and the `.fixedSeed("…")` that replays it: add that trait to the
/// test to reproduce.
@Suite(.serialized) struct MigrationPropertyTests {
    /// One case: a schema and its edited version, both from one seed.
    struct Case: CustomStringConvertible, Sendable {
        let seed: UInt64
        let old: String
        let new: String
        let edits: [String]
        /// `postgres.native_enums` for this case's Postgres run.
        let nativeEnums: Bool

        init(seed: UInt64) {
            self.seed = seed
            var random = Random(seed: seed)
            nativeEnums = random.bool()
            var schema = RandomSchema.random(using: &random)
            old = schema.yaml
            edits = schema.edit(count: random.int(1...4), using: &random)
            new = schema.yaml
        }

        var description: String {
            "seed \(seed), native enums: \(nativeEnums), edits: \(edits.joined(separator: "; "))\n"
                + "--- old\n\(old)--- new\n\(new)"
        }
    }

    static let cases = Generator<Case, Shrink.None<Case>>(run: { rng in Case(seed: rng.next()) })

    func prove(_ item: Case, postgres: Bool) throws {
        var config = Config()
        config.postgres.nativeEnums = postgres && item.nativeEnums
        let versions = [
            try MigrationVersionsProof.schema(item.old, config: config),
            try MigrationVersionsProof.schema(item.new, config: config),
        ]
        for (name, yaml) in [("old", item.old), ("new", item.new)] {
            let result = SchemaLoader(policy: ImplicitCheck.Policy(config)).load(
                SchemaSources(files: [.init(path: "schema/test.yaml", bytes: Array(yaml.utf8))]))
            let errors = result.diagnostics.filter { $0.severity == .error }.map(\.description)
            #expect(errors == [], "the \(name) version is not a valid schema")
        }
        let failures = try MigrationVersionsProof(config: config, postgres: postgres).prove(versions)
        #expect(failures == [], "\(item.edits)")
    }

    @Test func everyRandomEditHoldsOnSQLite() async {
        await propertyCheck(count: 60, input: Self.cases) { item in
            try prove(item, postgres: false)
        }
    }

    @Test(.postgresAvailable) func aSampleHoldsOnPostgres() async {
        await propertyCheck(count: 6, input: Self.cases) { item in
            try prove(item, postgres: true)
        }
    }

    /// A SQLite script, up or down, is one transaction and nothing outside it but the foreign-key
    /// pragmas (which `MigrationScript` leaves out): what GRDB's `DatabaseMigrator`, which runs a
    /// migration in a transaction of its own, needs of `SchemaMigrations.swift` (docs/migrations.md).
    @Test func everySQLiteScriptIsOneTransaction() async {
        await propertyCheck(count: 100, input: Self.cases) { item in
            let renderer = SQLiteMigrationRenderer(config: Config())
            let diff = SchemaDiffer.diff(
                from: try MigrationVersionsProof.schema(item.old), to: try MigrationVersionsProof.schema(item.new))
            for direction in [diff, diff.reversed] {
                let script = MigrationScript(parsing: renderer.script(renderer.statements(for: direction), header: []))
                #expect(script.parts.count <= 1 && script.parts.allSatisfy { $0.kind == .transaction }, "\(item)")
            }
        }
    }

    /// A column added to a table never takes the name of one its edits dropped: the differ would
    /// see one column change type (json to double, say), which only the type changes of
    /// `RandomSchema.typeChanges` promise to survive with rows in the table.
    @Test func anAddedColumnNeverTakesADroppedOnesName() {
        for seed in UInt64(1)...5000 {
            var random = Random(seed: seed)
            var schema = RandomSchema.random(using: &random)
            let before = Dictionary(
                schema.tables.map { ($0.name, Set($0.columns.map(\.name))) }, uniquingKeysWith: { first, _ in first })
            let edits = schema.edit(count: 4, using: &random)
            for table in schema.tables where !table.isNew {
                let reused = table.columns.filter {
                    ($0.isNew || $0.renamedFrom != nil) && before[table.name]?.contains($0.name) == true
                }
                #expect(reused.map(\.name) == [], "seed \(seed), \(table.name): \(edits)")
            }
        }
    }

    /// The generators make every kind of change they promise, and valid schemas.
    @Test func theEditsCoverEveryKind() {
        var seen: Set<String> = []
        for seed in UInt64(1)...300 {
            var random = Random(seed: seed)
            var schema = RandomSchema.random(using: &random)
            for kind in RandomSchema.editKinds {
                var copy = schema
                if kind.edit(&copy, &random) != nil { seen.insert(kind.name) }
            }
            _ = schema.edit(count: 1, using: &random)
        }
        #expect(seen == Set(RandomSchema.editKinds.map(\.name)))
    }
}
