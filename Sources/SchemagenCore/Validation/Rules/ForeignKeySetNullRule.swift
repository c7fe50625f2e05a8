/// `fk-set-null`: `on_delete: set_null` (or `on_update`) only on nullable columns (seed 002 pairs
/// every `ON DELETE SET NULL` with a nullable column). On a NOT NULL column the delete of the
/// referenced row fails at run time instead of clearing the link.
struct ForeignKeySetNullRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.fkSetNull }

    func check(_ table: borrowing Table, in context: LintContext, into findings: inout [RuleFinding]) {
        for position in table.foreignKeys.indices {
            guard let clause = ReferentialClause.first(.setNull, of: table.foreignKeys[position]) else { continue }
            let key = table.foreignKeys[position]
            let notNull = key.columns.compactMap { table.column(named: $0) }.filter { !$0.isNullable }
            guard !notNull.isEmpty else { continue }
            let names = notNull.map { "'\($0.name)'" }.joined(separator: ", ")
            let plural = notNull.count == 1 ? "column" : "columns"
            findings.append(
                clause.finding(
                    "`\(clause.key): set_null` on NOT NULL \(plural) \(names)", key, of: table,
                    fixes: [
                        "make the \(plural) nullable (`type: …?`), or use `\(clause.key): cascade` or `restrict`"
                    ]))
        }
    }
}
