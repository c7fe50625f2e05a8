/// Reads one schema file's YAML tree into definitions, checking every key against format v1.
struct DocumentParser {
    let file: String
    var reader = NodeReader()
    var definitions = SchemaDefinitions()
    /// Each type text parsed once per file: a schema writes a few dozen types over hundreds of columns.
    private var parsedTypes: [String: Result<TypeExpression, TypeExpression.ParseError>] = [:]

    init(file: String) {
        self.file = file
    }

    static let topLevelKeys = ["tables", "enums", "mixins"]
    static let tableKeys = [
        "columns", "primary_key", "mixins", "indexes", "unique", "checks", "foreign_keys", "comment",
        "renamed_from", "exceptions", "swift_name",
    ]
    static let columnKeys = [
        "type", "nullable", "primary_key", "identity", "default", "references", "on_delete", "on_update", "unique",
        "index", "check", "values", "auto_update", "comment", "renamed_from", "exceptions",
    ]
    static let mixinKeys = ["columns", "indexes"]
    static let enumKeys = ["values", "comment", "renamed_values"]
    static let indexKeys = ["columns", "name", "unique", "where", "using", "distance", "exceptions"]
    static let uniqueKeys = ["columns", "name"]
    static let checkKeys = ["name", "expr"]
    static let foreignKeyKeys = ["columns", "references", "on_delete", "on_update", "name"]
    static let referenceKeys = ["table", "columns"]

    mutating func parse(_ root: YAMLNode) {
        guard let top = reader.mapping(root, allowed: Self.topLevelKeys, what: "a schema file") else { return }
        if let enums = top["enums"] { parseEnums(enums.value) }
        if let mixins = top["mixins"] { parseMixins(mixins.value) }
        if let tables = top["tables"] { parseTables(tables.value) }
    }

    // MARK: - Enums and mixins

    private mutating func parseEnums(_ node: YAMLNode) {
        guard let pairs = namedEntries(node, what: "enums") else { return }
        for pair in pairs {
            guard let name = reader.name(pair.key, what: "an enum name") else { continue }
            var valuesNode = pair.value
            var comment: String?
            var renamedValues: [(new: Located<String>, old: Located<String>)] = []
            if pair.value.mapping != nil {
                guard let fields = reader.mapping(pair.value, allowed: Self.enumKeys, what: "enum '\(name)'") else {
                    continue
                }
                guard let values = fields["values"] else {
                    reader.error("enum '\(name)' needs `values`", rule: FormatRule.missingKey, at: pair.key)
                    continue
                }
                valuesNode = values.value
                comment = fields["comment"].flatMap { reader.comment($0.value) }
                if let renames = fields["renamed_values"] {
                    renamedValues = parseRenamedValues(renames.value, enum: name)
                }
            }
            guard let values = reader.names(valuesNode, what: "the values of enum '\(name)'") else { continue }
            if values.isEmpty {
                reader.error("enum '\(name)' has no values", rule: FormatRule.invalidValue, at: valuesNode)
            }
            definitions.enums.append(
                EnumDefinition(
                    name: Located(name, at: pair.key.location), values: values, renamedValues: renamedValues,
                    comment: comment, file: file))
        }
    }

    /// `renamed_values: { new_value: old_value, … }`
    private mutating func parseRenamedValues(_ node: YAMLNode, enum name: String) -> [(
        new: Located<String>, old: Located<String>
    )] {
        guard let pairs = node.mapping else {
            reader.error(
                "renamed_values of enum '\(name)' must map each new value to its old one: `{ doing: in_progress }`",
                rule: FormatRule.invalidValue, at: node)
            return []
        }
        return pairs.compactMap { pair in
            guard let new = reader.name(pair.key, what: "a value of enum '\(name)'"),
                let old = reader.name(pair.value, what: "the old name of value '\(new)'")
            else { return nil }
            return (Located(new, at: pair.key.location), Located(old, at: pair.value.location))
        }
    }

