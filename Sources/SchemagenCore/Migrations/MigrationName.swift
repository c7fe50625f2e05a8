/// The name a migration gets from its changes: `add_tasks_priority`, `rename_comments_to_task_comments`,
/// `create_schema` for the first, `change_tasks` when many touch one table, `changes` otherwise.
enum MigrationName {
    static func derive(for diff: SchemaDiff) -> String {
        if diff.from.tables.isEmpty && diff.from.enums.isEmpty { return "create_schema" }
        // Renamed constraints, indexes and checks follow a renamed table or column: they do not
        // name the migration.
        let primary = diff.changes.filter {
            switch $0 {
            case .renameConstraint, .renameIndex, .renameImplicitCheck, .addImplicitCheck, .dropImplicitCheck,
                .renameTrigger, .replaceValue:
                false
            default: true
            }
        }
        let changes = primary.isEmpty ? diff.changes : primary
        if changes.count == 1, let name = name(of: changes[0]) { return fit(name) }
        let tables = Set(changes.compactMap(\.table))
        if tables.count == 1, let table = tables.first, !changes.contains(where: { $0.table == nil }) {
            return fit("change_\(table)")
        }
        return "changes"
    }

    static func name(of change: SchemaChange) -> String? {
        switch change {
        case .createEnum(let type): "create_enum_\(type.name)"
        case .dropEnum(let type): "drop_enum_\(type.name)"
        case .alterEnum(_, let to): "alter_enum_\(to.name)"
        case .renameEnumValue(let type, let from, let to): "rename_\(type)_\(from)_to_\(to)"
        case .createTable(let table): "create_\(table.name)"
        case .dropTable(let table): "drop_\(table.name)"
        case .renameTable(let from, let to): "rename_\(from)_to_\(to)"
        case .addColumn(let table, let column): "add_\(table)_\(column.name)"
        case .dropColumn(let table, let column): "drop_\(table)_\(column.name)"
        case .renameColumn(let table, let from, let to): "rename_\(table)_\(from)_to_\(to)"
        case .alterColumn(let table, _, let to): "change_\(table)_\(to.name)"
        case .addPrimaryKey(_, let key): "add_\(key.name)"
        case .dropPrimaryKey(_, let key): "drop_\(key.name)"
        case .addUnique(_, let unique): "add_\(unique.name)"
        case .dropUnique(_, let unique): "drop_\(unique.name)"
        case .addCheck(_, let check): "add_\(check.name)"
        case .dropCheck(_, let check): "drop_\(check.name)"
        case .addForeignKey(_, let key): "add_\(key.name)"
        case .dropForeignKey(_, let key): "drop_\(key.name)"
        case .addIndex(_, let index): "add_\(index.name)"
        case .dropIndex(_, let index): "drop_\(index.name)"
        case .setTableComment(let table, _, _), .setColumnComment(let table, _, _, _): "comment_\(table)"
        case .addTrigger(let table, let trigger): "auto_update_\(table)_\(trigger.column)"
        case .dropTrigger(let table, let trigger): "drop_auto_update_\(table)_\(trigger.column)"
        case .renameConstraint, .renameIndex, .addImplicitCheck, .dropImplicitCheck, .renameImplicitCheck,
            .renameTrigger, .replaceValue:
            nil
        }
    }

    /// Lowercase letters, digits and single `_`, at most 60 characters: a file name everywhere.
    static func fit(_ name: String) -> String {
        var result = ""
        for character in name.lowercased() {
            let allowed = character.isASCII && (character.isLetter || character.isNumber)
            if allowed {
                result.append(character)
            } else if !result.isEmpty, result.last != "_" {
                result.append("_")
            }
        }
        while result.hasSuffix("_") { result.removeLast() }
        if result.count > 60 { result = String(result.prefix(60)) }
        while result.hasSuffix("_") { result.removeLast() }
        return result.isEmpty ? "changes" : result
    }
}
