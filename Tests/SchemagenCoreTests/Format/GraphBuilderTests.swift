import Foundation
import Testing

@testable import SchemagenCore

@Suite struct GraphBuilderTests {
    static let example = """
        enums:
          agent_kind: [orchestrator, architect, coder, tester, reviewer]

        mixins:
          timestamps:
            columns:
              created_at: { type: timestamptz, default: now() }
              updated_at: { type: timestamptz, default: now(), auto_update: true }

        tables:
          agents:
            comment: Registered agent instances
            mixins: [timestamps]
            columns:
              id: { type: uuid, primary_key: true, default: uuid() }
              name: varchar(50)
              agent_kind: agent_kind
              model_config: { type: json, default: {} }
              system_prompt: text?
              is_active: { type: bool, default: true }
              project_id: { type: uuid?, references: projects.id, on_delete: cascade }
            indexes:
              - columns: [project_id]
              - columns: [agent_kind, is_active]

          projects:
            columns:
              id: { type: uuid, primary_key: true, default: uuid() }
              cost: { type: "decimal(10,6)", default: 0.80 }

          conversation_participants:
            primary_key: [conversation_id, agent_id]
            columns:
              conversation_id: { type: uuid, references: projects, on_delete: cascade }
              agent_id: { type: uuid, references: agents, on_delete: cascade }
              joined_at: { type: timestamptz, default: now() }
            indexes:
              - columns: [agent_id]
            exceptions:
              timestamps: Join rows are immutable; joined_at is their only timestamp.
        """

