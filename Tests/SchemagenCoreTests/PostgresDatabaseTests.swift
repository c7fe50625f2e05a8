import Foundation
import Testing

@testable import SchemagenCore

/// The Postgres DDL applied with `psql` on a real PostgreSQL server, then read back from the
/// catalog and exercised with rows. Each test gets a database of its own on the shared server.
@Suite(.postgresAvailable)
struct PostgresDatabaseTests {
    static func script(_ schema: Schema, config: Config = Config()) throws -> String {
        try PostgresRenderer(config: config).render(schema)[0].contents
    }

    /// The type Postgres reports in `information_schema.columns.udt_name` for each logical type.
    static func catalogType(_ type: ColumnType) -> String {
        switch type {
        case .uuid: "uuid"
        case .text, .enumeration: "text"
        case .varchar: "varchar"
        case .smallint: "int2"
        case .int: "int4"
        case .bigint: "int8"
        case .bool: "bool"
        case .decimal: "numeric"
        case .real: "float4"
        case .double: "float8"
        case .date: "date"
        case .timestamptz: "timestamptz"
        case .timestamp: "timestamp"
        case .json: "jsonb"
        case .bytes: "bytea"
        case .vector: "vector"
        }
    }

    /// `pg_constraint.confdeltype` for each action (`a` is NO ACTION, the default).
    static func actionCode(_ action: ReferentialAction?) -> String {
        switch action {
        case nil, .noAction: "a"
        case .restrict: "r"
        case .cascade: "c"
        case .setNull: "n"
        case .setDefault: "d"
        }
    }

