/// Turns one table into the context of `model.mustache`.
struct SwiftModelBuilder {
    var table: Table
    var typeNames: SwiftTypeNames
    /// The access modifier and its space (`public `), or nothing.
    var access: String

    static let modelConformances = ["Codable", "Hashable", "Sendable"]
    static let enumConformances = "String, Codable, Hashable, Sendable, CaseIterable"

    /// Columns whose Swift property names coincide (`user_id` and `userId`): each is an error.
    static func propertyCollisions(in table: Table) -> [Diagnostic] {
        var owners: [String: Column] = [:]
        var collisions: [Diagnostic] = []
        for column in table.columns {
            let bareName = SwiftNames.unescaped(SwiftNames.propertyName(forColumn: column.name))
            guard let owner = owners[bareName] else {
                owners[bareName] = column
                continue
            }
            collisions.append(collision(of: column, with: owner, in: table, on: bareName))
        }
        return collisions
    }

    private static func collision(of column: Column, with owner: Column, in table: Table, on bareName: String)
        -> Diagnostic
    {
        .error(
            "columns `\(owner.name)` and `\(column.name)` of table `\(table.name)` both become the Swift "
                + "property `\(bareName)`",
            rule: FormatRule.swiftCollision, at: column.location, fixes: ["rename one of the columns"],
            notes: [.init("`\(owner.name)` is defined here", at: owner.location)])
    }

    func context() throws(Diagnostic) -> SwiftModelContext {
        let typeName = typeNames.tableTypeName(table)
        var nestedEnums: [SwiftEnumContext] = []
        var nestedNames: Set<String> = []
        var properties: [SwiftPropertyContext] = []
        // Each property's bare name and Swift type, in column order: searched in turn (a table has
        // tens of columns; two dictionaries per table cost more than the names), or through an
        // index by name for a wide table.
        var bareNames: [String] = []
        var swiftTypes: [String] = []
        bareNames.reserveCapacity(table.columns.count)
        swiftTypes.reserveCapacity(table.columns.count)
        var byName: [String: Int]? = table.columns.count > 32 ? [:] : nil
        func position(of bareName: String) -> Int? {
            if let byName { return byName[bareName] }
            return bareNames.firstIndex(of: bareName)
        }
        var needsFoundation = false

        for (index, column) in table.columns.enumerated() {
            let name = SwiftNames.propertyName(forColumn: column.name)
            let bareName = SwiftNames.unescaped(name)
            // The first collision, as `propertyCollisions(in:)` finds it, from the names this loop
            // derives anyway (the checks report every one before rendering).
            if let owner = position(of: bareName) {
                throw Self.collision(of: column, with: table.columns[owner], in: table, on: bareName)
            }
            byName?[bareName] = bareNames.count
            bareNames.append(bareName)

            var enumTypeName = ""
            switch column.type {
            case .enumeration(.named(let enumName)):
                // The named enum's own file declares its cases; the property only names its type.
                enumTypeName = typeNames.enumTypeName(enumName)
            case .enumeration(.inline(let values)):
                enumTypeName = nestedEnumName(for: column, in: typeName, taken: nestedNames)
                nestedNames.insert(enumTypeName)
                nestedEnums.append(
                    SwiftModelBuilder.enumContext(
                        typeName: enumTypeName, enumName: column.name, values: values, comment: nil,
                        indent: 4, header: "", sourceFile: table.file, access: access))
            default:
                break
            }
            let swiftType = SwiftType.of(column.type, enumTypeName: enumTypeName)
            needsFoundation = needsFoundation || swiftType.needsFoundation
            swiftTypes.append(swiftType.name)
            let isLast = index == table.columns.count - 1
            // Foundation's UUID encodes capitals, Postgres and SQLite write small letters: a key
            // stored as text (`uuid_type: varchar(36)`) must be written as the parent's is.
            let lowercased = column.isNullable ? "?.uuidString.lowercased()" : ".uuidString.lowercased()"
            properties.append(
                SwiftPropertyContext(
                    name: name, columnName: column.name,
                    type: swiftType.name + (column.isNullable ? "?" : ""),
                    documentation: SwiftText.documentation(column.comment, indent: 4),
                    parameterDefault: column.isNullable ? "nil" : nil,
                    codingKey: bareName == column.name ? nil : SwiftText.stringLiteralContents(column.name),
                    encodeMethod: column.isNullable ? "encodeIfPresent" : "encode",
                    encodedValue: "self.\(name)" + (column.type == .uuid ? lowercased : ""),
                    separator: isLast ? "" : ",", isLast: isLast))
        }

        // Identifiable when one column is the key. A key column named otherwise gets a computed
        // `id`, unless another column already takes that name (then the type is not Identifiable:
        // its `id` would not be the key).
        var conformances = SwiftModelBuilder.modelConformances
        var computedID: SwiftComputedIDContext?
        if let key = table.primaryKey, key.columns.count == 1 {
            let keyProperty = SwiftNames.propertyName(forColumn: key.columns[0])
            let bareKey = SwiftNames.unescaped(keyProperty)
            if bareKey == "id" {
                conformances.append("Identifiable")
            } else if position(of: "id") == nil, let keyPosition = position(of: bareKey) {
                conformances.append("Identifiable")
                computedID = SwiftComputedIDContext(type: swiftTypes[keyPosition], property: keyProperty)
            }
        }

        return SwiftModelContext(
            header: SwiftRenderer.header(from: table.file), sourceFile: table.file,
            imports: needsFoundation ? ["Foundation"] : [], hasImports: needsFoundation, access: access,
            documentation: SwiftText.documentation(table.comment, indent: 0), typeName: typeName,
            tableName: table.name, conformances: conformances.joined(separator: ", "), properties: properties,
            hasProperties: !properties.isEmpty, computedID: computedID,
            encodesLowercaseUUIDs: table.columns.contains { $0.type == .uuid }, nestedEnums: nestedEnums)
    }

    /// PascalCase of the column (`status` → `Status`), with `Value` appended when that would hide a
    /// type the model or its users may mean: a standard type, a generated top-level type, the model
    /// itself, or a member type every model has.
    private func nestedEnumName(for column: Column, in typeName: String, taken: Set<String>) -> String {
        let base = SwiftNames.nestedEnumName(forColumn: column.name)
        func isFree(_ name: String) -> Bool {
            !SwiftNames.shadowsStandardType(name) && !typeNames.topLevel.contains(name) && name != typeName
                && name != "CodingKeys" && name != "ID" && !taken.contains(name)
        }
        if isFree(base) { return base }
        var candidate = base + "Value"
        var counter = 2
        while !isFree(candidate) {
            candidate = base + "Value" + String(counter)
            counter += 1
        }
        return candidate
    }

    static func enumContext(
        typeName: String, enumName: String, values: [String], comment: String?, indent: Int, header: String,
        sourceFile: String, access: String
    ) -> SwiftEnumContext {
        let cases = zip(values, SwiftNames.caseNames(forValues: values)).map { value, name in
            SwiftEnumCaseContext(
                name: name, value: value,
                rawValue: SwiftNames.unescaped(name) == value ? nil : SwiftText.stringLiteralContents(value))
        }
        return SwiftEnumContext(
            header: header, sourceFile: sourceFile, access: access,
            documentation: SwiftText.documentation(comment, indent: indent), typeName: typeName, enumName: enumName,
            conformances: enumConformances, cases: cases)
    }
}
