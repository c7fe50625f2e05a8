/// `fk-set-null`: `on_delete: set_null` (or `on_update`) only on nullable columns (seed 002 pairs
/// every `ON DELETE SET NULL` with a nullable column). On a NOT NULL column the delete of the
/// referenced row fails at run time instead of clearing the link.
struct ForeignKeySetNullRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.fkSetNull }

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for table in context.schema.tables {
            for key in table.foreignKeys {
                guard let clause = ReferentialClause.first(.setNull, of: key) else { continue }
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
        return findings
    }
}
