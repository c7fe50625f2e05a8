/// Orders tables so that each comes after the tables it references.
///
/// Ties keep the order the schema wrote them in (files by path, tables in file order), so the DDL
/// reads like the YAML. A foreign-key cycle has no such order: the first table of the cycle in
/// written order goes first, and the keys that point forward are added after all tables
/// (`Schema.deferredForeignKeys`).
///
/// The rule, step by step: take the first table in written order whose referenced tables are all
/// placed (a reference to itself or to no table does not count); when there is none, break a cycle:
/// take the first table, in written order, of a cycle that waits on nothing outside itself. A table
/// that only sits behind a cycle is never the one broken, so its keys stay inline. Searching the list at every step made schemas written against their
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
                // No table is ready: every one left is on or behind a cycle.
                while taken[firstLeft] { firstLeft += 1 }
                next = CycleBreaker.firstOfAClosedCycle(tables, taken: taken, from: firstLeft)
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

/// Finds where to break a cycle among the tables not yet placed.
private enum CycleBreaker {
    /// The first table, in written order, of a strongly connected component that references no
    /// other unplaced component: breaking there defers only keys that really close a cycle.
    static func firstOfAClosedCycle(_ tables: [Table], taken: [Bool], from start: Int) -> Int {
        let position = Dictionary(tables.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        let edges: [[Int]] = tables.indices.map { index in
            guard !taken[index] else { return [] }
            return tables[index].foreignKeys.compactMap { key in
                guard let target = position[key.referencedTable], target != index, !taken[target] else { return nil }
                return target
            }
        }
        let component = StronglyConnectedComponents.label(edges: edges, including: { !taken[$0] })
        // A component is closed when no edge leaves it.
        var isClosed = [Bool](repeating: true, count: tables.count)
        for index in tables.indices where !taken[index] {
            for target in edges[index] where component[target] != component[index] {
                isClosed[component[index]] = false
            }
        }
        for index in start..<tables.count where !taken[index] && isClosed[component[index]] {
            return index
        }
        return start
    }
}

/// Tarjan's algorithm without recursion (a long chain of tables must not exhaust a thread's stack):
/// labels each node with the index of its strongly connected component.
enum StronglyConnectedComponents {
    static func label(edges: [[Int]], including isIncluded: (Int) -> Bool) -> [Int] {
        let count = edges.count
        var index = [Int](repeating: -1, count: count)
        var lowLink = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var component = [Int](repeating: -1, count: count)
        var stack: [Int] = []
        var nextIndex = 0
        var nextComponent = 0

        for root in 0..<count where isIncluded(root) && index[root] == -1 {
            // Each frame: a node and how many of its edges have been followed.
            var frames: [(node: Int, edge: Int)] = [(root, 0)]
            index[root] = nextIndex
            lowLink[root] = nextIndex
            nextIndex += 1
            stack.append(root)
            onStack[root] = true
            while let frame = frames.last {
                let node = frame.node
                if frame.edge < edges[node].count {
                    frames[frames.count - 1].edge += 1
                    let target = edges[node][frame.edge]
                    guard isIncluded(target) else { continue }
                    if index[target] == -1 {
                        index[target] = nextIndex
                        lowLink[target] = nextIndex
                        nextIndex += 1
                        stack.append(target)
                        onStack[target] = true
                        frames.append((target, 0))
                    } else if onStack[target] {
                        lowLink[node] = min(lowLink[node], index[target])
                    }
                    continue
                }
                frames.removeLast()
                if let parent = frames.last?.node { lowLink[parent] = min(lowLink[parent], lowLink[node]) }
                if lowLink[node] == index[node] {
                    while let member = stack.popLast() {
                        onStack[member] = false
                        component[member] = nextComponent
                        if member == node { break }
                    }
                    nextComponent += 1
                }
            }
        }
        return component
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
