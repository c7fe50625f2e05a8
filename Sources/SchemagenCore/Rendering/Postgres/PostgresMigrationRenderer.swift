/// Spells a `SchemaDiff` as Postgres statements, from the same pieces as `PostgresRenderer`, so a
/// table created by a migration is the table `schema.sql` creates.
///
/// Everything runs in one transaction, except what Postgres forbids there: values added to a
/// native enum come before it (a value cannot be used in the transaction that adds it). With
/// `postgres.online`, a table that already exists stays available (PostgresMigrationRenderer+Online):
/// its indexes are built `CONCURRENTLY` after the transaction, its new constraints are added
/// `NOT VALID` and validated in a later transaction, and every lock waits at most `lock_timeout`.
public struct PostgresMigrationRenderer: MigrationRenderer {
    public var config: Config
    public var dialect: PostgresDialect

    public init(config: Config) {
        self.config = config
        self.dialect = PostgresDialect(config: config)
    }

    var identifier: IdentifierQuoting { dialect.identifier }
    var online: Bool { config.postgres.online }

    public func statements(for diff: SchemaDiff) -> MigrationStatements {
        var phases = Phases()
        // Each version's auto_update column names once: a pass over every column of every table.
        let functions = (before: Self.autoUpdateColumnNames(diff.from), after: Self.autoUpdateColumnNames(diff.to))
        phases.transaction += triggerFunctions(created: true, functions)
        let renames = RenamesInOrder(diff)
        for (position, change) in diff.changes.enumerated() {
            phases.later = renames.namesAfterChanges(from: position)
            render(change, in: diff, into: &phases)
        }
        phases.transaction += identitySequenceRenames(diff)
        phases.transaction += triggerFunctions(created: false, functions)
        return phases.statements
    }

    /// Postgres names an identity column's sequence `<table>_<column>_seq` when it makes it, and
    /// keeps that name through renames; a fresh `schema.sql` names it after the new names. So a
    /// renamed table or identity column renames the sequence too, last, when both names are final.
    /// (A name over 63 bytes, which Postgres shortens its own way, is left as it is.)
    private func identitySequenceRenames(_ diff: SchemaDiff) -> [String] {
        var statements: [String] = []
        // The renames, found once (the last rename to a name wins, as it did when the changes
        // were searched for each identity column), and the old version's table names.
        var tableRenamedFrom: [String: String] = [:]
        var columnRenames: [(table: String, from: String, to: String)] = []
        for change in diff.changes {
            switch change {
            case .renameTable(let from, let to): tableRenamedFrom[to] = from
            case .renameColumn(let table, let from, let to): columnRenames.append((table, from, to))
            default: continue
            }
        }
        let oldNames = Set(diff.from.tables.map(\.name))
        for table in diff.to.tables where table.columns.contains(where: \.isIdentity) {
            let oldTable = tableRenamedFrom[table.name] ?? table.name
            for column in table.columns where column.isIdentity {
                var oldColumn = column.name
                for rename in columnRenames
                where rename.to == column.name && (rename.table == table.name || rename.table == oldTable) {
                    oldColumn = rename.from
                }
                let old = "\(oldTable)_\(oldColumn)_seq"
                let new = "\(table.name)_\(column.name)_seq"
                guard old != new, oldNames.contains(oldTable) || oldTable != table.name,
                    [old, new].allSatisfy({ $0.utf8.count <= Naming.maxIdentifierBytes })
                else { continue }
                statements.append("ALTER SEQUENCE \(identifier(old)) RENAME TO \(identifier(new));")
            }
        }
        return statements
    }

    /// The shared `schemagen_set_<column>` functions: created before the first trigger that needs
    /// one, dropped after the last trigger that used one is gone, as in a fresh `schema.sql`.
    private func triggerFunctions(created: Bool, _ functions: (before: Set<String>, after: Set<String>)) -> [String] {
        let (before, after) = functions
        if created {
            return after.subtracting(before).sorted().map(dialect.createTriggerFunction)
        }
        return before.subtracting(after).sorted().map {
            "DROP FUNCTION \(identifier(dialect.triggerFunctionName(column: $0)))();"
        }
    }

