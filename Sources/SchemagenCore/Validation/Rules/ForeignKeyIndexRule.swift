/// `fk-index`: every foreign key is the leading part of some index, the primary key or a unique
/// constraint (seeds 002, 003). Postgres does not index foreign keys by itself, and without one
/// every delete in the referenced table scans the referencing one.
///
/// The key's columns must be the first columns of the index, in any order. A hash index serves a
/// single-column key; GIN, GiST and vector indexes do not serve equality lookups. A partial index
/// counts only when its predicate is `… IS NOT NULL` on the key's columns, which holds for every
/// row a lookup can match; under any other predicate Postgres scans the table to cascade a delete.
struct ForeignKeyIndexRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.fkIndex }

    func check(_ table: borrowing Table, in context: LintContext, into findings: inout [RuleFinding]) {
        guard !table.foreignKeys.isEmpty else { return }
        let indexed = context.indexedColumnLists(of: table)
        for position in table.foreignKeys.indices {
            let keyColumns = table.foreignKeys[position].columns
            guard !indexed.contains(where: { $0.leads(with: keyColumns) && $0.coversEveryLookup(on: keyColumns) })
            else { continue }
            let key = table.foreignKeys[position]
            let columns = key.columns.joined(separator: ", ")
            if let partial = Self.partialIndex(of: table, leadingWith: key.columns) {
                findings.append(
                    .foreignKey(
                        "foreign key (\(columns)) has only the partial index '\(partial.name)', whose `where` leaves rows a lookup needs",
                        key, of: table,
                        fixes: [
                            "make its `where` ask only `\(key.columns.map { "\($0) IS NOT NULL" }.joined(separator: " AND "))`, or add an index that starts with \(columns)"
                        ]))
            } else if key.columns.count == 1 {
                findings.append(
                    .foreignKey(
                        "foreign key '\(table.name).\(columns)' has no index", key, of: table,
                        fixes: ["add `index: true` to the column, or an index that starts with \(columns)"]))
            } else {
                findings.append(
                    .foreignKey(
                        "foreign key (\(columns)) is not the leading part of any index", key, of: table,
                        fixes: ["add an index that starts with \(columns)"]))
            }
        }
    }

    /// An index that would serve the key but for its predicate: the fix should name it.
    private static func partialIndex(of table: borrowing Table, leadingWith columns: [String]) -> Index? {
        table.indexes.first { index in
            let indexed = IndexedColumns(index)
            return index.predicate != nil && indexed.leads(with: columns) && !indexed.coversEveryLookup(on: columns)
        }
    }
}
