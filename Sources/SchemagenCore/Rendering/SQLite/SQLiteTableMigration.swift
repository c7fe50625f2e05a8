/// The statements that take one table from its old version to its new one in SQLite: `ALTER
/// TABLE` where SQLite allows every change, otherwise one rebuild that takes them all.
struct SQLiteTableMigration {
    let dialect: SQLiteDialect
    let old: Table
    let new: Table
    let changes: [SchemaChange]
    /// Old column name → new, for the columns renamed.
    let renamedColumns: [(from: String, to: String)]
    /// Why `ALTER TABLE` cannot do it; empty when it can.
    private(set) var rebuildReasons: [String] = []

    var rebuilds: Bool { !rebuildReasons.isEmpty }

    init(dialect: SQLiteDialect, old: Table, new: Table, changes: [SchemaChange]) {
        self.dialect = dialect
        self.old = old
        self.new = new
        self.changes = changes
        renamedColumns = changes.compactMap {
            if case .renameColumn(_, let from, let to) = $0 { (from, to) } else { nil }
        }
        rebuildReasons = reasonsToRebuild()
    }

    var statements: [String] { rebuilds ? rebuild() : alter() }

    /// The old columns that survive, by their new name.
    private var survivingColumns: [(old: Column, new: Column)] {
        let renamed = Dictionary(renamedColumns.map { ($0.from, $0.to) }, uniquingKeysWith: { first, _ in first })
        return old.columns.compactMap { column in
            new.column(named: renamed[column.name] ?? column.name).map { (column, $0) }
        }
    }

    // MARK: What ALTER TABLE cannot do

    private func reasonsToRebuild() -> [String] {
        var reasons: [String] = []
        for change in changes {
            switch change {
            case .addColumn(_, let column):
                if let why = whyNotAddable(column) { reasons.append("add column \(column.name) (\(why))") }
            case .dropColumn(_, let column):
                if let why = whyNotDroppable(column) { reasons.append("drop column \(column.name) (\(why))") }
            case .addPrimaryKey, .dropPrimaryKey:
                reasons.append("change the primary key")
            case .addUnique(_, let unique), .dropUnique(_, let unique):
                reasons.append("change unique \(unique.name)")
            case .addCheck(_, let check), .dropCheck(_, let check):
                reasons.append("change check \(check.name)")
            case .addForeignKey(_, let key), .dropForeignKey(_, let key):
                reasons.append("change foreign key \(key.name)")
            case .renameConstraint(_, let from, let to):
                reasons.append("rename constraint \(from) to \(to)")
            case .addImplicitCheck(_, let check) where check.isHeld(by: .sqlite),
                .dropImplicitCheck(_, let check) where check.isHeld(by: .sqlite):
                reasons.append("change check \(check.name)")
            case .renameImplicitCheck(_, let check, let to) where check.isHeld(by: .sqlite):
                reasons.append("rename check \(check.name) to \(to)")
            default:
                break
            }
        }
        // Compared as SQLite reads them, so that a change SQLite cannot see (int to bigint, both
        // INTEGER) rebuilds nothing. The implicit checks are changes of their own (above).
        for (before, after) in survivingColumns {
            var renamed = before
            renamed.name = after.name
            if dialect.columnDefinition(renamed, in: new) != dialect.columnDefinition(after, in: new) {
                reasons.append("change column \(after.name)")
            }
        }
        var unique: [String] = []
        for reason in reasons where !unique.contains(reason) { unique.append(reason) }
        return unique
    }

    /// SQLite's ADD COLUMN takes no key, no expression default and no NOT NULL without a default.
    private func whyNotAddable(_ column: Column) -> String? {
        if new.primaryKey?.columns.contains(column.name) == true { return "in the primary key" }
        if new.uniqueConstraints.contains(where: { $0.columns.contains(column.name) }) { return "unique" }
        if new.foreignKeys.contains(where: { $0.columns.contains(column.name) }) { return "a foreign key" }
        let value = column.isIdentity ? nil : dialect.defaultExpression(of: column)
        if let value, value.hasPrefix("(") || value.lowercased().hasPrefix("current_") {
            return "its default is an expression"
        }
        if !column.isNullable && (value == nil || value?.lowercased() == "null") {
            return "NOT NULL without a default"
        }
        // The fresh DDL keeps a column's type check among the table's constraints, where only a
        // rebuild can put it.
        if !new.implicitChecks(on: column.name, in: .sqlite).isEmpty { return "its type check" }
        return nil
    }

    /// SQLite's DROP COLUMN refuses a column in a key or a constraint of its table; the indexes
    /// and triggers on it are dropped before it.
    private func whyNotDroppable(_ column: Column) -> String? {
        if old.primaryKey?.columns.contains(column.name) == true { return "in the primary key" }
        if old.uniqueConstraints.contains(where: { $0.columns.contains(column.name) }) { return "unique" }
        if old.foreignKeys.contains(where: { $0.columns.contains(column.name) }) { return "a foreign key" }
        // Its type check is a table constraint, which SQLite's DROP COLUMN refuses to leave behind.
        if !old.implicitChecks(on: column.name, in: .sqlite).isEmpty { return "its type check" }
        return nil
    }

    // MARK: ALTER TABLE

