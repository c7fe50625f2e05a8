/// `fk-target`: a foreign key references the primary key or a unique column set (seed 000). Both
/// dialects refuse anything else (Postgres at CREATE time, SQLite at the first write).
struct ForeignKeyTargetRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.fkTarget }

    func check(_ table: borrowing Table, in context: LintContext, into findings: inout [RuleFinding]) {
        // By position, and the target read in place: `for … in` would copy each key it passes.
        for index in table.foreignKeys.indices {
            guard let position = context.position(ofTable: table.foreignKeys[index].referencedTable) else { continue }
            if let finding = check(table.foreignKeys[index], of: table, target: context.tables[position]) {
                findings.append(finding)
            }
        }
    }

    private func check(_ key: ForeignKey, of table: borrowing Table, target: borrowing Table) -> RuleFinding? {
        // Nearly every key names the primary key's columns as the key lists them: equal lists are
        // equal sets, without building the sets.
        if let primaryKey = target.primaryKey, primaryKey.columns == key.referencedColumns { return nil }
        let referenced = Set(key.referencedColumns)
        var uniqueSets = target.uniqueConstraints.map { Set($0.columns) }
        uniqueSets += target.indexes.filter { $0.isUnique && $0.predicate == nil && !$0.hasExpressions }.map {
            Set($0.columnNames)
        }
        if let primaryKey = target.primaryKey { uniqueSets.append(Set(primaryKey.columns)) }
        guard !uniqueSets.contains(referenced) else { return nil }
        let columns = key.referencedColumns.joined(separator: ", ")
        let place = "\(target.name)(\(columns))"
        return .foreignKey(
            "foreign key references \(place), which is neither the primary key nor unique", key,
            of: table,
            fixes: [
                "reference the primary key (`references: \(target.name)`), or make \(place) unique"
            ],
            notes: [.init("table '\(target.name)' is defined here", at: target.location)])
    }
}
