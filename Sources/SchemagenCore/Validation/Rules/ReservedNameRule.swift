/// `reserved-name`: no column named `metadata`, `type` or `registry` (seeds 000, 001: they clash
/// with ORM internals; the list is `conventions.reserved_names`). The fix prefixes the table's singular,
/// as the seeds do (`message_metadata`, `thread_metadata`).
struct ReservedNameRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.reservedName }

    func check(_ context: LintContext) -> [RuleFinding] {
        let reserved = Set(context.settings.reservedNames.map { $0.lowercased() })
        var findings: [RuleFinding] = []
        for table in context.schema.tables {
            for column in table.columns where reserved.contains(column.name.lowercased()) {
                let suggestion = "\(context.singular(ofTable: table.name))_\(column.name.lowercased())"
                findings.append(
                    .column(
                        "column '\(column.name)' is a reserved name", column, of: table,
                        fixes: ["rename it to '\(suggestion)' (keep the data with `renamed_from: \(column.name)`)"]))
            }
        }
        return findings
    }
}
