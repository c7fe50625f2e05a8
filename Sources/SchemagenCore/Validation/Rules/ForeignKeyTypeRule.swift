/// `fk-type`: a foreign key column has exactly the type of the column it references (seeds 000,
/// 003). An `int` pointing at a `uuid`, or a `varchar(36)` at a `varchar(50)`, either fails in
/// Postgres or compares by conversion and defeats the index.
struct ForeignKeyTypeRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.fkType }

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for table in context.schema.tables {
            for key in table.foreignKeys {
                guard let target = context.table(named: key.referencedTable) else { continue }
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
                                .init(
                                    "'\(target.name).\(targetColumn.name)' is declared here", at: targetColumn.location)
                            ]
                        ))
                }
            }
        }
        return findings
    }
}
