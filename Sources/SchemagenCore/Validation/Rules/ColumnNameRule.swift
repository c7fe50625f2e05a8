/// `column-name`: columns are snake_case (seed 000: `task_id`, not `taskId`).
struct ColumnNameRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.columnName }

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        let reserved = Set(context.settings.reservedNames.map { $0.lowercased() })
        for table in context.schema.tables {
            for column in table.columns where !NameStyle.isSnakeCase(column.name) {
                var suggestion = NameStyle.snakeCased(column.name)
                // `Metadata` → `metadata` would break reserved-name: suggest what that rule does.
                if reserved.contains(suggestion) {
                    suggestion = "\(context.singular(ofTable: table.name))_\(suggestion)"
                }
                var fixes = ["use lowercase words joined by `_`"]
                if !suggestion.isEmpty {
                    fixes = ["rename it to '\(suggestion)' (keep the data with `renamed_from: \(column.name)`)"]
                }
                findings.append(
                    .column("column name '\(column.name)' is not snake_case", column, of: table, fixes: fixes))
            }
        }
        return findings
    }
}
