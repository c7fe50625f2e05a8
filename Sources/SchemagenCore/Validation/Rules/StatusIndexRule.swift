/// `status-index`: columns named `status`, `state` or `severity`, or ending in `_status` or
/// `_state`, lead some index (seed 000: "create indexes for status/state fields"). Queues and
/// dashboards filter on them first.
struct StatusIndexRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.statusIndex }

    /// True when `column` comes first in some list of `LintContext.indexedColumnLists(of:)`: the
    /// primary key, a unique constraint, or an index's leading columns (up to its first
    /// expression), looked at in place.
    static func leadsAnIndex(_ column: String, in table: borrowing Table) -> Bool {
        if table.primaryKey?.columns.first == column { return true }
        if table.uniqueConstraints.contains(where: { $0.columns.first == column }) { return true }
        return table.indexes.contains { index in
            guard let first = index.columns.first, !first.isExpression else { return false }
            return first.name == column
        }
    }

    static func isStatusLike(_ name: String) -> Bool {
        switch name {
        case "status", "state", "severity": true
        default: name.hasSuffix("_status") || name.hasSuffix("_state")
        }
    }

    func check(_ table: borrowing Table, in context: LintContext, into findings: inout [RuleFinding]) {
        for position in table.columns.indices where Self.isStatusLike(table.columns[position].name) {
            guard !Self.leadsAnIndex(table.columns[position].name, in: table) else { continue }
            let column = table.columns[position]
            findings.append(
                .column(
                    "status column '\(column.name)' has no index", column, of: table,
                    fixes: ["add `index: true` to the column, or an index that starts with \(column.name)"]))
        }
    }
}
