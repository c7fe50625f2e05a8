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
    let writtenColumns: [[ColumnDefinition]]
    private(set) var diagnostics: [Diagnostic] = []

    init(naming: Naming, tables: [Table], positions: [String: Int], writtenColumns: [[ColumnDefinition]]) {
        self.naming = naming
        self.tables = tables
        self.positions = positions
        self.writtenColumns = writtenColumns
    }

    /// The foreign keys of `tables[position]`. `columns` are the table's column definitions with
    /// its mixins' ones: both may reference.
    mutating func foreignKeys(of position: Int, definition: TableDefinition, columns: [ColumnDefinition])
        -> [ForeignKey]
    {
        let table = tables[position]
        var foreignKeys: [ForeignKey] = []
        for column in table.columns {
            guard let written = columns.first(where: { $0.name.value == column.name }),
                let target = written.references
            else { continue }
            let parts = target.value.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
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
        for written in definition.foreignKeys {
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
        if writtenColumns[position].contains(where: { $0.name.value == name }) { return false }
        diagnostics.append(
            .error(
                "table '\(table.name)' has no column '\(name)'"
                    + Suggestion.didYouMean(name, in: table.columns.map(\.name)),
                rule: FormatRule.unknownReference, at: location, length: name.count))
        return false
    }
}
