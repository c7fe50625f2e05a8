/// The trigger that keeps an `auto_update` column current on every UPDATE: a fact of the graph,
/// named once by the naming convention (`trg_{table}_{columns}`), so that the dialects render it
/// under that name and a migration renames it when a renamed table or column changes the name.
public struct UpdateTrigger: Sendable, Hashable, Codable {
    public var name: String
    public var column: String

    public init(name: String, column: String) {
        self.name = name
        self.column = column
    }

    /// One trigger per `auto_update` column of `columns`, in column order.
    public static func derive(table: String, columns: [Column], naming: Naming) -> [UpdateTrigger] {
        columns.filter(\.autoUpdate).map {
            UpdateTrigger(name: naming.trigger(table: table, columns: [$0.name]), column: $0.name)
        }
    }
}
