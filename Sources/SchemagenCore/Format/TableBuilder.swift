/// Builds one table from its definition: columns (mixins first), types, defaults, primary key,
/// unique constraints, checks and indexes. Foreign keys need the other tables: `ReferenceResolver`.
struct TableBuilder {
    let definition: TableDefinition
    let naming: Naming
    /// Which implicit checks each database needs.
    let policy: ImplicitCheck.Policy
    let enums: [String: EnumType]
    let mixins: [MixinDefinition]
    private(set) var diagnostics: [Diagnostic] = []
    /// The table's columns as written, mixin columns included, once `build()` has run.
    private(set) var columnDefinitions: [ColumnDefinition] = []
    /// The SQL expressions already found valid in this build, shared by its tables.
    let validExpressions: ValidExpressions

    init(
        definition: TableDefinition, naming: Naming, policy: ImplicitCheck.Policy = .init(),
        enums: [String: EnumType], mixins: [MixinDefinition], validExpressions: ValidExpressions = ValidExpressions()
    ) {
        self.definition = definition
        self.naming = naming
        self.policy = policy
        self.enums = enums
        self.mixins = mixins
        self.validExpressions = validExpressions
    }

    /// The expression texts of one graph build that passed `SQLExpressionCheck`. The check lexes a
    /// text once per dialect, and schemas repeat their checks (`amount >= 0`) and predicates from
    /// table to table; a text that passed once passes again, with no finding, so it is lexed once.
    /// Failing texts are checked each time: their findings name each place.
    final class ValidExpressions {
        fileprivate var texts: Set<String> = []
        init() {}
    }

    private var tableName: String { definition.name.value }

    mutating func build() -> Table {
        let (columnDefinitions, mixinIndexes) = applyMixins()
        self.columnDefinitions = columnDefinitions
        // `CREATE TABLE posts ( );` is a syntax error in SQLite (Postgres takes it, but its rows
        // could hold nothing). Mixins may bring every column; an unknown mixin has its own error.
        if let location = definition.emptyColumnsLocation, columnDefinitions.isEmpty,
            definition.mixins.allSatisfy({ name in mixins.contains { $0.name.value == name.value } })
        {
            diagnostics.append(
                .error(
                    "table '\(tableName)' has no columns; a table needs at least one",
                    rule: FormatRule.missingKey, at: location, length: "columns".count,
                    fixes: ["add a column, e.g. `id: { type: uuid, primary_key: true, default: uuid() }`"]))
        }
        var columns: [Column] = []
        columns.reserveCapacity(columnDefinitions.count)
        // By index: the element is lent to `buildColumn`, where a `for … in` copied every column
        // definition (a dozen strings and locations) and released the copy.
        for position in columnDefinitions.indices {
            if let column = buildColumn(columnDefinitions[position]) { columns.append(column) }
        }
        var table = Table(
            name: tableName, columns: columns, comment: definition.comment, renamedFrom: definition.renamedFrom,
            mixins: definition.mixins.map(\.value), swiftName: definition.swiftName?.value,
            exceptions: definition.exceptions,
            file: definition.file, location: definition.name.location)
        table.swiftNameLocation = definition.swiftName?.location
        table.primaryKey = buildPrimaryKey(columnDefinitions, columns: columns)
        table.uniqueConstraints = buildUniques(columnDefinitions, columns: columns)
        table.checks = buildChecks(columnDefinitions, columns: columns)
        table.implicitChecks = ImplicitCheck.derive(
            table: tableName, columns: columns, naming: naming, policy: policy, enums: enums)
        table.indexes = buildIndexes(columnDefinitions, extra: mixinIndexes + definition.indexes, columns: columns)
        table.triggers = UpdateTrigger.derive(table: tableName, columns: columns, naming: naming)
        return table
    }

    // MARK: - Columns

