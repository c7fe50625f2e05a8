import SchemagenCore
import Testing

@Suite struct NamingRuleTests {
    typealias F = LintFixture

    @Test func conventionalSchemaIsQuiet() {
        #expect(F.lint([F.users, F.projects]).isEmpty)
    }

    // MARK: table-name

    @Test func singularTableNameIsReported() {
        let table = F.table("log_entry", line: 3)
        #expect(F.findings("table-name", [table]) == ["3:3: error: table name 'log_entry' is not plural"])
        #expect(F.fixes("table-name", [table]).first == "rename it to 'log_entries'")
    }

    @Test func nonSnakeCaseTableNameIsReported() {
        let table = F.table("CostRecord", line: 3)
        #expect(F.findings("table-name", [table]) == ["3:3: error: table name 'CostRecord' is not snake_case"])
        #expect(F.fixes("table-name", [table]) == ["rename it to 'cost_records'"])
        // No suggestion that would break the rule again.
        let digitLed = F.table("2widgets", line: 3)
        #expect(F.fixes("table-name", [digitLed]) == ["use lowercase words joined by `_`"])
    }

    @Test func pluralsAndMassNounsAreQuiet() {
        let names = [
            "tasks", "cost_records", "guardian_analyses", "ticket_statuses", "token_usage", "agent_memory",
            "phase_history", "billing", "reasoning", "user_onboarding", "people",
        ]
        let tables = names.enumerated().map { F.table($1, line: 100 * $0 + 1) }
        #expect(F.findings("table-name", tables) == [])
    }