    private mutating func parseMixins(_ node: YAMLNode) {
        guard let pairs = namedEntries(node, what: "mixins") else { return }
        for pair in pairs {
            guard let name = reader.name(pair.key, what: "a mixin name"),
                let fields = reader.mapping(pair.value, allowed: Self.mixinKeys, what: "mixin '\(name)'")
            else { continue }
            let columns = fields["columns"].map { parseColumns($0.value, owner: "mixin '\(name)'") } ?? []
            let indexes = fields["indexes"].map { parseIndexes($0.value) } ?? []
            definitions.mixins.append(
                MixinDefinition(name: Located(name, at: pair.key.location), columns: columns, indexes: indexes))
        }
    }

    // MARK: - Tables

    private mutating func parseTables(_ node: YAMLNode) {
        guard let pairs = namedEntries(node, what: "tables") else { return }
        for pair in pairs {
            guard let name = reader.name(pair.key, what: "a table name") else { continue }
            guard let fields = reader.mapping(pair.value, allowed: Self.tableKeys, what: "table '\(name)'") else {
                continue
            }
            var table = TableDefinition(name: Located(name, at: pair.key.location), file: file)
            if let columns = fields["columns"] {
                table.columns = parseColumns(columns.value, owner: "table '\(name)'")
                if columns.value.mapping?.isEmpty ?? (columns.value.scalar?.isNull == true) {
                    table.emptyColumnsLocation = columns.key.location
                }
            } else {
                reader.report(
                    .error(
                        "table '\(name)' has no `columns`", rule: FormatRule.missingKey, at: pair.key.location,
                        length: name.count))
            }
            if let key = fields["primary_key"] {
                table.primaryKey = columnList(key.value, what: "primary_key", owner: "`primary_key`")
                table.primaryKeyLocation = key.key.location
            }
            if let mixins = fields["mixins"] {
                table.mixins = reader.names(mixins.value, what: "mixins") ?? []
            }
            if let indexes = fields["indexes"] { table.indexes = parseIndexes(indexes.value) }
            if let uniques = fields["unique"] { table.uniques = parseUniques(uniques.value) }
            if let checks = fields["checks"] { table.checks = parseChecks(checks.value) }
            if let keys = fields["foreign_keys"] { table.foreignKeys = parseForeignKeys(keys.value) }
            table.comment = fields["comment"].flatMap { reader.comment($0.value) }
            table.renamedFrom = fields["renamed_from"].flatMap { reader.name($0.value, what: "renamed_from") }
            table.swiftName = fields["swift_name"].flatMap { pair in
                swiftName(pair.value).map { Located($0, at: pair.value.location) }
            }
            table.exceptions = fields["exceptions"].map { reader.exceptions($0.value) } ?? []
            definitions.tables.append(table)
        }
    }

    /// A mapping of names to definitions (`tables:`, `enums:`, `mixins:`, `columns:`).
    private mutating func namedEntries(_ node: YAMLNode, what: String) -> [YAMLPair]? {
        if node.scalar?.isNull == true { return [] }
        guard let pairs = node.mapping else {
            reader.error(
                "`\(what)` must be a mapping of names to definitions, found \(node.kindDescription)",
                rule: FormatRule.invalidValue, at: node)
            return nil
        }
        return pairs
    }

    // MARK: - Columns

    /// The part after the comma of a type split by a flow mapping: `6)`, `2)?`.
    static func isSplitTail(_ key: String) -> Bool {
        let body = key.hasSuffix("?") ? key.dropLast() : Substring(key)
        return body.hasSuffix(")") && body.dropLast().allSatisfy { $0.isNumber || $0 == " " }
    }

