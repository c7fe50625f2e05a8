/// The elementary cycles of the graph of foreign keys between tables, for the `fk-cycle` and
/// `required-cycle` conventions.
///
/// Each cycle is found once, walked from its table that comes first in the schema's order, so its
/// last key is the one that returns to that table and closes it. A table that references itself (a
/// tree) is not a cycle. One key stands for each ordered pair of tables: two keys between the same
/// tables make the same cycle.
struct ForeignKeyCycles {
    struct Cycle {
        /// Positions in the schema's tables, from the first table of the cycle.
        var tables: [Int]
        /// `keys[i]` leads from `tables[i]` to the next table; the last one closes the cycle.
        var keys: [ForeignKey]
    }

    /// Schemas are small, but the number of cycles can grow fast in a dense graph: stop there.
    static let maximumCycles = 100

    private struct Edge {
        var key: ForeignKey
        var target: Int
    }

    /// The schema's tables, read in place.
    let tables: [Table]
    private let edges: [[Edge]]

    /// The graph of the keys, or of the required keys only (`isRequired`); among keys between the
    /// same two tables, the first one kept stands for them all.
    init(_ context: LintContext, requiredKeysOnly: Bool = false) {
        let tables = context.tables
        self.tables = tables
        edges = tables.indices.map { index in
            var edges: [Edge] = []
            // Most tables reference one or two others: a search of the few kept is cheaper than a set.
            for key in tables[index].foreignKeys {
                guard let target = context.position(ofTable: key.referencedTable), target != index,
                    !requiredKeysOnly || Self.isRequired(key, in: tables[index]),
                    !edges.contains(where: { $0.target == target })
                else { continue }
                edges.append(Edge(key: key, target: target))
            }
            return edges
        }
    }

    /// A key whose columns are all NOT NULL: its row cannot exist before the row it references.
    static func isRequired(_ key: ForeignKey, in table: borrowing Table) -> Bool {
        key.columns.allSatisfy { table.column(named: $0).map { !$0.isNullable } ?? false }
    }

    /// True when some key of `table` that references `target` is required: then a row of `table`
    /// needs a row of `target` first, whatever other keys between them allow.
    static func hasRequiredKey(from table: borrowing Table, to target: borrowing Table) -> Bool {
        table.foreignKeys.contains { $0.referencedTable == target.name && isRequired($0, in: table) }
    }

    func cycles() -> [Cycle] {
        var found: [Cycle] = []
        func walk(from start: Int, path: inout [Int], keys: inout [ForeignKey], onPath: inout Set<Int>) {
            for edge in edges[path.last!] {
                guard found.count < Self.maximumCycles else { return }
                if edge.target == start {
                    found.append(Cycle(tables: path, keys: keys + [edge.key]))
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
        return found
    }

    /// `a → b → a`, the cycle's tables back to the first.
    func path(of cycle: Cycle) -> String {
        (cycle.tables + [cycle.tables[0]]).map { tables[$0].name }.joined(separator: " → ")
    }

    /// A note at each key but the closing one, which the finding itself points at.
    func notes(for cycle: Cycle) -> [Diagnostic.Note] {
        zip(cycle.tables, cycle.keys).dropLast().map { index, key in
            .init(
                "'\(tables[index].name)' references '\(key.referencedTable)' through \(key.columns.joined(separator: ", "))",
                at: key.location)
        }
    }
}
