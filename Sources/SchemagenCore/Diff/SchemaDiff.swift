/// What it takes to go from one version of a schema to another: both versions, and the changes in
/// the order a database must apply them.
///
/// The order is in phases, chosen so that the reversed list is again a valid order (the down
/// script): enums created and altered; foreign keys dropped; tables dropped, then renamed; each
/// remaining table changed (its indexes and constraints dropped, columns renamed, dropped, added
/// and altered, constraints renamed and added, comments, triggers); new tables created; foreign
/// keys added once every table exists; enums dropped last.
public struct SchemaDiff: Sendable, Hashable {
    public var from: Schema
    public var to: Schema
    public var changes: [SchemaChange]

    public init(from: Schema, to: Schema, changes: [SchemaChange]) {
        self.from = from
        self.to = to
        self.changes = changes
    }

    public var isEmpty: Bool { changes.isEmpty }

    /// The table `name` as `to` defines it, under the name `name`. A table's own changes name it
    /// as it is called while they run: after its rename in an up script, but before the rename
    /// back in a down script, where `to` knows it by its other name.
    public func targetTable(named name: String) -> Table? {
        if let table = to.table(named: name) { return table }
        for change in changes {
            if case .renameTable(name, let renamed) = change, var table = to.table(named: renamed) {
                table.name = name
                return table
            }
        }
        return nil
    }

    /// The way back: from `to` to `from`, each change undone, in reverse order.
    public var reversed: SchemaDiff {
        SchemaDiff(from: to, to: from, changes: changes.reversed().map(\.reversed))
    }
}
