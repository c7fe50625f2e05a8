import Foundation
import Testing

@testable import SchemagenCore

/// The dev loop, from the command line, in a real git repository: a migration not committed yet is
/// applied, the schema changes again, and `generate` plans that migration again (under its name or
/// under another). `up` refuses and names the command that gets out, and that command works: `down`
/// reverts with the down recorded when the migration was applied, and `up` applies the new one.
@Suite struct MigrateDevLoopTests {
    let command = MigrateCommandTests()

    func columns(_ table: String, _ path: String) throws -> [String] {
        try SQLiteConnection(path: path, create: false).query("SELECT name FROM pragma_table_info('\(table)')")
            .compactMap { $0[0] }
    }

    /// The refusal's advice, run as given: the command between backticks after `migrate down`.
    func advisedDown(_ refusal: String) throws -> [String] {
        let start = try #require(refusal.range(of: "`schemagen migrate down "))
        let end = try #require(refusal[start.upperBound...].firstIndex(of: "`"))
        return ["migrate", "down"] + refusal[start.upperBound..<end].split(separator: " ").map(String.init)
    }

    @Test func aPendingMigrationPlannedAgainIsRevertedWithItsRecordedDown() throws {
        let repo = try MigrationWorkflowTests.Repository(schema: MigrationWorkflowTests.v1)
        try repo.generate()
        try repo.commit()
        let path = repo.root.appendingPathComponent("dev.db").path
        let database = ["--database", "sqlite:" + path]
        let run = { (arguments: [String]) throws in try command.schemagen(arguments + database, in: repo.project) }
        #expect(try run(["migrate", "up"]).status == 0)

        // Work in progress: 0002 applied before it is committed.
        let v1 = MigrationWorkflowTests.v1
        let withPriority = v1.replacing("      title: text\n", with: "      title: text\n      priority: text?\n")
        try repo.project.write("schema/app.yaml", withPriority)
        #expect(try repo.generate().migration?.id.description == "0002_add_tasks_priority")
        let first = try run(["migrate", "up"])
        #expect(first.status == 0, "\(first.errorOutput)")
        #expect(first.output.contains("note: 0002_add_tasks_priority is not committed yet."))
        #expect(try columns("tasks", path).contains("priority"))

        // Planned again under another name: the applied one is unknown to the folder now.
        let withDone = withPriority.replacing(
            "      priority: text?\n", with: "      priority: text?\n      done: { type: bool, default: false }\n")
        try repo.project.write("schema/app.yaml", withDone)
        let second = try #require(try repo.generate().migration?.id)
        #expect(second.description != "0002_add_tasks_priority")
        let unknown = try run(["migrate", "up"])
        #expect(unknown.status == 1)
        #expect(unknown.errorOutput.contains("the database holds 0002_add_tasks_priority"))
        let repairUnknown = try run(["migrate", "repair", "2"])
        #expect(repairUnknown.status == 1)
        #expect(try advisedDown(repairUnknown.errorOutput) == ["migrate", "down", "--steps", "1"])
        let advice = try advisedDown(unknown.errorOutput)
        #expect(advice == ["migrate", "down", "--steps", "1"])
        let reverted = try run(advice)
        #expect(reverted.status == 0, "\(reverted.errorOutput)")
        #expect(reverted.output.contains("down  0002_add_tasks_priority"))
        #expect(reverted.output.contains("with the down recorded when it was applied"))
        #expect(reverted.output.contains("database at 0001_create_schema"))
        #expect(try !columns("tasks", path).contains("priority"))
        #expect(try run(["migrate", "up"]).status == 0)
        #expect(try columns("tasks", path).contains("done"))

        // Planned again under the same name: the applied one's file changed.
        let withWeight = withDone.replacing("      title: text\n", with: "      title: text\n      weight: text?\n")
        try repo.project.write("schema/app.yaml", withWeight)
        #expect(try repo.generate().migration?.id == second, "planned again under its name")
        let changed = try run(["migrate", "up"])
        #expect(changed.status == 1)
        #expect(changed.errorOutput.contains("\(second) was applied from a file that git has not committed yet"))
        #expect(!changed.errorOutput.contains("git checkout"))
        let status = try run(["migrate", "status"])
        #expect(status.output.contains("  CHANGED    \(second)"))
        // repair would record a file the database does not hold: refused, with the same way out.
        let repair = try run(["migrate", "repair", "2"])
        #expect(repair.status == 1)
        #expect(try advisedDown(repair.errorOutput) == ["migrate", "down", "--steps", "1"])
        let again = try run(try advisedDown(changed.errorOutput))
        #expect(again.status == 0, "\(again.errorOutput)")
        #expect(again.output.contains("with the down recorded when it was applied"))
        let up = try run(["migrate", "up"])
        #expect(up.status == 0, "\(up.errorOutput)")
        #expect(try columns("tasks", path).contains("weight"))
        #expect(try run(["migrate", "status"]).status == 0)

        // Committed, then edited: that stays refused, for down too, with restore or repair.
        try repo.commit()
        let file = "Generated/migrations/sqlite/\(second).up.sql"
        try repo.project.write(file, try #require(repo.project.read(file)) + "-- an edit\n")
        let edited = try run(["migrate", "down"])
        #expect(edited.status == 1)
        #expect(edited.errorOutput.contains("git checkout -- \(file)"))
        try repo.git("checkout", "--", file)
        #expect(try run(["migrate", "down"]).status == 0)
    }

    /// A table made before `down_sql` existed gets the column on the next `up`.
    @Test func aTableWithoutTheDownColumnGetsIt() throws {
        try MigrationRunnerTests.withSQLiteFile { path in
            let connection = try SQLiteConnection(path: path)
            try connection.execute(
                """
                CREATE TABLE schemagen_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,
                    checksum TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT 'x', duration_ms INTEGER);
                """)
            let folder = try MigrationRunnerTests.folder(.sqlite)
            let runner = MigrationRunner(connection: connection, folder: folder)
            #expect(try runner.state().version == nil)
            try runner.up(to: 2)
            let records = try MigrationTable.records(connection)
            #expect(records.map(\.downSQL) == folder.migrations.prefix(2).map(\.down))
        }
    }
}
