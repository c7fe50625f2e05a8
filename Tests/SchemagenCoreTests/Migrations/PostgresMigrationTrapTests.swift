import Testing

@testable import SchemagenCore

/// The Postgres traps of MIGRATIONS.md, each applied with `psql -v ON_ERROR_STOP=1 -f` on the real
/// server: up and down, rows kept, the catalog equal to the fresh DDL's.
@Suite(.serialized, .postgresAvailable) struct PostgresMigrationTrapTests {
    func prove(_ old: String, _ new: String, config: Config = Config(), rows: String) throws -> (
        up: String, down: String
    ) {
        let from = try PostgresMigrationTests.schema(old, config: config)
        let to = try PostgresMigrationTests.schema(new, config: config)
        let renderer = PostgresMigrationRenderer(config: config)
        let diff = SchemaDiffer.diff(from: from, to: to)
        let up = renderer.script(renderer.statements(for: diff), header: ["-- up"])
        let down = renderer.script(renderer.statements(for: diff.reversed), header: ["-- down"])
        let fresh = PostgresRenderer(config: config)
        try PostgresServer.withDatabase { db in
            try db.execute(fresh.script(for: from))
            try db.execute(rows)
            let before = try PostgresCatalog.facts(of: db)
            try db.execute(up)
            let expected = try PostgresServer.withDatabase { other in
                try other.execute(fresh.script(for: to))
                return try PostgresCatalog.facts(of: other)
            }
            #expect(PostgresCatalog.difference(expected, try PostgresCatalog.facts(of: db)) == [])
            try db.execute(down)
            #expect(PostgresCatalog.difference(before, try PostgresCatalog.facts(of: db)) == [])
        }
        return (up, down)
    }

    /// A value added by `ALTER TYPE … ADD VALUE` cannot be used in the transaction that adds it:
    /// the value is added before the transaction that makes it the column's default.
    @Test func aNativeEnumValueAddedAndUsedInOneMigration() throws {
        var config = Config()
        config.postgres.nativeEnums = true
        let old = """
            enums:
              status: [todo, done]
            tables:
              tasks:
                columns:
                  id: { type: uuid, primary_key: true, default: uuid() }
                  status: { type: status, default: todo }
            """
        let new = old.replacing("[todo, done]", with: "[todo, doing, done]").replacing(
            "default: todo", with: "default: doing")
        let (up, down) = try prove(
            old, new, config: config, rows: "INSERT INTO tasks (status) VALUES ('todo'), ('done');")
        let add = try #require(up.range(of: "ALTER TYPE status ADD VALUE IF NOT EXISTS 'doing' AFTER 'todo';"))
        let begin = try #require(up.range(of: "BEGIN;"))
        #expect(add.upperBound < begin.lowerBound, "added before the transaction")
        #expect(up.contains("ALTER TABLE tasks ALTER COLUMN status SET DEFAULT 'doing';"))
        #expect(down.contains("DROP TYPE status_old;"), "the down recreates the type without the value")
    }

    /// A unique constraint becomes a unique index of the same name: the constraint is dropped with
    /// DROP CONSTRAINT (DROP INDEX on the index behind a constraint fails), then the index made.
    @Test func aUniqueConstraintBecomesAUniqueIndex() throws {
        let old = """
            tables:
              users:
                columns:
                  id: { type: uuid, primary_key: true, default: uuid() }
                  email: text
                unique: [[email]]
            """
        let new = """
            tables:
              users:
                columns:
                  id: { type: uuid, primary_key: true, default: uuid() }
                  email: text
                indexes:
                  - { columns: [email], unique: true, where: email <> '' }
            """
        let (up, down) = try prove(old, new, rows: "INSERT INTO users (email) VALUES ('a@example.com'), ('');")
        #expect(up.contains("ALTER TABLE users DROP CONSTRAINT uq_users_email;"))
        #expect(!up.contains("DROP INDEX uq_users_email"))
        #expect(down.contains("DROP INDEX uq_users_email;"))
        #expect(down.contains("ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE (email);"))
    }