    @Test func buildsTheFormatExample() throws {
        let result = loadSchema(Self.example)
        #expect(findings(result) == [])
        let schema = try #require(result.schema)

        // Dependency order: projects before agents before the join table.
        #expect(schema.tables.map(\.name) == ["projects", "agents", "conversation_participants"])

        let agents = try #require(schema.table(named: "agents"))
        #expect(
            agents.columns.map(\.name) == [
                "created_at", "updated_at", "id", "name", "agent_kind", "model_config", "system_prompt", "is_active",
                "project_id",
            ])
        #expect(agents.column(named: "created_at")?.mixin == "timestamps")
        #expect(agents.column(named: "updated_at")?.autoUpdate == true)
        #expect(agents.column(named: "system_prompt")?.isNullable == true)
        #expect(agents.column(named: "name")?.isNullable == false)
        #expect(agents.column(named: "name")?.type == .varchar(length: 50))
        // The column refers to the enum by name; its values are defined once, in `enums`.
        #expect(agents.column(named: "agent_kind")?.type == .enumeration(.named(name: "agent_kind")))
        #expect(
            schema.values(of: .named(name: "agent_kind"))
                == ["orchestrator", "architect", "coder", "tester", "reviewer"])
        #expect(agents.column(named: "model_config")?.defaultValue == .json("{}"))
        #expect(agents.column(named: "is_active")?.defaultValue == .bool(true))
        #expect(agents.column(named: "id")?.defaultValue == .uuid)
        #expect(
            agents.primaryKey
                == PrimaryKey(name: "pk_agents", columns: ["id"], location: agents.column(named: "id")!.location))
        #expect(agents.comment == "Registered agent instances")
        #expect(agents.indexes.map(\.name) == ["ix_agents_project_id", "idx_agents_agent_kind_is_active"])

        let foreignKey = try #require(agents.foreignKeys.first)
        #expect(foreignKey.name == "fk_agents_project_id")
        #expect(foreignKey.referencedTable == "projects")
        #expect(foreignKey.referencedColumns == ["id"])
        #expect(foreignKey.onDelete == .cascade)

        let projects = try #require(schema.table(named: "projects"))
        #expect(projects.column(named: "cost")?.defaultValue == .number("0.80"))

        let join = try #require(schema.table(named: "conversation_participants"))
        #expect(join.primaryKey?.columns == ["conversation_id", "agent_id"])
        #expect(join.foreignKeys.map(\.referencedColumns) == [["id"], ["id"]])
        #expect(join.exceptions.map(\.rule) == ["timestamps"])
        #expect(join.exceptions.first?.reason == "Join rows are immutable; joined_at is their only timestamp.")
    }

    @Test func positionsAreOneBasedFileLineColumn() throws {
        let schema = try #require(loadSchema(Self.example).schema)
        let agents = try #require(schema.table(named: "agents"))
        #expect(agents.location == SourceLocation(file: "schema/test.yaml", line: 11, column: 3))
        #expect(agents.column(named: "name")?.location == SourceLocation(file: "schema/test.yaml", line: 16, column: 7))
        #expect(agents.file == "schema/test.yaml")
    }

    @Test func nameTypesLikeYAML11BooleansStayText() throws {
        let result = loadSchema(
            """
            enums:
              answer: [yes, no, on, off, null]
            tables:
              on:
                columns:
                  id: { type: uuid, primary_key: true }
                  no: answer
                  y: { type: answer, default: no }
            """)
        #expect(findings(result) == [])
        let table = try #require(result.schema?.table(named: "on"))
        #expect(table.column(named: "no")?.type == .enumeration(.named(name: "answer")))
        #expect(result.schema?.enumType(named: "answer")?.values == ["yes", "no", "on", "off", "null"])
        #expect(table.column(named: "y")?.defaultValue == .string("no"))
    }

    @Test func defaultsKeepTheirTextAndTakeMeaningFromTheType() throws {
        let result = loadSchema(
            """
            tables:
              samples:
                columns:
                  id: { type: bigint, identity: true, primary_key: true }
                  ratio: { type: "decimal(3,2)", default: 0.80 }
                  label: { type: text, default: true }
                  quoted_now: { type: text, default: 'now()' }
                  created: { type: timestamptz, default: now() }
                  tags: { type: json, default: [] }
                  settings: { type: json, default: { retries: 3, mode: fast } }
                  raw: { type: text, default: { sql: "'x' || 'y'" } }
                  split: { type: text, default: { postgres: "current_user", sqlite: "'me'" } }
                  day: { type: date, default: 2024-01-31 }
            """)
        #expect(findings(result) == [])
        let table = try #require(result.schema?.table(named: "samples"))
        #expect(table.column(named: "id")?.isIdentity == true)
        #expect(table.column(named: "ratio")?.defaultValue == .number("0.80"))
        #expect(table.column(named: "label")?.defaultValue == .string("true"))
        #expect(table.column(named: "quoted_now")?.defaultValue == .string("now()"))
        #expect(table.column(named: "created")?.defaultValue == .now)
        #expect(table.column(named: "tags")?.defaultValue == .json("[]"))
        #expect(table.column(named: "settings")?.defaultValue == .json(#"{"retries":3,"mode":"fast"}"#))
        #expect(table.column(named: "raw")?.defaultValue == .sql(RawSQL(common: "'x' || 'y'")))
        #expect(
            table.column(named: "split")?.defaultValue == .sql(RawSQL(postgres: "current_user", sqlite: "'me'")))
        #expect(table.column(named: "day")?.defaultValue == .string("2024-01-31"))
    }

    @Test func tableLevelConstraintsAndIndexes() throws {
        let result = loadSchema(
            """
            tables:
              orders:
                columns:
                  id: { type: uuid, primary_key: true }
                  region: text
                  number: int
                  total: { type: int, check: total >= 0 }
                  placed_at: timestamptz
                unique:
                  - [region, number]
                  - { name: uq_orders_custom, columns: [total] }
                checks:
                  - { expr: "number > 0" }
                  - { name: ck_orders_named, expr: "region <> ''" }
                indexes:
                  - { columns: [region, "placed_at desc"], where: "total > 0" }
                  - { columns: [region], using: hash }
                  - { columns: [number], unique: true }
                  - { columns: [placed_at], name: ix_orders_when }
              lines:
                columns:
                  region: text
                  number: int
                  position: int
                primary_key: [region, number, position]
                foreign_keys:
                  - { columns: [region, number], references: { table: orders, columns: [region, number] }, on_delete: cascade }
            """)
        #expect(findings(result) == [])
        let orders = try #require(result.schema?.table(named: "orders"))
        #expect(orders.uniqueConstraints.map(\.name) == ["uq_orders_region_number", "uq_orders_custom"])
        #expect(orders.checks.map(\.name) == ["ck_orders_total", "ck_orders_1", "ck_orders_named"])
        #expect(orders.checks.map(\.expression) == ["total >= 0", "number > 0", "region <> ''"])
        #expect(
            orders.indexes.map(\.name) == [
                "idx_orders_region_placed_at", "idx_orders_region", "uq_orders_number", "ix_orders_when",
            ])
        #expect(
            orders.indexes[0].columns == [
                IndexColumn(name: "region"), IndexColumn(name: "placed_at", descending: true),
            ])
        #expect(orders.indexes[0].predicate == "total > 0")
        #expect(orders.indexes[1].method == .hash)
        #expect(orders.indexes[2].isUnique)
        #expect(orders.indexes[3].isNamedExplicitly)
        let lines = try #require(result.schema?.table(named: "lines"))
        #expect(lines.foreignKeys.first?.name == "fk_lines_region_number")
        #expect(lines.foreignKeys.first?.referencedColumns == ["region", "number"])
    }

    @Test func foreignKeyCyclesStillOrderAndDeferTheBackEdge() throws {
        let result = loadSchema(
            """
            tables:
              a:
                columns:
                  id: { type: uuid, primary_key: true }
                  b_id: { type: uuid?, references: b }
              b:
                columns:
                  id: { type: uuid, primary_key: true }
                  a_id: { type: uuid?, references: a }
                  parent_id: { type: uuid?, references: b }
            """)
        let schema = try #require(result.schema)
        #expect(schema.tables.map(\.name) == ["a", "b"])
        #expect(schema.deferredForeignKeys.map { "\($0.table.name).\($0.foreignKey.name)" } == ["a.fk_a_b_id"])
    }

    @Test func aTableBehindACycleKeepsItsKeysInline() throws {
        let result = loadSchema(
            """
            tables:
              alphas:
                columns:
                  id: { type: uuid, primary_key: true }
                  beta_id: { type: uuid, references: betas }
              betas:
                columns:
                  id: { type: uuid, primary_key: true }
                  gamma_id: { type: uuid?, references: gammas }
              gammas:
                columns:
                  id: { type: uuid, primary_key: true }
                  beta_id: { type: uuid?, references: betas }
            """)
        let schema = try #require(result.schema)
        // betas breaks the cycle; then alphas and gammas are both ready, and keep written order.
        #expect(schema.tables.map(\.name) == ["betas", "alphas", "gammas"])
        #expect(
            schema.deferredForeignKeys.map { "\($0.table.name).\($0.foreignKey.name)" } == ["betas.fk_betas_gamma_id"])
    }

    @Test func derivedNamesNeverPass63Bytes() throws {
        let long = String(repeating: "very_long_name_", count: 5)
        let result = loadSchema(
            """
            tables:
              \(long)items:
                columns:
                  id: { type: uuid, primary_key: true }
                  \(long)column: { type: text, index: true }
            """)
        let table = try #require(result.schema?.tables.first)
        let name = try #require(table.indexes.first?.name)
        #expect(name.utf8.count == 63)
        #expect(name.hasPrefix("ix_very_long_name_"))
        // Stable: the same input derives the same name.
        #expect(
            loadSchema([
                "schema/x.yaml":
                    "tables:\n  \(long)items:\n    columns:\n      id: { type: uuid, primary_key: true }\n      \(long)column: { type: text, index: true }\n"
            ]).schema?.tables.first?.indexes.first?.name == name)
    }

    @Test func filesAreReadInPathOrderAndNamesAreGlobal() throws {
        let result = loadSchema([
            "schema/b.yaml":
                "tables:\n  posts:\n    columns:\n      id: { type: uuid, primary_key: true }\n      kind: kind\n",
            "schema/a.yaml": "enums:\n  kind: [x, y]\n",
        ])
        #expect(findings(result) == [])
        #expect(result.schema?.enums.map(\.file) == ["schema/a.yaml"])
    }
}

