/// `updated-at`: `updated_at` has a `now()` default and `auto_update: true` (seeds 003 "automatic
/// population and updates", 004 "auto-update triggers"), so the database keeps it true whatever
/// the application forgets.
struct UpdatedAtRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.updatedAt }

    func check(_ table: borrowing Table, in context: LintContext, into findings: inout [RuleFinding]) {
        guard let column = table.column(named: "updated_at"), column.type.isTimestamp else { return }
        var missing: [String] = []
        if column.defaultValue != .now { missing.append("`default: now()`") }
        if !column.autoUpdate { missing.append("`auto_update: true`") }
        guard !missing.isEmpty else { return }
        let what =
            missing.count == 2
            ? "has no now() default and is not auto-updated"
            : column.autoUpdate ? "has no now() default" : "is not auto-updated"
        findings.append(
            .column(
                "'updated_at' \(what)", column, of: table,
                fixes: ["add \(missing.joined(separator: " and "))"]))
    }
}