    static func autoUpdateColumnNames(_ schema: Schema) -> Set<String> {
        var names: Set<String> = []
        for table in schema.tables {
            for column in table.columns where column.autoUpdate { names.insert(column.name) }
        }
        return names
    }

    private func render(_ change: SchemaChange, in diff: SchemaDiff, into phases: inout Phases) {
        switch change {
        case .createEnum(let type):
            if config.postgres.nativeEnums { phases.transaction += dialect.createEnumType(type) }
        case .dropEnum(let type):
            if config.postgres.nativeEnums { phases.transaction.append("DROP TYPE \(identifier(type.name));") }
        case .alterEnum(let from, let to):
            alterEnum(from: from, to: to, diff: diff, into: &phases)
        case .renameEnumValue(let type, let from, let to):
            // A native type renames the value in place: every row and default follows it.
            if config.postgres.nativeEnums {
                phases.transaction.append(
                    "ALTER TYPE \(identifier(type)) RENAME VALUE \(SQLText.stringLiteral(from)) TO \(SQLText.stringLiteral(to));"
                )
            }
        case .replaceValue(let table, let column, let from, let to):
            // As text, the rows change themselves, between the old values' check and the new one's.
            if !config.postgres.nativeEnums {
                let name = identifier(column)
                phases.transaction.append(
                    "UPDATE \(identifier(table)) SET \(name) = \(SQLText.stringLiteral(to)) WHERE \(name) = \(SQLText.stringLiteral(from));"
                )
            }
        case .createTable(let table):
            createTable(table, in: diff, into: &phases)
        case .dropTable(let table):
            phases.transaction.append("DROP TABLE \(identifier(table.name));")
        case .renameTable(let from, let to):
            phases.transaction.append("ALTER TABLE \(identifier(from)) RENAME TO \(identifier(to));")
        case .addColumn(let table, let column):
            addColumn(column, to: table, in: diff, into: &phases)
        case .dropColumn(let table, let column):
            phases.transaction.append(alter(table, "DROP COLUMN \(identifier(column.name))"))
        case .renameColumn(let table, let from, let to):
            phases.transaction.append(alter(table, "RENAME COLUMN \(identifier(from)) TO \(identifier(to))"))
        case .alterColumn(let table, let from, let to):
            alterColumn(table, from: from, to: to, into: &phases)
        case .addPrimaryKey(let table, let key):
            if online, isExisting(table, in: diff) {
                addConstraintOverIndex(table, name: key.name, kind: "PRIMARY KEY", columns: key.columns, into: &phases)
            } else {
                phases.transaction.append(alter(table, "ADD \(dialect.spelling.primaryKeyConstraint(key))"))
            }
        case .addUnique(let table, let unique):
            if online, isExisting(table, in: diff) {
                addConstraintOverIndex(table, name: unique.name, kind: "UNIQUE", columns: unique.columns, into: &phases)
            } else {
                phases.transaction.append(alter(table, "ADD \(dialect.spelling.uniqueConstraint(unique))"))
            }
        case .addCheck(let table, let check):
            addConstraint(table, dialect.spelling.checkConstraint(check), name: check.name, in: diff, into: &phases)
        case .addImplicitCheck(let table, let check):
            guard check.isHeld(by: .postgres), let column = diff.targetTable(named: table)?.column(named: check.column),
                let condition = dialect.checkCondition(check.kind, column: column)
            else { return }
            addConstraint(
                table, "CONSTRAINT \(identifier(check.name)) CHECK (\(condition))", name: check.name, in: diff,
                into: &phases)
        case .dropImplicitCheck(let table, let check):
            if check.isHeld(by: .postgres) { phases.transaction.append(dropConstraint(table, check.name)) }
        case .addForeignKey(let table, let key):
            addForeignKey(key, table: table, in: diff, into: &phases)
        case .dropPrimaryKey(let table, let key):
            phases.transaction.append(dropConstraint(table, key.name))
        case .dropUnique(let table, let unique):
            phases.transaction.append(dropConstraint(table, unique.name))
        case .dropCheck(let table, let check):
            phases.transaction.append(dropConstraint(table, check.name))
        case .dropForeignKey(let table, let key):
            phases.transaction.append(dropConstraint(table, key.name))
        case .renameImplicitCheck(let table, let check, let to):
            if check.isHeld(by: .postgres) {
                phases.transaction.append(
                    alter(table, "RENAME CONSTRAINT \(identifier(check.name)) TO \(identifier(to))"))
            }
        case .renameConstraint(let table, let from, let to):
            phases.transaction.append(alter(table, "RENAME CONSTRAINT \(identifier(from)) TO \(identifier(to))"))
        case .addIndex(let table, let index):
            if online, isExisting(table, in: diff) {
                phases.concurrent += buildConcurrently(
                    dialect.createIndex(index, table: phases.later.table(table)), name: index.name)
            } else {
                phases.transaction.append(dialect.createIndex(index, table: table))
            }
        case .dropIndex(let table, let index):
            if online, canDropConcurrently(index, of: table, in: diff) {
                phases.concurrent.append("DROP INDEX CONCURRENTLY IF EXISTS \(identifier(index.name));")
            } else {
                phases.transaction.append("DROP INDEX \(identifier(index.name));")
            }
        case .renameIndex(_, let from, let to):
            phases.transaction.append("ALTER INDEX \(identifier(from)) RENAME TO \(identifier(to));")
        case .setTableComment(let table, _, let to):
            phases.transaction.append("COMMENT ON TABLE \(identifier(table)) IS \(commentLiteral(to));")
        case .setColumnComment(let table, let column, _, let to):
            phases.transaction.append(
                "COMMENT ON COLUMN \(identifier(table)).\(identifier(column)) IS \(commentLiteral(to));")
        case .addTrigger(let table, let trigger):
            guard let owner = diff.targetTable(named: table), let column = owner.column(named: trigger.column) else {
                return
            }
            phases.transaction.append(dialect.createTrigger(trigger, column: column, table: owner))
        case .dropTrigger(let table, let trigger):
            phases.transaction.append("DROP TRIGGER \(identifier(trigger.name)) ON \(identifier(table));")
        case .renameTrigger(let table, let from, let to):
            phases.transaction.append(
                "ALTER TRIGGER \(identifier(from)) ON \(identifier(table)) RENAME TO \(identifier(to));")
        }
    }

