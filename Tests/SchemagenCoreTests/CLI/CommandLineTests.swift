import Foundation
import Testing

@testable import SchemagenCore

/// The `schemagen` executable itself, run as a user would: exit codes, where output goes, formats.
@Suite struct CommandLineTests {
    /// The built executable sits beside the test bundle in the build directory.
    static let executable: String? = {
        // Every test that runs the executable comes here first: its records of up-to-date runs go to
        // a folder of the tests, never to the user's cache (children inherit the environment).
        if ProcessInfo.processInfo.environment["SCHEMAGEN_CACHE_DIR"] == nil {
            setenv("SCHEMAGEN_CACHE_DIR", testCache.path, 1)
        }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("schemagen").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return nil
    }()

    /// The tests' cache of up-to-date records.
    static let testCache = FileManager.default.temporaryDirectory.appendingPathComponent("schemagen-tests-cache")

    struct Run {
        var status: Int32
        var output: String
        var errorOutput: String
    }

    func schemagen(_ arguments: [String], in project: TemporaryProject, environment: [String: String] = [:]) throws
        -> Run
    {
        let executable = try #require(Self.executable, "build the schemagen executable first (swift build)")
        do {
            let result = try CommandRunner.run(
                [executable] + arguments + ["--project", project.root.path], environment: environment)
            return Run(status: 0, output: result.output, errorOutput: result.errorOutput)
        } catch {
            return Run(status: error.status, output: error.output, errorOutput: error.errorOutput)
        }
    }

    static let schema = GeneratorTests.schema

