import Foundation
import Testing

@testable import SchemagenCore

/// docs/migrations.md's example, run for real: `name` split into `first_name` and `last_name` in
/// two migrations (add and backfill, then drop), with the team's SQL for each dialect woven in,
/// applied with the plain shells on both databases with rows, up and down.
@Suite(.serialized, .postgresAvailable) struct HandWrittenSQLTests {
    static let v1 = """
        tables:
          people:
            columns:
              id: { type: uuid, primary_key: true, default: uuid() }
              name: { type: text, default: "" }
        """
    static let v2 = """
        tables:
          people:
            columns:
              id: { type: uuid, primary_key: true, default: uuid() }
              name: { type: text, default: "" }
              first_name: { type: text, default: "" }
              last_name: { type: text, default: "" }
        """
    static let v3 = """
        tables:
          people:
            exceptions: { destructive-change: "name lives on as first_name and last_name (0002)" }
            columns:
              id: { type: uuid, primary_key: true, default: uuid() }
              first_name: { type: text, default: "" }
              last_name: { type: text, default: "" }
        """

    /// The three migrations, generated and committed one after the other in a git repository.
    static func migrations() throws -> MigrationWorkflowTests.Repository {
        let repo = try MigrationWorkflowTests.Repository(schema: v1)
        try repo.generate()
        try repo.commit()
        try repo.project.write("schema/app.yaml", v2)
        try repo.project.write(
            "schema/migrations/0002/up.after.postgres.sql",
            "UPDATE people SET first_name = split_part(name, ' ', 1), last_name = substr(name, length(split_part(name, ' ', 1)) + 2);\n"
        )
        try repo.project.write(
            "schema/migrations/0002/up.after.sqlite.sql",
            "UPDATE people SET first_name = CASE WHEN instr(name, ' ') > 0 THEN substr(name, 1, instr(name, ' ') - 1) ELSE name END,\n"
                + "    last_name = CASE WHEN instr(name, ' ') > 0 THEN substr(name, instr(name, ' ') + 1) ELSE '' END;\n"
        )
        try repo.generate()
        try repo.commit()
        try repo.project.write("schema/app.yaml", v3)
        // The down re-adds `name` with its default; the team's SQL then puts the names back together.
        try repo.project.write(
            "schema/migrations/0003/down.after.sql", "UPDATE people SET name = trim(first_name || ' ' || last_name);\n")
        let result = try repo.generate()
        #expect(result.diagnostics.filter { $0.severity == .error } == [])
        try repo.commit()
        return repo
    }

    static let names = ["Ada Lovelace", "Grace Brewster Hopper", "Plato"]

    /// The script of migration `number` (`0002`) in `direction` (`up`).
    func script(_ repo: MigrationWorkflowTests.Repository, _ dialect: String, _ number: String, _ direction: String)
        throws -> String
    {
        let folder = "Generated/migrations/\(dialect)/"
        let file = try #require(
            repo.project.files(under: folder).first { $0.hasPrefix(number + "_") && $0.hasSuffix(".\(direction).sql") })
        return try #require(repo.project.read(folder + file))
    }

    @Test func theNameSplitsAndComesBackOnPostgres() throws {
        let repo = try Self.migrations()
        try PostgresServer.withDatabase { db in
            try db.execute(script(repo, "postgres", "0001", "up"))
            let values = Self.names.map { "('\($0)')" }.joined(separator: ", ")
            try db.execute("INSERT INTO people (name) VALUES \(values);")
            try db.execute(script(repo, "postgres", "0002", "up"))
            try db.execute(script(repo, "postgres", "0003", "up"))
            #expect(
                try db.query("SELECT first_name, last_name FROM people ORDER BY first_name").map {
                    $0.compactMap { $0 }
                } == [
                    ["Ada", "Lovelace"], ["Grace", "Brewster Hopper"], ["Plato", ""],
                ])
            try db.execute(script(repo, "postgres", "0003", "down"))
            #expect(try db.column("SELECT name FROM people ORDER BY name") == Self.names)
        }
    }

    @Test func theNameSplitsAndComesBackOnSQLite() throws {
        let repo = try Self.migrations()
        let database = repo.root.appendingPathComponent("app.db").path
        func apply(_ number: String, _ direction: String) throws {
            let file = repo.root.appendingPathComponent("apply.sql").path
            try script(repo, "sqlite", number, direction).write(toFile: file, atomically: true, encoding: .utf8)
            _ = try CommandRunner.run([
                "/bin/sh", "-c", "sqlite3 -bail -cmd 'PRAGMA foreign_keys = ON' \"$1\" < \"$2\"", "sh", database, file,
            ])
        }
        try apply("0001", "up")
        let db = try SQLiteDatabase(path: database)
        try db.execute(
            "INSERT INTO people (name) VALUES " + Self.names.map { "('\($0)')" }.joined(separator: ", ") + ";")
        try apply("0002", "up")
        try apply("0003", "up")
        #expect(
            try db.query("SELECT first_name, last_name FROM people ORDER BY first_name").map { $0.compactMap { $0 } }
                == [
                    ["Ada", "Lovelace"], ["Grace", "Brewster Hopper"], ["Plato", ""],
                ])
        try apply("0003", "down")
        #expect(try db.query("SELECT name FROM people ORDER BY name").map { $0[0] } == Self.names)
    }
}
