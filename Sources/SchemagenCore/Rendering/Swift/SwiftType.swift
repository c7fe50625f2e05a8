/// The Swift type that holds a column's values, and what it needs around it.
struct SwiftType: Sendable, Hashable {
    /// The type as written in a declaration, without the `?` of a nullable column.
    var name: String
    /// Needs `import Foundation` (`UUID`, `Date`, `Decimal`, `Data`).
    var needsFoundation = false
    /// Needs the generated `JSONValue.swift`.
    var needsJSONValue = false
    /// Needs the generated `DateOnly.swift`.
    var needsDateOnly = false

    /// The type of `column`; `enumTypeName` names the enum of an enum column (nested for inline
    /// values, top-level for a named enum), which only the caller can know.
    static func of(_ type: ColumnType, enumTypeName: String) -> SwiftType {
        switch type {
        case .uuid: SwiftType(name: "UUID", needsFoundation: true)
        case .text, .varchar: SwiftType(name: "String")
        case .smallint: SwiftType(name: "Int16")
        case .int: SwiftType(name: "Int32")
        case .bigint: SwiftType(name: "Int64")
        case .bool: SwiftType(name: "Bool")
        case .decimal: SwiftType(name: "Decimal", needsFoundation: true)
        case .real: SwiftType(name: "Float")
        case .double: SwiftType(name: "Double")
        case .date: SwiftType(name: "DateOnly", needsDateOnly: true)
        // A timestamp without time zone still names an instant once read; the `timestamp-tz` rule
        // is where that choice gets questioned, not here.
        case .timestamptz, .timestamp: SwiftType(name: "Date", needsFoundation: true)
        case .json: SwiftType(name: "JSONValue", needsJSONValue: true)
        case .bytes: SwiftType(name: "Data", needsFoundation: true)
        case .vector: SwiftType(name: "[Float]")
        case .enumeration: SwiftType(name: enumTypeName)
        }
    }
}
