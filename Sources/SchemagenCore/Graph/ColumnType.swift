/// A column's logical type: what the schema says, before any dialect maps it.
public enum ColumnType: Sendable, Hashable, Codable {
    case uuid
    case text
    case varchar(length: Int)
    case smallint
    case int
    case bigint
    case bool
    case decimal(precision: Int, scale: Int)
    case real
    case double
    case date
    case timestamptz
    /// A timestamp without time zone; the conventions flag it (`timestamp-tz`).
    case timestamp
    case json
    case bytes
    case vector(dimensions: Int)
    case enumeration(EnumReference)

    /// True for the integer types that an `identity` column may use.
    public var isInteger: Bool {
        switch self {
        case .smallint, .int, .bigint: true
        default: false
        }
    }

    public var isNumeric: Bool {
        switch self {
        case .smallint, .int, .bigint, .decimal, .real, .double: true
        default: false
        }
    }

    public var isTimestamp: Bool {
        switch self {
        case .timestamp, .timestamptz: true
        default: false
        }
    }

    /// The type as the schema format spells it, for messages and snapshots.
    public var formatSpelling: String {
        switch self {
        case .uuid: "uuid"
        case .text: "text"
        case .varchar(let length): "varchar(\(length))"
        case .smallint: "smallint"
        case .int: "int"
        case .bigint: "bigint"
        case .bool: "bool"
        case .decimal(let precision, let scale): "decimal(\(precision),\(scale))"
        case .real: "real"
        case .double: "double"
        case .date: "date"
        case .timestamptz: "timestamptz"
        case .timestamp: "timestamp"
        case .json: "json"
        case .bytes: "bytes"
        case .vector(let dimensions): "vector(\(dimensions))"
        case .enumeration(let reference): reference.name ?? "enum"
        }
    }
}

/// Where an enum column's values are: in a named enum of `enums:`, which every column that uses it
/// refers to by name (its values, defined once, are `Schema.enums`'), or on the column itself (an
/// inline `type: enum` with `values`). So a value added to a named enum changes the enum, not each
/// column: a diff sees one enum change, and a column's snapshot does not repeat the values.
public enum EnumReference: Sendable, Hashable, Codable {
    /// A named enum, by its name in `enums:`.
    case named(name: String)
    /// The values written on the column, in order.
    case inline(values: [String])

    /// The enum's name in `enums:`; `nil` for an inline enum.
    public var name: String? {
        if case .named(let name) = self { name } else { nil }
    }
}
