import Foundation
import Testing

@testable import SchemagenCore

/// The examples a newcomer copies first must work as written and say what they generate.
@Suite struct DocumentationExampleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// The first ```yaml block after `heading`.
    static func yamlBlock(after heading: String, in document: String) throws -> String {
        let start = try #require(document.range(of: heading)).upperBound
        let open = try #require(document.range(of: "```yaml\n", range: start..<document.endIndex)).upperBound
        let close = try #require(document.range(of: "```", range: open..<document.endIndex)).lowerBound
        return String(document[open..<close])
    }

    @Test func theFirstTableOfTheFormatGuideIsSelfContainedAndNamesItsModels() throws {
        let yaml = try Self.yamlBlock(after: "## A first table", in: Self.text("docs/schema-format.md"))
        let project = try TemporaryProject(files: ["schema/first.yaml": yaml])
        let result = Generator(root: project.root).run()
        #expect(result.diagnostics.filter { $0.severity == .error }.map(\.description) == [])
        // The one warning the guide announces.
        #expect(result.diagnostics.map(\.rule) == ["swift-name"])
        let tasks = try #require(result.schema?.tables.first { $0.name == "tasks" })
        #expect(
            tasks.columns.map(\.name) == [
                "created_at", "updated_at", "id", "title", "description", "status", "project_id",
            ])
        #expect(tasks.columns.filter(\.isNullable).map(\.name) == ["description"])
        let swiftFiles = result.files.map(\.path).filter { $0.hasPrefix("swift/") }
        #expect(swiftFiles.contains("swift/TaskRecord.swift") && swiftFiles.contains("swift/Project.swift"))
        let model = try #require(result.files.first { $0.path == "swift/TaskRecord.swift" })
        #expect(model.contents.contains("struct TaskRecord"))
        let guide = try Self.text("docs/schema-format.md")
        #expect(guide.contains("`struct Project` and `struct TaskRecord`"))
    }

    /// docs/schema-format.md advises against `?` on a type inside a flow mapping (other YAML tools
    /// stop a plain value there), so no example anywhere writes one.
    @Test func noExampleWritesAQuestionMarkTypeInAFlowMapping() throws {
        let documents =
            try ["README.md"]
            + FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }.map { "docs/" + $0 }
        let pattern = try Regex(#"\{[^}`]*\btype: *[A-Za-z0-9_(), ]+\?"#)
        var offending: [String] = []
        for document in documents {
            for (number, line) in try Self.text(document).split(separator: "\n", omittingEmptySubsequences: false)
                .enumerated() where line.contains(pattern)
            {
                offending.append("\(document):\(number + 1): \(line)")
            }
        }
        // The advice itself shows the form it advises against, in backticks.
        #expect(offending.filter { !$0.contains("schemagen reads `{ type: uuid?, … }` correctly") } == [])
    }

    @Test func theReadmeTourTableLoadsBesideTheExamplesMixinsAndProjects() throws {
        let yaml = try Self.yamlBlock(after: "**Write a table**", in: Self.text("README.md"))
        let project = try TemporaryProject(files: [
            "schema/01-mixins.yaml": try Self.text("schema/01-mixins.yaml"),
            "schema/10-projects.yaml": """
            tables:
              projects:
                mixins: [timestamps]
                columns:
                  id: { type: uuid, primary_key: true, default: uuid() }
            """,
            "schema/20-agents.yaml": yaml,
        ])
        let result = Generator(root: project.root).run(rendering: false)
        #expect(result.diagnostics.map(\.description) == [])
        let agents = try #require(result.schema?.tables.first { $0.name == "agents" })
        #expect(agents.column(named: "project_id")?.isNullable == true)
    }
}