    private mutating func parseColumns(_ node: YAMLNode, owner: String) -> [ColumnDefinition] {
        guard let pairs = namedEntries(node, what: "columns") else { return [] }
        var columns: [ColumnDefinition] = []
        columns.reserveCapacity(pairs.count)
        var skipNext = false
        for (position, pair) in pairs.enumerated() {
            if skipNext {
                skipNext = false
                continue
            }
            // `columns: { amount: decimal(10,2) }` splits into `amount: decimal(10` and a column `2)`.
            if let typeText = pair.value.scalar?.text, Self.hasUnclosedParenthesis(typeText),
                position + 1 < pairs.count, let tail = pairs[position + 1].keyText, Self.isSplitTail(tail),
                pairs[position + 1].value.scalar?.isNull == true
            {
                let whole = "\(typeText),\(tail)"
                reader.report(
                    .error(
                        "type '\(whole)' was split at its comma by the flow mapping `{ … }`; quote it",
                        rule: FormatRule.invalidValue, at: pair.value.location, length: typeText.count,
                        fixes: ["write `\(pair.keyText ?? "column"): \"\(whole)\"`, or use block style"]))
                skipNext = true
                continue
            }
            guard let name = reader.name(pair.key, what: "a column name") else { continue }
            // Filled in place in the result: a column built aside was copied into it, a dozen
            // retains and as many releases.
            columns.append(ColumnDefinition(name: Located(name, at: pair.key.location)))
            let column = columns.count - 1
            if pair.value.mapping != nil {
                parseColumnFields(pair.value, into: &columns[column], owner: owner)
            } else if let text = pair.value.scalar.flatMap({ $0.isNull ? nil : $0.text }) {
                columns[column].type = parseType(text, at: pair.value)
            } else if let items = pair.value.sequence {
                reader.error(
                    "column '\(name)' of \(owner) must be a type or a mapping of options, found a list",
                    rule: FormatRule.invalidValue, at: pair.value, fixes: [Self.mappingFix(name, items: items)])
            } else {
                reader.error(
                    "column '\(name)' of \(owner) needs a type, as in `\(name): text`", rule: FormatRule.missingKey,
                    at: pair.value.scalar != nil ? pair.key : pair.value)
            }
        }
        return columns
    }

    /// `id: [uuid, primary_key]` as the mapping it meant: `id: { type: uuid, primary_key: true }`.
    static func mappingFix(_ name: String, items: [YAMLNode]) -> String {
        let words = items.compactMap { $0.scalar?.text }
        let flags = ["primary_key", "identity", "unique", "index", "nullable", "auto_update"]
        guard words.count == items.count, let type = words.first, words.dropFirst().allSatisfy(flags.contains) else {
            return "write `\(name): <type>`, or `\(name): { type: <type>, <option>: <value> }`"
        }
        let options = [("type", type)] + words.dropFirst().map { ($0, "true") }
        return "write `\(name): { \(options.map { "\($0): \($1)" }.joined(separator: ", ")) }`"
    }

