import Foundation
import Testing

@testable import SchemagenCore

/// `schemagen diff` and `schemagen verify` as a user runs them: output, streams, exit codes.
@Suite struct ReviewCommandLineTests {
    let cli = CommandLineTests()

    @Test func diffPrintsMarkdownOrJSONAndRefusesAnUnknownRevision() throws {
        let repository = try ChainVerifierTests.project(["13-change-indexes", "14-add-enum-value"])
        let markdown = try cli.schemagen(["diff", "--from", "HEAD"], in: repository.project)
        #expect(markdown.status == 0, "\(markdown.errorOutput)")
        #expect(markdown.output.hasPrefix("## Schema changes from `HEAD` to the work tree\n"))
        #expect(markdown.output.contains("- `agent_kind`: values added: `researcher`"))

        let json = try cli.schemagen(["diff", "--from", "HEAD", "--format", "json"], in: repository.project)
        let report = try JSONDecoder().decode(ChangeReport.self, from: Data(json.output.utf8))
        #expect(report.enums.map(\.name) == ["agent_kind"])

        let unknown = try cli.schemagen(["diff", "--from", "no-such-ref"], in: repository.project)
        #expect(unknown.status == 1)
        #expect(unknown.output == "")
        #expect(unknown.errorOutput.contains("'no-such-ref' is neither a folder nor a commit"))
    }

    @Test func verifyExitsOneWithTheDifference() throws {
        let repository = try ChainVerifierTests.project(["01-example"])
        let good = try cli.schemagen(["verify"], in: repository.project, environment: ["DATABASE_URL": ""])
        #expect(good.status == 0, "\(good.errorOutput)")
        #expect(good.output.hasPrefix("sqlite: 1 migration(s) verified: every up equals its snapshot's fresh DDL"))
        #expect(good.output.contains("postgres: not verified: name a server with --database or DATABASE_URL"))

        let path = "Generated/migrations/sqlite/0001_create_schema.up.sql"
        let text = try #require(repository.project.read(path))
        try repository.project.write(
            path, text.replacingOccurrences(of: "CREATE INDEX ix_projects_owner_id ON projects (owner_id);\n", with: "")
        )
        let broken = try cli.schemagen(["verify"], in: repository.project, environment: ["DATABASE_URL": ""])
        #expect(broken.status == 1)
        #expect(broken.errorOutput.contains("error: sqlite: after \(path), the database differs"))
        #expect(broken.errorOutput.contains("projects index ix_projects_owner_id"))
    }
}