    @Test func massNounsComeFromTheSettings() {
        var settings = RuleSettings()
        settings.massNouns.append("equipment_log")
        let tables = [F.table("equipment_log", line: 1), F.table("agent_memory", line: 100)]
        #expect(F.findings("table-name", tables, settings: settings) == [])
        settings.massNouns = []
        #expect(
            F.findings("table-name", tables, settings: settings) == [
                "1:3: error: table name 'equipment_log' is not plural",
                "100:3: error: table name 'agent_memory' is not plural",
            ])
    }

    /// Words with digits after the noun tell a version or a year: the noun before them is what
    /// must be plural, and the Swift type singularizes that word.
    @Test func versionAndYearSuffixesAreNotTheNoun() {
        let quiet = [
            F.table("users_v2", line: 1), F.table("events_2024", line: 100),
            F.table("token_usage_2024", line: 200),
        ]
        #expect(F.findings("table-name", quiet) == [])
        let singular = [F.table("user_v2", line: 1)]
        #expect(F.findings("table-name", singular) == ["1:3: error: table name 'user_v2' is not plural"])
        #expect(F.fixes("table-name", singular).first == "rename it to 'users_v2'")
        #expect(SwiftNames(config: Config()).typeName(forTable: "users_v2") == "UserV2")
    }

    // MARK: column-name

    @Test func camelCaseColumnIsReported() {
        let table = F.table("tasks", line: 1, columns: [F.column("taskId", .uuid, line: 4)])
        #expect(F.findings("column-name", [table]) == ["4:7: error: column name 'taskId' is not snake_case"])
        #expect(
            F.fixes("column-name", [table]) == ["rename it to 'task_id' (keep the data with `renamed_from: taskId`)"])
    }

    /// Accents are dropped from the suggestion; a letter with no ASCII form gives no suggestion
    /// rather than a wrong one (`größe` was `gr_e`).
    @Test func nonASCIINamesGetAnASCIISuggestionOrNone() {
        let table = F.table(
            "tasks", line: 1,
            columns: [
                F.column("cafés", .text, line: 4), F.column("größe", .int, line: 5),
                F.column("naïveCount", .int, line: 6),
            ])
        #expect(F.findings("column-name", [table]).count == 3)
        let fixes = F.lint([table]).filter { $0.rule == "column-name" }.flatMap(\.fixes)
        #expect(fixes.contains("rename it to 'cafes' (keep the data with `renamed_from: cafés`)"))
        #expect(fixes.contains("rename it to 'naive_count' (keep the data with `renamed_from: naïveCount`)"))
        #expect(!fixes.contains { $0.contains("gr_e") || $0.contains("'gr") }, "\(fixes)")
    }

    /// The column-name fix never suggests a reserved name: both rules suggest the same name.
    @Test func snakeCaseSuggestionAvoidsReservedNames() {
        let table = F.table("agents", line: 1, columns: [F.column("Metadata", .json, line: 4, nullable: true)])
        let fixes = F.lint([table]).filter { $0.location?.line == 4 }.map { "\($0.rule): \($0.fixes[0])" }
        #expect(
            fixes == [
                "column-name: rename it to 'agent_metadata' (keep the data with `renamed_from: Metadata`)",
                "reserved-name: rename it to 'agent_metadata' (keep the data with `renamed_from: Metadata`)",
            ])
    }

    @Test func snakeCaseColumnsAreQuiet() {
        let table = F.table(
            "tasks", line: 1,
            columns: [F.column("is_2fa_enabled", .bool, line: 4), F.column("message_metadata", .json, line: 5)])
        #expect(F.findings("column-name", [table]) == [])
    }

    @Test func doubledOrTrailingUnderscoreIsNotSnakeCase() {
        let table = F.table(
            "tasks", line: 1, columns: [F.column("task__id", .uuid, line: 4), F.column("_private", .text, line: 5)])
        #expect(F.findings("column-name", [table]).count == 2)
    }

    // MARK: reserved-name

    @Test func reservedColumnNameSuggestsTheTableSingular() {
        let table = F.table("tasks", line: 1, columns: [F.column("metadata", .json, line: 6)])
        let diagnostic = F.lint([table]).first { $0.rule == "reserved-name" }
        #expect(diagnostic?.message == "column 'metadata' is a reserved name")
        #expect(diagnostic?.location == F.at(6, 7))
        #expect(diagnostic?.length == 8)
        #expect(diagnostic?.fixes == ["rename it to 'task_metadata' (keep the data with `renamed_from: metadata`)"])
    }

    @Test func reservedNameOnAMassNounTableKeepsTheName() {
        let table = F.table("agent_memory", line: 1, columns: [F.column("type", .text, line: 6)])
        #expect(
            F.fixes("reserved-name", [table]) == [
                "rename it to 'agent_memory_type' (keep the data with `renamed_from: type`)"
            ])
    }

    @Test func reservedNamesComeFromTheSettings() {
        let table = F.table(
            "tasks", line: 1, columns: [F.column("registry", .text, line: 5), F.column("task_type", .text, line: 6)])
        #expect(F.findings("reserved-name", [table]) == ["5:7: error: column 'registry' is a reserved name"])
        var settings = RuleSettings()
        settings.reservedNames = ["task_type"]
        #expect(
            F.findings("reserved-name", [table], settings: settings) == [
                "6:7: error: column 'task_type' is a reserved name"
            ])
    }

    /// The suggestion must itself be a name the column-name rule takes: never `123_type`.
    @Test func reservedNameSuggestionIsAValidSnakeCaseName() {
        for (table, suggestion) in [
            ("123s", "record_type"), ("123_orders", "order_type"), ("2024_tasks", "task_type"),
            ("UserAccounts", "user_account_type"), ("tasks_v2", "task_v2_type"),
        ] {
            let fixes = F.fixes("reserved-name", [F.table(table, line: 1, columns: [F.column("type", .text, line: 6)])])
            #expect(fixes == ["rename it to '\(suggestion)' (keep the data with `renamed_from: type`)"], "\(table)")
        }
    }

    // MARK: identifier-length

    @Test func namesOver63BytesAreReported() {
        let long = String(repeating: "a", count: 60) + "_ids"
        let table = F.table(
            "tasks", line: 1, columns: [F.column(long, .uuid, line: 4)],
            indexes: [F.index("tasks", ["id"], line: 9, name: "ix_" + String(repeating: "é", count: 31))])
        #expect(
            F.findings("identifier-length", [table]) == [
                "4:7: error: column name '\(long)' is 64 bytes; Postgres cuts identifiers at 63",
                "9:9: error: index name 'ix_\(String(repeating: "é", count: 31))' is 65 bytes; Postgres cuts identifiers at 63",
            ])
    }

    @Test func namesOf63BytesAreQuiet() {
        let name = String(repeating: "x", count: 59) + "_ids"
        #expect(name.utf8.count == 63)
        let table = F.table(name, line: 1, columns: [F.column(String(repeating: "c", count: 63), .text, line: 4)])
        #expect(F.findings("identifier-length", [table]) == [])
    }

    // MARK: swift-name

    @Test func tableShadowingAStandardTypeIsReported() {
        let table = F.table("tasks", line: 7)
        let diagnostic = F.lint([table]).first { $0.rule == "swift-name" }
        #expect(diagnostic?.severity == .warning)
        #expect(
            diagnostic?.message
                == "table 'tasks' would be the Swift type 'Task', which shadows the standard 'Task'; it is generated as 'TaskRecord'"
        )
        #expect(diagnostic?.location == F.at(7, 3))
        #expect(diagnostic?.fixes.first?.contains("`swift_name:`") == true)
    }

    /// `TimestampCoding` is no standard type: schemagen writes it beside the models.
    @Test func shadowingASupportTypeSaysItIsSchemagens() {
        let diagnostic = F.lint([F.table("timestamp_codings", line: 7)]).first { $0.rule == "swift-name" }
        #expect(
            diagnostic?.message
                == "table 'timestamp_codings' would be the Swift type 'TimestampCoding', which is schemagen's own support type, written beside the models for timestamp columns (date coding strategies); it is generated as 'TimestampCodingRecord'"
        )
    }

    @Test func swiftNameOrAnUnsharedNameIsQuiet() {
        let tables = [F.table("tasks", line: 1, swiftName: "WorkItem"), F.table("projects", line: 50)]
        #expect(F.findings("swift-name", tables) == [])
        #expect(F.findings("swift-name", [F.table("dates", line: 1)], targets: [.postgres, .sqlite]) == [])
        #expect(F.findings("swift-name", [F.table("dates", line: 1)]).count == 1)
    }

    @Test func enumShadowingAStandardTypeIsReported() {
        let schema = Schema(
            tables: [],
            enums: [
                EnumType(name: "result", values: ["ok", "failed"], file: F.file, location: F.at(2, 3)),
                EnumType(name: "outcome", values: ["ok"], file: F.file, location: F.at(3, 3)),
            ])
        let findings = Linter(settings: RuleSettings(), naming: NamingConvention(), targets: [.swift]).lint(schema)
            .filter { $0.rule == "swift-name" }
        #expect(
            findings.map(\.message) == [
                "enum 'result' would be the Swift type 'Result', which shadows the standard 'Result'; it is generated as 'ResultValue'"
            ])
        #expect(findings.first?.location == F.at(2, 3))
        #expect(findings.first?.length == "result".count)
        let withoutSwift = Linter(settings: RuleSettings(), naming: NamingConvention(), targets: [.postgres])
        #expect(withoutSwift.lint(schema).filter { $0.rule == "swift-name" }.isEmpty)
    }
}
