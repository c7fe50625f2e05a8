extension SchemaChange {
    /// The change in plain words, for a migration's header and the terminal summary:
    /// `add column tasks.priority (int, default 0)`.
    public var summary: String {
        switch self {
        case .createEnum(let type): "create enum \(type.name) (\(type.values.joined(separator: ", ")))"
        case .dropEnum(let type): "drop enum \(type.name)"
        case .alterEnum(let from, let to): Self.enumSummary(from: from, to: to)
        case .renameEnumValue(let type, let from, let to): "enum \(type): rename '\(from)' to '\(to)'"
        case .replaceValue(let table, let column, let from, let to):
            "rows of \(table).\(column) with '\(from)' take '\(to)'"
        case .createTable(let table): "create table \(table.name)"
        case .dropTable(let table): "drop table \(table.name)"
        case .renameTable(let from, let to): "rename table \(from) to \(to)"
        case .addColumn(let table, let column): "add column \(table).\(column.name) (\(Self.columnSummary(column)))"
        case .dropColumn(let table, let column): "drop column \(table).\(column.name)"
        case .renameColumn(let table, let from, let to): "rename column \(table).\(from) to \(to)"
        case .alterColumn(let table, let from, let to):
            "change column \(table).\(to.name): " + Self.columnChanges(from: from, to: to).joined(separator: "; ")
        case .addPrimaryKey(let table, let key): "add primary key \(key.name) on \(table) (\(Self.list(key.columns)))"
        case .dropPrimaryKey(let table, let key): "drop primary key \(key.name) of \(table)"
        case .addUnique(let table, let unique):
            "add unique constraint \(unique.name) on \(table) (\(Self.list(unique.columns)))"
        case .dropUnique(let table, let unique): "drop unique constraint \(unique.name) of \(table)"
        case .addCheck(let table, let check): "add check \(check.name) on \(table): \(check.expression)"
        case .dropCheck(let table, let check): "drop check \(check.name) of \(table)"
        case .addImplicitCheck(let table, let check): "add check \(check.name) on \(table).\(check.column)"
        case .dropImplicitCheck(let table, let check): "drop check \(check.name) of \(table)"
        case .renameImplicitCheck(let table, let check, let to): "rename check \(check.name) of \(table) to \(to)"
        case .addForeignKey(let table, let key):
            "add foreign key \(key.name): \(table) (\(Self.list(key.columns))) → \(key.referencedTable)"
                + " (\(Self.list(key.referencedColumns)))" + (key.onDelete.map { ", on delete \($0.rawValue)" } ?? "")
        case .dropForeignKey(let table, let key): "drop foreign key \(key.name) of \(table)"
        case .renameConstraint(let table, let from, let to): "rename constraint \(from) of \(table) to \(to)"
        case .addIndex(let table, let index):
            "add \(index.isUnique ? "unique " : "")index \(index.name) on \(table) (\(Self.list(index.columns.map(\.name))))"
                + (index.predicate.map { " where \($0)" } ?? "")
        case .dropIndex(let table, let index): "drop index \(index.name) of \(table)"
        case .renameIndex(let table, let from, let to): "rename index \(from) of \(table) to \(to)"
        case .setTableComment(let table, _, let to): to == nil ? "drop the comment of \(table)" : "comment on \(table)"
        case .setColumnComment(let table, let column, _, let to):
            to == nil ? "drop the comment of \(table).\(column)" : "comment on \(table).\(column)"
        case .addTrigger(let table, let trigger):
            "keep \(table).\(trigger.column) current on update (trigger \(trigger.name))"
        case .dropTrigger(let table, let trigger):
            "stop keeping \(table).\(trigger.column) current on update (trigger \(trigger.name))"
        case .renameTrigger(let table, let from, let to): "rename trigger \(from) of \(table) to \(to)"
        }
    }

    static func columnSummary(_ column: Column) -> String {
        var parts = [column.type.formatSpelling + (column.isNullable ? "?" : "")]
        if column.isIdentity { parts.append("identity") }
        if let value = column.defaultValue { parts.append("default \(value.formatSpelling)") }
        return parts.joined(separator: ", ")
    }

    /// What changed of a column, each part `before → after`: type, nullability, identity, default.
    static func columnChanges(from: Column, to: Column) -> [String] {
        var parts: [String] = []
        if from.type != to.type { parts.append("type \(from.type.formatSpelling) → \(to.type.formatSpelling)") }
        if from.isNullable != to.isNullable {
            parts.append(to.isNullable ? "NOT NULL → nullable" : "nullable → NOT NULL")
        }
        if from.isIdentity != to.isIdentity { parts.append(to.isIdentity ? "becomes identity" : "identity dropped") }
        if from.defaultValue != to.defaultValue {
            let spell = { (value: DefaultValue?) in value?.formatSpelling ?? "no default" }
            parts.append("default \(spell(from.defaultValue)) → \(spell(to.defaultValue))")
        }
        return parts
    }

    static func enumSummary(from: EnumType, to: EnumType) -> String {
        let added = to.values.filter { !from.values.contains($0) }
        let removed = from.values.filter { !to.values.contains($0) }
        var parts: [String] = []
        if !added.isEmpty { parts.append("add \(Self.list(added))") }
        if !removed.isEmpty { parts.append("remove \(Self.list(removed))") }
        if parts.isEmpty && from.values != to.values { parts.append("reorder values") }
        if from.comment != to.comment { parts.append("comment") }
        return "enum \(to.name): " + parts.joined(separator: "; ")
    }

    private static func list(_ names: [String]) -> String { names.joined(separator: ", ") }
}

extension DefaultValue {
    /// The default as the schema writes it: `0`, `'todo'`, `now()`.
    public var formatSpelling: String {
        switch self {
        case .string(let text): "'\(text)'"
        case .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .json(let text): text
        case .now: "now()"
        case .uuid: "uuid()"
        case .sql(let raw): raw.common ?? raw.postgres ?? raw.sqlite ?? "sql"
        }
    }
}
