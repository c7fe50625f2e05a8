import Foundation
import SchemagenCore
import Testing

/// The example schema (`schema/` of this repository), generated and applied to real databases:
/// PostgreSQL 15 started by the tests, and SQLite in process. Rows go in, and the constraints the
/// schema declares reject the rows they should.
@Suite struct ExampleSchemaDatabaseTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The example's generated files, computed afresh (not read from Generated/).
    static func generated(_ path: String) throws -> String {
        let result = Generator(root: repositoryRoot).run()
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.map(\.description))")
        return try #require(result.files.first { $0.path == path }?.contents, "no \(path) generated")
    }

    /// Rows for most tables, written in SQL both dialects accept (booleans as true/false, UUIDs and
    /// timestamps as text literals).
    static let rows = """
        INSERT INTO users (id, username, email, password_hash)
            VALUES ('00000000-0000-4000-8000-000000000001', 'ada', 'ada@example.com', 'x');
        INSERT INTO projects (id, name, github_repo, owner_id)
            VALUES ('00000000-0000-4000-8000-000000000002', 'engine', 'ada/engine', '00000000-0000-4000-8000-000000000001');
        INSERT INTO agents (id, name, agent_type, model_config, project_id)
            VALUES ('00000000-0000-4000-8000-000000000003', 'builder', 'coder', '{"model": "m", "temperature": 0.2}',
                    '00000000-0000-4000-8000-000000000002');
        INSERT INTO conversations (id, title, conversation_type, project_id, created_by_user_id)
            VALUES ('00000000-0000-4000-8000-000000000004', 'Kickoff', 'general', '00000000-0000-4000-8000-000000000002',
                    '00000000-0000-4000-8000-000000000001');
        INSERT INTO conversation_participants (conversation_id, agent_id)
            VALUES ('00000000-0000-4000-8000-000000000004', '00000000-0000-4000-8000-000000000003');
        INSERT INTO messages (id, conversation_id, author_type, agent_id, content, cost_usd)
            VALUES ('00000000-0000-4000-8000-000000000005', '00000000-0000-4000-8000-000000000004', 'agent',
                    '00000000-0000-4000-8000-000000000003', 'Hello', 0.000125);
        INSERT INTO github_issues (id, github_id, number, title, project_id, labels)
            VALUES ('00000000-0000-4000-8000-000000000006', 9001, 1, 'Crash on start', '00000000-0000-4000-8000-000000000002',
                    '["bug"]');
        INSERT INTO tasks (id, title, project_id, issue_id, status, priority)
            VALUES ('00000000-0000-4000-8000-000000000007', 'Fix the crash', '00000000-0000-4000-8000-000000000002',
                    '00000000-0000-4000-8000-000000000006', 'in_progress', 'high');
        INSERT INTO token_usage (usage_date, model, agent_id, task_id, tokens_in, cost_usd)
            VALUES ('2026-11-22', 'm', '00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000007', 120, 0.0042);
        INSERT INTO budget_limits (name, scope_type, amount_usd, period, alert_threshold)
            VALUES ('global', 'global', 100.00, 'monthly', 0.80);
        INSERT INTO notifications (notification_type, title, message, user_id)
            VALUES ('budget', 'Budget', '80% used', '00000000-0000-4000-8000-000000000001');
        INSERT INTO agent_memory (agent_id, category, key, value)
            VALUES ('00000000-0000-4000-8000-000000000003', 'style', 'indent', '{"spaces": 4}');
        INSERT INTO webhooks (project_id, source, event_type, payload)
            VALUES ('00000000-0000-4000-8000-000000000002', 'github', 'push', '{}');
        """

    /// Statements each of which must fail, with the constraint that must stop it.
    static let rejected: [(sql: String, reason: String)] = [
        (
            "INSERT INTO projects (name, github_repo, owner_id) VALUES ('p', 'r', '00000000-0000-4000-8000-0000000000ff');",
            "a foreign key to a missing user"
        ),
        (
            "INSERT INTO agents (name, agent_type) VALUES ('a', 'poet');",
            "an agent_type outside the enum"
        ),
        (
            "INSERT INTO agent_memory (agent_id, category, key, value, importance) VALUES ('00000000-0000-4000-8000-000000000003', 'c', 'k', '{}', 11);",
            "importance outside 1..10"
        ),
        (
            "INSERT INTO budget_limits (name, scope_type, amount_usd, period, alert_threshold) VALUES ('b', 'global', 1, 'daily', 1.5);",
            "an alert threshold above 1"
        ),
        (
            "INSERT INTO users (username, email, password_hash) VALUES ('ada', 'other@example.com', 'x');",
            "a second user named ada"
        ),
        (
            "INSERT INTO webhooks (project_id, source, event_type, payload) VALUES ('00000000-0000-4000-8000-000000000002', 's', 'e', 'not json');",
            "a payload that is not JSON"
        ),
    ]

    @Test(.postgresAvailable) func postgresAcceptsTheSchemaAndItsRows() throws {
        let ddl = try Self.generated("postgres/schema.sql")
        try PostgresServer.withDatabase { database in
            try database.execute(ddl)
            try database.execute(Self.rows)

            #expect(
                try database.value("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
                    == "14")
            #expect(try database.value("SELECT count(*) FROM messages") == "1")
            #expect(try database.value("SELECT cost_usd::text FROM messages") == "0.000125")
            #expect(try database.value("SELECT status FROM conversations") == "active")
            #expect(try database.value("SELECT model_config->>'model' FROM agents") == "m")
            #expect(try database.value("SELECT id::text FROM token_usage") != nil)

            for (sql, reason) in Self.rejected {
                #expect(database.failure(of: sql) != nil, "Postgres accepted \(reason)")
            }

            // auto_update: the trigger moves updated_at on UPDATE.
            try database.execute("UPDATE users SET updated_at = '2000-01-01T00:00:00Z', email = 'ada@example.org';")
            #expect(try database.value("SELECT updated_at > '2001-01-01' FROM users") == "t")

            // ON DELETE CASCADE from projects reaches agents, conversations and what hangs off them.
            try database.execute("DELETE FROM projects;")
            #expect(try database.value("SELECT count(*) FROM agents") == "0")
            #expect(try database.value("SELECT count(*) FROM messages") == "0")
            #expect(try database.value("SELECT count(*) FROM token_usage") == "1", "set_null keeps the usage row")
            #expect(try database.value("SELECT agent_id IS NULL FROM token_usage") == "t")
        }
    }

    @Test func sqliteAcceptsTheSchemaAndItsRows() throws {
        let ddl = try Self.generated("sqlite/schema.sql")
        let database = try SQLiteDatabase()
        try database.execute("PRAGMA foreign_keys = ON;")
        try database.execute(ddl)
        try database.execute(Self.rows)

        #expect(try database.query("SELECT count(*) FROM sqlite_schema WHERE type = 'table'") == [["14"]])
        #expect(try database.query("SELECT cost_usd FROM messages") == [["0.000125"]])
        #expect(try database.query("SELECT status FROM conversations") == [["active"]])
        #expect(try database.query("SELECT json_extract(model_config, '$.model') FROM agents") == [["m"]])
        let id = try #require(try database.query("SELECT id FROM token_usage").first?.first ?? nil)
        #expect(id.count == 36 && id.dropFirst(14).first == "4", "uuid() yields a v4 UUID: \(id)")
        let createdAt = try #require(try database.query("SELECT created_at FROM users").first?.first ?? nil)
        #expect(createdAt.contains("T") && createdAt.hasSuffix("Z"), "now() yields ISO-8601 UTC: \(createdAt)")

        for (sql, reason) in Self.rejected {
            #expect(throws: SQLiteError.self, "SQLite accepted \(reason)") { try database.execute(sql) }
        }

        try database.execute("UPDATE users SET updated_at = '2000-01-01T00:00:00.000Z', email = 'ada@example.org';")
        #expect(try database.query("SELECT updated_at > '2001' FROM users") == [["1"]])

        try database.execute("DELETE FROM projects;")
        #expect(try database.query("SELECT count(*) FROM agents") == [["0"]])
        #expect(try database.query("SELECT count(*) FROM messages") == [["0"]])
        #expect(try database.query("SELECT agent_id IS NULL FROM token_usage") == [["1"]])
        #expect(try database.foreignKeyViolations().isEmpty)
    }
}
