/// `required-cycle`: foreign keys with only NOT NULL columns that form a cycle. Each row needs a row
/// of the next table first, all the way round, so with the constraints checked row by row no first
/// row can go in: it takes a single statement (a Postgres CTE that inserts both) or deferred
/// constraints (SQLite's `PRAGMA defer_foreign_keys`), which the DDL does not declare. An error by
/// default; a schema that inserts that way can say so in an exception. `fk-cycle` warns about the
/// cycles that can be filled in two steps.
struct RequiredCycleRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.requiredCycle }

    func checkSchema(_ context: LintContext) -> [RuleFinding] {
        let graph = ForeignKeyCycles(context, requiredKeysOnly: true)
        return graph.cycles().map { cycle in
            .foreignKey(
                "foreign keys with NOT NULL columns form a cycle: \(graph.path(of: cycle)); a first row goes in only in one statement with the others, or with the constraints deferred",
                cycle.keys.last!, of: graph.tables[cycle.tables.last!],
                fixes: [
                    "make one of these columns nullable and fill it in once the other row exists, or keep the link on one side only",
                    "or, if the rows go in together (a CTE, deferred constraints), say so: `exceptions: { required-cycle: <reason> }`",
                ],
                notes: graph.notes(for: cycle))
        }
    }
}
