/// `column-name`: columns are snake_case (seed 000: `task_id`, not `taskId`).
struct ColumnNameRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.columnName }

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for table in context.schema.tables {
            for column in table.columns where !NameStyle.isSnakeCase(column.name) {
                let suggestion = NameStyle.snakeCased(column.name)
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