    /// Mixin columns first, in the order the table lists its mixins, then the table's own.
    ///
    /// Each column definition (hundreds of bytes) is copied once, into the result: the mixins'
    /// list is checked first (its findings come first), then the columns are taken as they come.
    private mutating func applyMixins() -> ([ColumnDefinition], [IndexDefinition]) {
        var used: [(mixin: Int, reference: Located<String>)] = []
        var indexes: [IndexDefinition] = []
        var listed: [String: SourceLocation] = [:]
        for reference in definition.mixins {
            // The mistake is in the table's `mixins:` list, so that is where it is reported.
            if let first = listed[reference.value] {
                diagnostics.append(
                    .error(
                        "table '\(tableName)' lists mixin '\(reference.value)' twice", rule: FormatRule.duplicateName,
                        at: reference.location, length: reference.value.count,
                        fixes: ["remove the second '\(reference.value)' from `mixins`"],
                        notes: [.init("first listed here", at: first)]))
                continue
            }
            listed[reference.value] = reference.location
            guard let mixin = mixins.firstIndex(where: { $0.name.value == reference.value }) else {
                diagnostics.append(
                    .error(
                        "table '\(tableName)' uses unknown mixin '\(reference.value)'"
                            + Suggestion.didYouMean(reference.value, in: mixins.map(\.name.value)),
                        rule: FormatRule.unknownReference, at: reference.location, length: reference.value.count))
                continue
            }
            used.append((mixin, reference))
            indexes += mixins[mixin].indexes
        }

        let count = used.reduce(definition.columns.count) { $0 + mixins[$1.mixin].columns.count }
        var seen: [String: (location: SourceLocation, mixin: Located<String>?)] = [:]
        seen.reserveCapacity(count)
        var unique: [ColumnDefinition] = []
        unique.reserveCapacity(count)
        for (mixin, reference) in used {
            let name = mixins[mixin].name.value
            for column in mixins[mixin].columns {
                guard isFirst(column, from: reference, seen: &seen) else { continue }
                unique.append(column)
                unique[unique.count - 1].mixin = name
            }
        }
        for column in definition.columns where isFirst(column, from: nil, seen: &seen) {
            unique.append(column)
        }
        return (unique, indexes)
    }

    /// True for the first column of its name; a later one is reported, naming both places.
    private mutating func isFirst(
        _ column: ColumnDefinition, from mixin: Located<String>?,
        seen: inout [String: (location: SourceLocation, mixin: Located<String>?)]
    ) -> Bool {
        let name = column.name.value
        guard let earlier = seen[name] else {
            seen[name] = (column.name.location, mixin)
            return true
        }
        var notes: [Diagnostic.Note] = []
        if let mixin { notes.append(.init("mixin '\(mixin.value)' defines it here", at: column.name.location)) }
        notes.append(.init("first defined here", at: earlier.location))
        if let first = earlier.mixin {
            notes.append(.init("by mixin '\(first.value)', used here", at: first.location))
        }
        // A column that a mixin brings is reported at the table's `mixins:` entry: the mixin
        // itself may be right for every other table that uses it.
        let place = mixin.map { ($0.location, $0.value.count) } ?? (column.name.location, name.count)
        diagnostics.append(
            .error(
                "column '\(name)' is defined twice in table '\(tableName)'"
                    + (mixin.map { ": mixin '\($0.value)' defines it too" } ?? ""),
                rule: FormatRule.duplicateName, at: place.0, length: place.1, notes: notes))
        return false
    }

    private mutating func buildColumn(_ definition: ColumnDefinition) -> Column? {
        guard let typeExpression = definition.type else { return nil }
        guard let type = resolveType(typeExpression, column: definition) else { return nil }

        var isNullable = typeExpression.value.isNullable
        if let nullable = definition.nullable {
            if typeExpression.value.isNullable && !nullable.value {
                diagnostics.append(
                    .error(
                        "column '\(definition.name.value)' is marked nullable by `?` and `nullable: false`",
                        rule: FormatRule.invalidValue, at: nullable.location,
                        fixes: ["remove the `?` or the `nullable: false`"]))
            }
            isNullable = isNullable || nullable.value
        }
        if definition.values != nil, case .enumeration(.named(let name)) = type {
            diagnostics.append(
                .error(
                    "column '\(definition.name.value)' has `values` but its type is the enum '\(name)'",
                    rule: FormatRule.invalidValue, at: definition.values?.first?.location ?? definition.name.location,
                    fixes: ["remove `values`, or use `type: enum`"]))
        } else if definition.values != nil, !isEnum(type) {
            diagnostics.append(
                .error(
                    "`values` only applies to `type: enum`", rule: FormatRule.invalidValue,
                    at: definition.values?.first?.location ?? definition.name.location))
        }
        if let auto = definition.autoUpdate, auto.value, !type.isTimestamp {
            diagnostics.append(
                .error(
                    "`auto_update` only applies to timestamp columns; '\(definition.name.value)' is \(type.formatSpelling)",
                    rule: FormatRule.invalidValue, at: auto.location))
        }
        if definition.isIdentity, !type.isInteger {
            diagnostics.append(
                .error(
                    "`identity` needs an integer type (smallint, int, bigint); '\(definition.name.value)' is \(type.formatSpelling)",
                    rule: FormatRule.invalidValue, at: definition.name.location, length: definition.name.value.count))
        }

        if definition.isIdentity, definition.defaultValue != nil {
            diagnostics.append(
                .error(
                    "column '\(definition.name.value)' is an identity column and has a default; the identity is its default",
                    rule: FormatRule.invalidValue, at: definition.defaultValue!.location,
                    fixes: ["remove `default`, or `identity: true`"]))
        }
        if definition.references == nil, definition.onDelete != nil || definition.onUpdate != nil {
            diagnostics.append(
                .error(
                    "column '\(definition.name.value)' has `on_delete`/`on_update` but no `references`",
                    rule: FormatRule.invalidValue, at: definition.name.location, length: definition.name.value.count,
                    fixes: ["add `references: <table>`, or remove the action"]))
        }

        var defaultValue: DefaultValue?
        if let written = definition.defaultValue {
            var resolver = DefaultResolver(
                column: definition.name.value, type: type, enumValues: enumValues(of: type), isNullable: isNullable)
            defaultValue = resolver.resolve(written)
            diagnostics += resolver.diagnostics
        }
        return Column(
            name: definition.name.value, type: type, isNullable: isNullable, isIdentity: definition.isIdentity,
            defaultValue: defaultValue, autoUpdate: definition.autoUpdate?.value ?? false, comment: definition.comment,
            renamedFrom: definition.renamedFrom, exceptions: definition.exceptions, mixin: definition.mixin,
            location: definition.name.location)
    }