    /// `check` and `generate` keep a record of an up-to-date run in the cache directory, and the
    /// next run answered from it prints the same; `--no-cache` neither reads nor writes one.
    @Test func aRunWithNothingToDoIsAnsweredFromTheRecord() throws {
        let project = try TemporaryProject(files: ["schema/projects.yaml": Self.schema])
        let cache = project.root.appendingPathComponent(".cache").path
        let uncached = project.root.appendingPathComponent(".cache-none").path
        #expect(
            try schemagen(["generate", "--quiet"], in: project, environment: ["SCHEMAGEN_CACHE_DIR": cache]).status == 0
        )
        let none = try schemagen(["check", "--no-cache"], in: project, environment: ["SCHEMAGEN_CACHE_DIR": uncached])
        #expect(none.status == 0 && none.output == "Generated/ is up to date (13 files)\n")
        #expect(!FileManager.default.fileExists(atPath: uncached))
        for _ in 0..<2 {
            let check = try schemagen(["check"], in: project, environment: ["SCHEMAGEN_CACHE_DIR": cache])
            #expect(check.status == 0 && check.output == none.output && check.errorOutput == "")
        }
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? []).count == 1)
        let generate = try schemagen([], in: project, environment: ["SCHEMAGEN_CACHE_DIR": cache])
        #expect(generate.status == 0 && generate.output == none.output)
        try project.write("Generated/sqlite/schema.sql", "-- mine\n")
        let stale = try schemagen(["check"], in: project, environment: ["SCHEMAGEN_CACHE_DIR": cache])
        #expect(stale.status == 1 && stale.errorOutput.hasPrefix("stale: Generated/sqlite/schema.sql\n"))
    }

    @Test func generateThenCheckThenAOneLineEdit() throws {
        let project = try TemporaryProject(files: ["schema/projects.yaml": Self.schema])
        let generate = try schemagen(["generate"], in: project)
        #expect(generate.status == 0, "\(generate.errorOutput)")
        #expect(generate.output.contains("wrote Generated/postgres/schema.sql"))
        #expect(
            project.files(under: "Generated").filter { !$0.hasPrefix("migrations/") } == [
                "SCHEMA.md", "postgres/schema.sql", "sqlite/schema.sql", "swift/Project.swift",
                "swift/SchemaMigrations.swift", "swift/SchemaMigrations/0001_create_schema.swift",
                "swift/TimestampCoding.swift",
            ])
        #expect(generate.output.hasSuffix("migration 0001_create_schema: create table projects\n"))

        let again = try schemagen([], in: project)
        #expect(again.status == 0)
        #expect(again.output == "Generated/ is up to date (13 files)\n")

        try project.write("schema/projects.yaml", Self.schema.replacingOccurrences(of: "varchar(100)", with: "text"))
        let check = try schemagen(["check"], in: project)
        #expect(check.status == 1)
        #expect(check.output == "")
        // The DDL, SCHEMA.md, and the migration that the edit needs (outside git, 0001 counts as
        // committed).
        #expect(
            check.errorOutput == """
                stale: Generated/SCHEMA.md
                missing: Generated/migrations/postgres/0002_change_projects_name.down.sql
                missing: Generated/migrations/postgres/0002_change_projects_name.up.sql
                stale: Generated/migrations/schemagen.sum
                missing: Generated/migrations/snapshots/0002_change_projects_name.json
                missing: Generated/migrations/sqlite/0002_change_projects_name.down.sql
                missing: Generated/migrations/sqlite/0002_change_projects_name.up.sql
                stale: Generated/postgres/schema.sql
                stale: Generated/swift/SchemaMigrations.swift
                missing: Generated/swift/SchemaMigrations/0002_change_projects_name.swift
                error: 10 generated file(s) out of date; run `schemagen generate`

                """
        )

        // A script reading JSON sees the stale file as a finding, at the first line that differs.
        let json = try schemagen(["check", "--format", "json"], in: project)
        #expect(json.status == 1)
        // The stale lines go to one stream in every format: standard error.
        #expect(json.errorOutput == check.errorOutput)
        #expect(try schemagen(["check", "--format", "sarif"], in: project).errorOutput == check.errorOutput)
        let document = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        let findings = document?["diagnostics"] as? [[String: Any]] ?? []
        #expect(findings.count == 10 && findings.allSatisfy { $0["rule"] as? String == "stale-output" })
        let ddl = try #require(findings.first { $0["file"] as? String == "Generated/postgres/schema.sql" })
        let differing = try #require(ddl["line"] as? Int)
        let lines = try String(
            contentsOf: project.root.appending(path: "Generated/postgres/schema.sql"), encoding: .utf8
        )
        .split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[differing - 1].contains("varchar(100)"), "\(lines[differing - 1])")
    }

    @Test func lintPrintsFindingsOnStandardOutputAndFailsOnErrors() throws {
        let project = try TemporaryProject(files: [
            "schema/things.yaml":
                "tables:\n  things:\n    columns:\n      id: { type: uuid, primary_key: true, default: uuid() }\n      metadata: json?\n"
        ])
        let lint = try schemagen(["lint"], in: project, environment: ["NO_COLOR": "1"])
        #expect(lint.status == 1)
        #expect(
            lint.output.contains(
                "schema/things.yaml:5:7: error: column 'metadata' is a reserved name [reserved-name]\n"))
        #expect(lint.output.contains("  fix: rename it to 'thing_metadata'"))
        #expect(!lint.output.contains("\u{1B}["), "no colour when not on a terminal")
        #expect(!lint.output.contains("      metadata: json?\n      ^"), "no snippet unless asked")

        let snippets = try schemagen(["lint", "--snippets"], in: project)
        #expect(snippets.output.contains("      metadata: json?\n      ^~~~~~~~\n"))

        // generate writes nothing when the schema has an error.
        let generate = try schemagen(["generate"], in: project)
        #expect(generate.status == 1)
        #expect(!project.exists("Generated"))
    }

    @Test func jsonAndSarifGoToStandardOutput() throws {
        let project = try TemporaryProject(files: [
            "schema/things.yaml":
                "tables:\n  things:\n    columns:\n      id: { type: uuid, primary_key: true, default: uuid() }\n      type: text\n"
        ])
        let json = try schemagen(["lint", "--format", "json"], in: project)
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.contains { $0["rule"] as? String == "reserved-name" && $0["line"] as? Int == 5 })

        let sarif = try schemagen(["lint", "--format", "sarif"], in: project)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.output.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
    }

    @Test func usageErrorsExitWithTwo() throws {
        let project = try TemporaryProject()
        #expect(try schemagen(["--no-such-flag"], in: project).status == 2)
        #expect(try schemagen(["lint", "--format", "xml"], in: project).status == 2)
        #expect(try schemagen(["--target", "oracle"], in: project).status == 2)
        // A project directory that is not there is a mistyped option, not a finding about a schema.
        try FileManager.default.removeItem(at: project.root)
        for command in ["generate", "check", "lint"] {
            let run = try schemagen([command], in: project)
            #expect(run.status == 2)
            #expect(run.errorOutput.contains("the project directory '\(project.root.path)' does not exist"))
        }
    }

    @Test func aMissingSchemaDirectoryIsAnErrorNotACrash() throws {
        let project = try TemporaryProject()
        let run = try schemagen(["check"], in: project)
        #expect(run.status == 1)
        #expect(run.errorOutput.contains("error: schema directory 'schema' does not exist [io]"))
    }

    /// The case: a schema directory that yields nothing (here a link to a folder that is
    /// not mounted) used to be generated as a schema without tables, removing every model.
    @Test func aSchemaThatCannotBeReadLeavesGeneratedFilesAlone() throws {
        let project = try TemporaryProject(files: ["db/projects.yaml": Self.schema])
        try FileManager.default.createSymbolicLink(
            atPath: project.root.appendingPathComponent("schema").path, withDestinationPath: "db")
        #expect(try schemagen(["generate"], in: project).status == 0)
        let written = project.files(under: "Generated")
        #expect(written.contains("swift/Project.swift"))

        try FileManager.default.moveItem(
            at: project.root.appendingPathComponent("db"), to: project.root.appendingPathComponent("db-moved"))
        let dangling = try schemagen(["generate"], in: project)
        #expect(dangling.status == 1)
        #expect(dangling.errorOutput.contains("error: 'schema' is a symbolic link to 'db', which does not exist [io]"))
        #expect(project.files(under: "Generated") == written)

        try FileManager.default.createDirectory(
            at: project.root.appendingPathComponent("db"), withIntermediateDirectories: true)
        let empty = try schemagen(["generate"], in: project)
        #expect(empty.status == 1)
        #expect(empty.errorOutput.contains("holds no .yaml or .yml file: nothing to generate [empty-schema]"))
        #expect(project.files(under: "Generated") == written)
    }

    /// With `Generated/swift` a plain file, `generate` used to write both `schema.sql` and then fail
    /// on the models without saying why; now it writes nothing and names what is in the way.
    @Test func generateChecksWhatIsInTheWayBeforeWritingAnything() throws {
        let project = try TemporaryProject(files: ["schema/projects.yaml": Self.schema, "Generated/swift": "oops\n"])
        let run = try schemagen(["generate"], in: project, environment: ["NO_COLOR": "1"])
        #expect(run.status == 1)
        #expect(
            run.errorOutput.contains(
                "error: cannot write 'Generated/swift/Project.swift' and 3 more: 'Generated/swift' is a file, where schemagen needs a folder [io]\n  fix: move or remove 'Generated/swift'\n"
            ), "\(run.errorOutput)")
        #expect(project.files(under: "Generated") == ["swift"])

        // In JSON, the finding is in the one document on standard output.
        let json = try schemagen(["generate", "--format", "json"], in: project)
        #expect(json.status == 1)
        let document = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        let findings = document?["diagnostics"] as? [[String: Any]] ?? []
        #expect(findings.map { $0["rule"] as? String } == ["io"])
    }

    /// `check` names what `generate` would stop at, not every file that it leaves missing.
    @Test func checkNamesWhatIsInTheWay() throws {
        let project = try TemporaryProject(files: ["schema/projects.yaml": Self.schema, "Generated": "a file\n"])
        let run = try schemagen(["check"], in: project, environment: ["NO_COLOR": "1"])
        #expect(run.status == 1)
        #expect(
            run.errorOutput.hasPrefix("error: cannot write 'Generated/")
                && run.errorOutput.contains("'Generated' is a file, where schemagen needs a folder [io]"),
            "\(run.errorOutput)")
        #expect(!run.errorOutput.contains("missing"), "\(run.errorOutput)")
    }

    /// One version, defined in the library: what `--version` prints is what SARIF logs carry.
    @Test func versionIsPrintedAndCarriedBySARIF() throws {
        let executable = try #require(Self.executable)
        let version = try CommandRunner.run([executable, "--version"])
        #expect(version.output == SchemagenVersion.current + "\n")

        let project = try TemporaryProject(files: ["schema/projects.yaml": Self.schema])
        let sarif = try schemagen(["lint", "--format", "sarif"], in: project)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.output.utf8)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = (run["tool"] as? [String: Any])?["driver"] as? [String: Any]
        #expect(driver?["version"] as? String == SchemagenVersion.current)
    }
}