@Suite struct SchemaSnapshotTests {
    /// The graph is a plain value: the migration work snapshots it as JSON and reads it back.
    @Test func schemaRoundTripsThroughJSON() throws {
        let schema = try #require(loadSchema(GraphBuilderTests.example).schema)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(schema)
        #expect(try JSONDecoder().decode(Schema.self, from: data) == schema)
        #expect(try encoder.encode(loadSchema(GraphBuilderTests.example).schema) == data, "byte-stable snapshots")
    }

    /// A diff and a snapshot compare what the database holds, never where it was written: a blank
    /// line at the top of the file moves every position, and the schema stays the same.
    @Test func positionsTakeNoPartInIdentityOrSnapshots() throws {
        let schema = try #require(loadSchema(GraphBuilderTests.example).schema)
        let moved = try #require(loadSchema("\n\n" + GraphBuilderTests.example).schema)
        #expect(moved.tables.last?.columns.last?.location != schema.tables.last?.columns.last?.location)
        #expect(moved == schema)
        #expect(moved.hashValue == schema.hashValue)

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(schema), as: UTF8.self)
        for annotation in ["location", "mixin", "\"file\"", "exceptions", "renamedFrom", "isNamedExplicitly"] {
            #expect(!text.contains(annotation), "a snapshot keeps no \(annotation)")
        }
    }

    /// What the database holds still makes two schemas differ.
    @Test func aChangedDefaultIsAnotherSchema() throws {
        let schema = try #require(loadSchema(GraphBuilderTests.example).schema)
        let changed = try #require(
            loadSchema(GraphBuilderTests.example.replacing("default: 0.80", with: "default: 0.90")).schema)
        #expect(changed != schema)
    }

    /// The implicit checks are facts of the graph: one per column whose type needs one, named by
    /// the convention, with the databases that hold it under the config's storage choices; and
    /// they survive a snapshot, as a schema differ will read them.
    @Test func implicitChecksAreDerivedOnceWithTheDatabasesThatHoldThem() throws {
        let yaml = """
            enums:
              mood: [calm, busy]
            tables:
              things:
                columns:
                  id: { type: uuid, primary_key: true }
                  mood: mood
                  kind: { type: enum, values: [a, b] }
                  flag: bool
                  name: varchar(10)
                  n: smallint
                  amount: "decimal(5,2)"
                  at: timestamptz?
                  day: date
                  doc: json
                  big: bigint
                  note: text
            """
        func checks(_ policy: ImplicitCheck.Policy) throws -> [String] {
            let sources = SchemaSources(files: [.init(path: "schema/test.yaml", bytes: Array(yaml.utf8))])
            let table = try #require(SchemaLoader(policy: policy).load(sources).schema?.tables.first)
            return table.implicitChecks.map { "\($0.name) \($0.column) \($0.databases.map(\.rawValue))" }
        }
        #expect(
            try checks(.init()) == [
                "ck_things_id_uuid id [\"sqlite\"]", "ck_things_mood_values mood [\"postgres\", \"sqlite\"]",
                "ck_things_kind_values kind [\"postgres\", \"sqlite\"]", "ck_things_flag_bool flag [\"sqlite\"]",
                "ck_things_n_range n [\"sqlite\"]", "ck_things_amount_range amount [\"sqlite\"]",
                "ck_things_at_timestamp at [\"sqlite\"]", "ck_things_day_date day [\"sqlite\"]",
                "ck_things_doc_json doc [\"sqlite\"]",
            ])
        let stored = try checks(.init(nativeEnums: true, uuidStorage: .varchar36, strictVarchar: true))
        #expect(stored.contains("ck_things_id_uuid id [\"postgres\", \"sqlite\"]"))
        #expect(stored.contains("ck_things_mood_values mood [\"sqlite\"]"))
        #expect(stored.contains("ck_things_kind_values kind [\"postgres\", \"sqlite\"]"), "an inline enum has no type")
        #expect(stored.contains("ck_things_name_length name [\"sqlite\"]"))

        let schema = try #require(loadSchema(yaml).schema)
        let snapshot = try JSONDecoder().decode(Schema.self, from: JSONEncoder().encode(schema))
        #expect(snapshot == schema)
        #expect(
            snapshot.tables[0].implicitChecks.first { $0.column == "amount" }?.kind
                == .digits(precision: 5, scale: 2))
    }
}