    private func isEnum(_ type: ColumnType) -> Bool {
        if case .enumeration = type { return true }
        return false
    }

    /// The values an enum column takes: its own, or its named enum's.
    private func enumValues(of type: ColumnType) -> [String] {
        switch type {
        case .enumeration(.named(let name)): enums[name]?.values ?? []
        case .enumeration(.inline(let values)): values
        default: []
        }
    }

    private mutating func resolveType(_ expression: Located<TypeExpression>, column: ColumnDefinition) -> ColumnType? {
        switch expression.value.base {
        case .builtin(let type):
            return type
        case .inlineEnum:
            guard let values = column.values, !values.isEmpty else {
                diagnostics.append(
                    .error(
                        "column '\(column.name.value)' is an enum without `values`", rule: FormatRule.missingKey,
                        at: expression.location, fixes: ["add `values: [a, b]`, or use a named enum from `enums:`"]))
                return nil
            }
            var unique: [String] = []
            for value in values {
                if unique.contains(value.value) {
                    diagnostics.append(
                        .error(
                            "'\(value.value)' is listed twice in the values of '\(column.name.value)'",
                            rule: FormatRule.duplicateName, at: value.location, length: value.value.count))
                } else {
                    unique.append(value.value)
                }
            }
            return .enumeration(.inline(values: unique))
        case .named(let name):
            if let enumType = enums[name] {
                return .enumeration(.named(name: enumType.name))
            }
            let candidates = TypeExpression.builtinNames + enums.keys.sorted()
            let suggestion = Suggestion.closest(to: name, in: candidates).map {
                enums[$0] == nil ? TypeExpression.suggestedSpelling($0) : $0
            }
            diagnostics.append(
                .error(
                    "unknown type '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                    rule: FormatRule.unknownType,
                    at: expression.location, length: name.count,
                    fixes: suggestion.map { ["replace '\(name)' with '\($0)'"] } ?? []))
            return nil
        }
    }

    // MARK: - Keys and constraints