    /// The `auto_update` trigger's derived name follows a renamed table, as the constraints' do,
    /// so the chain ends where the fresh DDL starts; a renamed column gets its trigger made anew,
    /// since the trigger calls a function written for the column's name.
    @Test func aRenamedTableTakesItsTriggerAlong() throws {
        let old = """
            tables:
              notes:
                columns:
                  id: { type: uuid, primary_key: true, default: uuid() }
                  touched_at: { type: timestamptz, default: now(), auto_update: true }
            """
        let renamed = old.replacing("  notes:\n", with: "  memos:\n    renamed_from: notes\n")
        let (up, down) = try prove(old, renamed, rows: "INSERT INTO notes DEFAULT VALUES;")
        #expect(up.contains("ALTER TRIGGER trg_notes_touched_at ON memos RENAME TO trg_memos_touched_at;"))
        #expect(down.contains("ALTER TRIGGER trg_memos_touched_at ON memos RENAME TO trg_notes_touched_at;"))

        let columnToo = renamed.replacing(
            "touched_at: { type: timestamptz,", with: "changed_at: { renamed_from: touched_at, type: timestamptz,")
        let (upAgain, downAgain) = try prove(old, columnToo, rows: "INSERT INTO notes DEFAULT VALUES;")
        #expect(upAgain.contains("DROP TRIGGER trg_notes_touched_at ON memos;"))
        #expect(upAgain.contains("CREATE TRIGGER trg_memos_changed_at BEFORE UPDATE ON memos"))
        #expect(downAgain.contains("CREATE TRIGGER trg_notes_touched_at BEFORE UPDATE ON memos"))
    }

    /// A renamed column takes its expression index, partial index and check along: Postgres
    /// rewrites the expressions itself, so they are renamed, never dropped and built again.
    @Test func aRenamedColumnKeepsItsExpressionsIndexesAndChecks() throws {
        let old = """
            tables:
              people:
                columns:
                  id: { type: uuid, primary_key: true, default: uuid() }
                  email: { type: text, check: "email <> ''" }
                  active: { type: bool, default: true }
                indexes:
                  - { columns: ["lower(email)"], unique: true }
                  - { columns: [active], where: email IS NOT NULL }
            """
        let new =
            old.replacing("email: { type: text,", with: "mail: { type: text, renamed_from: email,")
            .replacing("email <> ''", with: "mail <> ''").replacing("lower(email)", with: "lower(mail)")
            .replacing("where: email IS NOT NULL", with: "where: mail IS NOT NULL")
        let (up, _) = try prove(
            old, new, rows: "INSERT INTO people (email) VALUES ('a@example.com'), ('b@example.com');")
        #expect(!up.contains("DROP INDEX"), "\(up)")
        #expect(!up.contains("DROP CONSTRAINT"), "\(up)")
        #expect(up.contains("ALTER INDEX uq_people_lower_email RENAME TO uq_people_lower_mail;"))
    }

    /// An identity column's sequence is named after its table and column when Postgres makes it:
    /// renaming either renames the sequence, so the chain ends where the fresh DDL starts.
    @Test func aRenamedTableRenamesItsIdentitySequence() throws {
        let old = """
            tables:
              members:
                exceptions: { primary-key: "a counter, for the test" }
                columns:
                  id: { type: bigint, primary_key: true, identity: true }
                  name: text
            """
        let new = old.replacing("  members:\n", with: "  people:\n    renamed_from: members\n")
            .replacing("id: { type: bigint,", with: "number: { renamed_from: id, type: bigint,")
        let (up, down) = try prove(old, new, rows: "INSERT INTO members (name) VALUES ('a'), ('b');")
        #expect(up.contains("ALTER SEQUENCE members_id_seq RENAME TO people_number_seq;"))
        #expect(down.contains("ALTER SEQUENCE people_number_seq RENAME TO members_id_seq;"))
    }
}
