/// `fk-cycle`: foreign keys that form a cycle between tables (seed 002 moves the issue link to one
/// side "to avoid circular FK"). The DDL still works, since the constraints that close a cycle are
/// added after the tables, but rows on a cycle need two steps to insert and the order of deletes
/// matters; that is worth a look.
///
/// Each elementary cycle is reported once, at the foreign key that closes it (see
/// `ForeignKeyCycles`). A cycle that has a NOT NULL key between every two of its tables cannot be
/// filled one row at a time: `required-cycle` reports it, so this rule leaves it out.
struct ForeignKeyCycleRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.fkCycle }

    func checkSchema(_ context: LintContext) -> [RuleFinding] {
        let graph = ForeignKeyCycles(context)
        return graph.cycles().compactMap { cycle in
            let tables = graph.tables
            // Every key that can be left null lets the rows go in two steps; with none, nothing goes in.
            guard
                let step = cycle.tables.indices.first(where: { i in
                    !ForeignKeyCycles.hasRequiredKey(
                        from: tables[cycle.tables[i]], to: tables[cycle.tables[(i + 1) % cycle.tables.count]])
                })
            else { return nil }
            // One null column of a composite key is enough: the database then does not check it.
            let table = tables[cycle.tables[step]]
            let columns = cycle.keys[step].columns.filter { table.column(named: $0)?.isNullable == true }
                .map { "\(table.name).\($0)" }.joined(separator: " or ")
            return .foreignKey(
                "foreign keys form a cycle: \(graph.path(of: cycle))", cycle.keys.last!,
                of: graph.tables[cycle.tables.last!],
                fixes: [
                    "keep the link on one side only, or insert in two steps: leave \(columns) null, then set it once the other row exists"
                ],
                notes: graph.notes(for: cycle))
        }
    }
}