    private mutating func parseColumnFields(_ node: YAMLNode, into column: inout ColumnDefinition, owner: String) {
        let name = column.name.value
        // Built only for a message (a function, not a closure: a closure capturing `name` was a
        // heap allocation for every column).
        func what() -> String { "column '\(name)'" }
        guard let pairs = node.mapping else { return }
        // A flow mapping splits `{ type: decimal(10,6) }` at the comma into `type: decimal(10` and a
        // stray key `6)`. Say exactly that, instead of "unknown key '6)'".
        var splitKeys: Set<String> = []
        if let typePair = pairs.first(where: { $0.keyText == "type" }), let typeText = typePair.value.scalar?.text,
            Self.hasUnclosedParenthesis(typeText)
        {
            let rest = pairs.compactMap(\.keyText).filter { Self.isSplitTail($0) && !Self.columnKeys.contains($0) }
            if let stray = rest.first {
                splitKeys.insert(stray)
                let whole = "\(typeText),\(stray)"
                reader.report(
                    .error(
                        "type '\(whole)' was split at its comma by the flow mapping `{ … }`; quote it",
                        rule: FormatRule.invalidValue, at: typePair.value.location, length: typeText.count,
                        fixes: ["write `type: \"\(whole)\"`, or use block style"]))
            }
        }
        let filtered =
            splitKeys.isEmpty
            ? node
            : YAMLNode(
                .mapping(pairs.filter { !splitKeys.contains($0.keyText ?? "") }), at: node.location, tag: node.tag)
        guard let fields = reader.mapping(filtered, allowed: Self.columnKeys, what: what()) else { return }

        if let type = fields["type"] {
            if splitKeys.isEmpty, let text = reader.text(type.value, what: "the type of \(what())") {
                column.type = parseType(text, at: type.value)
            }
        } else {
            reader.report(
                .error(
                    "\(what()) of \(owner) has no `type`", rule: FormatRule.missingKey, at: column.name.location,
                    length: name.count))
        }
        if let nullable = fields["nullable"], let value = reader.bool(nullable.value, what: "nullable") {
            column.nullable = Located(value, at: nullable.value.location)
        }
        column.isPrimaryKey = flag(fields["primary_key"], what: "primary_key")
        column.isIdentity = flag(fields["identity"], what: "identity")
        column.isUnique = flag(fields["unique"], what: "unique")
        column.isIndexed = flag(fields["index"], what: "index")
        if let auto = fields["auto_update"], let value = reader.bool(auto.value, what: "auto_update") {
            column.autoUpdate = Located(value, at: auto.key.location)
        }
        if let value = fields["default"] {
            column.defaultValue = parseDefault(value.value).map { Located($0, at: value.value.location) }
        }
        if let references = fields["references"], let target = reader.name(references.value, what: "references") {
            column.references = Located(target, at: references.value.location)
        }
        column.onDelete = fields["on_delete"].flatMap { action($0.value, what: "on_delete") }
        column.onUpdate = fields["on_update"].flatMap { action($0.value, what: "on_update") }
        if let check = fields["check"], let text = reader.text(check.value, what: "check") {
            column.check = Located(text, at: check.value.location)
        }
        if let values = fields["values"] {
            column.values = reader.names(values.value, what: "values")
        }
        column.comment = fields["comment"].flatMap { reader.comment($0.value) }
        column.renamedFrom = fields["renamed_from"].flatMap { reader.name($0.value, what: "renamed_from") }
        column.exceptions = fields["exceptions"].map { reader.exceptions($0.value) } ?? []
    }

    private mutating func parseType(_ text: String, at node: YAMLNode) -> Located<TypeExpression>? {
        let parsed: Result<TypeExpression, TypeExpression.ParseError>
        if let known = parsedTypes[text] {
            parsed = known
        } else {
            parsed = Result { () throws(TypeExpression.ParseError) in try TypeExpression.parse(text) }
            parsedTypes[text] = parsed
        }
        switch parsed {
        case .success(let type):
            return Located(type, at: node.location)
        case .failure(let error):
            reader.error(error.message, rule: FormatRule.unknownType, at: node)
            return nil
        }
    }

