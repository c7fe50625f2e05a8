/// What a table and its columns are called once the changes after some point of a diff have run.
///
/// A change names a table as it is called when the change runs: after its rename in an up script,
/// before the rename back in a down script (`SchemaDiff`'s phases). A statement that runs later
/// than the changes around it (online Postgres's concurrent builds and later transactions, after
/// every rename of the first transaction) must name them as those renames leave them.
public struct NamesAfterChanges: Sendable {
    /// The renames of tables and columns that come after the point, in order.
    let renames: ArraySlice<SchemaChange>

    init(renames: ArraySlice<SchemaChange>) {
        self.renames = renames
    }

    /// The name of the table a change at the point calls `name`.
    public func table(_ name: String) -> String {
        var current = name
        for change in renames {
            if case .renameTable(let from, let to) = change, from == current { current = to }
        }
        return current
    }

    /// The name of the column a change at the point calls `column` of `table`.
    public func column(_ column: String, of table: String) -> String {
        var (owner, current) = (table, column)
        for change in renames {
            switch change {
            case .renameTable(let from, let to) where from == owner: owner = to
            case .renameColumn(let table, let from, let to) where table == owner && from == current: current = to
            default: continue
            }
        }
        return current
    }
}

extension SchemaDiff {
    /// The names the changes after the one at `position` give to what that change names.
    public func namesAfterChanges(from position: Int) -> NamesAfterChanges {
        RenamesInOrder(self).namesAfterChanges(from: position)
    }
}

/// The renames of tables and columns of a diff, with their positions, found once: a renderer
/// asks `namesAfterChanges` at every change, and filtering the changes after each one anew was
/// quadratic (a first migration of 1,000 tables has some 2,000 changes, and no rename).
struct RenamesInOrder: Sendable {
    let renames: [SchemaChange]
    /// The position in the diff of each of `renames`, ascending.
    let positions: [Int]

    init(_ diff: SchemaDiff) {
        var renames: [SchemaChange] = []
        var positions: [Int] = []
        for (position, change) in diff.changes.enumerated() {
            switch change {
            case .renameTable, .renameColumn:
                renames.append(change)
                positions.append(position)
            default: continue
            }
        }
        self.renames = renames
        self.positions = positions
    }

    /// `SchemaDiff.namesAfterChanges(from:)`: the renames after `position`.
    func namesAfterChanges(from position: Int) -> NamesAfterChanges {
        // The first rename after `position`, by bisection.
        var (low, high) = (0, positions.count)
        while low < high {
            let middle = (low + high) / 2
            if positions[middle] > position { high = middle } else { low = middle + 1 }
        }
        return NamesAfterChanges(renames: renames[low...])
    }
}
