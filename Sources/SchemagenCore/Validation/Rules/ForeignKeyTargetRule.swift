/// `fk-target`: a foreign key references the primary key or a unique column set (seed 000). Both
/// dialects refuse anything else (Postgres at CREATE time, SQLite at the first write).
struct ForeignKeyTargetRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.fkTarget }

    func check(_ context: LintContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for table in context.schema.tables {
            for key in table.foreignKeys {
                guard let target = context.table(named: key.referencedTable) else { continue }
                let referenced = Set(key.referencedColumns)
                var uniqueSets = target.uniqueConstraints.map { Set($0.columns) }
                uniqueSets += target.indexes.filter { $0.isUnique && $0.predicate == nil && !$0.hasExpressions }.map {
                    Set($0.columnNames)
                }
                if let primaryKey = target.primaryKey { uniqueSets.append(Set(primaryKey.columns)) }
                guard !uniqueSets.contains(referenced) else { continue }
                let columns = key.referencedColumns.joined(separator: ", ")
                let place = "\(target.name)(\(columns))"
                findings.append(
                    .foreignKey(
                        "foreign key references \(place), which is neither the primary key nor unique", key,
                        of: table,
                        fixes: [
                            "reference the primary key (`references: \(target.name)`), or make \(place) unique"
                        ],
                        notes: [.init("table '\(target.name)' is defined here", at: target.location)]))
            }
        }
        return findings
    }
}