    private mutating func buildPrimaryKey(_ definitions: [ColumnDefinition], columns: [Column]) -> PrimaryKey? {
        // The names and places of the flagged columns: copying their whole definitions is waste.
        var flagged: [Located<String>] = []
        for position in definitions.indices where definitions[position].isPrimaryKey {
            flagged.append(definitions[position].name)
        }
        if let listed = definition.primaryKey {
            let location = definition.primaryKeyLocation ?? definition.name.location
            if !flagged.isEmpty {
                diagnostics.append(
                    .error(
                        "table '\(tableName)' has `primary_key` on the table and on column '\(flagged[0].value)'",
                        rule: FormatRule.invalidValue, at: flagged[0].location,
                        fixes: ["keep one: the table's list for a composite key, the column flag for a single one"]))
            }
            guard let names = resolveColumns(listed, in: columns, what: "primary key"), !names.isEmpty else {
                return nil
            }
            for column in columns where names.contains(column.name) && column.isNullable {
                diagnostics.append(
                    .error(
                        "primary key column '\(column.name)' is nullable; a key identifies every row",
                        rule: FormatRule.invalidValue, at: column.location, length: column.name.count,
                        fixes: ["remove the `?` (or `nullable: true`)"]))
            }
            return PrimaryKey(name: naming.primaryKey(table: tableName), columns: names, location: location)
        }
        guard let first = flagged.first else { return nil }
        if let column = columns.first(where: { $0.name == first.value }), column.isNullable {
            diagnostics.append(
                .error(
                    "primary key column '\(column.name)' is nullable; a key identifies every row",
                    rule: FormatRule.invalidValue, at: column.location, length: column.name.count,
                    fixes: ["remove the `?` (or `nullable: true`)"]))
        }
        if flagged.count > 1 {
            diagnostics.append(
                .error(
                    "table '\(tableName)' marks \(flagged.count) columns `primary_key: true`",
                    rule: FormatRule.invalidValue, at: flagged[1].location,
                    fixes: [
                        "for a composite key write `primary_key: [\(flagged.map(\.value).joined(separator: ", "))]` on the table"
                    ]
                ))
        }
        return PrimaryKey(
            name: naming.primaryKey(table: tableName), columns: [first.value], location: first.location)
    }

    private mutating func buildUniques(_ definitions: [ColumnDefinition], columns: [Column]) -> [UniqueConstraint] {
        var result: [UniqueConstraint] = []
        for position in definitions.indices where definitions[position].isUnique {
            let name = definitions[position].name
            result.append(
                UniqueConstraint(
                    name: naming.unique(table: tableName, columns: [name.value]), columns: [name.value],
                    location: name.location))
        }
        let flagged = result.count
        for unique in definition.uniques {
            guard let names = resolveColumns(unique.columns, in: columns, what: "unique constraint"), !names.isEmpty
            else { continue }
            // A second constraint over the same columns adds nothing but an index to keep up to
            // date; with a derived name it would also clash with the first one's.
            if let position = result.firstIndex(where: { $0.columns == names }) {
                let first = result[position]
                let written = "[\(names.joined(separator: ", "))]"
                let isColumnFlag = position < flagged
                diagnostics.append(
                    .error(
                        "the unique constraint \(written) repeats "
                            + (isColumnFlag
                                ? "`unique: true` on column '\(names[0])'" : "an earlier one over the same columns"),
                        rule: FormatRule.duplicateName, at: unique.name?.location ?? unique.location,
                        length: unique.name?.value.count ?? 1,
                        fixes: [
                            unique.name == nil ? "remove `\(written)` from `unique`" : "remove this entry from `unique`"
                        ],
                        notes: [
                            .init(
                                isColumnFlag ? "the column is unique here" : "first declared here", at: first.location)
                        ]))
                continue
            }
            result.append(
                UniqueConstraint(
                    name: unique.name?.value ?? naming.unique(table: tableName, columns: names), columns: names,
                    location: unique.name?.location ?? unique.location))
        }
        return result
    }

    private mutating func buildChecks(_ definitions: [ColumnDefinition], columns: [Column]) -> [CheckConstraint] {
        var result: [CheckConstraint] = []
        for position in definitions.indices {
            guard let check = definitions[position].check, validateExpression(check, what: "check") else { continue }
            result.append(
                CheckConstraint(
                    name: naming.check(table: tableName, name: definitions[position].name.value),
                    expression: check.value,
                    location: check.location))
        }
        for (position, check) in definition.checks.enumerated() {
            guard validateExpression(check.expression, what: "check") else { continue }
            result.append(
                CheckConstraint(
                    name: check.name?.value ?? naming.check(table: tableName, name: String(position + 1)),
                    expression: check.expression.value, location: check.name?.location ?? check.location))
        }
        return result
    }

