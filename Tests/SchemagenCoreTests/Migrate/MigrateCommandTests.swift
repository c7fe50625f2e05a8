import Foundation
import Testing

@testable import SchemagenCore

/// `schemagen migrate` as a user runs it: a project generated twice (two migrations), migrated up
/// and down on a SQLite file and on Postgres, its status, a refusal after an applied file is
/// edited, the repair, and a failure that names its file and line.
@Suite struct MigrateCommandTests {
    struct Run {
        var status: Int32
        var output: String
        var errorOutput: String
    }

    func schemagen(_ arguments: [String], in project: TemporaryProject, environment: [String: String] = [:]) throws
        -> Run
    {
        let executable = try #require(CommandLineTests.executable, "build the schemagen executable first (swift build)")
        do {
            let result = try CommandRunner.run(
                [executable] + arguments + ["--project", project.root.path],
                environment: ["DATABASE_URL": "", "NO_COLOR": ""].merging(environment) { $1 })
            return Run(status: 0, output: result.output, errorOutput: result.errorOutput)
        } catch {
            return Run(status: error.status, output: error.output, errorOutput: error.errorOutput)
        }
    }

    /// A project with two migrations: 0001 creates `projects`, 0002 adds a column.
    func project() throws -> (TemporaryProject, second: MigrationID) {
        let project = try TemporaryProject(files: ["schema/projects.yaml": GeneratorTests.schema])
        #expect(try schemagen(["generate"], in: project).status == 0)
        try project.write(
            "schema/projects.yaml",
            GeneratorTests.schema.replacingOccurrences(
                of: "name: varchar(100)", with: "name: varchar(100)\n      notes: { type: text, nullable: true }"))
        let second = try schemagen(["generate"], in: project)
        #expect(second.status == 0, "\(second.errorOutput)")
        let id = try #require(
            project.files(under: "Generated/migrations/sqlite").compactMap(MigrationID.init(fileName:)).max())
        #expect(id.number == 2)
        return (project, id)
    }

    @Test func upStatusRefusalRepairAndDownOnASQLiteFile() throws {
        let (project, second) = try project()
        let database = ["--database", "sqlite://" + project.root.appendingPathComponent("app.db").path]

        let up = try schemagen(["migrate", "up"] + database, in: project)
        #expect(up.status == 0, "\(up.errorOutput)")
        let lines = up.output.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasSuffix("(--database); Generated/migrations/sqlite: 2 migrations") == true)
        #expect(lines.dropFirst().first?.hasPrefix("  up    0001_create_schema  ") == true)
        #expect(lines.dropFirst(2).first?.hasPrefix("  up    \(second)  ") == true)
        #expect(lines.last?.hasPrefix("database at \(second), 1 table; 2 migrations applied in ") == true)
        #expect(!up.output.contains("\u{1B}"), "colour on a pipe")

        let status = try schemagen(["migrate", "status"] + database, in: project)
        #expect(status.status == 0)
        #expect(status.output.contains("  applied    0001_create_schema  20"))
        #expect(status.output.hasSuffix("database at \(second); 0 pending\n"))

        // --to takes a whole identity too, and refuses one whose name is not the migration's.
        let misnamed = try schemagen(["migrate", "down", "--to", "0001_create_tables"] + database, in: project)
        #expect(misnamed.status == 1)
        #expect(
            misnamed.errorOutput.contains("0001_create_tables is not a migration here: 0001 is 0001_create_schema"))
        let down = try schemagen(["migrate", "down", "--to", "0001_create_schema"] + database, in: project)
        #expect(down.status == 0, "\(down.errorOutput)")
        #expect(down.output.contains("  down  \(second)  "))
        #expect(down.output.contains("database at 0001_create_schema, 1 table; 1 migration reverted in "))

        // An applied file edited: refused, with the repair named; repaired, up goes on.
        let applied = "Generated/migrations/sqlite/0001_create_schema.up.sql"
        try project.write(applied, try #require(project.read(applied)) + "-- a note\n")
        let refused = try schemagen(["migrate", "up"] + database, in: project)
        #expect(refused.status == 1)
        #expect(refused.errorOutput.contains("0001_create_schema was applied with checksum"))
        #expect(refused.errorOutput.contains("`schemagen migrate repair 0001`"))
        // Not in git: no `git checkout` to advise.
        #expect(refused.errorOutput.contains("Restore the file as it was applied; or, if the change is deliberate"))
        let refusedStatus = try schemagen(["migrate", "status"] + database, in: project)
        #expect(refusedStatus.status == 1)
        #expect(refusedStatus.output.contains("  CHANGED    0001_create_schema"))
        let repair = try schemagen(["migrate", "repair", "1"] + database, in: project)
        #expect(repair.status == 0, "\(repair.errorOutput)")
        #expect(repair.output.contains("0001_create_schema: recorded checksum sha256:"))
        #expect(try schemagen(["migrate", "up"] + database, in: project).status == 0)

        let all = try schemagen(["migrate", "down", "--to", "0"] + database, in: project)
        #expect(all.status == 0, "\(all.errorOutput)")
        #expect(all.output.contains("database empty (no migration applied), 0 tables; 2 migrations reverted"))
        #expect(try schemagen(["migrate", "down", "--to", "1", "--steps", "1"] + database, in: project).status == 2)
    }

    @Test func theURLComesFromDotEnvUnlessTheEnvironmentHasIt() throws {
        let (project, _) = try project()
        let file = project.root.appendingPathComponent("dev.db").path
        try project.write(".env", "# local\nDATABASE_URL=sqlite://\(file)\n")
        // status creates no file for a path that has none (a typo would leave an empty database).
        let missing = try schemagen(["migrate", "status"], in: project)
        #expect(missing.status == 1)
        #expect(
            missing.errorOutput.contains("cannot open \(file): no such file (only `schemagen migrate up` creates one)"))
        #expect(try schemagen(["migrate", "down"], in: project).status == 1)
        #expect(!FileManager.default.fileExists(atPath: file))
        let created = try schemagen(["migrate", "up", "--to", "1"], in: project)
        #expect(created.status == 0, "\(created.errorOutput)")
        let fromFile = try schemagen(["migrate", "status"], in: project)
        #expect(fromFile.status == 0, "\(fromFile.errorOutput)")
        #expect(fromFile.output.hasPrefix("sqlite:\(file) (.env:2);"))
        let other = project.root.appendingPathComponent("other.db").path
        let fromEnvironment = try schemagen(
            ["migrate", "up"], in: project, environment: ["DATABASE_URL": "sqlite://\(other)"])
        #expect(fromEnvironment.output.hasPrefix("sqlite:\(other) ($DATABASE_URL);"))
        #expect(FileManager.default.fileExists(atPath: other))

        try FileManager.default.removeItem(at: project.root.appendingPathComponent(".env"))
        let none = try schemagen(["migrate", "up"], in: project)
        #expect(none.status == 1)
        #expect(none.errorOutput.contains("no database: give --database <url>, or set DATABASE_URL"))
        try project.write(".env", "DATABASE_URL='sqlite:x.db\n")
        let unterminated = try schemagen(["migrate", "status"], in: project)
        #expect(unterminated.status == 1)
        #expect(unterminated.errorOutput.hasPrefix("error: .env:1:14: DATABASE_URL's value opens a ' quote"))
        try FileManager.default.removeItem(at: project.root.appendingPathComponent(".env"))
        let bad = try schemagen(["migrate", "up", "--database", "mysql://x"], in: project)
        #expect(bad.status == 1)
        #expect(bad.errorOutput.contains("is neither `postgres://…`"))
    }

    @Test func aFailingStatementIsNamedByFileAndLine() throws {
        let (project, second) = try project()
        let path = "Generated/migrations/sqlite/\(second).up.sql"
        var lines = try #require(project.read(path)).split(separator: "\n", omittingEmptySubsequences: false)
        let begin = try #require(lines.firstIndex(of: "BEGIN IMMEDIATE;"))
        lines.insert("UPDATE no_such_table SET x = 1;", at: begin + 2)
        try project.write(path, lines.joined(separator: "\n"))
        let database = ["--database", "sqlite://" + project.root.appendingPathComponent("app.db").path]
        let up = try schemagen(["migrate", "up"] + database, in: project)
        #expect(up.status == 1)
        #expect(up.errorOutput.hasPrefix("\(path):\(begin + 3):1: error: no such table: no_such_table"))
        #expect(up.errorOutput.contains("\(second) up was rolled back: the database stays at 0001_create_schema."))
        #expect(up.output.contains("  up    0001_create_schema"))
    }

    @Test(.postgresAvailable) func upStatusAndDownOnPostgres() throws {
        let (project, second) = try project()
        try PostgresServer.withDatabase { database in
            let url = "postgresql:///\(database.name)?host=\(database.cluster.socketDirectory)&user=postgres"
            let up = try schemagen(["migrate", "up", "--database", url], in: project)
            #expect(up.status == 0, "\(up.errorOutput)")
            #expect(up.output.contains("  up    \(second)  "))
            #expect(try database.value("SELECT count(*) FROM schemagen_migrations") == "2")
            #expect(
                try database.column(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = 'projects' AND column_name = 'notes'"
                ) == ["notes"])
            let status = try schemagen(["migrate", "status", "--database", url], in: project)
            #expect(status.output.hasSuffix("database at \(second); 0 pending\n"))
            let down = try schemagen(["migrate", "down", "--steps", "2", "--database", url], in: project)
            #expect(down.status == 0, "\(down.errorOutput)")
            #expect(try database.value("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "1")
        }
    }
}
