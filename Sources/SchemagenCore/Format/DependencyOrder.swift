/// Orders tables so that each comes after the tables it references.
///
/// Ties keep the order the schema wrote them in (files by path, tables in file order), so the DDL
/// reads like the YAML. A foreign-key cycle has no such order: the first table of the cycle in
/// written order goes first, and the keys that point forward are added after all tables
/// (`Schema.deferredForeignKeys`).
///
/// The rule, step by step: take the first table in written order whose referenced tables are all
/// placed (a reference to itself or to no table does not count); when there is none, take the
/// first table left. Searching the list at every step made schemas written against their
/// dependencies quadratic, so the tables that are ready wait in a heap by written position, and
/// each placed name releases the tables that waited on it.
enum DependencyOrder {
    static func sort(_ tables: [Table]) -> [Table] {
        let names = Set(tables.map(\.name))
        // For each table, the distinct names it still waits for; for each name, who waits on it.
        var waitingFor = [Int](repeating: 0, count: tables.count)
        var waiters: [String: [Int]] = [:]
        var ready = PositionHeap()
        for (position, table) in tables.enumerated() {
            var blockers: Set<String> = []
            for key in table.foreignKeys
            where key.referencedTable != table.name && names.contains(key.referencedTable) {
                blockers.insert(key.referencedTable)
            }
            waitingFor[position] = blockers.count
            for name in blockers { waiters[name, default: []].append(position) }
            if blockers.isEmpty { ready.insert(position) }
        }

        var taken = [Bool](repeating: false, count: tables.count)
        var firstLeft = 0
        var placed: Set<String> = []
        var result: [Table] = []
        result.reserveCapacity(tables.count)
        while result.count < tables.count {
            var next: Int
            if let position = ready.popMin() {
                next = position
            } else {
                // No table is ready: every one left is on or behind a cycle; break it at the first.
                while taken[firstLeft] { firstLeft += 1 }
                next = firstLeft
            }
            // A table taken to break a cycle may become ready later; it is in the heap then.
            if taken[next] { continue }
            taken[next] = true
            result.append(tables[next])
            guard placed.insert(tables[next].name).inserted else { continue }
            for waiter in waiters[tables[next].name] ?? [] {
                waitingFor[waiter] -= 1
                if waitingFor[waiter] == 0, !taken[waiter] { ready.insert(waiter) }
            }
        }
        return result
    }
}

/// A min-heap of written positions: the first ready table in written order comes out first.
private struct PositionHeap {
    private var items: [Int] = []

    mutating func insert(_ position: Int) {
        items.append(position)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child] < items[parent] else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popMin() -> Int? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        guard !items.isEmpty else { return first }
        items[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < items.count, items[left] < items[smallest] { smallest = left }
            if right < items.count, items[right] < items[smallest] { smallest = right }
            guard smallest != parent else { return first }
            items.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
