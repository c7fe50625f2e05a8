import SchemagenCore
import Testing

@Suite struct IndexRuleTests {
    typealias F = LintFixture

    // MARK: index-name

    @Test func wrongPrefixIsReportedWithTheRightOne() {
        let table = F.table(
            "projects", line: 1, columns: [F.column("github_repo", .text, line: 3)],
            indexes: [F.index("projects", ["github_repo"], line: 9, name: "idx_projects_github")])
        let diagnostic = F.lint([table]).first { $0.rule == "index-name" }
        #expect(
            diagnostic?.message
                == "index name 'idx_projects_github' should start with 'ix_' (a single-column btree index)")
        #expect(diagnostic?.location == F.at(9, 9))
        #expect(
            diagnostic?.fixes == [
                "rename it to 'ix_projects_github'", "or leave out `name:` to get 'ix_projects_github_repo'",
            ])
    }

    @Test func compositeGinAndUniqueIndexesHaveTheirPrefixes() {
        let table = F.table(
            "tasks", line: 1,
            columns: [
                F.column("status", .text, line: 3), F.column("priority", .text, line: 4),
                F.column("dependencies", .json, line: 5), F.column("slug", .text, line: 6),
            ],
            indexes: [
                F.index("tasks", ["status", "priority"], line: 10, name: "ix_tasks_status_priority"),
                F.index("tasks", ["dependencies"], line: 11, name: "idx_tasks_dependencies", using: .gin),
                F.index("tasks", ["slug"], line: 12, name: "ix_tasks_slug", unique: true),
                F.index("tasks", ["status"], line: 13, name: "ix_tasks_status"),
            ])
        #expect(
            F.findings("index-name", [table]) == [
                "10:9: error: index name 'ix_tasks_status_priority' should start with 'idx_' (a composite index)",
                "12:9: error: index name 'ix_tasks_slug' should start with 'uq_' (a unique index)",
            ])
    }

    @Test func prefixesComeFromTheNamingTemplates() {
        var naming = NamingConvention()
        naming.index = "{table}_{columns}_idx"
        let table = F.table(
            "projects", line: 1, columns: [F.column("github_repo", .text, line: 3)],
            indexes: [F.index("projects", ["github_repo"], line: 9, name: "ix_projects_repo")])
        #expect(
            F.findings("index-name", [table], naming: naming) == [
                "9:9: error: index name 'ix_projects_repo' should end with '_idx' (a single-column btree index)"
            ])
        var renamed = table
        renamed.indexes[0].name = "projects_repo_idx"
        #expect(F.findings("index-name", [renamed], naming: naming) == [])
    }

    @Test func explicitUniqueConstraintNameIsChecked() {
        let table = F.table(
            "users", line: 1, columns: [F.column("email", .text, line: 3)],
            uniques: [UniqueConstraint(name: "users_email_key", columns: ["email"], location: F.at(20, 9))])
        #expect(
            F.findings("index-name", [table]) == [
                "20:9: error: unique constraint name 'users_email_key' should start with 'uq_'"
            ])
    }

    @Test func derivedNamesAreQuiet() {
        let table = F.table(
            "tasks", line: 1, columns: [F.column("status", .text, line: 3), F.column("slug", .text, line: 4)],
            indexes: [F.index("tasks", ["status", "slug"], line: 10)],
            uniques: [UniqueConstraint(name: "uq_tasks_slug", columns: ["slug"], location: F.at(11, 9))])
        #expect(F.findings("index-name", [table]) == [])
    }

    // MARK: status-index

    @Test func unindexedStatusColumnsAreReported() {
        let table = F.table(
            "pull_requests", line: 1,
            columns: [
                F.column("state", .text, line: 3), F.column("review_status", .text, line: 4, nullable: true),
                F.column("severity", .text, line: 5), F.column("statement", .text, line: 6),
            ],
            indexes: [F.index("pull_requests", ["id", "state"], line: 10)])
        #expect(
            F.findings("status-index", [table]) == [
                "3:7: warning: status column 'state' has no index",
                "4:7: warning: status column 'review_status' has no index",
                "5:7: warning: status column 'severity' has no index",
            ])
    }

    @Test func statusLeadingAnIndexIsQuiet() {
        let table = F.table(
            "tasks", line: 1, columns: [F.column("status", .text, line: 3), F.column("priority", .text, line: 4)],
            indexes: [F.index("tasks", ["status", "priority"], line: 10)])
        #expect(F.findings("status-index", [table]) == [])
    }
}
