/// Foreign keys with only NOT NULL columns that form a cycle: each row needs a row of the next
/// table to exist first, all the way round, so no row of any of these tables can ever be inserted
/// (the constraints are not deferrable). The schema is unusable, whatever the conventions say, so
/// this is an error of its own that no rule setting or exception turns off; `fk-cycle` warns about
/// the cycles that can be filled in two steps.
enum RequiredKeyCycles {
    static func diagnostics(in schema: Schema) -> [Diagnostic] {
        let graph = ForeignKeyCycles(schema.tables, including: ForeignKeyCycles.isRequired)
        return graph.cycles().map { cycle in
            let closing = cycle.keys.last!
            let names = Set(cycle.tables.map { graph.tables[$0].name })
            return .error(
                "foreign keys with NOT NULL columns form a cycle: \(graph.path(of: cycle)); no row of \(names.count == 2 ? "either" : "any") table can be inserted first",
                rule: FormatRule.requiredCycle, at: closing.location,
                fixes: [
                    "make one of these columns nullable and fill it in after both rows exist, or keep the link on one side only"
                ],
                notes: graph.notes(for: cycle))
        }
    }
}
