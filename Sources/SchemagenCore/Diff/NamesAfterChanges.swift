/// What a table and its columns are called once the changes after some point of a diff have run.
///
/// A change names a table as it is called when the change runs: after its rename in an up script,
/// before the rename back in a down script (`SchemaDiff`'s phases). A statement that runs later
/// than the changes around it (online Postgres's concurrent builds and later transactions, after
/// every rename of the first transaction) must name them as those renames leave them.
public struct NamesAfterChanges: Sendable {
    /// The renames of tables and columns that come after the point, in order.
    let renames: [SchemaChange]

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
        NamesAfterChanges(
            renames: changes.dropFirst(position + 1).filter {
                switch $0 {
                case .renameTable, .renameColumn: true
                default: false
                }
            })
    }
}
