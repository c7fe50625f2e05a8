/// `timestamp-tz`: every timestamp is timezone-aware (seeds 000, 003). A timestamp without a zone
/// is read in whatever zone the session has, and seed 000's bugs came from exactly that.
struct TimestampTimeZoneRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.timestampTZ }

    func check(_ table: borrowing Table, in context: LintContext, into findings: inout [RuleFinding]) {
        for position in table.columns.indices {
            guard case .timestamp = table.columns[position].type else { continue }
            let column = table.columns[position]
            let nullable = column.isNullable ? "?" : ""
            findings.append(
                .column(
                    "column '\(column.name)' is a timestamp without time zone", column, of: table,
                    fixes: ["use `type: timestamptz\(nullable)`"]))
        }
    }
}