    /// The table as the migration leaves it, or one made of `column` alone.
    func owner(of column: Column, table: String, in diff: SchemaDiff) -> Table {
        diff.targetTable(named: table) ?? Table(name: table, columns: [column], file: "", location: column.location)
    }

    /// Whether `table` holds rows before this migration: it existed, maybe under another name.
    func isExisting(_ table: String, in diff: SchemaDiff) -> Bool {
        diff.from.table(named: table) != nil
            || diff.changes.contains { if case .renameTable(_, table) = $0 { true } else { false } }
    }

    /// `CREATE TABLE` with its indexes, comments and triggers, as `schema.sql` writes them; a
    /// foreign key that must wait for an index built after the transaction comes later.
    private func createTable(_ table: Table, in diff: SchemaDiff, into phases: inout Phases) {
        let waiting = table.foreignKeys.filter { waitsForConcurrentIndex($0, in: diff) }
        let inline = table.foreignKeys.filter { !waiting.contains($0) }
        phases.transaction.append(dialect.createTable(table, foreignKeys: inline))
        phases.transaction += table.indexes.map { dialect.createIndex($0, table: table.name) }
        phases.transaction += dialect.comments(on: table)
        phases.transaction += dialect.createTriggers(of: table)
        for key in waiting {
            addForeignKey(key, table: table.name, in: diff, into: &phases)
        }
    }