    /// `(` without `)`: a type that a flow mapping split at its comma. A byte search for ASCII text
    /// (every type), where `contains` would go through Foundation's string search; the same
    /// search as before for the rest.
    static func hasUnclosedParenthesis(_ text: String) -> Bool {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return text.utf8.contains(UInt8(ascii: "(")) && !text.utf8.contains(UInt8(ascii: ")"))
        }
        return text.contains("(") && !text.contains(")")
    }

    private mutating func flag(_ pair: YAMLPair?, what: String) -> Bool {
        guard let pair else { return false }
        return reader.bool(pair.value, what: what) ?? false
    }

    private mutating func action(_ node: YAMLNode, what: String) -> Located<ReferentialAction>? {
        guard let text = reader.name(node, what: what) else { return nil }
        if let action = ReferentialAction(rawValue: text) { return Located(action, at: node.location) }
        let names = ReferentialAction.allCases.map(\.rawValue)
        reader.error(
            "\(what) must be one of \(names.joined(separator: ", ")), found '\(text)'\(Suggestion.didYouMean(text, in: names))",
            rule: FormatRule.invalidValue, at: node)
        return nil
    }

    // MARK: - Defaults

    private mutating func parseDefault(_ node: YAMLNode) -> DefaultDefinition? {
        switch node.content {
        case .scalar(let scalar):
            guard reader.text(node, what: "a default") != nil else { return nil }
            if scalar.style == .plain {
                switch scalar.text {
                case "now()": return .now
                case "uuid()": return .uuid
                default: break
                }
            }
            return .scalar(scalar)
        case .sequence:
            return .json(JSONText.render(node))
        case .mapping(let pairs):
            let keys = Set(pairs.compactMap(\.keyText))
            let sqlKeys: Set = ["sql", "postgres", "sqlite"]
            guard !keys.isEmpty, keys.isSubset(of: sqlKeys) else { return .json(JSONText.render(node)) }
            var raw = RawSQL()
            var isValid = true
            for pair in pairs {
                let readers: [SQLLexicalRules] =
                    switch pair.keyText {
                    case "postgres": [.postgres]
                    case "sqlite": [.sqlite]
                    default: SQLLexicalRules.allCases
                    }
                guard let text = reader.text(pair.value, what: "a SQL default"),
                    isOneExpression(text, at: pair.value, readers: readers)
                else {
                    isValid = false
                    continue
                }
                switch pair.keyText {
                case "sql": raw.common = text
                case "postgres": raw.postgres = text
                default: raw.sqlite = text
                }
            }
            return isValid ? .sql(raw) : nil
        }
    }

    private mutating func isOneExpression(_ text: String, at node: YAMLNode, readers: [SQLLexicalRules]) -> Bool {
        var found: [Diagnostic] = []
        let valid = SQLExpressionCheck.validate(
            Located(text, at: node.location), what: "default", rule: FormatRule.invalidDefault, readers: readers,
            into: &found)
        found.forEach { reader.report($0) }
        return valid
    }

    // MARK: - Table-level lists

    private mutating func parseIndexes(_ node: YAMLNode) -> [IndexDefinition] {
        guard let items = reader.list(node, what: "indexes") else { return [] }
        var result: [IndexDefinition] = []
        for item in items {
            guard let fields = reader.mapping(item, allowed: Self.indexKeys, what: "an index") else { continue }
            guard let columnsPair = fields["columns"] else {
                reader.error("an index needs `columns`", rule: FormatRule.missingKey, at: item)
                continue
            }
            var index = IndexDefinition(
                columns: columnList(columnsPair.value, what: "index columns", owner: "an index's `columns`") ?? [],
                location: item.location)
            index.name = locatedName(fields["name"], what: "an index name")
            index.isUnique = flag(fields["unique"], what: "unique")
            if let predicate = fields["where"], let text = reader.text(predicate.value, what: "where") {
                index.predicate = Located(text, at: predicate.value.location)
            }
            if let using = fields["using"], let text = reader.name(using.value, what: "using") {
                if let method = IndexMethod(rawValue: text.lowercased()) {
                    index.method = method
                } else {
                    let names = IndexMethod.allCases.map(\.rawValue)
                    reader.error(
                        "using must be one of \(names.joined(separator: ", ")), found '\(text)'\(Suggestion.didYouMean(text, in: names))",
                        rule: FormatRule.invalidValue, at: using.value)
                }
            }
            if let distance = fields["distance"] {
                index.distance = vectorDistance(distance.value, method: index.method)
            }
            index.exceptions = fields["exceptions"].map { reader.exceptions($0.value) } ?? []
            result.append(index)
        }
        return result
    }

    /// `distance:` of a pgvector index; it means nothing to other methods, so it is an error there.
    private mutating func vectorDistance(_ node: YAMLNode, method: IndexMethod) -> VectorDistance? {
        guard let text = reader.name(node, what: "distance") else { return nil }
        guard method.isVectorSearch else {
            reader.error(
                "distance applies to hnsw and ivfflat indexes only, not \(method.rawValue)",
                rule: FormatRule.invalidValue, at: node)
            return nil
        }
        let names = VectorDistance.allCases.filter { $0.isAvailable(in: method) }.map(\.rawValue)
        guard let distance = VectorDistance(rawValue: text.lowercased()) else {
            reader.error(
                "distance of a \(method.rawValue) index must be one of \(names.joined(separator: ", ")), found '\(text)'\(Suggestion.didYouMean(text, in: names))",
                rule: FormatRule.invalidValue, at: node)
            return nil
        }
        guard distance.isAvailable(in: method) else {
            reader.error(
                "pgvector's \(method.rawValue) has no \(distance.rawValue) distance; use hnsw, or one of \(names.joined(separator: ", "))",
                rule: FormatRule.invalidValue, at: node)
            return nil
        }
        return distance
    }

    private mutating func parseUniques(_ node: YAMLNode) -> [UniqueDefinition] {
        guard let items = reader.list(node, what: "unique") else { return [] }
        // `unique: [tenant_id, slug]` reads as two one-column constraints, which is never what a
        // list of names beside each other means: each entry is a list of its own.
        if !items.isEmpty, items.allSatisfy({ $0.scalar != nil }) {
            let names = items.compactMap { $0.scalar?.text }.joined(separator: ", ")
            reader.error(
                "each entry of `unique` is a list of columns, found a list of names; "
                    + "one constraint over these columns is `[[\(names)]]`",
                rule: FormatRule.invalidValue, at: node,
                fixes: [
                    "write `unique: [[\(names)]]` (a column alone is unique with `unique: true` on the column)"
                ])
            return []
        }
        var result: [UniqueDefinition] = []
        for item in items {
            if let scalar = item.scalar {
                reader.error(
                    "each entry of `unique` is a list of columns, found the name '\(scalar.text)'",
                    rule: FormatRule.invalidValue, at: item, fixes: ["write `[\(scalar.text)]`"])
                continue
            }
            if item.mapping != nil {
                guard let fields = reader.mapping(item, allowed: Self.uniqueKeys, what: "a unique constraint") else {
                    continue
                }
                guard let columns = fields["columns"] else {
                    reader.error("a unique constraint needs `columns`", rule: FormatRule.missingKey, at: item)
                    continue
                }
                result.append(
                    UniqueDefinition(
                        columns: columnList(
                            columns.value, what: "unique columns", owner: "a unique constraint's `columns`") ?? [],
                        name: locatedName(fields["name"], what: "a constraint name"), location: item.location))
            } else if let columns = columnList(item, what: "unique columns", owner: "an entry of `unique`") {
                result.append(UniqueDefinition(columns: columns, name: nil, location: item.location))
            }
        }
        return result
    }

    private mutating func parseChecks(_ node: YAMLNode) -> [CheckDefinition] {
        guard let items = reader.list(node, what: "checks") else { return [] }
        var result: [CheckDefinition] = []
        for item in items {
            if let scalar = item.scalar {
                result.append(
                    CheckDefinition(
                        name: nil, expression: Located(scalar.text, at: item.location), location: item.location))
                continue
            }
            guard let fields = reader.mapping(item, allowed: Self.checkKeys, what: "a check") else { continue }
            guard let expr = fields["expr"], let text = reader.text(expr.value, what: "expr") else {
                if fields["expr"] == nil {
                    reader.error("a check needs `expr`", rule: FormatRule.missingKey, at: item)
                }
                continue
            }
            result.append(
                CheckDefinition(
                    name: locatedName(fields["name"], what: "a check name"),
                    expression: Located(text, at: expr.value.location), location: item.location))
        }
        return result
    }

    private mutating func parseForeignKeys(_ node: YAMLNode) -> [ForeignKeyDefinition] {
        guard let items = reader.list(node, what: "foreign_keys") else { return [] }
        var result: [ForeignKeyDefinition] = []
        for item in items {
            guard let fields = reader.mapping(item, allowed: Self.foreignKeyKeys, what: "a foreign key") else {
                continue
            }
            guard let columns = fields["columns"], let references = fields["references"] else {
                reader.error(
                    "a foreign key needs `columns` and `references: { table, columns }`", rule: FormatRule.missingKey,
                    at: item)
                continue
            }
            guard
                let target = reader.mapping(references.value, allowed: Self.referenceKeys, what: "references"),
                let tablePair = target["table"], let table = reader.name(tablePair.value, what: "a table name")
            else {
                if references.value.mapping != nil {
                    reader.error("references needs a `table`", rule: FormatRule.missingKey, at: references.value)
                }
                continue
            }
            let localColumns = columnList(
                columns.value, what: "foreign key columns", owner: "a foreign key's `columns`")
            // Without `columns` the key references the primary key; an empty list references nothing.
            var referencedColumns: [Located<String>]?
            var referencesAreValid = true
            if let written = target["columns"] {
                referencedColumns = columnList(
                    written.value, what: "referenced columns",
                    owner: "`references: { columns }` (leave it out to reference the primary key)")
                referencesAreValid = referencedColumns != nil
            }
            guard let localColumns, referencesAreValid else { continue }
            result.append(
                ForeignKeyDefinition(
                    columns: localColumns,
                    referencedTable: Located(table, at: tablePair.value.location),
                    referencedColumns: referencedColumns,
                    onDelete: fields["on_delete"].flatMap { action($0.value, what: "on_delete") },
                    onUpdate: fields["on_update"].flatMap { action($0.value, what: "on_update") },
                    name: locatedName(fields["name"], what: "a constraint name"), location: item.location))
        }
        return result
    }

    /// `swift_name` becomes a type name and a file name: it must be a plain Swift identifier.
    private mutating func swiftName(_ node: YAMLNode) -> String? {
        guard let name = reader.name(node, what: "swift_name") else { return nil }
        let isIdentifier =
            name.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
            && name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        guard isIdentifier else {
            reader.error(
                "swift_name '\(name)' is not a Swift type name (letters, digits and _, not starting with a digit)",
                rule: FormatRule.invalidValue, at: node)
            return nil
        }
        guard !SwiftNames.keywords.contains(name) else {
            let capitalized = name.prefix(1).uppercased() + name.dropFirst()
            let example = SwiftNames.keywords.contains(capitalized) ? capitalized + "Record" : capitalized
            reader.error(
                "swift_name '\(name)' is a Swift keyword", rule: FormatRule.invalidValue, at: node,
                fixes: ["choose a name from your domain, e.g. '\(example)'"])
            return nil
        }
        return name
    }

    /// A list of column names that names at least one: an empty key, index or constraint would
    /// otherwise be dropped without a word (or, for a foreign key, be "0 columns referencing 0").
    /// `owner` names the list in that message: "a foreign key's `columns`".
    private mutating func columnList(_ node: YAMLNode, what: String, owner: String) -> [Located<String>]? {
        if node.sequence?.isEmpty == true {
            reader.error(
                "\(owner) is an empty list; it must name at least one column", rule: FormatRule.invalidValue, at: node)
            return nil
        }
        guard let names = reader.names(node, what: what), !names.isEmpty else { return nil }
        return names
    }

    private mutating func locatedName(_ pair: YAMLPair?, what: String) -> Located<String>? {
        guard let pair, let text = reader.name(pair.value, what: what) else { return nil }
        return Located(text, at: pair.value.location)
    }
}
