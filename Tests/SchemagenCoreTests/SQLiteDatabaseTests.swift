import CSQLite3
import Foundation
import SchemagenCore
import Testing

/// The SQLite DDL applied on the real SQLite library, in process, with foreign keys on; then read
/// back through the pragmas and exercised with rows.
@Suite struct SQLiteDatabaseTests {
    static var isoTimestamp: Regex<Substring> { /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/ }
    static var uuidV4: Regex<Substring> { /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/ }

    static func open(_ schema: Schema, config: Config = Config()) throws -> SQLiteDatabase {
        let db = try SQLiteDatabase()
        try db.execute("PRAGMA foreign_keys = ON;")
        try db.execute(SQLiteRenderer(config: config).render(schema)[0].contents)
        return db
    }

    /// The error SQLite reports for `sql`, or `nil` if it succeeded.
    static func failure(_ db: SQLiteDatabase, _ sql: String) -> String? {
        do {
            try db.execute(sql)
            return nil
        } catch {
            return error.message
        }
    }

    /// The declared type SQLite reports in `PRAGMA table_info` for each logical type.
    static func declaredType(_ type: ColumnType) -> String {
        switch type {
        case .smallint, .int, .bigint, .bool: "INTEGER"
        case .real, .double, .decimal: "REAL"
        case .bytes, .vector: "BLOB"
        default: "TEXT"
        }
    }

