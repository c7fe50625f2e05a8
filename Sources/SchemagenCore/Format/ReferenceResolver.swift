/// Resolves a table's foreign keys (column `references:` and table `foreign_keys:`) against the
/// other tables, so that every foreign key in the graph points at real columns.
struct ReferenceResolver {
    let naming: Naming
    /// Every table, built but for its foreign keys, which no resolution reads.
    let tables: [Table]
    /// Each table's index in `tables`, by name.
    let positions: [String: Int]
    /// Every column written in each table (by index in `tables`), those whose type or default
    /// failed included: a reference to one of those is not reported again, as its own error says
    /// what is wrong.
    let writtenColumns: [WrittenColumns]
    private(set) var diagnostics: [Diagnostic] = []

    init(naming: Naming, tables: [Table], positions: [String: Int], writtenColumns: [WrittenColumns]) {
        self.naming = naming
        self.tables = tables
        self.positions = positions
        self.writtenColumns = writtenColumns
    }

    /// The foreign keys of `tables[position]`: its columns' `references` (its mixins' columns'
    /// too, in `writtenColumns`), then `foreignKeys`, the table's own list.
    mutating func foreignKeys(of position: Int, tableKeys: [ForeignKeyDefinition]) -> [ForeignKey] {
        let table = tables[position]
        let references = writtenColumns[position].references
        var foreignKeys: [ForeignKey] = []
        for column in table.columns where !references.isEmpty {
            // Written names are unique (the table builder reports and drops a repeated one).
            guard let written = references.first(where: { $0.column == column.name }) else { continue }
            let target = written.target
            let parts = Self.referenceParts(target.value)
            guard (1...2).contains(parts.count), !parts.contains(where: \.isEmpty) else {
                diagnostics.append(
                    .error(
                        "references must be `table` or `table.column`, found '\(target.value)'",
                        rule: FormatRule.invalidValue, at: target.location, length: target.value.count))
                continue
            }
            guard let targetPosition = lookUpTable(parts[0], at: target.location) else { continue }
            let targetTable = tables[targetPosition]
            let targetColumns: [String]
            if parts.count == 2 {
                guard lookUpColumn(parts[1], in: targetPosition, at: target.location) else { continue }
                targetColumns = [parts[1]]
            } else {
                guard let key = targetTable.primaryKey, key.columns.count == 1 else {
                    diagnostics.append(
                        .error(
                            "'\(parts[0])' has no single-column primary key for '\(table.name).\(column.name)' to reference",
                            rule: FormatRule.unknownReference, at: target.location, length: target.value.count,
                            fixes: ["name the column: `references: \(parts[0]).<column>`"]))
                    continue
                }
                targetColumns = key.columns
            }
            foreignKeys.append(
                ForeignKey(
                    name: naming.foreignKey(table: table.name, columns: [column.name]), columns: [column.name],
                    referencedTable: targetTable.name, referencedColumns: targetColumns,
                    onDelete: written.onDelete?.value, onUpdate: written.onUpdate?.value, location: target.location,
                    locationLength: target.value.count, onDeleteLocation: written.onDelete?.location,
                    onUpdateLocation: written.onUpdate?.location))
        }
        for written in tableKeys {
            if let foreignKey = resolveTableForeignKey(written, of: position) { foreignKeys.append(foreignKey) }
        }
        return foreignKeys
    }