    private mutating func buildIndexes(
        _ definitions: [ColumnDefinition], extra: [IndexDefinition], columns: [Column]
    ) -> [Index] {
        var result: [Index] = []
        for position in definitions.indices where definitions[position].isIndexed {
            let name = definitions[position].name
            result.append(
                Index(
                    name: naming.index(table: tableName, columns: [name.value], method: .btree, isUnique: false),
                    columns: [IndexColumn(name: name.value)], location: name.location))
        }
        for index in extra {
            var indexColumns: [IndexColumn] = []
            for written in index.columns {
                guard let column = parseIndexColumn(written) else { continue }
                // Only btree keeps an order: Postgres refuses DESC on gin, gist, hash and pgvector's.
                if column.descending, index.method != .btree {
                    diagnostics.append(
                        .error(
                            "'\(written.value)' asks for an order, but a \(index.method.rawValue) index has none",
                            rule: FormatRule.invalidValue, at: written.location, length: written.value.count,
                            fixes: ["drop ` desc`, or index it with btree"]))
                    continue
                }
                if column.isExpression || columns.contains(where: { $0.name == column.name }) {
                    indexColumns.append(column)
                } else {
                    reportUnknownColumn(Located(column.name, at: written.location), in: columns)
                }
            }
            guard indexColumns.count == index.columns.count, !indexColumns.isEmpty else { continue }
            if let predicate = index.predicate, !validateExpression(predicate, what: "where") { continue }
            let names = indexColumns.map(\.namingKey)
            result.append(
                Index(
                    name: index.name?.value
                        ?? naming.index(
                            table: tableName, columns: names, method: index.method, isUnique: index.isUnique),
                    columns: indexColumns, isUnique: index.isUnique, predicate: index.predicate?.value,
                    method: index.method, distance: index.distance, isNamedExplicitly: index.name != nil,
                    exceptions: index.exceptions,
                    location: index.name?.location ?? index.location))
        }
        return result
    }

    /// `name`, `name asc` or `name desc`; or an expression with its parentheses (`lower(email)`,
    /// `(a + b) desc`), which must be one SQL expression like a check.
    private mutating func parseIndexColumn(_ written: Located<String>) -> IndexColumn? {
        // Bytes for ASCII text (where Foundation's search, which `contains` is, finds the same).
        let isExpression =
            written.value.utf8.allSatisfy { $0 < 0x80 }
            ? written.value.utf8.contains(UInt8(ascii: "(")) : written.value.contains("(")
        if isExpression {
            var expression = written.value.trimmingWhitespace()
            var descending = false
            for (suffix, isDescending) in [(" desc", true), (" asc", false)]
            where expression.lowercased().hasSuffix(suffix) {
                expression = String(expression.dropLast(suffix.count)).trimmingWhitespace()
                descending = isDescending
            }
            guard validateExpression(Located(expression, at: written.location), what: "index") else { return nil }
            return IndexColumn(name: expression, descending: descending, isExpression: true)
        }
        let words = Self.words(written.value)
        switch (words.count, words.last?.lowercased()) {
        case (1, _): return IndexColumn(name: words[0])
        case (2, "asc"): return IndexColumn(name: words[0])
        case (2, "desc"): return IndexColumn(name: words[0], descending: true)
        default:
            diagnostics.append(
                .error(
                    "index column '\(written.value)' must be a column name or an expression with parentheses, optionally followed by asc or desc",
                    rule: FormatRule.invalidValue, at: written.location, length: written.value.count))
            return nil
        }
    }

    /// An index column's words, as `split(separator: " ")` splits characters. ASCII text splits
    /// by bytes, which is the same there (no ASCII cluster but the space itself is a space) and
    /// spares a walk by grapheme clusters; other text splits by characters.
    static func words(_ text: String) -> [String] {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return text.split(separator: " ").map(String.init) }
        return text.utf8.split(separator: UInt8(ascii: " ")).map { String(Substring($0)) }
    }

    // MARK: - Helpers

    private mutating func resolveColumns(_ names: [Located<String>], in columns: [Column], what: String) -> [String]? {
        var result: [String] = []
        for name in names {
            if columns.contains(where: { $0.name == name.value }) {
                result.append(name.value)
            } else {
                reportUnknownColumn(name, in: columns)
            }
        }
        return result.count == names.count ? result : nil
    }

    /// A column that is written but failed to build (an unknown type, say) has its own error.
    private mutating func reportUnknownColumn(_ name: Located<String>, in columns: [Column]) {
        guard !columnDefinitions.contains(where: { $0.name.value == name.value }) else { return }
        diagnostics.append(
            .error(
                "table '\(tableName)' has no column '\(name.value)'"
                    + Suggestion.didYouMean(name.value, in: columns.map(\.name)),
                rule: FormatRule.unknownReference, at: name.location, length: name.value.count))
    }

    /// SQL written by the user is passed through, so it must be one expression: a `;` or a comment
    /// would let a schema file smuggle statements into the DDL.
    private mutating func validateExpression(_ expression: Located<String>, what: String) -> Bool {
        if validExpressions.texts.contains(expression.value) { return true }
        let isValid = SQLExpressionCheck.validate(expression, what: what, into: &diagnostics)
        if isValid { validExpressions.texts.insert(expression.value) }
        return isValid
    }
}
