/// `status-index`: columns named `status`, `state` or `severity`, or ending in `_status` or
/// `_state`, lead some index (seed 000: "create indexes for status/state fields"). Queues and
/// dashboards filter on them first.
struct StatusIndexRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.statusIndex }

    static func isStatusLike(_ name: String) -> Bool {
        ["status", "state", "severity"].contains(name) || name.hasSuffix("_status") || name.hasSuffix("_state")
    }

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for table in context.schema.tables {
            let indexed = context.indexedColumnLists(of: table)
            for column in table.columns where Self.isStatusLike(column.name) {
                guard !indexed.contains(where: { $0.columns.first == column.name }) else { continue }
                findings.append(
                    .column(
                        "status column '\(column.name)' has no index", column, of: table,
                        fixes: ["add `index: true` to the column, or an index that starts with \(column.name)"]))
            }
        }
        return findings
    }
}
