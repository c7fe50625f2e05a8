import Testing

@testable import SchemagenCore

/// The Postgres migration renderer on the real server: each step of a history applied with
/// `psql -v ON_ERROR_STOP=1 -f`, rows inserted before it survive, the database after it equals one
/// built from the fresh `schema.sql`, and the down script goes back to the catalog before it.
@Suite(.serialized, .postgresAvailable) struct PostgresMigrationTests {
    static let v1 = """
        enums:
          task_status: [todo, doing, done]
        tables:
          projects:
            comment: Projects
            columns:
              id: { type: uuid, primary_key: true, default: uuid() }
              name: varchar(100)
              updated_at: { type: timestamptz, default: now(), auto_update: true }
          tasks:
            columns:
              id: { type: uuid, primary_key: true, default: uuid() }
              title: varchar(200)
              status: { type: task_status, default: todo }
              project_id: { type: uuid, references: projects.id, on_delete: cascade, index: true }
              owner_note: text?
          labels:
            columns:
              id: { type: bigint, primary_key: true, identity: true }
              task_id: { type: uuid?, references: tasks.id, on_delete: set_null, index: true }
              name: varchar(50)

        """

    /// Each version edits the one before it.
    static let history: [(String, @Sendable (String) -> String)] = [
        (
            "add a column with a default",
            {
                $0.replacing(
                    "      owner_note: text?\n",
                    with: "      owner_note: text?\n      priority: { type: int, default: 0 }\n")
            }
        ),
        (
            "widen a varchar, comment a column",
            { $0.replacing("title: varchar(200)", with: "title: { type: varchar(300), comment: What to do }") }
        ),
        (
            "rename a column",
            {
                $0.replacing(
                    "      owner_note: text?\n", with: "      note: { type: text?, renamed_from: owner_note }\n")
            }
        ),
        (
            "rename a table",
            {
                $0.replacing("  tasks:\n", with: "  work_items:\n    renamed_from: tasks\n").replacing(
                    "references: tasks.id", with: "references: work_items.id")
            }
        ),
        (
            "make a column NOT NULL with a default",
            {
                $0.replacing(
                    "      note: { type: text?, renamed_from: owner_note }\n",
                    with: "      note: { type: text, default: '', renamed_from: owner_note }\n")
            }
        ),
        ("add an enum value", { $0.replacing("[todo, doing, done]", with: "[todo, doing, blocked, done]") }),
        (
            "add a unique constraint, a partial index and a check",
            {
                $0.replacing(
                    "      name: varchar(50)\n",
                    with:
                        "      name: varchar(50)\n    unique: [[task_id, name]]\n    indexes:\n      - { columns: [name], where: task_id IS NULL }\n    checks:\n      - { name: ck_labels_name_not_blank, expr: \"length(name) > 0\" }\n"
                )
            }
        ),
        (
            "change an on_delete and drop auto_update",
            {
                $0.replacing("on_delete: set_null", with: "on_delete: cascade").replacing(
                    ", auto_update: true", with: "")
            }
        ),
        (
            "drop a column, change a table comment",
            {
                $0.replacing("      priority: { type: int, default: 0 }\n", with: "").replacing(
                    "  projects:\n    comment: Projects\n", with: "  projects:\n    comment: All projects\n")
            }
        ),
        ("remove an enum value", { $0.replacing("[todo, doing, blocked, done]", with: "[todo, doing, done]") }),
    ]

    static func versions() -> [(String, String)] {
        var versions = [("the first version", v1)]
        for (title, edit) in history { versions.append((title, edit(versions.last!.1))) }
        return versions
    }

    static func schema(_ yaml: String, config: Config = Config()) throws -> Schema {
        let sources = SchemaSources(files: [.init(path: "schema/test.yaml", bytes: Array(yaml.utf8))])
        let result = SchemaLoader(policy: ImplicitCheck.Policy(config)).load(sources)
        return try #require(result.schema, "\(result.diagnostics)")
    }

    /// A step whose edit matches nothing would prove nothing: each must change the schema.
    @Test func everyStepOfTheHistoryChangesTheSchema() throws {
        let versions = Self.versions()
        for (previous, (title, yaml)) in zip(versions, versions.dropFirst()) {
            let diff = SchemaDiffer.diff(from: try Self.schema(previous.1), to: try Self.schema(yaml))
            #expect(!diff.changes.isEmpty, "\(title): no change")
        }
    }

