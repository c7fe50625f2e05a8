import Foundation
import Testing

@testable import SchemagenCore

/// `schemagen ddl`: one dialect's schema file as `generate` writes it, printed, with nothing read
/// of `Generated/` and nothing written.
@Suite struct SchemaDDLTests {
    let cli = CommandLineTests()

    /// The repository's own schema (14 tables in eight files, mixins, enums, every kind of key):
    /// the DDL is the committed `Generated/` file, byte for byte.
    @Test(arguments: SchemaDDL.dialects) func theDDLIsTheFileGenerateWrites(dialect: Config.Target) throws {
        let root = OutputStabilityTests.repositoryRoot
        let (scripts, result) = SchemaDDL.render(Generator(root: root), dialects: [dialect])
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        let script = try #require(scripts?.first)
        #expect(scripts?.count == 1)
        #expect(script.dialect == dialect)
        let committed = try String(
            contentsOf: root.appendingPathComponent("Generated/\(script.path)"), encoding: .utf8)
        #expect(script.text == committed)
    }

    /// Both dialects from one load, their parts in one job list: each is what it is alone, in the
    /// order asked for, a dialect asked for twice once.
    @Test func bothDialectsFromOneRunAreEachTheFileGenerateWrites() throws {
        let root = OutputStabilityTests.repositoryRoot
        let (scripts, result) = SchemaDDL.render(Generator(root: root), dialects: [.sqlite, .postgres, .sqlite])
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        let both = try #require(scripts)
        #expect(both.map(\.dialect) == [.sqlite, .postgres])
        #expect(both.map(\.path) == [SQLiteRenderer.path, PostgresRenderer.path])
        for script in both {
            let committed = try String(
                contentsOf: root.appendingPathComponent("Generated/\(script.path)"), encoding: .utf8)
            #expect(script.text == committed, "\(script.path)")
        }
    }

    /// A dialect the config leaves out is printed all the same: asking for it is enough.
    @Test func aDialectTheConfigLeavesOutIsPrinted() throws {
        let project = try TemporaryProject(files: [
            "schema/projects.yaml": GeneratorTests.schema, "schemagen.yaml": "targets: [swift]\n",
        ])
        let (scripts, result) = SchemaDDL.render(Generator(root: project.root), dialects: [.sqlite])
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(try #require(scripts?.first?.text).contains("CREATE TABLE projects ("))
        #expect(!project.exists("Generated"))
    }

    @Test func theCommandPrintsTheDDLAndWritesNothing() throws {
        let project = try TemporaryProject(files: ["schema/projects.yaml": GeneratorTests.schema])
        let run = try cli.schemagen(["ddl", "--dialect", "postgres"], in: project)
        #expect(run.status == 0, "\(run.errorOutput)")
        #expect(run.errorOutput == "")
        let generated = Generator(root: project.root).run()
        #expect(run.output == generated.files.first { $0.path == PostgresRenderer.path }?.contents)
        #expect(!project.exists("Generated"))
    }

    @Test func aSchemaErrorPrintsNoDDLAndFailsOnItsLine() throws {
        let broken = GeneratorTests.schema.replacingOccurrences(of: "varchar(100)", with: "varchar(hundred)")
        let project = try TemporaryProject(files: ["schema/projects.yaml": broken])
        let run = try cli.schemagen(["ddl", "--dialect", "sqlite"], in: project)
        #expect(run.status == 1)
        #expect(run.output == "")
        #expect(run.errorOutput.hasPrefix("schema/projects.yaml:5:"), "\(run.errorOutput)")
        #expect(try cli.schemagen(["ddl"], in: project).status == 2)
        #expect(try cli.schemagen(["ddl", "--output-dir", project.root.path + "/out"], in: project).status == 1)
        #expect(!project.exists("out"))
    }

    /// Two scripts in one stream would be fed to one database: printing takes one dialect.
    @Test func printingTakesExactlyOneDialect() throws {
        let project = try TemporaryProject(files: ["schema/projects.yaml": GeneratorTests.schema])
        for arguments in [["ddl"], ["ddl", "--dialect", "postgres", "--dialect", "sqlite"]] {
            let run = try cli.schemagen(arguments, in: project)
            #expect(run.status == 2, "\(arguments)")
            #expect(run.output == "")
            #expect(run.errorOutput.contains("--output-dir"), "\(run.errorOutput)")
        }
    }

    /// `--output-dir` writes each dialect's `schema.sql` where `generate` would put it under
    /// `Generated/`, with the same bytes; again, it writes nothing (the files keep their dates);
    /// what else is in the directory is left alone; `--dialect` narrows it.
    @Test func theOutputDirectoryGetsEachDialectsFileOnlyWhenItChanges() throws {
        let project = try TemporaryProject(files: [
            "schema/projects.yaml": GeneratorTests.schema, "out/notes.txt": "mine\n",
        ])
        // Relative to the working directory, as any path on a command line: absolute here.
        let out = project.root.path + "/out"
        let first = try cli.schemagen(["ddl", "--output-dir", out], in: project)
        #expect(first.status == 0, "\(first.errorOutput)")
        #expect(first.output == "")
        let generated = Generator(root: project.root).run().files
        for path in [PostgresRenderer.path, SQLiteRenderer.path] {
            #expect(project.read("out/\(path)") == generated.first { $0.path == path }?.contents, "\(path)")
        }
        #expect(project.read("out/notes.txt") == "mine\n")
        #expect(!project.exists("Generated"))

        let sqlite = project.root.appendingPathComponent("out/\(SQLiteRenderer.path)").path
        let dated = Date(timeIntervalSince1970: 1_000_000)
        try FileManager.default.setAttributes([.modificationDate: dated], ofItemAtPath: sqlite)
        #expect(try cli.schemagen(["ddl", "--output-dir", out], in: project).status == 0)
        #expect(try FileManager.default.attributesOfItem(atPath: sqlite)[.modificationDate] as? Date == dated)

        let only = try TemporaryProject(files: ["schema/projects.yaml": GeneratorTests.schema])
        let onlyOut = only.root.path + "/out"
        #expect(try cli.schemagen(["ddl", "--dialect", "sqlite", "--output-dir", onlyOut], in: only).status == 0)
        #expect(only.exists("out/\(SQLiteRenderer.path)"))
        #expect(!only.exists("out/postgres"))
    }

    /// A directory that cannot be written is an error that names the file, and nothing is left
    /// half written.
    @Test func anOutputDirectoryThatIsAFileFailsAndWritesNothing() throws {
        let project = try TemporaryProject(files: ["schema/projects.yaml": GeneratorTests.schema, "out": "a file\n"])
        let run = try cli.schemagen(["ddl", "--output-dir", project.root.path + "/out"], in: project)
        #expect(run.status == 1)
        #expect(run.errorOutput.hasPrefix("error: cannot write '"), "\(run.errorOutput)")
        #expect(project.read("out") == "a file\n")
    }
}
