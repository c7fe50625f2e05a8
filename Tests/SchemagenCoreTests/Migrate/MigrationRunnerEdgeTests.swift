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
            let runner = MigrationRunner(connection: try database.connect(), folder: folder)
            let error = MigrationRunnerTests.runError { try runner.up() }
            guard case .failed(let failure) = error else {
                Issue.record("not a failure: \(String(describing: error))")
                return
            }
            #expect(failure.line == 10)
            #expect(failure.partlyCommitted)
            #expect(failure.error.code == "23505")
            #expect(failure.description.contains("schemagen migrate repair 0002"))

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
}
