/// The keys a Swift template can name, per context, and the keys a section over each one opens.
///
/// Mustache renders a key it cannot find as nothing, so a misspelt `{{typName}}` in a project's
/// template would silently write broken Swift. `TemplateCheck` looks every name up here instead.
/// The keys are the stored properties of the contexts (`SwiftTemplateContext.swift`);
/// `TemplateScopeTests` checks them against reflection, so the two cannot drift apart.
struct TemplateScope: Sendable {
    /// Each key, with the scope a section over it opens: empty for a plain value or a list of text,
    /// where names resolve in the enclosing scopes (and `.` is the value itself).
    var keys: [String: TemplateScope]

    init(_ keys: [String: TemplateScope] = [:]) {
        self.keys = keys
    }

    /// A scope of plain values.
    init(values names: [String], objects: [String: TemplateScope] = [:]) {
        var keys = Dictionary(uniqueKeysWithValues: names.map { ($0, TemplateScope()) })
        keys.merge(objects) { _, object in object }
        self.keys = keys
    }

    static let property = TemplateScope(values: [
        "name", "columnName", "type", "documentation", "parameterDefault", "codingKey", "encodeMethod",
        "encodedValue", "separator", "isLast",
    ])
    static let computedID = TemplateScope(values: ["type", "property"])
    static let enumCase = TemplateScope(values: ["name", "value", "rawValue"])
    static let `enum` = TemplateScope(
        values: ["header", "sourceFile", "access", "documentation", "typeName", "enumName", "conformances"],
        objects: ["cases": enumCase])
    static let model = TemplateScope(
        values: [
            "header", "sourceFile", "imports", "hasImports", "access", "documentation", "typeName", "tableName",
            "conformances", "hasProperties", "encodesLowercaseUUIDs",
        ],
        objects: ["properties": property, "computedID": computedID, "nestedEnums": `enum`])
    static let support = TemplateScope(values: ["header", "access"])
}

extension TemplateSet.Name {
    /// The context this template is rendered with.
    var scope: TemplateScope {
        switch self {
        case .model: .model
        case .enum: .enum
        case .jsonValue, .dateOnly, .timestampCoding: .support
        }
    }
}