    /// A column on an existing table. Online, its implicit checks come apart (a check in `ADD
    /// COLUMN` scans the table under its lock), and a default that might be written row by row
    /// (`needsBackfill`) is set after the column is added and filled in by an `UPDATE` in a later
    /// transaction, instead of a rewrite of the table under its lock.
    private func addColumn(_ column: Column, to table: String, in diff: SchemaDiff, into phases: inout Phases) {
        let owner = owner(of: column, table: table, in: diff)
        guard online else {
            phases.transaction.append(alter(table, "ADD COLUMN \(dialect.columnDefinition(column, in: owner))"))
            if let comment = column.comment { phases.transaction.append(commentOnColumn(table, column.name, comment)) }
            return
        }
        var bare = owner
        bare.implicitChecks.removeAll { $0.column == column.name }
        if let expression = dialect.defaultExpression(of: column), !column.isIdentity, Self.needsBackfill(column) {
            var added = column
            added.isNullable = true
            added.defaultValue = nil
            let name = identifier(column.name)
            phases.transaction.append(alter(table, "ADD COLUMN \(dialect.columnDefinition(added, in: bare))"))
            phases.transaction.append(alter(table, "ALTER COLUMN \(name) SET DEFAULT \(expression)"))
            phases.afterBuilds.append(fill(table, column.name, with: expression, later: phases.later))
            if !column.isNullable { setNotNullOnline(table, column: column.name, filled: true, into: &phases) }
        } else {
            phases.transaction.append(alter(table, "ADD COLUMN \(dialect.columnDefinition(column, in: bare))"))
        }
        for check in owner.implicitChecks(on: column.name, in: .postgres) {
            guard let condition = dialect.checkCondition(check.kind, column: column) else { continue }
            addConstraint(
                table, "CONSTRAINT \(identifier(check.name)) CHECK (\(condition))", name: check.name, in: diff,
                into: &phases)
        }
        if let comment = column.comment { phases.transaction.append(commentOnColumn(table, column.name, comment)) }
    }

    // MARK: Columns

    /// Type first (a default of the old type is dropped around it), then the default, then
    /// nullability: a column that becomes NOT NULL with a default gets its NULL rows filled first.
    private func alterColumn(_ table: String, from: Column, to: Column, into phases: inout Phases) {
        let column = identifier(to.name)
        let typeChanges = dialect.typeName(of: from) != dialect.typeName(of: to)
        let oldDefault = from.isIdentity ? nil : dialect.defaultExpression(of: from)
        let newDefault = to.isIdentity ? nil : dialect.defaultExpression(of: to)
        if from.isIdentity && !to.isIdentity {
            phases.transaction.append(alter(table, "ALTER COLUMN \(column) DROP IDENTITY"))
        }
        if typeChanges {
            if oldDefault != nil {
                phases.transaction.append(alter(table, "ALTER COLUMN \(column) DROP DEFAULT"))
            }
            var clause = "ALTER COLUMN \(column) TYPE \(dialect.typeName(of: to))"
            if let cast = castClause(from: from, to: to) { clause += " USING \(cast)" }
            phases.transaction.append(alter(table, clause))
        }
        if newDefault != oldDefault || (typeChanges && newDefault != nil) {
            if let newDefault {
                phases.transaction.append(alter(table, "ALTER COLUMN \(column) SET DEFAULT \(newDefault)"))
            } else if !typeChanges {
                phases.transaction.append(alter(table, "ALTER COLUMN \(column) DROP DEFAULT"))
            }
        }
        if from.isNullable && !to.isNullable {
            if online {
                // The rows are filled apart from the first transaction, which holds the table.
                phases.afterBuilds += newDefault.map { [fill(table, to.name, with: $0, later: phases.later)] } ?? []
                setNotNullOnline(table, column: to.name, filled: newDefault != nil, into: &phases)
            } else {
                phases.transaction += newDefault.map { [fill(table, to.name, with: $0)] } ?? []
                phases.transaction.append(alter(table, "ALTER COLUMN \(column) SET NOT NULL"))
            }
        } else if !from.isNullable && to.isNullable {
            phases.transaction.append(alter(table, "ALTER COLUMN \(column) DROP NOT NULL"))
        }
        if !from.isIdentity && to.isIdentity {
            phases.transaction.append(alter(table, "ALTER COLUMN \(column) ADD GENERATED BY DEFAULT AS IDENTITY"))
        }
    }

