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
                let suggestion = Self.suggestion(for: column.name, singular: context.singular(ofTable: table.name))
                findings.append(
                    .column(
                        "column '\(column.name)' is a reserved name", column, of: table,
                        fixes: ["rename it to '\(suggestion)' (keep the data with `renamed_from: \(column.name)`)"]))
            }
        }
        return findings
    }

    /// `<singular>_<column>` in snake_case, a name that the column-name rule takes: a table whose
    /// name starts with digits (`123_orders`) lends only its words from the first letter on
    /// (`order_type`), and one with none (`123s`) gives way to `record_<column>`.
    static func suggestion(for column: String, singular: String) -> String {
        let column = column.lowercased()
        let fromLetter = String(singular.drop { !($0.isASCII && $0.isLetter) })
        for prefix in [singular, fromLetter, "record"] where !prefix.isEmpty {
            let candidate = NameStyle.snakeCased("\(prefix)_\(column)")
            if !candidate.isEmpty { return candidate }
        }
        return "record_\(column)"
    }
}
