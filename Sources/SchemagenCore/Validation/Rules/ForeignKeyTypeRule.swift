/// `fk-type`: a foreign key column has exactly the type of the column it references (seeds 000,
/// 003). An `int` pointing at a `uuid`, or a `varchar(36)` at a `varchar(50)`, either fails in
/// Postgres or compares by conversion and defeats the index.
struct ForeignKeyTypeRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.fkType }

    func check(_ table: borrowing Table, in context: LintContext, into findings: inout [RuleFinding]) {
        // By position, and the target read in place: `for … in` would copy each key it passes.
        for index in table.foreignKeys.indices {
            guard let position = context.position(ofTable: table.foreignKeys[index].referencedTable) else { continue }
            check(table.foreignKeys[index], of: table, target: context.tables[position], into: &findings)
        }
    }

    private func check(
        _ key: ForeignKey, of table: borrowing Table, target: borrowing Table, into findings: inout [RuleFinding]
    ) {
        for (columnName, targetName) in zip(key.columns, key.referencedColumns) {
            guard let column = table.column(named: columnName),
                let targetColumn = target.column(named: targetName),
                column.type != targetColumn.type
            else { continue }
            let nullable = column.isNullable ? "?" : ""
            findings.append(
                .column(
                    "foreign key column '\(column.name)' is \(column.type.formatSpelling) but '\(target.name).\(targetColumn.name)' is \(targetColumn.type.formatSpelling)",
                    column, of: table,
                    fixes: ["declare it as `type: \(targetColumn.type.formatSpelling)\(nullable)`"],
                    notes: [
                        .init("'\(target.name).\(targetColumn.name)' is declared here", at: targetColumn.location)
                    ]
                ))
        }
    }
}
