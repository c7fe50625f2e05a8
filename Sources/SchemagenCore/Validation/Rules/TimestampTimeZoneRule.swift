/// `timestamp-tz`: every timestamp is timezone-aware (seeds 000, 003). A timestamp without a zone
/// is read in whatever zone the session has, and seed 000's bugs came from exactly that.
struct TimestampTimeZoneRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.timestampTZ }

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for table in context.schema.tables {
            for column in table.columns where column.type == .timestamp {
                let nullable = column.isNullable ? "?" : ""
                findings.append(
                    .column(
                        "column '\(column.name)' is a timestamp without time zone", column, of: table,
                        fixes: ["use `type: timestamptz\(nullable)`"]))
            }
        }
        return findings
    }
}
