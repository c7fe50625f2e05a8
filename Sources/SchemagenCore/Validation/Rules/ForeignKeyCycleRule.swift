/// `fk-cycle`: foreign keys that form a cycle between tables (seed 002 moves the issue link to one
/// side "to avoid circular FK"). The DDL still works, since the constraints that close a cycle are
/// added after the tables, but rows on a cycle need two steps to insert and the order of deletes
/// matters; that is worth a look.
///
/// Each elementary cycle is reported once, at the foreign key that closes it: tables are visited in
/// schema order, and a cycle is walked from its earliest table, so the key that returns to that
/// table closes it. A table that references itself (a tree) is not a cycle.
struct ForeignKeyCycleRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.fkCycle }

    /// Schemas are small, but the number of cycles can grow fast in a dense graph: stop there.
    static let maximumCycles = 100

    private struct Edge {
        var key: ForeignKey
        var target: Int
    }

    func check(_ context: LintContext) -> [RuleFinding] {
        let tables = context.schema.tables
        let position = Dictionary(tables.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        // One edge per pair of tables: two keys between the same tables make the same cycle.
        let edges: [[Edge]] = tables.enumerated().map { index, table in
            var seen: Set<Int> = []
            return table.foreignKeys.compactMap { key in
                guard let target = position[key.referencedTable], target != index, seen.insert(target).inserted
                else { return nil }
                return Edge(key: key, target: target)
            }
        }

        var cycles: [(tables: [Int], keys: [ForeignKey])] = []
        func walk(from start: Int, path: inout [Int], keys: inout [ForeignKey], onPath: inout Set<Int>) {
            for edge in edges[path.last!] {
                guard cycles.count < Self.maximumCycles else { return }
                if edge.target == start {
                    cycles.append((path, keys + [edge.key]))
                } else if edge.target > start, !onPath.contains(edge.target) {
                    path.append(edge.target)
                    keys.append(edge.key)
                    onPath.insert(edge.target)
                    walk(from: start, path: &path, keys: &keys, onPath: &onPath)
                    onPath.remove(edge.target)
                    keys.removeLast()
                    path.removeLast()
                }
            }
        }
        for start in tables.indices {
            var path = [start]
            var keys: [ForeignKey] = []
            var onPath: Set<Int> = [start]
            walk(from: start, path: &path, keys: &keys, onPath: &onPath)
        }

        return cycles.map { cycle in
            let names = (cycle.tables + [cycle.tables[0]]).map { tables[$0].name }
            let closing = cycle.keys.last!
            let closingTable = tables[cycle.tables.last!]
            let notes: [Diagnostic.Note] = zip(cycle.tables, cycle.keys).dropLast().map { index, key in
                .init(
                    "'\(tables[index].name)' references '\(key.referencedTable)' through \(key.columns.joined(separator: ", "))",
                    at: key.location)
            }
            return .foreignKey(
                "foreign keys form a cycle: \(names.joined(separator: " → "))", closing, of: closingTable,
                fixes: [
                    "keep the link on one side only, or make one of these columns nullable and fill it in a second step"
                ],
                notes: notes)
        }
    }
}
