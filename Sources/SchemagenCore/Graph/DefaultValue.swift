/// A column default, resolved by the column's type.
public enum DefaultValue: Sendable, Hashable, Codable {
    /// A string literal (text, varchar, enum, uuid, date, timestamp columns).
    case string(String)
    /// A number, its text kept exactly as written (`0.80` stays `0.80`).
    case number(String)
    case bool(Bool)
    /// A JSON literal such as `{}` or `[]`, as compact JSON text.
    case json(String)
    /// The portable `now()`.
    case now
    /// The portable `uuid()`: a random (v4) UUID.
    case uuid
    /// A raw SQL expression, optionally with a form per dialect.
    case sql(RawSQL)
}

/// SQL written by the user, passed through as it is: one form for all dialects, or one per dialect.
public struct RawSQL: Sendable, Hashable, Codable {
    public var common: String?
    public var postgres: String?
    public var sqlite: String?

    public init(common: String? = nil, postgres: String? = nil, sqlite: String? = nil) {
        self.common = common
        self.postgres = postgres
        self.sqlite = sqlite
    }

    public var forPostgres: String? { postgres ?? common }
    public var forSQLite: String? { sqlite ?? common }
}