    private func alter() -> [String] {
        var statements: [String] = []
        let table = dialect.identifier(new.name)
        // Triggers are compared as text: their names and bodies follow the table's and columns'.
        let oldTriggers = old.triggeredColumns.map {
            (name: $0.trigger.name, sql: dialect.createTrigger($0.trigger, column: $0.column, table: old))
        }
        let newTriggers = new.triggeredColumns.map {
            (name: $0.trigger.name, sql: dialect.createTrigger($0.trigger, column: $0.column, table: new))
        }
        for trigger in oldTriggers where !newTriggers.contains(where: { $0 == trigger }) {
            statements.append("DROP TRIGGER \(dialect.identifier(trigger.name));")
        }
        for change in changes {
            switch change {
            case .dropIndex(_, let index) where !index.method.isPostgresOnly:
                statements.append("DROP INDEX \(dialect.identifier(index.name));")
            case .renameIndex(_, let from, let to)
            where new.indexes.first(where: { $0.name == to })?.method.isPostgresOnly != true:
                // SQLite has no ALTER INDEX: the index is made again under its new name below.
                statements.append("DROP INDEX \(dialect.identifier(from));")
            default:
                break
            }
        }
        if old.name != new.name {
            statements.append("ALTER TABLE \(dialect.identifier(old.name)) RENAME TO \(table);")
        }
        for rename in renamedColumns {
            statements.append(
                "ALTER TABLE \(table) RENAME COLUMN \(dialect.identifier(rename.from)) TO \(dialect.identifier(rename.to));"
            )
        }
        for change in changes {
            switch change {
            case .dropColumn(_, let column):
                statements.append("ALTER TABLE \(table) DROP COLUMN \(dialect.identifier(column.name));")
            default:
                break
            }
        }
        for change in changes {
            switch change {
            case .addColumn(_, let column):
                statements.append("ALTER TABLE \(table) ADD COLUMN \(dialect.columnDefinition(column, in: new));")
            case .alterColumn(_, _, let column):
                statements.append("-- \(new.name).\(column.name): no change that SQLite sees.")
            case .setTableComment:
                statements.append("-- \(new.name): comment changed; SQLite keeps no table comments.")
            case .setColumnComment(_, let column, _, _):
                statements.append(
                    "-- \(new.name).\(column): comment changed; SQLite keeps it only in the CREATE TABLE text, "
                        + "which the table's next rebuild writes anew.")
            default:
                break
            }
        }
        for change in changes {
            switch change {
            case .addIndex(_, let index):
                statements.append(dialect.createIndex(index, table: new.name))
            case .renameIndex(_, _, let to):
                if let index = new.indexes.first(where: { $0.name == to }) {
                    statements.append(dialect.createIndex(index, table: new.name))
                }
            default:
                break
            }
        }
        for trigger in newTriggers where !oldTriggers.contains(where: { $0 == trigger }) {
            statements.append(trigger.sql)
        }
        return statements
    }

    /// `expression` with the enum values this migration renames in `column` replaced by their new
    /// names (`CASE … WHEN 'in_progress' THEN 'doing' … END`): the new table's check knows only those.
    private func renamingValues(of column: String, in expression: String) -> String {
        let renames = changes.compactMap { change -> (from: String, to: String)? in
            if case .replaceValue(_, column, let from, let to) = change { (from, to) } else { nil }
        }
        guard !renames.isEmpty else { return expression }
        let cases = renames.map { "WHEN \(SQLText.stringLiteral($0.from)) THEN \(SQLText.stringLiteral($0.to))" }
        return "CASE \(expression) \(cases.joined(separator: " ")) ELSE \(expression) END"
    }

    // MARK: The twelve steps

    /// The name the new table is created under, beside the old one, until the old one is dropped.
    var temporaryName: String { "schemagen_new_\(new.name)" }

    /// Steps 4 to 8 of sqlite.org's procedure (the script around does 1 to 3 and 9 to 12). The
    /// renames come first, as ALTER TABLE, because they also rewrite the other tables' foreign
    /// keys that point at this table or its columns; a rebuild alone would leave them dangling.
    private func rebuild() -> [String] {
        let table = dialect.identifier(new.name)
        let temporary = dialect.identifier(temporaryName)
        var statements: [String] = []
        if old.name != new.name {
            statements.append("ALTER TABLE \(dialect.identifier(old.name)) RENAME TO \(table);")
        }
        for rename in renamedColumns {
            statements.append(
                "ALTER TABLE \(table) RENAME COLUMN \(dialect.identifier(rename.from)) TO \(dialect.identifier(rename.to));"
            )
        }
        let heading =
            "-- Rebuild \(new.name) (\(rebuildReasons.joined(separator: "; "))): new table, copy, drop, rename."
        statements.append(heading + "\n" + dialect.createTable(new, foreignKeys: new.foreignKeys, as: temporaryName))

        var columns: [String] = []
        var values: [String] = []
        for (before, after) in survivingColumns {
            let name = dialect.identifier(after.name)
            columns.append(name)
            // A column that becomes NOT NULL takes its default where it held NULL; a new column
            // is left out of the list, so that its default fills it.
            var value = name
            if before.isNullable, !after.isNullable, !after.isIdentity, let fill = dialect.defaultExpression(of: after)
            {
                value = "coalesce(\(name), \(fill))"
            }
            values.append(renamingValues(of: after.name, in: value))
        }
        if !columns.isEmpty {
            statements.append(
                "INSERT INTO \(temporary) \(SQLText.list(columns))\n"
                    + "SELECT \(values.joined(separator: ", ")) FROM \(table);")
        }
        statements.append("DROP TABLE \(table);")
        statements.append("ALTER TABLE \(temporary) RENAME TO \(table);")
        statements += dialect.createIndexes(of: new)
        statements += dialect.createTriggers(of: new)
        return statements
    }
}
