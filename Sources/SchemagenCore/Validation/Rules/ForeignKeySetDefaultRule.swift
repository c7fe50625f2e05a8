/// `fk-set-default`: `on_delete: set_default` (or `on_update`) only where the default can be
/// stored. The action writes each column's default into the child row; a NOT NULL column without
/// one gets NULL, and the delete of the referenced row fails in both databases (as `fk-set-null`
/// finds for `set_null`).
struct ForeignKeySetDefaultRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.fkSetDefault }

    func check(_ table: borrowing Table, in context: LintContext, into findings: inout [RuleFinding]) {
        for position in table.foreignKeys.indices {
            guard let clause = ReferentialClause.first(.setDefault, of: table.foreignKeys[position]) else { continue }
            let key = table.foreignKeys[position]
            // An identity column's default is its sequence.
            let without = key.columns.compactMap { table.column(named: $0) }.filter {
                !$0.isNullable && $0.defaultValue == nil && !$0.isIdentity
            }
            guard !without.isEmpty else { continue }
            let names = without.map { "'\($0.name)'" }.joined(separator: ", ")
            let plural = without.count == 1 ? "column" : "columns"
            findings.append(
                clause.finding(
                    "`\(clause.key): set_default` on NOT NULL \(plural) \(names) without a default", key, of: table,
                    fixes: [
                        "give the \(plural) a default that names a row of '\(key.referencedTable)', make \(without.count == 1 ? "it" : "them") nullable, or use `\(clause.key): cascade` or `restrict`"
                    ]))
        }
    }
}
