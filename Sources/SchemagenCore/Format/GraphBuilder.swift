/// Turns the definitions of every schema file into one resolved `Schema`: mixins applied, types and
/// references resolved, derived names filled in, tables in dependency order.
struct GraphBuilder {
    let naming: Naming
    let policy: ImplicitCheck.Policy
    /// Runs the work that divides by table; the pipeline passes one over every core.
    let mapping: any TableMapping
    private(set) var diagnostics: [Diagnostic] = []

    /// Tables per job of `mapping`: a chunk shares the expressions it found valid, and 32 tables
    /// are enough work to dwarf handing out the job.
    static let chunkSize = 32

    init(naming: Naming, policy: ImplicitCheck.Policy = .init(), mapping: any TableMapping = SerialMapping()) {
        self.naming = naming
        self.policy = policy
        self.mapping = mapping
    }

    /// One table built from its definition, with what building it found.
    private struct BuiltTable: Sendable {
        var table: Table
        /// The table's columns as written, its mixins' included: what finding foreign keys reads.
        var columns: WrittenColumns
        /// The table's `foreign_keys:` list, resolved once every table is built.
        var foreignKeys: [ForeignKeyDefinition]
        var diagnostics: [Diagnostic]
    }

    /// The definitions are consumed: each chunk of tables releases its definitions (the column
    /// definitions are most of the front's memory) as soon as its tables are built.
    mutating func build(_ definitions: consuming SchemaDefinitions) -> Schema {
        let enums = buildEnums(definitions.enums)
        let mixins = uniqueByName(definitions.mixins, name: \.name, kind: "mixin")
        let enumsByName = Dictionary(uniqueKeysWithValues: enums.map { ($0.name, $0) })
        let chunks = DefinitionChunks(
            uniqueByName(definitions.tables, name: \.name, kind: "table"), size: Self.chunkSize)
        definitions = SchemaDefinitions()

        // Each table builds from its own definition and the shared enums and mixins, so the tables
        // build side by side; their findings are joined in the tables' order, as one loop made them.
        let (naming, policy) = (naming, policy)
        let built = mapping.map(count: chunks.count) { chunk in
            let validExpressions = TableBuilder.ValidExpressions()
            return chunks.take(chunk).map { definition in
                var builder = TableBuilder(
                    definition: definition, naming: naming, policy: policy, enums: enumsByName, mixins: mixins,
                    validExpressions: validExpressions)
                let table = builder.build()
                return BuiltTable(
                    table: table, columns: WrittenColumns(builder.columnDefinitions),
                    foreignKeys: definition.foreignKeys, diagnostics: builder.diagnostics)
            }
        }
        var tables: [Table] = []
        tables.reserveCapacity(chunks.tableCount)
        var writtenColumns: [WrittenColumns] = []
        writtenColumns.reserveCapacity(chunks.tableCount)
        var tableKeys: [[ForeignKeyDefinition]] = []
        tableKeys.reserveCapacity(chunks.tableCount)
        for entry in built.joined() {
            tables.append(entry.table)
            writtenColumns.append(entry.columns)
            tableKeys.append(entry.foreignKeys)
            diagnostics += entry.diagnostics
        }
        let resolved = foreignKeys(of: tables, tableKeys: tableKeys, columns: writtenColumns)
        for (index, entry) in resolved.enumerated() {
            tables[index].foreignKeys = entry.foreignKeys
            diagnostics += entry.diagnostics
        }
        checkConstraintNamesAreUnique(tables, names: resolved.map(\.names))
        return Schema(tables: DependencyOrder.sort(tables), enums: enums.sorted { $0.name < $1.name })
    }

    /// The table definitions in the mapping's chunks of `chunkSize`, each chunk taken once, by the
    /// job that builds it. A chunk is a box of its own: only that job's thread touches it, so no
    /// lock is needed, and the definitions die with the job instead of with the whole build.
    private final class DefinitionChunks: @unchecked Sendable {
        private final class Chunk {
            var definitions: [TableDefinition]
            init(_ definitions: [TableDefinition]) { self.definitions = definitions }
        }

        private let chunks: [Chunk]
        let tableCount: Int

        init(_ definitions: [TableDefinition], size: Int) {
            tableCount = definitions.count
            chunks = stride(from: 0, to: definitions.count, by: size).map { start in
                Chunk(Array(definitions[start..<min(definitions.count, start + size)]))
            }
        }

        var count: Int { chunks.count }

        /// The chunk's definitions, which it no longer holds. Call once per chunk.
        func take(_ index: Int) -> [TableDefinition] {
            var taken: [TableDefinition] = []
            swap(&taken, &chunks[index].definitions)
            return taken
        }
    }

