/// Orders tables so that each comes after the tables it references.
///
/// Ties keep the order the schema wrote them in (files by path, tables in file order), so the DDL
/// reads like the YAML. A foreign-key cycle has no such order: the first table of the cycle in
/// written order goes first, and the keys that point forward are added after all tables
/// (`Schema.deferredForeignKeys`).
enum DependencyOrder {
    static func sort(_ tables: [Table]) -> [Table] {
        let names = Set(tables.map(\.name))
        var remaining = tables
        var placed: Set<String> = []
        var result: [Table] = []
        while !remaining.isEmpty {
            let ready = remaining.firstIndex { table in
                table.foreignKeys.allSatisfy { key in
                    key.referencedTable == table.name || placed.contains(key.referencedTable)
                        || !names.contains(key.referencedTable)
                }
            }
            // No table is ready: every one left is on or behind a cycle; break it at the first.
            let next = remaining.remove(at: ready ?? 0)
            placed.insert(next.name)
            result.append(next)
        }
        return result
    }
}
