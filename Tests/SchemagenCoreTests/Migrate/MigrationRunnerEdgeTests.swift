import Foundation
import Testing

@testable import SchemagenCore

/// The runner's corners, on small chains written for them: SQLite's foreign-key check failing a
/// migration before its commit, and a Postgres statement after the transaction failing.
@Suite struct MigrationRunnerEdgeTests {
    static func folder(_ scripts: [(String, String)]) -> MigrationFolder {
        MigrationFolder(
            migrations: scripts.enumerated().map { index, script in
                let id = MigrationID(number: index + 1, name: script.0)
                return MigrationFolder.Migration(
                    id: id, upPath: "m/\(id).up.sql", downPath: "m/\(id).down.sql", up: script.1, down: nil)
            }, displayPath: "m")
    }

    @Test func sqlitesForeignKeyCheckFailsTheMigrationBeforeItsCommit() throws {
        let up = SQLiteMigrationRenderer(config: Config()).script(
            MigrationStatements(transactional: ["DELETE FROM parent;"], needsForeignKeysOff: true),
            header: ["-- revision: 0002_orphans"])
        let folder = Self.folder([
            (
                "tables",
                """
                BEGIN IMMEDIATE;
                CREATE TABLE parent (id INTEGER PRIMARY KEY);
                CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id) ON DELETE CASCADE);
                INSERT INTO parent VALUES (1);
                INSERT INTO child VALUES (1, 1);
                COMMIT;
                """
            ),
            ("orphans", up),
        ])
        let connection = try SQLiteConnection(path: ":memory:")
        let runner = MigrationRunner(connection: connection, folder: folder)
        let error = MigrationRunnerTests.runError { try runner.up() }
        guard case .failed(let failure) = error else {
            Issue.record("not a failure: \(String(describing: error))")
            return
        }
        let lines = up.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[failure.line - 1].hasPrefix("INSERT INTO schemagen_foreign_key_check"))
        #expect(failure.error.message.contains("no_row_may_break_a_foreign_key"))
        #expect(failure.version?.number == 1)
        // Rolled back: no cascade happened with foreign keys off, and the delete is undone.
        #expect(
            try connection.query("SELECT (SELECT count(*) FROM parent), (SELECT count(*) FROM child)") == [["1", "1"]])
        #expect(try connection.query("PRAGMA foreign_keys") == [["1"]])
        #expect(try runner.state().version?.number == 1)
    }

    @Test(.postgresAvailable) func aPostgresStatementAfterTheTransactionLeavesTheMigrationUnfinished() throws {
        try PostgresServer.withDatabase { database in
            let second = """
                -- revision: 0002_unique

                BEGIN;

                ALTER TABLE t ADD COLUMN w integer;

                COMMIT;

                -- After the transaction: these cannot run inside one.
                CREATE UNIQUE INDEX CONCURRENTLY ux_t_v ON t (v);
                """
            let folder = Self.folder([
                ("t", "BEGIN;\nCREATE TABLE t (v integer);\nINSERT INTO t VALUES (1), (1);\nCOMMIT;\n"),
                ("unique", second),
            ])
            var runner = MigrationRunner(connection: try database.connect(), folder: folder)
            var events: [String] = []
            runner.onEvent = { if case .failed(let id, let direction) = $0 { events.append("\(direction) \(id)") } }
            let error = MigrationRunnerTests.runError { try runner.up() }
            guard case .failed(let failure) = error else {
                Issue.record("not a failure: \(String(describing: error))")
                return
            }
            #expect(events == ["up 0002_unique"], "a display is told to mark the line failed")
            #expect(failure.line == 10)
            #expect(failure.outcome == .recordCommitted)
            #expect(failure.version?.number == 2, "0002's row is there, unfinished")
            #expect(failure.error.code == "23505")
            #expect(failure.description.contains("0002_unique up committed its transaction and is recorded UNFINISHED"))
            #expect(failure.description.contains("schemagen migrate repair 0002"))
            #expect(!failure.description.contains("run it again"))

            let state = try runner.state()
            guard case .unfinished = state.entries[1] else {
                Issue.record("0002 is not unfinished: \(state.entries[1])")
                return
            }
            let refusals = MigrationRunnerTests.refusalMessages { try runner.up() }
            #expect(
                refusals.first?.contains("0002_unique committed its transaction, but its statements after it") == true)
            // Finished by hand, then recorded.
            try database.execute("DELETE FROM t WHERE ctid > (SELECT min(ctid) FROM t); DROP INDEX ux_t_v;")
            try database.execute("CREATE UNIQUE INDEX CONCURRENTLY ux_t_v ON t (v);")
            #expect(try runner.repair(2) == "0002_unique: recorded as finished")
            #expect(try runner.state().refusals(folder: "m") == [])
            #expect(try runner.up().steps.isEmpty)
        }
    }

    /// A migration with no transaction at all (the online mode's only concurrent index): a failure
    /// leaves it unrecorded, and the advice, fix the cause and run up again, works.
    @Test(.postgresAvailable) func aMigrationWithoutATransactionIsRunAgainFromItsStart() throws {
        try PostgresServer.withDatabase { database in
            let online = """
                -- revision: 0002_add_ux

                SET lock_timeout = '5s';

                -- After the transaction: these cannot run inside one.
                DROP INDEX CONCURRENTLY IF EXISTS ux_t_v;
                CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ux_t_v ON t (v);
                """
            let folder = Self.folder([
                ("t", "BEGIN;\nCREATE TABLE t (v integer);\nINSERT INTO t VALUES (1), (1);\nCOMMIT;\n"),
                ("add_ux", online),
            ])
            let runner = MigrationRunner(connection: try database.connect(), folder: folder)
            let error = MigrationRunnerTests.runError { try runner.up() }
            guard case .failed(let failure) = error else {
                Issue.record("not a failure: \(String(describing: error))")
                return
            }
            #expect(failure.outcome == .partlyCommitted)
            #expect(failure.version?.number == 1)
            #expect(failure.description.contains("before it was recorded: the database records 0001_t"))
            #expect(failure.description.contains("leaves an invalid index behind: drop it"))
            #expect(failure.description.contains("run `schemagen migrate up` again"))
            #expect(!failure.description.contains("repair"))
            #expect(try runner.state().pending.map(\.id.number) == [2])
            // The cause fixed, up again: the DROP … IF EXISTS takes the invalid index away.
            try database.execute("DELETE FROM t WHERE ctid > (SELECT min(ctid) FROM t);")
            #expect(try runner.up().steps.map(\.id.number) == [2])
            #expect(try database.value("SELECT indisvalid FROM pg_index WHERE indexrelid = 'ux_t_v'::regclass") == "t")
        }
    }

    /// A down whose first transaction (the one that deletes its row) committed before a later
    /// statement failed: the message says what the table records now, and warns that down again
    /// would revert the migration before.
    @Test(.postgresAvailable) func aDownThatDeletedItsRowSaysTheDatabaseIsAtTheOneBefore() throws {
        try PostgresServer.withDatabase { database in
            var folder = Self.folder([
                ("t", "BEGIN;\nCREATE TABLE t (v integer);\nCOMMIT;\n"),
                ("w", "BEGIN;\nALTER TABLE t ADD COLUMN w integer;\nCOMMIT;\n"),
            ])
            folder.migrations[1].down = """
                BEGIN;
                ALTER TABLE t DROP COLUMN w;
                COMMIT;

                BEGIN;
                ALTER TABLE t VALIDATE CONSTRAINT no_such_check;
                COMMIT;
                """
            let runner = MigrationRunner(connection: try database.connect(), folder: folder)
            try runner.up()
            let error = MigrationRunnerTests.runError { try runner.down(.steps(1)) }
            guard case .failed(let failure) = error else {
                Issue.record("not a failure: \(String(describing: error))")
                return
            }
            #expect(failure.line == 6)
            #expect(failure.outcome == .recordCommitted)
            #expect(failure.version?.number == 1)
            #expect(failure.description.contains("deleted its row: the database records 0001_t now"))
            #expect(failure.description.contains("`migrate down` again would revert 0001_t, not 0002_w"))
            #expect(try runner.state().version?.number == 1)
        }
    }
}
