/// `table-name`: tables are plural snake_case (seeds 000, 001, 002). A table holds many rows of one
/// thing, and the Swift renderer derives each type name from the singular, so a singular table name
/// would make the two read the same. Mass nouns (`history`, `usage`…) are their own plural.
struct TableNameRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.tableName }

    func check(_ table: borrowing Table, in context: LintContext, into findings: inout [RuleFinding]) {
        if let finding = finding(about: table, names: context.swiftNames) { findings.append(finding) }
    }

    private func finding(about table: borrowing Table, names: SwiftNames) -> RuleFinding? {
        if !NameStyle.isSnakeCase(table.name) {
            var suggestion = NameStyle.snakeCased(table.name)
            if !suggestion.isEmpty, !NameStyle.isPlural(suggestion, names: names) {
                suggestion = NameStyle.pluralSuggestion(for: suggestion)
            }
            return .table(
                "table name '\(table.name)' is not snake_case", table,
                fixes: suggestion.isEmpty ? ["use lowercase words joined by `_`"] : ["rename it to '\(suggestion)'"]
            )
        }
        if !NameStyle.isPlural(snakeCase: table.name, names: names) {
            let suggestion = NameStyle.pluralSuggestion(for: table.name)
            return .table(
                "table name '\(table.name)' is not plural", table,
                fixes: [
                    "rename it to '\(suggestion)'",
                    "or, if '\(NameStyle.nounWord(of: table.name))' is a mass noun, add it to `conventions.mass_nouns` in schemagen.yaml",
                ])
        }
        return nil
    }
}
