import SchemagenCore
import Testing

@Suite struct ExceptionTests {
    typealias F = LintFixture

    static func metadataColumn(exceptions: [(rule: String, reason: String, line: Int)] = []) -> Column {
        F.column("metadata", .json, line: 4, exceptions: exceptions)
    }

    @Test func columnExceptionSilencesTheRuleOnThatColumnOnly() {
        let table = F.table(
            "events", line: 1,
            columns: [
                Self.metadataColumn(exceptions: [("reserved-name", "Mirrors the upstream API.", 5)]),
                F.column("type", .text, line: 6),
            ])
        #expect(
            F.lint([table]).map(\.description) == [
                "schema/test.yaml:6:7: error: column 'type' is a reserved name [reserved-name]"
            ])
    }

    @Test func tableExceptionSilencesTheRuleInTheWholeTable() {
        let table = F.table(
            "events", line: 1, columns: [Self.metadataColumn(), F.column("type", .text, line: 6)],
            exceptions: [("reserved-name", "Mirrors the upstream API.", 2)])
        #expect(F.lint([table]).isEmpty)
    }

    @Test func exceptionSilencesOnlyItsRule() {
        let table = F.table(
            "events", line: 1, columns: [Self.metadataColumn(exceptions: [("column-name", "Historic.", 5)])])
        #expect(F.lint([table]).map(\.rule) == ["reserved-name", "exception-unused"])
    }

    @Test func indexExceptionSilencesFindingsOnTheIndex() {
        let table = F.table(
            "projects", line: 1, columns: [F.column("github_repo", .text, line: 3)],
            indexes: [
                F.index(
                    "projects", ["github_repo"], line: 9, name: "idx_projects_github",
                    exceptions: [("index-name", "Created by hand before schemagen; renaming locks the table.", 10)])
            ])
        #expect(F.lint([table]).isEmpty)
    }

    @Test func columnExceptionSilencesItsForeignKeyFindings() {
        let projects = F.table(
            "projects", line: 50,
            columns: [
                F.column(
                    "owner_id", .uuid, line: 52, exceptions: [("fk-index", "Owners are looked up by project.", 53)])
            ],
            foreignKeys: [F.foreignKey("projects", ["owner_id"], references: "users", line: 52)])
        #expect(F.lint([F.users, projects]).isEmpty)
    }

    @Test func exceptionWithoutReasonIsReported() {
        let table = F.table(
            "events", line: 1, columns: [Self.metadataColumn(exceptions: [("reserved-name", "  ", 5)])])
        let diagnostics = F.lint([table])
        #expect(
            diagnostics.map(\.description) == [
                "schema/test.yaml:5:9: error: the exception for 'reserved-name' gives no reason [exception-reason]"
            ])
        #expect(diagnostics.first?.length == "reserved-name".count)
    }

    @Test func unknownRuleIsReportedWithASuggestion() {
        let table = F.table(
            "events", line: 1, exceptions: [("timestamp", "Append-only.", 2), ("no-such-thing", "Why not.", 3)])
        let diagnostics = F.lint([table])
        #expect(
            diagnostics.map(\.description) == [
                "schema/test.yaml:2:9: error: unknown rule 'timestamp' in exceptions; did you mean 'timestamps'? [exception-unknown-rule]",
                "schema/test.yaml:3:9: error: unknown rule 'no-such-thing' in exceptions [exception-unknown-rule]",
            ])
        #expect(diagnostics.first?.fixes == ["write `timestamps: …`"])
    }

    @Test func bookkeepingRulesCannotBeExcepted() {
        let table = F.table("events", line: 1, exceptions: [("exception-unused", "Quiet, please.", 2)])
        #expect(
            F.lint([table]).map(\.description) == [
                "schema/test.yaml:2:9: error: 'exception-unused' is about exceptions themselves and cannot be excepted [exception-unknown-rule]"
            ])
    }

    @Test func exceptionThatExcusesNothingIsReported() {
        let table = F.table("events", line: 1, exceptions: [("timestamps", "Append-only.", 2)])
        #expect(
            F.lint([table]).map(\.description) == [
                "schema/test.yaml:2:9: warning: the exception for 'timestamps' excuses nothing here [exception-unused]"
            ])
    }

    @Test func migrationRuleExceptionsAreLeftToTheMigrationChecks() {
        let table = F.table("events", line: 1, exceptions: [("destructive-change", "Data moved to archive.", 2)])
        #expect(F.lint([table]).isEmpty)
    }

    @Test func mixinExceptionIsOneExceptionAcrossTables() {
        // A mixin's column is copied into each table with the same exception (same place).
        let shared = F.column("metadata", .json, line: 4, exceptions: [("reserved-name", "Upstream name.", 5)])
        let first = F.table("events", line: 10, columns: [shared])
        let second = F.table("alerts", line: 60, columns: [shared])
        #expect(F.lint([first, second]).isEmpty)
        let third = F.table(
            "logs", line: 110, columns: [F.column("metadata", .json, line: 4, exceptions: [("column-name", "x", 5)])])
        #expect(F.lint([third]).filter { $0.rule == "exception-unused" }.count == 1)
    }

    // MARK: Levels

    @Test func levelsOverrideTheDefaultSeverity() {
        let table = F.table("events", line: 1, columns: [Self.metadataColumn()])
        var settings = RuleSettings()
        settings.levels["reserved-name"] = .warning
        #expect(F.lint([table], settings: settings).map(\.severity) == [.warning])
        settings.levels["reserved-name"] = .off
        #expect(F.lint([table], settings: settings).isEmpty)
        var louder = RuleSettings()
        louder.levels["swift-name"] = .error
        #expect(F.lint([F.table("tasks", line: 1)], settings: louder).map(\.severity) == [.error])
    }

    @Test func exceptionOfARuleTurnedOffIsNotUnused() {
        let table = F.table(
            "events", line: 1, columns: [Self.metadataColumn(exceptions: [("reserved-name", "Upstream name.", 5)])])
        var settings = RuleSettings()
        settings.levels["reserved-name"] = .off
        #expect(F.lint([table], settings: settings).isEmpty)
    }

    @Test func levelsApplyToBookkeepingToo() {
        let table = F.table("events", line: 1, exceptions: [("timestamps", "Append-only.", 2)])
        var settings = RuleSettings()
        settings.levels["exception-unused"] = .off
        #expect(F.lint([table], settings: settings).isEmpty)
    }

    @Test func unknownRuleInLevelsIsAConfigError() {
        var settings = RuleSettings()
        settings.levels = ["fk-indx": .off, "status-index": .off]
        settings.levelLocations["fk-indx"] = SchemagenCore.SourceLocation(file: "schemagen.yaml", line: 3, column: 3)
        let diagnostics = F.lint([F.users], settings: settings)
        #expect(
            diagnostics.map(\.description) == [
                "schemagen.yaml:3:3: error: unknown rule 'fk-indx' in rules; did you mean 'fk-index'? [config]"
            ])
        #expect(diagnostics.first?.fixes == ["write `fk-index: off`"])
    }

    @Test func mixinMistakeIsReportedOnce() {
        let shared = F.column("updated_at", .timestamptz, line: 4, default: .now)
        let created = F.column("created_at", .timestamptz, line: 3, default: .now)
        let tables = [
            F.table("events", line: 10, columns: [created, shared], withTimestamps: false),
            F.table("alerts", line: 60, columns: [created, shared], withTimestamps: false),
        ]
        #expect(F.findings("updated-at", tables) == ["4:7: warning: 'updated_at' is not auto-updated"])
        // Even when the fix names the table (`event_metadata`, `alert_metadata`).
        let metadata = F.column("metadata", .json, line: 5, nullable: true)
        let withMetadata = [
            F.table("events", line: 10, columns: [metadata]), F.table("alerts", line: 60, columns: [metadata]),
        ]
        #expect(F.findings("reserved-name", withMetadata) == ["5:7: error: column 'metadata' is a reserved name"])
    }

    @Test func outputIsSortedByPlace() {
        let table = F.table(
            "Events", line: 1, columns: [F.column("type", .text, line: 8), F.column("metadata", .json, line: 4)])
        let lines = F.lint([table]).compactMap(\.location?.line)
        #expect(lines == lines.sorted())
        #expect(lines.count == 3)
    }
}