    /// Each table's foreign keys, found against the other tables' columns and keys (which no
    /// table's resolution changes), side by side like the tables' build; with them, the names the
    /// table takes (`names(of:foreignKeys:naming:)`).
    private func foreignKeys(
        of tables: [Table], tableKeys: [[ForeignKeyDefinition]], columns: [WrittenColumns]
    ) -> [(foreignKeys: [ForeignKey], diagnostics: [Diagnostic], names: TableNames)] {
        let positions = Dictionary(uniqueKeysWithValues: tables.enumerated().map { ($1.name, $0) })
        let naming = naming
        return mapping.chunkedMap(count: tables.count, chunkSize: Self.chunkSize, state: {}) { index, _ in
            var resolver = ReferenceResolver(
                naming: naming, tables: tables, positions: positions, writtenColumns: columns)
            let keys = resolver.foreignKeys(of: index, tableKeys: tableKeys[index])
            return (keys, resolver.diagnostics, Self.names(of: tables[index], foreignKeys: keys, naming: naming))
        }
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

    /// The names one table puts in Postgres's namespaces, found beside its foreign keys: what the
    /// schema-wide check below needs of it, and the clashes within its own constraint names.
    struct TableNames: Sendable {
        /// Names in the schema's one namespace of tables and indexes (the table's own aside), in
        /// the order they are checked.
        var indexLike: [(name: String, location: SourceLocation)] = []
        /// Two constraints of the table with one name, in the order they are found.
        var clashes: [(name: String, location: SourceLocation, earlier: SourceLocation, note: String)] = []
    }

    /// Postgres keeps tables and indexes (primary keys and unique constraints are indexes too) in
    /// one namespace per schema, and constraint names in one per table; two equal names would fail
    /// at `CREATE` time, so catch them here, with both places. This is the table's part.
    static func names(of table: Table, foreignKeys: [ForeignKey], naming: Naming) -> TableNames {
        var result = TableNames()
        result.indexLike.reserveCapacity(1 + table.uniqueConstraints.count + table.indexes.count)
        if let key = table.primaryKey { result.indexLike.append((key.name, key.location)) }
        for unique in table.uniqueConstraints { result.indexLike.append((unique.name, unique.location)) }
        for index in table.indexes { result.indexLike.append((index.name, index.location)) }
        // SQLite keeps triggers in the same namespace as tables and indexes.
        for column in table.columns where column.autoUpdate {
            result.indexLike.append((naming.trigger(table: table.name, columns: [column.name]), column.location))
        }

        // Each constraint name claimed in turn; `implicitColumn`: the column whose type an
        // implicit CHECK keeps, for the note, which is only written for a duplicate. Claimed as
        // they come rather than gathered in a list first: copying that list was a third of this.
        var constraints: [String: (location: SourceLocation, implicitColumn: String?)] = [:]
        constraints.reserveCapacity(
            1 + table.uniqueConstraints.count + foreignKeys.count + table.implicitChecks.count + table.checks.count)
        func claim(_ name: String, _ location: SourceLocation, _ implicitColumn: String? = nil) {
            if let earlier = constraints[name] {
                let note =
                    earlier.implicitColumn.map { "used here by the CHECK that keeps '\($0)' within its type" }
                    ?? "first used here"
                result.clashes.append((name, location, earlier.location, note))
            } else {
                constraints[name] = (location, implicitColumn)
            }
        }
        if let key = table.primaryKey { claim(key.name, key.location) }
        for unique in table.uniqueConstraints { claim(unique.name, unique.location) }
        for key in foreignKeys { claim(key.name, key.location) }
        // The CHECKs that keep columns within their types carry derived names too.
        for check in table.implicitChecks { claim(check.name, check.location, check.column) }
        for check in table.checks { claim(check.name, check.location) }
        return result
    }

    /// The schema-wide part: each table's index-like names against every earlier table's (and
    /// every table name), then the clashes within the table, as one loop over the tables did.
    private mutating func checkConstraintNamesAreUnique(_ tables: [Table], names: [TableNames]) {
        var relations: [String: SourceLocation] = Dictionary(
            tables.map { ($0.name, $0.location) }, uniquingKeysWith: { first, _ in first })
        // Room for the indexes too, so that the table does not grow (and rehash) a dozen times.
        relations.reserveCapacity(names.reduce(tables.count) { $0 + $1.indexLike.count })
        for table in names {
            for (name, location) in table.indexLike {
                if let earlier = relations[name] {
                    reportDuplicate(name, at: location, earlier: earlier)
                } else {
                    relations[name] = location
                }
            }
            for clash in table.clashes {
                reportDuplicate(clash.name, at: clash.location, earlier: clash.earlier, note: clash.note)
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