    @Test func kitchenSinkCatalogMatchesTheGraph() throws {
        let schema = SQLFixtures.kitchenSink()
        try PostgresServer.withDatabase { db in
            try db.execute(Self.script(schema))
            let tableNames = try db.column(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
            #expect(tableNames == schema.tables.map(\.name).sorted())

            for table in schema.tables {
                let relation = "(SELECT oid FROM pg_class WHERE relname = '\(table.name)' AND relkind = 'r')"

                // Columns: order, type, length/precision, nullability, identity, default present.
                let columns = try db.query(
                    """
                    SELECT column_name, udt_name, is_nullable, is_identity, column_default IS NOT NULL,
                           coalesce(character_maximum_length::text, ''),
                           coalesce(numeric_precision::text || ',' || numeric_scale::text, '')
                    FROM information_schema.columns
                    WHERE table_schema = 'public' AND table_name = '\(table.name)' ORDER BY ordinal_position
                    """)
                #expect(columns.map { $0[0] } == table.columns.map(\.name), "\(table.name)")
                for (row, column) in zip(columns, table.columns) {
                    #expect(row[1] == Self.catalogType(column.type), "\(table.name).\(column.name)")
                    #expect(row[2] == (column.isNullable ? "YES" : "NO"), "\(table.name).\(column.name)")
                    #expect(row[3] == (column.isIdentity ? "YES" : "NO"), "\(table.name).\(column.name)")
                    #expect(row[4] == (column.defaultValue != nil ? "t" : "f"), "\(table.name).\(column.name)")
                    if case .varchar(let length) = column.type { #expect(row[5] == "\(length)") }
                    if case .decimal(let precision, let scale) = column.type {
                        #expect(row[6] == "\(precision),\(scale)")
                    }
                }

                // Constraints, by name and kind, foreign keys with their target and actions.
                let constraints = try db.query(
                    """
                    SELECT conname, contype, coalesce(confrelid::regclass::text, ''), confdeltype, confupdtype,
                           (SELECT string_agg(attname, ',' ORDER BY k.ord) FROM unnest(conkey) WITH ORDINALITY k(n, ord)
                            JOIN pg_attribute ON attrelid = conrelid AND attnum = k.n)
                    FROM pg_constraint WHERE conrelid = \(relation) ORDER BY conname
                    """)
                var expected: [[String]] = []
                if let key = table.primaryKey { expected.append([key.name, "p", key.columns.joined(separator: ",")]) }
                for unique in table.uniqueConstraints {
                    expected.append([unique.name, "u", unique.columns.joined(separator: ",")])
                }
                for key in table.foreignKeys {
                    expected.append([key.name, "f", key.columns.joined(separator: ",")])
                }
                for check in table.checks {
                    expected.append([check.name, "c", ""])
                }
                // Every other constraint the database holds is in the graph too: the implicit checks
                // on one column each.
                for check in table.implicitChecks where check.isHeld(by: .postgres) {
                    expected.append([check.name, "c", check.column])
                }
                #expect(constraints.map { $0[0] ?? "" } == expected.map { $0[0] }.sorted(), "\(table.name)")
                for row in constraints {
                    guard let want = expected.first(where: { $0[0] == row[0] }) else { continue }
                    #expect(row[1] == want[1], "\(want[0])")
                    if !want[2].isEmpty { #expect(row[5] == want[2], "\(want[0])") }
                }
                for key in table.foreignKeys {
                    let row = try #require(constraints.first { $0[0] == key.name })
                    let target = key.referencedTable == "user" ? "\"user\"" : key.referencedTable
                    #expect(row[2] == target, "\(key.name)")
                    #expect(row[3] == Self.actionCode(key.onDelete), "\(key.name) on delete")
                    #expect(row[4] == Self.actionCode(key.onUpdate), "\(key.name) on update")
                }

                // Indexes: the graph's, plus those behind the primary key and unique constraints.
                let indexes = try db.query(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = '\(table.name)'"
                )
                let indexNames = Set(indexes.compactMap { $0[0] })
                let expectedIndexes = Set(
                    table.indexes.map(\.name) + [table.primaryKey?.name].compactMap { $0 }
                        + table.uniqueConstraints.map(\.name))
                #expect(indexNames == expectedIndexes, "\(table.name)")
                for index in table.indexes {
                    let definition = try #require(indexes.first { $0[0] == index.name }?[1] ?? nil)
                    #expect(definition.hasPrefix(index.isUnique ? "CREATE UNIQUE INDEX" : "CREATE INDEX"))
                    #expect(definition.contains("USING \(index.method.rawValue) ("), "\(definition)")
                    #expect(definition.contains(" WHERE ") == (index.predicate != nil), "\(definition)")
                    #expect(
                        definition.contains(" DESC") == index.columns.contains(where: \.descending), "\(definition)")
                }

                // Triggers: one per auto_update column.
                let triggers = try db.column(
                    "SELECT tgname FROM pg_trigger WHERE tgrelid = \(relation) AND NOT tgisinternal ORDER BY tgname")
                #expect(
                    triggers
                        == table.autoUpdateColumns.map {
                            SQLFixtures.naming.trigger(table: table.name, columns: [$0.name])
                        }
                        .sorted())

                // Comments.
                #expect(try db.value("SELECT obj_description(\(relation), 'pg_class')") == table.comment)
                for column in table.columns {
                    let comment = try db.value(
                        "SELECT col_description(\(relation), (SELECT attnum FROM pg_attribute WHERE attrelid = \(relation) AND attname = '\(column.name)'))"
                    )
                    #expect(comment == column.comment, "\(table.name).\(column.name)")
                }
            }
        }
    }

    @Test func rowsGoInAndConstraintsAndTriggersHold() throws {
        try PostgresServer.withDatabase { db in
            try db.execute(Self.script(SQLFixtures.kitchenSink()))

            // Defaults of every kind.
            let user = try #require(
                try db.query(
                    """
                    INSERT INTO "user" (email, updated_at) VALUES ('a@example.com', '2000-01-01T00:00:00Z')
                    RETURNING id, display_name, is_active, created_at > now() - interval '1 minute'
                    """
                ).first)
            let userID = try #require(user[0])
            #expect(userID.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil)
            #expect(user[1] == "it's me")
            #expect(user[2] == "t")
            #expect(user[3] == "t")

            let project = try #require(
                try db.query(
                    "INSERT INTO projects (owner_id, name) VALUES ('\(userID)', 'p') RETURNING id, budget, settings, labels, status"
                ).first)
            let projectID = try #require(project[0])
            #expect(project[1] == "0.8000")
            #expect(project[2] == "{}")
            #expect(project[3] == "[]")
            #expect(project[4] == "active")

            let task = try #require(
                try db.query(
                    """
                    INSERT INTO tasks (project_id, title, kind) VALUES ('\(projectID)', 'first', 'bug')
                    RETURNING id, slug, priority, "order", score, timestamp IS NOT NULL, is_done
                    """
                ).first)
            #expect(task == ["1", "task", "3", "0", "1.5", "t", "f"])
            try db.execute(
                "INSERT INTO tasks (project_id, parent_id, title, kind, \"order\") VALUES ('\(projectID)', 1, 'child', 'chore', 1);"
            )

