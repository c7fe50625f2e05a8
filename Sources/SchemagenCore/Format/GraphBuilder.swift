/// Turns the definitions of every schema file into one resolved `Schema`: mixins applied, types and
/// references resolved, derived names filled in, tables in dependency order.
struct GraphBuilder {
    let naming: Naming
    let policy: ImplicitCheck.Policy
    private(set) var diagnostics: [Diagnostic] = []

    init(naming: Naming, policy: ImplicitCheck.Policy = .init()) {
        self.naming = naming
        self.policy = policy
    }

    mutating func build(_ definitions: SchemaDefinitions) -> Schema {
        let enums = buildEnums(definitions.enums)
        let mixins = uniqueByName(definitions.mixins, name: \.name, kind: "mixin")
        let enumsByName = Dictionary(uniqueKeysWithValues: enums.map { ($0.name, $0) })
        let tableDefinitions = uniqueByName(definitions.tables, name: \.name, kind: "table")

        var tables: [Table] = []
        var columnDefinitions: [[ColumnDefinition]] = []
        let validExpressions = TableBuilder.ValidExpressions()
        for definition in tableDefinitions {
            var builder = TableBuilder(
                definition: definition, naming: naming, policy: policy, enums: enumsByName, mixins: mixins,
                validExpressions: validExpressions)
            tables.append(builder.build())
            columnDefinitions.append(builder.columnDefinitions)
            diagnostics += builder.diagnostics
        }
        let byName = Dictionary(uniqueKeysWithValues: tables.map { ($0.name, $0) })
        let written = Dictionary(
            zip(tables, columnDefinitions).map { ($0.name, Set($1.map(\.name.value))) },
            uniquingKeysWith: { first, _ in first })
        for index in tables.indices {
            var resolver = ReferenceResolver(naming: naming, tables: byName, writtenColumns: written)
            resolver.resolve(&tables[index], definition: tableDefinitions[index], columns: columnDefinitions[index])
            diagnostics += resolver.diagnostics
        }
        checkConstraintNamesAreUnique(tables)
        return Schema(tables: DependencyOrder.sort(tables), enums: enums.sorted { $0.name < $1.name })
    }

    private mutating func buildEnums(_ definitions: [EnumDefinition]) -> [EnumType] {
        uniqueByName(definitions, name: \.name, kind: "enum").filter { isNotABuiltinName($0) }.map { definition in
            var seen: [String: SourceLocation] = [:]
            for value in definition.values {
                if let first = seen[value.value] {
                    diagnostics.append(
                        .error(
                            "enum '\(definition.name.value)' lists '\(value.value)' twice",
                            rule: FormatRule.duplicateName,
                            at: value.location, length: value.value.count,
                            notes: [.init("first listed here", at: first)]))
                }
                seen[value.value] = seen[value.value] ?? value.location
            }
            var unique: [String] = []
            for value in definition.values.map(\.value) where !unique.contains(value) { unique.append(value) }
            var type = EnumType(
                name: definition.name.value, values: unique, comment: definition.comment, file: definition.file,
                location: definition.name.location)
            for (new, old) in definition.renamedValues {
                if !unique.contains(new.value) {
                    diagnostics.append(
                        .error(
                            "renamed value '\(new.value)' is not a value of enum '\(definition.name.value)'",
                            rule: FormatRule.invalidValue, at: new.location, length: new.value.count,
                            fixes: [
                                "list '\(new.value)' in `values`, or write the new name on the left: `{ new: old }`"
                            ]))
                } else if unique.contains(old.value) {
                    diagnostics.append(
                        .error(
                            "'\(old.value)' is still a value of enum '\(definition.name.value)', so '\(new.value)' cannot be its new name",
                            rule: FormatRule.invalidValue, at: old.location, length: old.value.count,
                            fixes: ["remove '\(old.value)' from `values`, or the rename"]))
                } else {
                    type.renamedValues[new.value] = old.value
                }
            }
            return type
        }
    }

    /// Type names are matched against the built-in types first, case-insensitively, so an enum
    /// called `text` (or `Date`) could never be used: a column of that type would get the built-in.
    private mutating func isNotABuiltinName(_ definition: EnumDefinition) -> Bool {
        let name = definition.name
        guard TypeExpression.builtinNames.contains(name.value.lowercased()) else { return true }
        diagnostics.append(
            .error(
                "enum '\(name.value)' has the name of the built-in type '\(name.value.lowercased())'; "
                    + "a column of type '\(name.value)' would get the built-in type, never this enum",
                rule: FormatRule.duplicateName, at: name.location, length: name.value.count,
                fixes: ["rename the enum, e.g. '\(name.value)_kind', and its columns' types with it"]))
        return false
    }

