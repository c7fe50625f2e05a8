/// The `auto_update` triggers of a Postgres migration, compared as whole statements.
///
/// A trigger's name follows its table and column (`trg_{table}_{columns}`) and its function
/// follows the column (`schemagen_set_<column>`), so a renamed table or column changes a trigger
/// that no `addAutoUpdate` or `dropAutoUpdate` change names: the differ matches columns across
/// renames. So the triggers of the tables that stay are compared as the statements that create
/// them, before and after: the ones that change or go are dropped first, under the names they
/// have before any rename, and the ones that change or come are created last, under the names
/// they have after. A trigger holds no data, so nothing is lost in between; the down script is
/// the same comparison the other way. New tables bring their triggers, dropped ones take theirs.
extension PostgresMigrationRenderer {
    struct TriggerChanges {
        /// `DROP TRIGGER`, run before every other change.
        var dropped: [String] = []
        /// `CREATE TRIGGER`, run after every other change.
        var created: [String] = []
    }

    func triggerChanges(_ diff: SchemaDiff) -> TriggerChanges {
        var createdTables: Set<String> = []
        var droppedTables: Set<String> = []
        for change in diff.changes {
            switch change {
            case .createTable(let table): createdTables.insert(table.name)
            case .dropTable(let table): droppedTables.insert(table.name)
            default: break
            }
        }
        let before = triggers(of: diff.from, except: droppedTables)
        let after = triggers(of: diff.to, except: createdTables)
        let beforeStatements = Set(before.map(\.statement))
        let afterStatements = Set(after.map(\.statement))
        var result = TriggerChanges()
        for trigger in before where !afterStatements.contains(trigger.statement) {
            result.dropped.append(
                "DROP TRIGGER \(dialect.identifier(trigger.name)) ON \(dialect.identifier(trigger.table));")
        }
        for trigger in after where !beforeStatements.contains(trigger.statement) {
            result.created.append(trigger.statement)
        }
        return result
    }

    private func triggers(of schema: Schema, except skipped: Set<String>) -> [(
        table: String, name: String, statement: String
    )] {
        schema.tables.filter { !skipped.contains($0.name) }.flatMap { table in
            table.autoUpdateColumns.map { column in
                (
                    table.name, dialect.spelling.triggerName(table: table.name, column: column.name),
                    dialect.createTrigger(table: table.name, column: column.name)
                )
            }
        }
    }
}
