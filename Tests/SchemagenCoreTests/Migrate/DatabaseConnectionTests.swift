import Foundation
import Testing

@testable import SchemagenCore

/// The library's own connections on real databases: scripts run statement by statement, rows come
/// back as text, and a failure says where its statement starts.
@Suite struct DatabaseConnectionTests {
    static let script = """
        -- a comment first
        CREATE TABLE t (id integer PRIMARY KEY, name text NOT NULL);

        INSERT INTO t VALUES (1, 'a'), (2, 'b');
        UPDATE t SET name = 'c';
        INSERT INTO t VALUES (3, NULL);
        SELECT 1;
        """

    @Test func sqliteRunsAScriptAndNamesTheFailingStatement() throws {
        let db = try SQLiteConnection(path: ":memory:")
        do {
            try db.execute(Self.script)
            Issue.record("the NULL was accepted")
        } catch {
            #expect(error.message.contains("NOT NULL constraint failed: t.name"))
            #expect(error.statement == "INSERT INTO t VALUES (3, NULL);")
            let offset = try #require(error.statementOffset)
            #expect(DatabaseError.lineAndColumn(of: offset, in: Self.script) == (6, 1))
        }
        #expect(try db.query("SELECT id, name FROM t ORDER BY id") == [["1", "c"], ["2", "c"]])
        #expect(try db.query("SELECT name FROM t WHERE id = \(db.parameter(1))", ["2"]) == [["c"]])
        #expect(try db.execute("UPDATE t SET name = 'd'; DELETE FROM t WHERE id = 1;") == 3)
    }

    @Test func sqliteTriggersKeepTheirSemicolons() throws {
        let db = try SQLiteConnection(path: ":memory:")
        try db.execute(
            """
            CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL DEFAULT 0);
            CREATE TRIGGER bump AFTER INSERT ON t FOR EACH ROW
            BEGIN
                UPDATE t SET n = n + 1 WHERE id = NEW.id;
            END;
            INSERT INTO t (id) VALUES (1);
            """)
        #expect(try db.query("SELECT n FROM t") == [["1"]])
        #expect(try db.query("PRAGMA foreign_keys") == [["1"]])
    }

    @Test func aSyntaxErrorInSQLiteIsFoundAtItsStatement() throws {
        let db = try SQLiteConnection(path: ":memory:")
        let script = "CREATE TABLE a (x);\n\nCREATE TABLE b (y;\nCREATE TABLE c (z);"
        let error = try #require(throws: DatabaseError.self) { try db.execute(script) }
        #expect(error.statementOffset.map { DatabaseError.lineAndColumn(of: $0, in: script).line } == 3)
        #expect(try db.query("SELECT name FROM sqlite_schema") == [["a"]])
    }

    @Test(.postgresAvailable) func postgresRunsAScriptAndNamesTheFailingStatement() throws {
        try PostgresServer.withDatabase { database in
            let db = try database.connect()
            do {
                try db.execute(Self.script)
                Issue.record("the NULL was accepted")
            } catch let error as DatabaseError {
                #expect(error.code == "23502")
                #expect(error.message.contains("null value in column \"name\""))
                #expect(error.statement == "INSERT INTO t VALUES (3, NULL);")
                let offset = try #require(error.statementOffset)
                #expect(DatabaseError.lineAndColumn(of: offset, in: Self.script) == (6, 1))
            }
            #expect(try db.query("SELECT id, name FROM t ORDER BY id") == [["1", "c"], ["2", "c"]])
            #expect(try db.query("SELECT name FROM t WHERE id = \(db.parameter(1))", ["2"]) == [["c"]])
            #expect(try db.query("SELECT NULL::text") == [[nil]])
            #expect(try db.execute("UPDATE t SET name = 'd'; DELETE FROM t WHERE id = 1;") == 3)
        }
    }

    @Test(.postgresAvailable) func postgresPointsAtTheUnknownName() throws {
        try PostgresServer.withDatabase { database in
            let db = try database.connect()
            let script = """
                CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END; $$;
                SELECT 'é;' AS x;
                SELECT * FROM  missing;
                """
            let error = try #require(throws: DatabaseError.self) { try db.execute(script) }
            #expect(error.code == "42P01")
            let statement = try #require(error.statementOffset)
            #expect(DatabaseError.lineAndColumn(of: statement, in: script).line == 3)
            let pointed = try #require(error.errorOffset)
            #expect(DatabaseError.lineAndColumn(of: pointed, in: script) == (3, 16))
            // Statements that cannot run in a transaction block run on their own.
            try db.execute(
                "CREATE TABLE u (v int); CREATE INDEX CONCURRENTLY u_v ON u (v); CREATE INDEX CONCURRENTLY u_v2 ON u (v);"
            )
        }
    }

    @Test func aServerThatIsNotThereIsAnError() throws {
        let url = try DatabaseURL(parsing: "postgres:///nothing?host=/nonexistent-socket-dir&connect_timeout=2")
        let error = try #require(throws: DatabaseError.self) { try DatabaseConnector.connect(url) }
        #expect(error.message.hasPrefix("cannot connect to postgres:///nothing?host=/nonexistent-socket-dir"))
    }
}

extension PostgresDatabase {
    /// This database's address, through the cluster's socket directory.
    var address: PostgresAddress { PostgresAddress(host: cluster.socketDirectory, user: "postgres", database: name) }
    var url: DatabaseURL { .postgres(address) }

    /// A libpq connection to this database.
    func connect() throws -> PostgresConnection { try PostgresConnection(address) }
}
