/// `timestamps`: every table has `created_at` and `updated_at`, both timestamptz and NOT NULL (seed
/// 003: "all models inherit from TimestampMixin"). A timestamp without time zone is left to
/// `timestamp-tz`, so that one mistake gives one finding.
struct TimestampsRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.timestamps }

    static let names = ["created_at", "updated_at"]

    func check(_ table: borrowing Table, in context: LintContext, into findings: inout [RuleFinding]) {
        // One search of the columns for each name (`Self.names`, in order).
        let created = table.column(named: Self.names[0])
        let updated = table.column(named: Self.names[1])
        if created == nil || updated == nil {
            let missing = created == nil ? (updated == nil ? Self.names : [Self.names[0]]) : [Self.names[1]]
            let list = missing.joined(separator: " and ")
            let fix =
                missing.count == 2
                ? "add the columns, e.g. with a `timestamps` mixin"
                : missing[0] == "updated_at"
                    ? "add `updated_at: { type: timestamptz, default: now(), auto_update: true }`"
                    : "add `created_at: { type: timestamptz, default: now() }`"
            findings.append(
                .table(
                    "table '\(table.name)' has no \(list)", table,
                    fixes: [
                        fix, "or, if the rows never change, justify it: `exceptions: { timestamps: <reason> }`",
                    ]))
        }
        if let created { check(created, named: Self.names[0], of: table, into: &findings) }
        if let updated { check(updated, named: Self.names[1], of: table, into: &findings) }
    }

    private func check(
        _ column: Column, named name: String, of table: borrowing Table, into findings: inout [RuleFinding]
    ) {
        if !column.type.isTimestamp {
            findings.append(
                .column(
                    "column '\(name)' is \(column.type.formatSpelling); it should be timestamptz", column,
                    of: table,
                    fixes: ["use `type: timestamptz`"]))
        } else if column.isNullable {
            // Seeds 000 and 003 write both columns NOT NULL (`nullable=False`, or a
            // non-optional `Mapped[datetime]`): every row has them, and a NULL one would
            // make the Swift property optional for nothing.
            let fix =
                column.defaultValue == .now
                ? "drop `nullable: true` (or the `?`); `default: now()` fills it in"
                : "drop `nullable: true` (or the `?`) and add `default: now()`"
            findings.append(
                .column("column '\(name)' is nullable; every row has one", column, of: table, fixes: [fix]))
        }
    }
}