            // Foreign keys, checks and the partial unique index reject bad rows, by name.
            let missing = UUID().uuidString.lowercased()
            let rejections: [(String, String)] = [
                (
                    "INSERT INTO tasks (project_id, title, kind) VALUES ('\(missing)', 't', 'bug');",
                    "fk_tasks_project_id"
                ),
                (
                    "INSERT INTO tasks (project_id, parent_id, title, kind, \"order\") VALUES ('\(projectID)', 99, 't', 'bug', 7);",
                    "fk_tasks_parent_id"
                ),
                (
                    "INSERT INTO tasks (project_id, title, kind, \"order\") VALUES ('\(projectID)', 't', 'epic', 7);",
                    "ck_tasks_kind_values"
                ),
                (
                    "INSERT INTO tasks (project_id, title, kind, priority, \"order\") VALUES ('\(projectID)', 't', 'bug', 9, 7);",
                    "ck_tasks_priority"
                ),
                (
                    "INSERT INTO tasks (project_id, title, kind) VALUES ('\(projectID)', 'again', 'bug');",
                    "uq_tasks_project_id_order"
                ),
                ("UPDATE projects SET status = 'gone';", "ck_projects_status_values"),
                ("UPDATE projects SET lead_task_id = 99;", "fk_projects_lead_task_id"),
                (
                    "INSERT INTO membership_notes (user_id, project_id, body) VALUES ('\(userID)', '\(projectID)', 'x');",
                    "fk_membership_notes_user_id_project_id"
                ),
                ("INSERT INTO \"user\" (email) VALUES ('a@example.com');", "uq_user_email"),
            ]
            for (statement, constraint) in rejections {
                let failure = try #require(db.failure(of: statement), "accepted: \(statement)")
                #expect(failure.contains("constraint \"\(constraint)\""), "\(statement) → \(failure)")
            }
            // The partial unique index ignores finished tasks.
            try db.execute("UPDATE tasks SET is_done = true WHERE id = 1;")
            try db.execute("INSERT INTO tasks (project_id, title, kind) VALUES ('\(projectID)', 'again', 'bug');")

            // The cycle closes: a project points at one of its tasks, and loses it with the task.
            try db.execute("UPDATE projects SET lead_task_id = 2;")
            try db.execute("DELETE FROM tasks WHERE id = 2;")
            #expect(try db.value("SELECT lead_task_id FROM projects") == nil)

            // The composite foreign key accepts a real membership and cascades its deletion.
            try db.execute(
                """
                INSERT INTO memberships (user_id, project_id) VALUES ('\(userID)', '\(projectID)');
                INSERT INTO membership_notes (user_id, project_id, body) VALUES ('\(userID)', '\(projectID)', 'hello');
                DELETE FROM memberships;
                """)
            #expect(try db.value("SELECT count(*) FROM membership_notes") == "0")