    /// The `USING` expression a type change needs, or `nil` where Postgres casts by itself (a
    /// wider varchar, text to varchar, an integer to a wider one).
    func castClause(from: Column, to: Column) -> String? {
        let column = identifier(to.name)
        let target = dialect.typeName(of: to)
        switch (from.type, to.type) {
        case (.varchar, .varchar), (.varchar, .text), (.text, .varchar):
            return nil
        case (.smallint, .int), (.smallint, .bigint), (.int, .bigint), (.int, .smallint), (.bigint, .int),
            (.bigint, .smallint), (.real, .double), (.double, .real):
            return nil
        case (.enumeration, .enumeration), (.enumeration, .text), (.enumeration, .varchar):
            return "\(column)::text" + (target == "text" ? "" : "::\(target)")
        default:
            return "\(column)::\(target)"
        }
    }

    // MARK: Enums

    /// A native enum that only gains values gets `ADD VALUE`, before the transaction; one that
    /// loses or reorders values is recreated: the old type renamed, the new one created, every
    /// column that uses it cast through text, the old type dropped. As text with a CHECK, an
    /// enum's change is the change of its columns' checks, which the table changes carry.
    private func alterEnum(from: EnumType, to: EnumType, diff: SchemaDiff, into phases: inout Phases) {
        guard config.postgres.nativeEnums else { return }
        let type = identifier(to.name)
        if from.comment != to.comment {
            phases.transaction.append("COMMENT ON TYPE \(type) IS \(commentLiteral(to.comment));")
        }
        guard from.values != to.values else { return }
        if to.values.filter(from.values.contains) == from.values {
            for (position, value) in to.values.enumerated() where !from.values.contains(value) {
                let place =
                    position == 0
                    ? " BEFORE \(SQLText.stringLiteral(to.values[1]))"
                    : " AFTER \(SQLText.stringLiteral(to.values[position - 1]))"
                phases.before.append(
                    "ALTER TYPE \(type) ADD VALUE IF NOT EXISTS \(SQLText.stringLiteral(value))\(place);")
            }
            return
        }
        // Values go once no column needs them: the change comes last, when the tables are as
        // `to` has them (the down script's first change is an `ADD VALUE` instead).
        let old = identifier(Naming.fit("\(to.name)_old"))
        phases.transaction.append("ALTER TYPE \(type) RENAME TO \(old);")
        phases.transaction += dialect.createEnumType(to).prefix(1)
        for table in diff.to.tables {
            for column in table.columns {
                guard case .enumeration(let reference) = column.type, reference.name == to.name else { continue }
                let name = identifier(column.name)
                let hasDefault = dialect.defaultExpression(of: column) != nil
                if hasDefault { phases.transaction.append(alter(table.name, "ALTER COLUMN \(name) DROP DEFAULT")) }
                phases.transaction.append(
                    alter(table.name, "ALTER COLUMN \(name) TYPE \(type) USING \(name)::text::\(type)"))
                if let expression = dialect.defaultExpression(of: column), hasDefault {
                    phases.transaction.append(alter(table.name, "ALTER COLUMN \(name) SET DEFAULT \(expression)"))
                }
            }
        }
        phases.transaction.append("DROP TYPE \(old);")
    }