    @Test func kitchenSinkSchemaMatchesTheGraph() throws {
        let schema = SQLFixtures.kitchenSinkWithVector()
        let db = try Self.open(schema)
        #expect(try db.foreignKeyViolations().isEmpty)
        let tables = try db.query("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").map { $0[0] }
        #expect(tables == schema.tables.map(\.name).sorted())

        for table in schema.tables {
            let name = SQLText.quotedIdentifier(table.name)
            // cid, name, type, notnull, dflt_value, pk
            let columns = try db.query("PRAGMA table_info(\(name))")
            #expect(columns.map { $0[1] } == table.columns.map(\.name), "\(table.name)")
            for (row, column) in zip(columns, table.columns) {
                #expect(row[2] == Self.declaredType(column.type), "\(table.name).\(column.name)")
                #expect(row[3] == (column.isNullable ? "0" : "1"), "\(table.name).\(column.name)")
                // An identity key takes its values from the rowid, not from a default.
                #expect((row[4] != nil) == (column.defaultValue != nil), "\(table.name).\(column.name)")
                let position = table.primaryKey?.columns.firstIndex(of: column.name).map { $0 + 1 } ?? 0
                #expect(row[5] == "\(position)", "\(table.name).\(column.name)")
            }

            // seq, name, unique, origin, partial: the graph's indexes, less Postgres-only methods.
            let indexes = try db.query("PRAGMA index_list(\(name))").filter { $0[3] == "c" }
            let expected = table.indexes.filter { !$0.method.isPostgresOnly }
            #expect(Set(indexes.map { $0[1] }) == Set(expected.map(\.name)), "\(table.name)")
            for index in expected {
                let row = try #require(indexes.first { $0[1] == index.name })
                #expect(row[2] == (index.isUnique ? "1" : "0"), "\(index.name)")
                #expect(row[4] == (index.predicate != nil ? "1" : "0"), "\(index.name)")
                // seqno, cid, name, desc, coll, key
                let keys = try db.query("PRAGMA index_xinfo(\(SQLText.quotedIdentifier(index.name)))").filter {
                    $0[5] == "1"
                }
                #expect(keys.map { $0[2] } == index.columns.map(\.name), "\(index.name)")
                #expect(keys.map { $0[3] == "1" } == index.columns.map(\.descending), "\(index.name)")
            }

            // id, seq, table, from, to, on_update, on_delete, match
            let foreignKeys = try db.query("PRAGMA foreign_key_list(\(name))")
            #expect(foreignKeys.count == table.foreignKeys.flatMap(\.columns).count, "\(table.name)")
            for key in table.foreignKeys {
                let rows = foreignKeys.filter { $0[2] == key.referencedTable && key.columns.contains($0[3] ?? "") }
                #expect(rows.map { $0[3] } == key.columns, "\(key.name)")
                #expect(rows.map { $0[4] } == key.referencedColumns, "\(key.name)")
                #expect(rows.first?[6] == (key.onDelete?.sql ?? "NO ACTION"), "\(key.name)")
                #expect(rows.first?[5] == (key.onUpdate?.sql ?? "NO ACTION"), "\(key.name)")
            }

            let triggers = try db.query(
                "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ? ORDER BY name", [table.name])
            #expect(
                triggers.map { $0[0] }
                    == table.autoUpdateColumns.map { SQLFixtures.naming.trigger(table: table.name, columns: [$0.name]) }
            )

            // Column comments live on in the stored CREATE TABLE.
            let stored = try #require(
                try db.query("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", [table.name]).first?[0]
                    ?? nil)
            for comment in table.columns.compactMap(\.comment) {
                #expect(stored.contains("-- \(comment)"))
            }
        }
    }

    @Test func rowsGoInAndConstraintsHold() throws {
        let db = try Self.open(SQLFixtures.kitchenSink())
        try db.execute("INSERT INTO user (email) VALUES ('a@example.com');")
        let user = try #require(try db.query("SELECT id, display_name, is_active, created_at FROM user").first)
        let userID = try #require(user[0])
        #expect(userID.wholeMatch(of: Self.uuidV4) != nil, "\(userID)")
        #expect(user[1] == "it's me")
        #expect(user[2] == "1")
        #expect(user[3]?.wholeMatch(of: Self.isoTimestamp) != nil, "\(user[3] ?? "nil")")

        try db.execute("INSERT INTO projects (owner_id, name) VALUES ('\(userID)', 'p');")
        let project = try #require(
            try db.query("SELECT id, budget, typeof(budget), settings, labels, status FROM projects").first)
        let projectID = try #require(project[0])
        #expect(Array(project.dropFirst()) == ["0.8", "real", "{}", "[]", "active"])

        try db.execute("INSERT INTO tasks (project_id, title, kind) VALUES ('\(projectID)', 'first', 'bug');")
        try db.execute(
            "INSERT INTO tasks (project_id, parent_id, title, kind, \"order\") VALUES ('\(projectID)', 1, 'child', 'chore', 1);"
        )
        let tasks = try db.query("SELECT id, slug, priority, \"order\", score, is_done FROM tasks ORDER BY id")
        #expect(tasks == [["1", "task", "3", "0", "1.5", "0"], ["2", "task", "3", "1", "1.5", "0"]])
        #expect(
            try db.query("SELECT timestamp FROM tasks").allSatisfy { $0[0]?.wholeMatch(of: Self.isoTimestamp) != nil })

        let missing = UUID().uuidString.lowercased()
        let rejections: [(String, String)] = [
            (
                "INSERT INTO tasks (project_id, title, kind, \"order\") VALUES ('\(missing)', 't', 'bug', 7);",
                "FOREIGN KEY constraint failed"
            ),
            (
                "INSERT INTO tasks (project_id, parent_id, title, kind, \"order\") VALUES ('\(projectID)', 99, 't', 'bug', 7);",
                "FOREIGN KEY constraint failed"
            ),
            (
                "INSERT INTO tasks (project_id, title, kind, \"order\") VALUES ('\(projectID)', 't', 'epic', 7);",
                "CHECK constraint failed: ck_tasks_kind_values"
            ),
            (
                "INSERT INTO tasks (project_id, title, kind, is_done, \"order\") VALUES ('\(projectID)', 't', 'bug', 2, 7);",
                "CHECK constraint failed: ck_tasks_is_done_bool"
            ),
            (
                "INSERT INTO tasks (project_id, title, kind, priority, \"order\") VALUES ('\(projectID)', 't', 'bug', 9, 7);",
                "CHECK constraint failed: ck_tasks_priority"
            ),
            (
                "INSERT INTO tasks (project_id, title, kind) VALUES ('\(projectID)', 'again', 'bug');",
                "UNIQUE constraint failed: tasks.project_id, tasks.order"
            ),
            ("UPDATE projects SET settings = '{not json';", "CHECK constraint failed: ck_projects_settings_json"),
            ("UPDATE projects SET status = 'gone';", "CHECK constraint failed: ck_projects_status_values"),
            ("UPDATE projects SET lead_task_id = 99;", "FOREIGN KEY constraint failed"),
            (
                "INSERT INTO membership_notes (user_id, project_id, body) VALUES ('\(userID)', '\(projectID)', 'x');",
                "FOREIGN KEY constraint failed"
            ),
            ("INSERT INTO user (email) VALUES ('a@example.com');", "UNIQUE constraint failed: user.email"),
        ]
        for (statement, message) in rejections {
            let failure = try #require(Self.failure(db, statement), "accepted: \(statement)")
            #expect(failure == message, "\(statement)")
        }
        // A NULL passes the type CHECKs, as in Postgres.
        try db.execute("UPDATE projects SET labels = NULL;")

        // The partial unique index ignores finished tasks.
        try db.execute("UPDATE tasks SET is_done = 1 WHERE id = 1;")
        try db.execute("INSERT INTO tasks (project_id, title, kind) VALUES ('\(projectID)', 'again', 'bug');")

        // The cycle needs no ALTER in SQLite: the project points at a task and loses it with the task.
        try db.execute("UPDATE projects SET lead_task_id = 2;")
        try db.execute("DELETE FROM tasks WHERE id = 2;")
        #expect(try db.query("SELECT lead_task_id FROM projects") == [[nil]])

        try db.execute(
            """
            INSERT INTO memberships (user_id, project_id) VALUES ('\(userID)', '\(projectID)');
            INSERT INTO membership_notes (user_id, project_id, body) VALUES ('\(userID)', '\(projectID)', 'hello');
            DELETE FROM memberships;
            """)
        #expect(try db.query("SELECT count(*) FROM membership_notes") == [["0"]])
        #expect(try db.foreignKeyViolations().isEmpty)
    }

    @Test func expressionIndexesApplyAndHold() throws {
        let schema = try #require(loadSchema(PostgresDatabaseTests.expressionIndexYAML).schema)
        let db = try Self.open(schema)
        let definitions = try db.query(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'users' AND sql IS NOT NULL ORDER BY name"
        )
        #expect(
            definitions.map { $0.compactMap { $0 } } == [
                [
                    "idx_users_lower_name_email",
                    "CREATE INDEX idx_users_lower_name_email ON users ((lower(name)) DESC, email)",
                ],
                ["uq_users_lower_email", "CREATE UNIQUE INDEX uq_users_lower_email ON users ((lower(email)))"],
            ])
        try db.execute("INSERT INTO users (email, name) VALUES ('Ada@example.com', 'Ada');")
        let duplicate = Self.failure(db, "INSERT INTO users (email, name) VALUES ('ada@EXAMPLE.com', 'Ada');")
        #expect(duplicate?.contains("UNIQUE constraint failed") == true)
        // The planner uses the index for the same expression.
        let plan = try db.query("EXPLAIN QUERY PLAN SELECT id FROM users WHERE lower(email) = 'ada@example.com'")
        #expect(plan.contains { $0.last??.contains("uq_users_lower_email") == true })
    }

    /// Decimals compare and sort as numbers, as in Postgres: the example's budget check holds for
    /// '1.00' whether it arrives as text or as a number, and 10.00 sorts after 9.50. They are REAL
    /// (a STRICT table has no NUMERIC), so a whole number reads back as `10.0`.
    @Test func decimalsCompareAsNumbers() throws {
        let yaml = """
            tables:
              budgets:
                columns:
                  id: { type: uuid, primary_key: true, default: uuid() }
                  amount_usd: "decimal(10,2)"
                  alert_threshold:
                    type: "decimal(3,2)"
                    default: 0.80
                    check: "alert_threshold > 0 AND alert_threshold <= 1.0"
            """
        let db = try Self.open(try #require(loadSchema(yaml).schema))
        try db.execute(
            """
            INSERT INTO budgets (amount_usd, alert_threshold) VALUES ('10.00', '1.00');
            INSERT INTO budgets (amount_usd, alert_threshold) VALUES (9.50, 1.00);
            INSERT INTO budgets (amount_usd) VALUES ('123.45');
            """)
        #expect(Self.failure(db, "INSERT INTO budgets (amount_usd, alert_threshold) VALUES (1, '1.01');") != nil)
        #expect(Self.failure(db, "INSERT INTO budgets (amount_usd, alert_threshold) VALUES (1, 0);") != nil)
        #expect(
            try db.query("SELECT amount_usd, alert_threshold FROM budgets ORDER BY amount_usd")
                == [["9.5", "1.0"], ["10.0", "1.0"], ["123.45", "0.8"]])
        #expect(try db.query("SELECT count(*) FROM budgets WHERE amount_usd > 100") == [["1"]])
    }

    /// A parent written by the `uuid()` default (small letters) is found by a child and a lookup
    /// that carry the id as Foundation's `uuidString` writes it (capitals), as in Postgres's `uuid`.
    @Test func uuidsMatchWhateverTheirCase() throws {
        let db = try Self.open(SQLFixtures.kitchenSink())
        try db.execute("INSERT INTO user (email) VALUES ('a@example.com');")
        let id = try #require(try db.query("SELECT id FROM user").first?[0] ?? nil)
        #expect(id == id.lowercased())
        let upper = id.uppercased()
        try db.execute("INSERT INTO projects (owner_id, name) VALUES ('\(upper)', 'p');")
        #expect(try db.query("SELECT count(*) FROM user WHERE id = '\(upper)'") == [["1"]])
        #expect(try db.foreignKeyViolations().isEmpty)
        // One UUID is one key, whatever its case.
        #expect(Self.failure(db, "INSERT INTO user (id, email) VALUES ('\(upper)', 'b@example.com');") != nil)
    }

    @Test func uuidDefaultIsARandomVersion4UUID() throws {
        let db = try Self.open(SQLFixtures.kitchenSink())
        try db.execute(
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)
            INSERT INTO user (email) SELECT 'u' || i || '@example.com' FROM n;
            """)
        let ids = try db.query("SELECT id FROM user").compactMap { $0[0] }
        #expect(ids.count == 400)
        #expect(Set(ids).count == 400)
        for id in ids {
            #expect(id.wholeMatch(of: Self.uuidV4) != nil, "\(id)")
        }
        // Every variant nibble turns up: the expression does not fix the random bits.
        let variants = Set(ids.map { $0[$0.index($0.startIndex, offsetBy: 19)] })
        #expect(variants == ["8", "9", "a", "b"])
        // Foundation reads it as the same UUID.
        #expect(ids.allSatisfy { UUID(uuidString: $0)?.uuidString.lowercased() == $0 })
    }

    @Test(arguments: [false, true])
    func autoUpdateTriggerSetsNow(recursiveTriggers: Bool) throws {
        let db = try Self.open(SQLFixtures.kitchenSink())
        try db.execute("PRAGMA recursive_triggers = \(recursiveTriggers ? "ON" : "OFF");")
        let old = "2000-01-01T00:00:00.000Z"
        try db.execute("INSERT INTO user (email, created_at, updated_at) VALUES ('a@example.com', '\(old)', '\(old)');")
        let userID = try #require(try db.query("SELECT id FROM user").first?[0] ?? nil)
        try db.execute("INSERT INTO projects (owner_id, name) VALUES ('\(userID)', 'p');")
        let projectID = try #require(try db.query("SELECT id FROM projects").first?[0] ?? nil)
        try db.execute(
            "INSERT INTO memberships (user_id, project_id, created_at, updated_at) VALUES ('\(userID)', '\(projectID)', '\(old)', '\(old)');"
        )

        try db.execute("UPDATE user SET display_name = 'renamed';")
        let user = try #require(try db.query("SELECT created_at, updated_at, display_name FROM user").first)
        #expect(user[0] == old)
        let updated = try #require(user[1])
        #expect(updated.wholeMatch(of: Self.isoTimestamp) != nil && updated > "2020", "\(updated)")
        #expect(user[2] == "renamed")

        // Composite primary key: the trigger finds the row by its key columns.
        try db.execute("UPDATE memberships SET role = 'owner';")
        let membership = try #require(try db.query("SELECT updated_at, role FROM memberships").first)
        let membershipUpdated = try #require(membership[0])
        #expect(membershipUpdated > "2020")
        #expect(membership[1] == "owner")

        // An explicit value is overwritten too, as Postgres's BEFORE trigger does.
        try db.execute("UPDATE user SET updated_at = '\(old)';")
        let explicit = try db.query("SELECT updated_at FROM user")[0][0] ?? ""
        #expect(explicit > "2020", "\(explicit)")
        // Two updates in a row within one millisecond do not recurse either.
        try db.execute("UPDATE user SET display_name = 'a'; UPDATE user SET display_name = 'b';")
    }

    /// What SQLite cannot do, excused in the schema, leaves a script that applies: a plain INTEGER
    /// for an identity column outside the key, no default where the raw SQL has no SQLite form.
    @Test func leftOutIdentityAndDefaultApply() throws {
        let table = SQLFixtures.table(
            "tickets",
            [
                SQLFixtures.column("id", .uuid, default: .uuid),
                SQLFixtures.column("seq", .bigint, identity: true),
                SQLFixtures.column(
                    "code", .text, nullable: true, default: .sql(RawSQL(postgres: "md5(random()::text)"))),
            ],
            primaryKey: ["id"])
        let db = try Self.open(Schema(tables: [table]))
        #expect(
            Self.failure(db, "INSERT INTO tickets (code) VALUES ('a');") == "NOT NULL constraint failed: tickets.seq")
        try db.execute("INSERT INTO tickets (seq) VALUES (7);")
        #expect(try db.query("SELECT seq, code FROM tickets") == [["7", nil]])
    }

    @Test func strictVarcharChecksLength() throws {
        var config = Config()
        config.sqlite.strictVarchar = true
        let db = try Self.open(
            SQLFixtures.with(ImplicitCheck.Policy(config), SQLFixtures.kitchenSink()), config: config)
        try db.execute("INSERT INTO user (email) VALUES ('a@example.com');")
        let owner = try #require(try db.query("SELECT id FROM user")[0][0])
        let long = String(repeating: "x", count: 101)
        #expect(
            Self.failure(db, "INSERT INTO projects (owner_id, name) VALUES ('\(owner)', '\(long)');")
                == "CHECK constraint failed: ck_projects_name_length")
        try db.execute("INSERT INTO projects (owner_id, name) VALUES ('\(owner)', '\(long.dropLast())');")
    }

    /// Every keyword of the linked SQLite is quoted, and works as a table, column, index and
    /// constraint name.
    @Test func keywordNamesApply() throws {
        var words: [String] = []
        for index in 0..<sqlite3_keyword_count() {
            var name: UnsafePointer<CChar>?
            var length: Int32 = 0
            sqlite3_keyword_name(index, &name, &length)
            let bytes = UnsafeRawBufferPointer(start: name, count: Int(length))
            words.append(String(decoding: bytes, as: UTF8.self).lowercased())
        }
        #expect(words.count >= 147)
        let quoting = SQLiteDialect(config: Config()).identifier
        for word in words {
            #expect(quoting.needsQuotes(word), "\(word)")
        }

        var columns = [SQLFixtures.column("id", .uuid, default: .uuid)]
        for word in words {
            columns.append(SQLFixtures.column(word, .bool, nullable: true))
        }
        let keywords = SQLFixtures.table(
            "keywords", columns, primaryKey: ["id"],
            indexes: words.map { SQLFixtures.index("keywords", [IndexColumn(name: $0)]) })
        let table = SQLFixtures.table(
            "table",
            [
                SQLFixtures.column("index", .uuid),
                SQLFixtures.column("on", .timestamptz, default: .now, autoUpdate: true),
            ],
            primaryKey: ["index"], foreignKeys: [SQLFixtures.foreignKey("table", ["index"], "keywords", ["id"])])
        let db = try Self.open(Schema(tables: [keywords, table]))
        try db.execute("INSERT INTO keywords (\"select\", \"order\") VALUES (1, 0);")
        #expect(
            Self.failure(db, "UPDATE keywords SET \"where\" = 2;") == "CHECK constraint failed: ck_keywords_where_bool")
        let old = "2000-01-01T00:00:00Z"
        try db.execute("INSERT INTO \"table\" (\"index\", \"on\") SELECT id, '\(old)' FROM keywords;")
        try db.execute("UPDATE \"table\" SET \"on\" = '\(old)';")
        #expect(try db.query("SELECT \"on\" FROM \"table\"").first?[0]?.wholeMatch(of: Self.isoTimestamp) != nil)
    }
}
