/// Templates for derived names. `{table}` is the table name, `{columns}` its column names joined
/// with `_`, `{name}` a check's own name. The config holds one (`naming:`); `Naming` applies it.
public struct NamingConvention: Sendable, Hashable, Codable {
    public var primaryKey = "pk_{table}"
    public var foreignKey = "fk_{table}_{columns}"
    public var unique = "uq_{table}_{columns}"
    /// A single-column btree index.
    public var index = "ix_{table}_{columns}"
    /// A composite index, or one with a special method (GIN, GiST…).
    public var specialIndex = "idx_{table}_{columns}"
    public var check = "ck_{table}_{name}"
    public var trigger = "trg_{table}_{columns}"

    public init() {}
}