            // auto_update: an UPDATE moves updated_at to now, and leaves created_at alone.
            let before = try #require(try db.value("SELECT created_at FROM \"user\""))
            try db.execute("UPDATE \"user\" SET display_name = 'renamed';")
            #expect(try db.value("SELECT updated_at > now() - interval '1 minute' FROM \"user\"") == "t")
            #expect(try db.value("SELECT created_at FROM \"user\"") == before)
        }
    }

    @Test func nativeEnumsAndVarcharUUIDsApply() throws {
        var config = Config()
        config.postgres.nativeEnums = true
        config.postgres.uuidStorage = .varchar36
        try PostgresServer.withDatabase { db in
            let schema = SQLFixtures.with(ImplicitCheck.Policy(config), SQLFixtures.kitchenSink())
            try db.execute(Self.script(schema, config: config))
            #expect(
                try db.column(
                    "SELECT enumlabel FROM pg_enum WHERE enumtypid = 'project_status'::regtype ORDER BY enumsortorder")
                    == SQLFixtures.projectStatus.values)
            #expect(
                try db.value("SELECT obj_description('project_status'::regtype, 'pg_type')")
                    == SQLFixtures.projectStatus.comment)
            #expect(
                try db.value(
                    "SELECT udt_name FROM information_schema.columns WHERE table_name = 'projects' AND column_name = 'status'"
                )
                    == "project_status")
            // Inline enums stay text with a CHECK, even with native enums on.
            #expect(try db.value("SELECT count(*) FROM pg_constraint WHERE conname = 'ck_tasks_kind_values'") == "1")
            let id = try #require(try db.value("INSERT INTO \"user\" (email) VALUES ('b@example.com') RETURNING id"))
            #expect(id.count == 36)
            #expect(
                try db.value(
                    "SELECT data_type FROM information_schema.columns WHERE table_name = 'user' AND column_name = 'id'")
                    == "character varying")
            let failure = try #require(
                db.failure(of: "INSERT INTO projects (owner_id, name, status) VALUES ('\(id)', 'p', 'gone');"))
            #expect(failure.contains("invalid input value for enum project_status"))
        }
    }

    /// `now()` on a date column is the UTC day, as SQLite's `date('now')`, whatever the session's
    /// time zone.
    @Test func dateDefaultIsTheUTCDayInEveryTimeZone() throws {
        let yaml = """
            tables:
              rollups:
                columns:
                  id: { type: uuid, primary_key: true, default: uuid() }
                  day: { type: date, default: now() }
            """
        var config = Config()
        config.rules.levels["timestamps"] = .off
        let schema = try #require(loadSchema(yaml).schema)
        try PostgresServer.withDatabase { db in
            try db.execute(Self.script(schema, config: config))
            // UTC+14 and UTC-12: at any hour of the day one of them has another day than UTC.
            for zone in ["Pacific/Kiritimati", "Etc/GMT+12"] {
                try db.execute("SET timezone = '\(zone)'; INSERT INTO rollups DEFAULT VALUES;")
            }
            #expect(
                try db.column("SELECT day = (now() AT TIME ZONE 'UTC')::date FROM rollups") == ["t", "t"])
        }
    }

    /// A native enum named like a table: Postgres refuses the script, so the checks refuse the schema.
    @Test func nativeEnumNamedLikeATableIsAnError() throws {
        let yaml = """
            enums:
              user_roles: [admin, member]
            tables:
              user_roles:
                columns:
                  id: { type: uuid, primary_key: true, default: uuid() }
                  role: user_roles
            """
        var config = Config()
        config.postgres.nativeEnums = true
        config.rules.levels["timestamps"] = .off
        let schema = try #require(loadSchema(yaml).schema)
        let findings = Checks.run(schema, config: config).filter { $0.rule == "duplicate-name" }
        #expect(findings.map(\.location?.line) == [2])
        try PostgresServer.withDatabase { db in
            let failure = try #require(db.failure(of: Self.script(schema, config: config)))
            #expect(failure.contains("already exists"), "\(failure)")
        }
        // Without native enums there is no type to clash with.
        config.postgres.nativeEnums = false
        #expect(Checks.run(schema, config: config).filter { $0.rule == "duplicate-name" }.isEmpty)
    }

    /// A raw default without a Postgres form, excused in the schema, is left out with a comment
    /// line inside CREATE TABLE; the script applies.
    /// An expression index written in YAML: a unique `lower(email)` makes addresses unique
    /// whatever their case.
    static let expressionIndexYAML = """
        tables:
          users:
            columns:
              id: { type: uuid, primary_key: true, default: uuid() }
              email: text
              name: text
            indexes:
              - { columns: ["lower(email)"], unique: true }
              - { columns: ["lower(name) desc", email] }
        """

    @Test func expressionIndexesApplyAndHold() throws {
        let schema = try #require(loadSchema(Self.expressionIndexYAML).schema)
        try PostgresServer.withDatabase { db in
            try db.execute(Self.script(schema))
            let definitions = try db.query(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'users' AND indexname <> 'pk_users' ORDER BY 1"
            )
            #expect(
                definitions.map { $0.compactMap { $0 } } == [
                    [
                        "idx_users_lower_name_email",
                        "CREATE INDEX idx_users_lower_name_email ON public.users USING btree (lower(name) DESC, email)",
                    ],
                    [
                        "uq_users_lower_email",
                        "CREATE UNIQUE INDEX uq_users_lower_email ON public.users USING btree (lower(email))",
                    ],
                ])
            _ = try db.execute("INSERT INTO users (email, name) VALUES ('Ada@example.com', 'Ada');")
            let duplicate = db.failure(of: "INSERT INTO users (email, name) VALUES ('ada@EXAMPLE.com', 'Ada');")
            #expect(duplicate?.contains("uq_users_lower_email") == true)
        }
    }

    @Test func leftOutDefaultApplies() throws {
        let table = SQLFixtures.table(
            "tickets",
            [
                SQLFixtures.column("id", .int, identity: true),
                SQLFixtures.column("code", .text, nullable: true, default: .sql(RawSQL(sqlite: "hex(randomblob(4))"))),
            ],
            primaryKey: ["id"])
        try PostgresServer.withDatabase { db in
            try db.execute(Self.script(Schema(tables: [table])))
            #expect(try db.value("INSERT INTO tickets DEFAULT VALUES RETURNING id") == "1")
            #expect(try db.value("SELECT code IS NULL FROM tickets") == "t")
        }
    }

    /// Column-name keywords (`timestamp`, `between`, `values`…) stay bare; reserved and
    /// type/function-name keywords (`order`, `end`, `left`…) are quoted. Both kinds, as table,
    /// column, constraint, index and trigger names, apply on the real server.
    @Test func keywordNamesApply() throws {
        try PostgresServer.withDatabase { db in
            let rows = try db.query("SELECT word, catcode FROM pg_get_keywords() WHERE catcode <> 'U' ORDER BY word")
            let words = rows.compactMap { $0[0] }
            let quoting = PostgresDialect(config: Config()).identifier
            for row in rows {
                let word = try #require(row[0])
                #expect(quoting.needsQuotes(word) == (row[1] != "C"), "\(word) (\(row[1] ?? ""))")
            }

            var columns = [SQLFixtures.column("id", .uuid, default: .uuid)]
            var indexes: [Index] = []
            // `end` (reserved) and `time` (column-name keyword) carry the auto_update triggers below.
            for word in words where word != "end" && word != "time" {
                columns.append(
                    SQLFixtures.column(
                        word, .enumeration(.inline(values: ["a", "b"])), nullable: true,
                        comment: "the \(word) column"))
                indexes.append(SQLFixtures.index("keywords", [IndexColumn(name: word, descending: true)]))
            }
            columns.append(SQLFixtures.column("end", .timestamptz, default: .now, autoUpdate: true))
            columns.append(SQLFixtures.column("time", .timestamptz, default: .now, autoUpdate: true))
            let keywords = SQLFixtures.table("keywords", columns, primaryKey: ["id"], indexes: indexes)
            let between = SQLFixtures.table(
                "between", [SQLFixtures.column("values", .uuid)], primaryKey: ["values"],
                foreignKeys: [SQLFixtures.foreignKey("between", ["values"], "keywords", ["id"])])
            let script = try Self.script(Schema(tables: [keywords, between]))
            #expect(script.contains("\n    timestamp text CONSTRAINT"))
            #expect(script.contains("\n    \"order\" text CONSTRAINT"))
            try db.execute(script)

            let id = try #require(
                try db.value("INSERT INTO keywords (\"order\", timestamp) VALUES ('a', 'b') RETURNING id"))
            try db.execute("INSERT INTO between (values) VALUES ('\(id)');")
            try db.execute(
                "UPDATE keywords SET \"end\" = '2000-01-01T00:00:00Z', time = '2000-01-01T00:00:00Z';")
            #expect(try db.value("SELECT \"end\" > '2020-01-01' AND time > '2020-01-01' FROM keywords") == "t")
            #expect(db.failure(of: "UPDATE keywords SET \"left\" = 'c';")?.contains("ck_keywords_left_values") == true)
        }
    }

    /// pgvector is not packaged for this machine's Debian; the vector table is proven only where
    /// the extension is installed.
    @Test func vectorTableAppliesWhereThePgvectorExtensionIsInstalled() throws {
        try PostgresServer.withDatabase { db in
            guard try db.value("SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'") == "1" else {
                let script = try Self.script(SQLFixtures.kitchenSinkWithVector())
                #expect(
                    script.hasPrefix(
                        "-- Generated by schemagen from schema/. Do not edit.\n\nCREATE EXTENSION IF NOT EXISTS vector;\n"
                    ))
                let failure = try #require(db.failure(of: script))
                #expect(failure.contains("extension") && failure.contains("vector"), "\(failure)")
                return
            }
            try db.execute(Self.script(SQLFixtures.kitchenSinkWithVector()))
            try db.execute("INSERT INTO embeddings (embedding) VALUES ('[1,2,3]');")
            #expect(db.failure(of: "INSERT INTO embeddings (embedding) VALUES ('[1,2]');") != nil)
        }
    }
}