    private mutating func resolveTableForeignKey(_ written: ForeignKeyDefinition, of position: Int) -> ForeignKey? {
        let table = tables[position]
        var columns: [String] = []
        for name in written.columns {
            guard lookUpColumn(name.value, in: position, at: name.location) else { return nil }
            columns.append(name.value)
        }
        guard
            let targetPosition = lookUpTable(written.referencedTable.value, at: written.referencedTable.location)
        else {
            return nil
        }
        let target = tables[targetPosition]
        var targetColumns: [String] = []
        if let referenced = written.referencedColumns {
            for name in referenced {
                guard lookUpColumn(name.value, in: targetPosition, at: name.location) else { return nil }
                targetColumns.append(name.value)
            }
        } else if let key = target.primaryKey {
            targetColumns = key.columns
        } else {
            diagnostics.append(
                .error(
                    "foreign key of '\(table.name)' references the primary key of '\(target.name)', which has none",
                    rule: FormatRule.unknownReference, at: written.referencedTable.location,
                    length: target.name.count,
                    fixes: ["name the referenced columns: `references: { table: \(target.name), columns: [...] }`"]))
            return nil
        }
        // The parser refuses empty lists, so both sides name something here.
        guard !columns.isEmpty, columns.count == targetColumns.count else {
            let other =
                written.referencedColumns == nil
                ? "the primary key of '\(target.name)' has \(Self.count(targetColumns))"
                : Self.count(targetColumns, "referenced column")
            diagnostics.append(
                .error(
                    "foreign key of '\(table.name)' lists \(Self.count(columns)) but \(other)",
                    rule: FormatRule.invalidValue, at: written.location,
                    fixes: ["list as many columns on each side, paired by position"]))
            return nil
        }
        return ForeignKey(
            name: written.name?.value ?? naming.foreignKey(table: table.name, columns: columns), columns: columns,
            referencedTable: target.name, referencedColumns: targetColumns, onDelete: written.onDelete?.value,
            onUpdate: written.onUpdate?.value, location: written.name?.location ?? written.location,
            locationLength: written.name?.value.count ?? 1, onDeleteLocation: written.onDelete?.location,
            onUpdateLocation: written.onUpdate?.location)
    }

    /// `table.column` split at its dots, as `split(separator: ".")` splits characters. ASCII text
    /// (every name, in practice) splits by bytes, which is the same there and spares a walk by
    /// grapheme clusters; other text splits by characters, where a `.` followed by a combining
    /// mark is no dot.
    static func referenceParts(_ text: String) -> [String] {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
            return text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        }
        return text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).map {
            String(Substring($0))
        }
    }

    /// "1 column (a)", "2 referenced columns (a, b)".
    private static func count(_ columns: [String], _ noun: String = "column") -> String {
        "\(columns.count) \(noun)\(columns.count == 1 ? "" : "s") (\(columns.joined(separator: ", ")))"
    }

    private mutating func lookUpTable(_ name: String, at location: SourceLocation) -> Int? {
        if let position = positions[name] { return position }
        let hint = Suggestion.closest(to: name, in: positions.keys.sorted())
        diagnostics.append(
            .error(
                "unknown table '\(name)'" + (hint.map { "; did you mean '\($0)'?" } ?? ""),
                rule: FormatRule.unknownReference, at: location, length: name.count,
                fixes: hint.map { ["replace '\(name)' with '\($0)'"] } ?? []))
        return nil
    }

    private mutating func lookUpColumn(_ name: String, in position: Int, at location: SourceLocation) -> Bool {
        let table = tables[position]
        if table.column(named: name) != nil { return true }
        if writtenColumns[position].names.contains(name) { return false }
        diagnostics.append(
            .error(
                "table '\(table.name)' has no column '\(name)'"
                    + Suggestion.didYouMean(name, in: table.columns.map(\.name)),
                rule: FormatRule.unknownReference, at: location, length: name.count))
        return false
    }
}

/// What the reference resolver reads of a table's written columns (its mixins' included): their
/// names, and the references they make. The column definitions themselves (hundreds of bytes each)
/// are released as each table is built instead of being held for every table until the foreign
/// keys are found (60 MB at 10,000 tables).
struct WrittenColumns: Sendable {
    struct Reference: Sendable {
        var column: String
        var target: Located<String>
        var onDelete: Located<ReferentialAction>?
        var onUpdate: Located<ReferentialAction>?
    }

    /// Every written column's name, in order, each once.
    var names: [String]
    /// The columns with a `references:`, in order.
    var references: [Reference]

    init(_ columns: [ColumnDefinition]) {
        names = columns.map(\.name.value)
        references = columns.compactMap { column in
            column.references.map {
                Reference(column: column.name.value, target: $0, onDelete: column.onDelete, onUpdate: column.onUpdate)
            }
        }
    }
}