    /// With `online`, the same history through the forms that keep a table available: indexes
    /// built concurrently, constraints validated in a later transaction, NOT NULL through a check.
    @Test(arguments: [false, true], [false, true])
    func everyStepAppliesAndEqualsTheFreshSchema(nativeEnums: Bool, online: Bool) throws {
        var config = Config()
        config.postgres.nativeEnums = nativeEnums
        config.postgres.online = online
        try Self.proveEveryStep(of: Self.versions(), config: config)
    }

    /// Applies each version's up script to one database in turn, then checks that the rows are
    /// kept, that the catalog equals the fresh DDL's, and that the down script returns to the
    /// catalog before the step; then applies the up again and adds a row to every table.
    static func proveEveryStep(of yamlVersions: [(String, String)], config: Config) throws {
        let renderer = PostgresMigrationRenderer(config: config)
        let fresh = PostgresRenderer(config: config)
        let versions = try yamlVersions.map { ($0.0, try Self.schema($0.1, config: config)) }

        try PostgresServer.withDatabase { chain in
            var previous = Schema(tables: [])
            for (title, schema) in versions {
                let diff = SchemaDiffer.diff(from: previous, to: schema)
                let before = try PostgresCatalog.facts(of: chain)
                let rowsBefore = try Self.rowCounts(chain, previous)
                try chain.execute(renderer.script(renderer.statements(for: diff), header: ["-- up: \(title)"]))
                for (table, count) in rowsBefore where schema.table(named: table) != nil {
                    #expect(try Self.rowCount(chain, table) == count, "\(title): rows of \(table)")
                }
                let expected = try PostgresServer.withDatabase { freshDatabase in
                    try freshDatabase.execute(fresh.script(for: schema))
                    return try PostgresCatalog.facts(of: freshDatabase)
                }
                let after = try PostgresCatalog.facts(of: chain)
                #expect(PostgresCatalog.difference(expected, after) == [], "\(title): chain ≠ fresh DDL")

                // The down script returns to the catalog before the step; then the up again.
                let down = diff.reversed
                try chain.execute(renderer.script(renderer.statements(for: down), header: ["-- down: \(title)"]))
                #expect(
                    PostgresCatalog.difference(before, try PostgresCatalog.facts(of: chain)) == [], "\(title): down")
                try chain.execute(renderer.script(renderer.statements(for: diff), header: ["-- up again"]))
                try Self.insertRows(chain, schema)
                previous = schema
            }
        }
    }

    /// One row per table, parents first, so that every foreign key has something to hold.
    static func insertRows(_ database: PostgresDatabase, _ schema: Schema) throws {
        let identifier = PostgresDialect(config: Config()).identifier
        for table in schema.tables {
            var columns: [String] = []
            var values: [String] = []
            for column in table.columns where !column.isIdentity && column.defaultValue == nil {
                if let key = table.foreignKeys.first(where: { $0.columns == [column.name] }) {
                    columns.append(identifier(column.name))
                    values.append(
                        "(SELECT \(identifier(key.referencedColumns[0])) FROM \(identifier(key.referencedTable)) LIMIT 1)"
                    )
                } else if !column.isNullable {
                    columns.append(identifier(column.name))
                    values.append(Self.sample(column.type, in: schema))
                }
            }
            let list =
                columns.isEmpty
                ? "DEFAULT VALUES" : "(\(columns.joined(separator: ", "))) VALUES (\(values.joined(separator: ", ")))"
            try database.execute("INSERT INTO \(identifier(table.name)) \(list);")
        }
    }

    static func sample(_ type: ColumnType, in schema: Schema) -> String {
        switch type {
        case .uuid: "gen_random_uuid()"
        case .int, .bigint, .smallint: "1"
        case .enumeration(let reference): "'\(schema.values(of: reference)[0])'"
        // Distinct, so that a unique constraint added later finds no duplicates among the rows.
        default: "gen_random_uuid()::text"
        }
    }

    static func rowCounts(_ database: PostgresDatabase, _ schema: Schema) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in schema.tables { counts[table.name] = try rowCount(database, table.name) }
        return counts
    }

    static func rowCount(_ database: PostgresDatabase, _ table: String) throws -> Int {
        Int(try database.value("SELECT count(*) FROM \(SQLText.quotedIdentifier(table))") ?? "") ?? -1
    }
}