    // MARK: Spelling

    func alter(_ table: String, _ clause: String) -> String {
        "ALTER TABLE \(identifier(table)) \(clause);"
    }

    /// The `UPDATE` that gives the NULL rows of a column `value`; in a later phase, under the names
    /// the transaction's renames leave (`later`).
    func fill(_ table: String, _ column: String, with value: String, later: NamesAfterChanges? = nil) -> String {
        let name = identifier(later?.column(column, of: table) ?? column)
        return "UPDATE \(identifier(later?.table(table) ?? table)) SET \(name) = \(value) WHERE \(name) IS NULL;"
    }

    func dropConstraint(_ table: String, _ name: String) -> String {
        alter(table, "DROP CONSTRAINT \(identifier(name))")
    }

    private func commentOnColumn(_ table: String, _ column: String, _ comment: String) -> String {
        "COMMENT ON COLUMN \(identifier(table)).\(identifier(column)) IS \(SQLText.stringLiteral(comment));"
    }

    private func commentLiteral(_ comment: String?) -> String {
        comment.map(SQLText.stringLiteral) ?? "NULL"
    }

    // MARK: Script

    public static func applyCommand(file: String) -> String {
        "psql -v ON_ERROR_STOP=1 -f \(file)"
    }

    /// The whole script: the header, the statements that run before the transaction, the
    /// transaction, the statements that cannot run in one, then the later transactions.
    /// `psql -v ON_ERROR_STOP=1 -f` stops at the first error, and a transaction left open is
    /// rolled back; what committed before the error stays (the header says which steps run apart).
    ///
    /// Online, every step is bounded: the first transaction and the statements before it wait at
    /// most `lock_timeout` for a lock and run at most `statement_timeout` while they hold one that
    /// blocks the table. The concurrent builds block neither reads nor writes, so they may wait
    /// and run as long as they need; the later transactions validate without a limit and take
    /// their brief ACCESS EXCLUSIVE locks within `lock_timeout` again.
    public func script(_ statements: MigrationStatements, header: [String]) -> String {
        var script = SQLScript()
        script.add(header)
        if online && !statements.isEmpty {
            script.add(["SET lock_timeout = \(Self.lockTimeout);", "SET statement_timeout = \(Self.statementTimeout);"])
        }
        if !statements.beforeTransaction.isEmpty {
            script.add(["-- Before the transaction: a new enum value cannot be used in the transaction that adds it."])
            script.add(statements.beforeTransaction)
        }
        if !statements.transactional.isEmpty {
            script.add("BEGIN;")
            for statement in statements.transactional { script.add(statement) }
            script.add("COMMIT;")
        }
        if !statements.afterTransaction.isEmpty {
            var opening = ["-- After the transaction: these cannot run inside one."]
            if online {
                opening += [
                    "-- They block neither reads nor writes, so they may wait and run as long as they need.",
                    "SET lock_timeout = 0;", "SET statement_timeout = 0;",
                ]
            }
            script.add(opening)
            script.add(statements.afterTransaction)
        }
        for transaction in statements.laterTransactions where !transaction.isEmpty {
            script.add([
                "-- A later transaction: rows filled and constraints validated once the locks of the steps above are released."
            ])
            var opening = ["BEGIN;"]
            if online {
                opening += ["SET LOCAL lock_timeout = \(Self.lockTimeout);", "SET LOCAL statement_timeout = 0;"]
            }
            script.add(opening)
            for statement in transaction { script.add(statement) }
            script.add("COMMIT;")
        }
        return script.text
    }

    /// How long an online migration waits for a lock before it gives up (and rolls back), so
    /// that the queries queued behind its request are not held up longer.
    static let lockTimeout = "'5s'"
    /// How long a statement of an online migration may run while it holds a lock that blocks
    /// the table (a type change that rewrites it): beyond that, the migration fails instead.
    static let statementTimeout = "'30s'"
}