    /// Keeps the first definition of each name and reports the others, naming both places.
    private mutating func uniqueByName<Definition>(
        _ definitions: [Definition], name: KeyPath<Definition, Located<String>>, kind: String
    ) -> [Definition] {
        var first: [String: SourceLocation] = [:]
        var result: [Definition] = []
        for definition in definitions {
            let located = definition[keyPath: name]
            if let earlier = first[located.value] {
                diagnostics.append(
                    .error(
                        "\(kind) '\(located.value)' is defined twice", rule: FormatRule.duplicateName,
                        at: located.location,
                        length: located.value.count, notes: [.init("first defined here", at: earlier)]))
                continue
            }
            first[located.value] = located.location
            result.append(definition)
        }
        return result
    }

    /// Postgres keeps tables and indexes (primary keys and unique constraints are indexes too) in
    /// one namespace per schema, and constraint names in one per table; two equal names would fail
    /// at `CREATE` time, so catch them here, with both places.
    private mutating func checkConstraintNamesAreUnique(_ tables: [Table]) {
        var relations: [String: SourceLocation] = Dictionary(
            tables.map { ($0.name, $0.location) }, uniquingKeysWith: { first, _ in first })
        // Room for the indexes too, so that the table does not grow (and rehash) a dozen times.
        relations.reserveCapacity(
            tables.reduce(tables.count) { $0 + $1.indexes.count + $1.uniqueConstraints.count + 1 })
        for table in tables {
            var indexLike: [(String, SourceLocation)] = []
            if let key = table.primaryKey { indexLike.append((key.name, key.location)) }
            indexLike += table.uniqueConstraints.map { ($0.name, $0.location) }
            indexLike += table.indexes.map { ($0.name, $0.location) }
            // SQLite keeps triggers in the same namespace as tables and indexes.
            indexLike += table.autoUpdateColumns.map {
                (naming.trigger(table: table.name, columns: [$0.name]), $0.location)
            }
            for (name, location) in indexLike {
                if let earlier = relations[name] {
                    reportDuplicate(name, at: location, earlier: earlier)
                } else {
                    relations[name] = location
                }
            }

            // `implicitColumn`: the column whose type an implicit CHECK keeps, for the note, which
            // is only written for a duplicate.
            var named: [(name: String, location: SourceLocation, implicitColumn: String?)] = []
            named.reserveCapacity(
                1 + table.uniqueConstraints.count + table.foreignKeys.count + table.implicitChecks.count
                    + table.checks.count)
            if let key = table.primaryKey { named.append((key.name, key.location, nil)) }
            for unique in table.uniqueConstraints { named.append((unique.name, unique.location, nil)) }
            for key in table.foreignKeys { named.append((key.name, key.location, nil)) }
            // The CHECKs that keep columns within their types carry derived names too.
            for check in table.implicitChecks { named.append((check.name, check.location, check.column)) }
            for check in table.checks { named.append((check.name, check.location, nil)) }
            var constraints: [String: (location: SourceLocation, implicitColumn: String?)] = [:]
            constraints.reserveCapacity(named.count)
            for entry in named {
                if let earlier = constraints[entry.name] {
                    let note =
                        earlier.implicitColumn.map { "used here by the CHECK that keeps '\($0)' within its type" }
                        ?? "first used here"
                    reportDuplicate(entry.name, at: entry.location, earlier: earlier.location, note: note)
                } else {
                    constraints[entry.name] = (entry.location, entry.implicitColumn)
                }
            }
        }
    }

    /// A unique constraint lives in both namespaces: a clash is reported once, not once per namespace.
    private mutating func reportDuplicate(
        _ name: String, at location: SourceLocation, earlier: SourceLocation, note: String = "first used here"
    ) {
        let diagnostic = Diagnostic.error(
            "the name '\(name)' is already taken", rule: FormatRule.duplicateName, at: location,
            fixes: [
                "rename one of them; a derived name changes with a `name:` in the table's `unique`, `indexes` or `checks` list (a column's `unique`, `index` or `check` is named after the column: move it to the list to name it)"
            ],
            notes: [.init(note, at: earlier)])
        if !diagnostics.contains(diagnostic) { diagnostics.append(diagnostic) }
    }
}
