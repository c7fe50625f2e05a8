/// `column-name`: columns are snake_case (seed 000: `task_id`, not `taskId`).
struct ColumnNameRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.columnName }

    func check(_ table: borrowing Table, in context: LintContext, into findings: inout [RuleFinding]) {
        // By position: `for … in` would copy each column it passes.
        for position in table.columns.indices where !NameStyle.isSnakeCase(table.columns[position].name) {
            let column = table.columns[position]
            var suggestion = NameStyle.snakeCased(column.name)
            // `Metadata` → `metadata` would break reserved-name: suggest what that rule does.
            if context.reservedNames.contains(suggestion) {
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
}
