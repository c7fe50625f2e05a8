import Testing

@testable import SchemagenCore

/// `DependencyOrder.sort` keeps its documented order (the first ready table in written order, or
/// the first table left on a cycle), checked against the rule written out the slow way on graphs
/// with chains, cycles, self-references, unknown targets and repeated names.
@Suite struct DependencyOrderTests {
    static let location = SchemagenCore.SourceLocation(file: "schema/t.yaml", line: 1, column: 1)

    /// `comment` tells apart tables that share a name.
    static func table(_ name: String, references: [String] = [], comment: String? = nil) -> Table {
        Table(
            name: name, columns: [],
            foreignKeys: references.enumerated().map { index, target in
                ForeignKey(
                    name: "fk_\(name)_\(index)", columns: ["c\(index)"], referencedTable: target,
                    referencedColumns: ["id"], location: location)
            },
            comment: comment, file: "schema/t.yaml", location: location)
    }

    /// The rule as `DependencyOrder` documents it, one linear search per step.
    static func oracle(_ tables: [Table]) -> [Table] {
        let names = Set(tables.map(\.name))
        var remaining = tables
        var placed: Set<String> = []
        var result: [Table] = []
        while !remaining.isEmpty {
            let ready = remaining.firstIndex { table in
                table.foreignKeys.allSatisfy {
                    $0.referencedTable == table.name || placed.contains($0.referencedTable)
                        || !names.contains($0.referencedTable)
                }
            }
            let next = remaining.remove(at: ready ?? firstOnAClosedCycle(remaining, names: names))
            placed.insert(next.name)
            result.append(next)
        }
        return result
    }

    /// By brute force: the first table whose every reachable table reaches it back (its cycle
    /// waits on nothing outside itself).
    static func firstOnAClosedCycle(_ remaining: [Table], names: Set<String>) -> Int {
        let left = Set(remaining.map(\.name))
        func dependencies(_ name: String) -> [String] {
            let table = remaining.first { $0.name == name }!
            return table.foreignKeys.map(\.referencedTable).filter { $0 != name && left.contains($0) }
        }
        func reach(_ name: String) -> Set<String> {
            var seen: Set<String> = []
            var queue = dependencies(name)
            while let next = queue.popLast() {
                if seen.insert(next).inserted { queue += dependencies(next) }
            }
            return seen
        }
        for (index, table) in remaining.enumerated() {
            let reachable = reach(table.name)
            if reachable.allSatisfy({ reach($0).contains(table.name) }) { return index }
        }
        return 0
    }

    @Test func referencedTablesComeFirstAndTiesKeepWrittenOrder() {
        let tables = [
            Self.table("tasks", references: ["projects", "users"]),
            Self.table("users"),
            Self.table("comments", references: ["tasks", "comments"]),
            Self.table("projects", references: ["users", "ghosts"]),
            Self.table("tags"),
        ]
        #expect(DependencyOrder.sort(tables).map(\.name) == ["users", "projects", "tasks", "comments", "tags"])
    }

    @Test func aCycleIsBrokenAtItsFirstTableInWrittenOrder() {
        let tables = [
            Self.table("a", references: ["c"]),
            Self.table("b", references: ["a"]),
            Self.table("c", references: ["b"]),
            Self.table("d", references: ["c"]),
        ]
        #expect(DependencyOrder.sort(tables).map(\.name) == ["a", "b", "c", "d"])
    }

    @Test func aLongChainWrittenBackwardsComesOutForwards() {
        let count = 3_000
        let tables = (0..<count).reversed().map { index in
            Self.table("t\(index)", references: index == 0 ? [] : ["t\(index - 1)"])
        }
        #expect(DependencyOrder.sort(tables).map(\.name) == (0..<count).map { "t\($0)" })
    }

    @Test(arguments: 0..<200)
    func matchesTheRuleOnRandomGraphs(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed))
        let count = 1 + Int(random.next() % 40)
        // Names are unique, as the graph builder guarantees before it orders anything.
        let tables = (0..<count).map { position in
            let references = (0..<Int(random.next() % 4)).map { _ in
                // Mostly real tables, sometimes one that does not exist.
                random.next() % 10 == 0 ? "missing" : "t\(random.next() % UInt64(count))"
            }
            return Self.table("t\(position)", references: references, comment: "#\(position)")
        }
        #expect(DependencyOrder.sort(tables).map(\.comment) == Self.oracle(tables).map(\.comment))
    }
}

/// A small deterministic generator, so that a failing seed fails the same way every time.
private struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
