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
        let (text, result) = SchemaDDL.render(Generator(root: root), dialect: dialect)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        let path = dialect == .postgres ? PostgresRenderer.path : SQLiteRenderer.path
        let committed = try String(contentsOf: root.appendingPathComponent("Generated/\(path)"), encoding: .utf8)
        #expect(try #require(text) == committed)
    }

    /// A dialect the config leaves out is printed all the same: asking for it is enough.
    @Test func aDialectTheConfigLeavesOutIsPrinted() throws {
        let project = try TemporaryProject(files: [
            "schema/projects.yaml": GeneratorTests.schema, "schemagen.yaml": "targets: [swift]\n",
        ])
        let (text, result) = SchemaDDL.render(Generator(root: project.root), dialect: .sqlite)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(try #require(text).contains("CREATE TABLE projects ("))
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
    }
}
