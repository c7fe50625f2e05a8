import Foundation
import Testing

@testable import SchemagenCore

/// `schemagen diff`: versions of the example's history laid into a git repository as a team
/// would (each committed after `generate`, the last one generated but not committed), and the
/// report from the first one's commit to the work tree compared with a reference Markdown file in
/// `Fixtures/diff-expected/`.
///
/// `SCHEMAGEN_UPDATE_REFERENCES=1 swift test --filter ChangeReportTests` rewrites the references;
/// review the diff before committing it.
@Suite struct ChangeReportTests {
    static let history = MigrationHistoryReplayTests.history
    static let expected = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/diff-expected", isDirectory: true)

    /// A case: the version `--from` names, the versions committed after it, and the version left
    /// generated in the work tree.
    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var versions: [String]
        var description: String { name }
    }

    static let cases = [
        // Columns added, tables created, columns renamed: three committed migrations and a pending one.
        Case(
            name: "columns-tables-renames",
            versions: ["01-example", "02-add-columns", "03-create-tables", "04-rename-columns"]),
        // Indexes of every kind (locks), then an enum value added: one committed, one pending.
        Case(
            name: "indexes-and-enum-value",
            versions: ["12-change-foreign-keys", "13-change-indexes", "14-add-enum-value"]),
        // An enum created and one dropped with its column, a type narrowed, NOT NULL dropped: the risks.
        Case(name: "many-changes", versions: ["22-add-primary-key", "23-many-changes"]),
    ]

    /// Lays the case's versions into a new repository: each generated, all but the last committed.
    static func repository(_ versions: [String]) throws -> HistoryRepository {
        let repository = try HistoryRepository()
        for (index, version) in versions.enumerated() {
            let result = try repository.generate(step: history.appendingPathComponent(version))
            #expect(!result.diagnostics.hasErrors, "\(version): \(result.diagnostics.map(\.description))")
            if index < versions.count - 1 { try repository.commit(version) }
        }
        return repository
    }

    static func report(from: String, to: String? = nil, in repository: HistoryRepository) throws -> ChangeReport {
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let old = try SchemaVersion.resolve(from, project: repository.root, workingDirectory: here).get()
        let new =
            try to.map { try SchemaVersion.resolve($0, project: repository.root, workingDirectory: here).get() }
            ?? .workTree(repository.root)
        let (report, diagnostics) = ChangeReport.make(from: old, to: new)
        #expect(!diagnostics.hasErrors, "\(diagnostics.map(\.description))")
        return try #require(report)
    }

    @Test(arguments: cases)
    func theMarkdownIsTheReference(_ testCase: Case) throws {
        let repository = try Self.repository(testCase.versions)
        let back = testCase.versions.count - 2
        let report = try Self.report(from: back == 0 ? "HEAD" : "HEAD~\(back)", in: repository)
        let file = Self.expected.appendingPathComponent("\(testCase.name).md")
        if ProcessInfo.processInfo.environment["SCHEMAGEN_UPDATE_REFERENCES"] == "1" {
            try Data(report.markdown.utf8).write(to: file)
            return
        }
        let reference = try String(contentsOf: file, encoding: .utf8)
        #expect(
            report.markdown == reference,
            Comment(rawValue: "\(testCase.name)\n" + LineDiff.render(expected: reference, actual: report.markdown)))
    }

    @Test func theMigrationsSpanTheRangeAndEachTableNamesItsOwn() throws {
        let repository = try Self.repository(Self.cases[0].versions)
        let report = try Self.report(from: "HEAD~2", in: repository)
        #expect(report.migrations.map { $0.id.prefix(4) } == ["0002", "0003", "0004"])
        #expect(report.migrations.map(\.pending) == [false, false, true])
        #expect(!report.notYetInMigration)
        // `labels` is created by the second of the three, and only by it.
        let labels = try #require(report.tables.first { $0.name == "labels" })
        #expect(labels.state == .created)
        #expect(labels.migrations == [report.migrations[1].id])
    }

    @Test func aRevisionIsReadWithoutTouchingTheWorkTree() throws {
        let repository = try Self.repository(["13-change-indexes", "14-add-enum-value"])
        // An edit not generated yet: the report says so.
        let tasks = repository.root.appendingPathComponent("schema/40-work.yaml")
        let edited = try String(contentsOf: tasks, encoding: .utf8) + "\n"
        try Data(edited.utf8).write(to: tasks)
        let status = try repository.git("status", "--porcelain")
        let report = try Self.report(from: "HEAD", in: repository)
        #expect(try repository.git("status", "--porcelain") == status)
        #expect(try String(contentsOf: tasks, encoding: .utf8) == edited)
        let agentKind = try #require(report.enums.first)
        #expect(agentKind.state == .changed)
        #expect(agentKind.migrations == [report.migrations[0].id])
        #expect(!agentKind.added.isEmpty)
        #expect(report.migrations.map(\.pending) == [true])
    }

    @Test func anUngeneratedChangeIsNotInAMigration() throws {
        let repository = try Self.repository(["01-example"])
        try repository.commit("01")
        let work = repository.root.appendingPathComponent("schema/40-work.yaml")
        let text = try String(contentsOf: work, encoding: .utf8)
            .replacingOccurrences(
                of: "      assignee: varchar(100)?\n", with: "      assignee: varchar(100)?\n      note: text?\n")
        try Data(text.utf8).write(to: work)
        let report = try Self.report(from: "HEAD", in: repository)
        #expect(report.notYetInMigration)
        #expect(report.migrations.isEmpty)
        #expect(report.markdown.contains("**Not in a migration yet**"))
        #expect(report.tables.map(\.name) == ["github_issues"])
        #expect(report.tables.first?.items.map(\.name) == ["note"])
    }

    @Test func aFolderAndARevisionCanBeEitherSide() throws {
        let repository = try Self.repository(["14-add-enum-value", "15-remove-enum-value"])
        try repository.commit("15")
        let folder = Self.history.appendingPathComponent("14-add-enum-value").path
        let forward = try Self.report(from: folder, to: "HEAD", in: repository)
        let agentKind = try #require(forward.enums.first)
        #expect(agentKind.removed.count == 1)
        #expect(forward.risks.contains { $0.kind == "may fail" && $0.message.contains("from enum agent_kind") })
        let backward = try Self.report(from: "HEAD", to: folder, in: repository)
        #expect(backward.enums.first?.added == agentKind.removed)
        // A value back in the enum loses and fails nothing; its values checks scan their tables.
        #expect(backward.risks.allSatisfy { $0.kind == "lock" && $0.message.hasPrefix("scans ") })
    }

    @Test func theJSONHoldsTheSameReport() throws {
        let repository = try Self.repository(Self.cases[2].versions)
        let report = try Self.report(from: "HEAD", in: repository)
        let decoded = try JSONDecoder().decode(ChangeReport.self, from: Data(report.json.utf8))
        #expect(decoded == report)
        #expect(report.risks.first?.kind == "data loss")
    }

    @Test func anUnknownRevisionIsAFinding() throws {
        let repository = try Self.repository(["01-example"])
        try repository.commit("01")
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        guard
            case .failure(let error) = SchemaVersion.resolve(
                "no-such-branch", project: repository.root, workingDirectory: here)
        else {
            Issue.record("resolved")
            return
        }
        #expect(error.message.contains("neither a folder nor a commit"))
    }

    /// Two folders, neither in git: a NOT NULL column without a default needs a backfill, a
    /// widened varchar is a change without risk, a table check with `|` stays in its cell.
    @Test func twoFoldersAndABackfill() throws {
        let before = try TemporaryProject(files: ["schema/projects.yaml": GeneratorTests.schema])
        let after = try TemporaryProject(files: [
            "schema/projects.yaml": GeneratorTests.schema
                .replacingOccurrences(of: "varchar(100)", with: "varchar(200)")
                .replacingOccurrences(
                    of: "      name:", with: "      owner: text\n      name:")
                + "\n    checks:\n      - { name: name_not_empty, expr: \"name || '' <> ''\" }\n"
        ])
        let (report, diagnostics) = ChangeReport.make(
            from: SchemaVersion(location: .folder(before.root), label: "before"),
            to: SchemaVersion(location: .folder(after.root), label: "after"))
        #expect(!diagnostics.hasErrors, "\(diagnostics.map(\.description))")
        let markdown = try #require(report).markdown
        #expect(markdown.contains("## Schema changes from `before` to `after`"))
        #expect(
            markdown.contains(
                "- **Needs a backfill**: adds NOT NULL column projects.owner without a default: fails if projects has rows"
            ))
        #expect(markdown.contains("| changed | column `name` | type varchar(100) → varchar(200) |"))
        #expect(markdown.contains("name_not_empty` | name \\|\\| '' <> '' |"), "\(markdown)")
        #expect(markdown.contains("**Not in a migration yet**"))
    }
}
