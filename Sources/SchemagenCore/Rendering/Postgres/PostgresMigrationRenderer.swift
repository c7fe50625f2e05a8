/// Spells a `SchemaDiff` as Postgres statements, from the same pieces as `PostgresRenderer`, so a
/// table created by a migration is the table `schema.sql` creates.
///
/// Everything runs in one transaction, except what Postgres forbids there: values added to a
/// native enum come before it (a value cannot be used in the transaction that adds it), and with
/// `postgres.online`, indexes on existing tables are built `CONCURRENTLY` after it.
public struct PostgresMigrationRenderer: MigrationRenderer {
    public var config: Config
    public var dialect: PostgresDialect

    public init(config: Config) {
        self.config = config
        self.dialect = PostgresDialect(config: config)
    }

    private var identifier: IdentifierQuoting { dialect.identifier }

    public func statements(for diff: SchemaDiff) -> MigrationStatements {
        var result = MigrationStatements()
        let triggers = triggerChanges(diff)
        result.transactional += triggerFunctions(created: true, diff: diff)
        result.transactional += triggers.dropped
        for change in diff.changes {
            render(change, in: diff, into: &result)
        }
        result.transactional += triggers.created
        result.transactional += triggerFunctions(created: false, diff: diff)
        return result
    }

    /// The shared `schemagen_set_<column>` functions: created before the first trigger that needs
    /// one, dropped after the last trigger that used one is gone, as in a fresh `schema.sql`.
    private func triggerFunctions(created: Bool, diff: SchemaDiff) -> [String] {
        let before = Self.autoUpdateColumnNames(diff.from)
        let after = Self.autoUpdateColumnNames(diff.to)
        if created {
            return after.subtracting(before).sorted().map(dialect.createTriggerFunction)
        }
        return before.subtracting(after).sorted().map {
            "DROP FUNCTION \(identifier(dialect.triggerFunctionName(column: $0)))();"
        }
    }

    static func autoUpdateColumnNames(_ schema: Schema) -> Set<String> {
        Set(schema.tables.flatMap { $0.autoUpdateColumns.map(\.name) })
    }

    private func render(_ change: SchemaChange, in diff: SchemaDiff, into result: inout MigrationStatements) {
        switch change {
        case .createEnum(let type):
            if config.postgres.nativeEnums { result.transactional += dialect.createEnumType(type) }
        case .dropEnum(let type):
            if config.postgres.nativeEnums { result.transactional.append("DROP TYPE \(identifier(type.name));") }
        case .alterEnum(let from, let to):
            alterEnum(from: from, to: to, diff: diff, into: &result)
        case .createTable(let table):
            result.transactional += createTable(table)
        case .dropTable(let table):
            result.transactional.append("DROP TABLE \(identifier(table.name));")
        case .renameTable(let from, let to):
            result.transactional.append("ALTER TABLE \(identifier(from)) RENAME TO \(identifier(to));")
        case .addColumn(let table, let column):
            result.transactional.append(alter(table, "ADD COLUMN \(columnDefinition(column, table: table, in: diff))"))
            if let comment = column.comment {
                result.transactional.append(commentOnColumn(table, column.name, comment))
            }
        case .dropColumn(let table, let column):
            result.transactional.append(alter(table, "DROP COLUMN \(identifier(column.name))"))
        case .renameColumn(let table, let from, let to):
            result.transactional.append(alter(table, "RENAME COLUMN \(identifier(from)) TO \(identifier(to))"))
        case .alterColumn(let table, let from, let to):
            result.transactional += alterColumn(table, from: from, to: to)
        case .addPrimaryKey(let table, let key):
            result.transactional.append(alter(table, "ADD \(dialect.spelling.primaryKeyConstraint(key))"))
        case .addUnique(let table, let unique):
            result.transactional.append(alter(table, "ADD \(dialect.spelling.uniqueConstraint(unique))"))
        case .addCheck(let table, let check):
            result.transactional.append(alter(table, "ADD \(dialect.spelling.checkConstraint(check))"))
        case .addImplicitCheck(let table, let check):
            guard check.isHeld(by: .postgres), let column = diff.to.table(named: table)?.column(named: check.column),
                let condition = dialect.checkCondition(check.kind, column: column)
            else { return }
            result.transactional.append(alter(table, "ADD CONSTRAINT \(identifier(check.name)) CHECK (\(condition))"))
        case .dropImplicitCheck(let table, let check):
            if check.isHeld(by: .postgres) { result.transactional.append(dropConstraint(table, check.name)) }
        case .addForeignKey(let table, let key):
            result.transactional.append(dialect.addForeignKey(key, table: table))
        case .dropPrimaryKey(let table, let key):
            result.transactional.append(dropConstraint(table, key.name))
        case .dropUnique(let table, let unique):
            result.transactional.append(dropConstraint(table, unique.name))
        case .dropCheck(let table, let check):
            result.transactional.append(dropConstraint(table, check.name))
        case .dropForeignKey(let table, let key):
            result.transactional.append(dropConstraint(table, key.name))
        case .renameImplicitCheck(let table, let check, let to):
            if check.isHeld(by: .postgres) {
                result.transactional.append(
                    alter(table, "RENAME CONSTRAINT \(identifier(check.name)) TO \(identifier(to))"))
            }
        case .renameConstraint(let table, let from, let to):
            result.transactional.append(alter(table, "RENAME CONSTRAINT \(identifier(from)) TO \(identifier(to))"))
        case .addIndex(let table, let index):
            if config.postgres.online, diff.from.table(named: table) != nil || isRenamedTable(table, in: diff) {
                result.afterTransaction.append(
                    dialect.createIndex(index, table: table).replacing(
                        "INDEX ", with: "INDEX CONCURRENTLY ", maxReplacements: 1))
            } else {
                result.transactional.append(dialect.createIndex(index, table: table))
            }
        case .dropIndex(_, let index):
            result.transactional.append("DROP INDEX \(identifier(index.name));")
        case .renameIndex(_, let from, let to):
            result.transactional.append("ALTER INDEX \(identifier(from)) RENAME TO \(identifier(to));")
        case .setTableComment(let table, _, let to):
            result.transactional.append("COMMENT ON TABLE \(identifier(table)) IS \(commentLiteral(to));")
        case .setColumnComment(let table, let column, _, let to):
            result.transactional.append(
                "COMMENT ON COLUMN \(identifier(table)).\(identifier(column)) IS \(commentLiteral(to));")
        case .addAutoUpdate, .dropAutoUpdate:
            // With every trigger whose statement changes: `triggerChanges`.
            break
        }
    }

    /// A column as the table after the change defines it, with the implicit checks it carries.
    private func columnDefinition(_ column: Column, table: String, in diff: SchemaDiff) -> String {
        let owner =
            diff.to.table(named: table) ?? Table(name: table, columns: [column], file: "", location: column.location)
        return dialect.columnDefinition(column, in: owner)
    }

    private func isRenamedTable(_ table: String, in diff: SchemaDiff) -> Bool {
        diff.changes.contains { if case .renameTable(_, table) = $0 { true } else { false } }
    }

    /// `CREATE TABLE` with its indexes, comments and triggers, as `schema.sql` writes them.
    private func createTable(_ table: Table) -> [String] {
        [dialect.createTable(table, foreignKeys: table.foreignKeys)]
            + table.indexes.map { dialect.createIndex($0, table: table.name) }
            + dialect.comments(on: table)
            + table.autoUpdateColumns.map { dialect.createTrigger(table: table.name, column: $0.name) }
    }

    // MARK: Columns

    /// Type first (a default of the old type is dropped around it), then the default, then
    /// nullability: a column that becomes NOT NULL with a default gets its NULL rows filled first.
    private func alterColumn(_ table: String, from: Column, to: Column) -> [String] {
        let column = identifier(to.name)
        var statements: [String] = []
        let typeChanges = dialect.typeName(of: from) != dialect.typeName(of: to)
        let oldDefault = from.isIdentity ? nil : dialect.defaultExpression(of: from)
        let newDefault = to.isIdentity ? nil : dialect.defaultExpression(of: to)
        if from.isIdentity && !to.isIdentity {
            statements.append(alter(table, "ALTER COLUMN \(column) DROP IDENTITY"))
        }
        if typeChanges {
            if oldDefault != nil {
                statements.append(alter(table, "ALTER COLUMN \(column) DROP DEFAULT"))
            }
            var clause = "ALTER COLUMN \(column) TYPE \(dialect.typeName(of: to))"
            if let cast = castClause(from: from, to: to) { clause += " USING \(cast)" }
            statements.append(alter(table, clause))
        }
        if newDefault != oldDefault || (typeChanges && newDefault != nil) {
            if let newDefault {
                statements.append(alter(table, "ALTER COLUMN \(column) SET DEFAULT \(newDefault)"))
            } else if !typeChanges {
                statements.append(alter(table, "ALTER COLUMN \(column) DROP DEFAULT"))
            }
        }
        if from.isNullable && !to.isNullable {
            if let newDefault {
                statements.append(
                    "UPDATE \(identifier(table)) SET \(column) = \(newDefault) WHERE \(column) IS NULL;")
            }
            statements.append(alter(table, "ALTER COLUMN \(column) SET NOT NULL"))
        } else if !from.isNullable && to.isNullable {
            statements.append(alter(table, "ALTER COLUMN \(column) DROP NOT NULL"))
        }
        if !from.isIdentity && to.isIdentity {
            statements.append(alter(table, "ALTER COLUMN \(column) ADD GENERATED BY DEFAULT AS IDENTITY"))
        }
        return statements
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
    private func alterEnum(from: EnumType, to: EnumType, diff: SchemaDiff, into result: inout MigrationStatements) {
        guard config.postgres.nativeEnums else { return }
        let type = identifier(to.name)
        if from.comment != to.comment {
            result.transactional.append("COMMENT ON TYPE \(type) IS \(commentLiteral(to.comment));")
        }
        guard from.values != to.values else { return }
        if to.values.filter(from.values.contains) == from.values {
            for (position, value) in to.values.enumerated() where !from.values.contains(value) {
                let place =
                    position == 0
                    ? " BEFORE \(SQLText.stringLiteral(to.values[1]))"
                    : " AFTER \(SQLText.stringLiteral(to.values[position - 1]))"
                result.beforeTransaction.append(
                    "ALTER TYPE \(type) ADD VALUE IF NOT EXISTS \(SQLText.stringLiteral(value))\(place);")
            }
            return
        }
        // Values go once no column needs them: the change comes last, when the tables are as
        // `to` has them (the down script's first change is an `ADD VALUE` instead).
        let old = identifier(Naming.fit("\(to.name)_old"))
        result.transactional.append("ALTER TYPE \(type) RENAME TO \(old);")
        result.transactional += dialect.createEnumType(to).prefix(1)
        for table in diff.to.tables {
            for column in table.columns {
                guard case .enumeration(let reference) = column.type, reference.name == to.name else { continue }
                let name = identifier(column.name)
                let hasDefault = dialect.defaultExpression(of: column) != nil
                if hasDefault { result.transactional.append(alter(table.name, "ALTER COLUMN \(name) DROP DEFAULT")) }
                result.transactional.append(
                    alter(table.name, "ALTER COLUMN \(name) TYPE \(type) USING \(name)::text::\(type)"))
                if let expression = dialect.defaultExpression(of: column), hasDefault {
                    result.transactional.append(alter(table.name, "ALTER COLUMN \(name) SET DEFAULT \(expression)"))
                }
            }
        }
        result.transactional.append("DROP TYPE \(old);")
    }

    // MARK: Spelling

    private func alter(_ table: String, _ clause: String) -> String {
        "ALTER TABLE \(identifier(table)) \(clause);"
    }

    private func dropConstraint(_ table: String, _ name: String) -> String {
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
    /// transaction, then the statements that cannot run in one. `psql -v ON_ERROR_STOP=1 -f`
    /// stops at the first error, and a transaction left open is rolled back.
    public func script(_ statements: MigrationStatements, header: [String]) -> String {
        var script = SQLScript()
        script.add(header)
        if !statements.beforeTransaction.isEmpty {
            script.add(["-- Before the transaction: a new enum value cannot be used in the transaction that adds it."])
            script.add(statements.beforeTransaction)
        }
        if !statements.transactional.isEmpty {
            var opening = ["BEGIN;"]
            if config.postgres.online { opening.append("SET LOCAL lock_timeout = '5s';") }
            script.add(opening)
            for statement in statements.transactional { script.add(statement) }
            script.add("COMMIT;")
        }
        if !statements.afterTransaction.isEmpty {
            script.add(["-- After the transaction: these cannot run inside one."])
            if config.postgres.online { script.add("SET lock_timeout = '5s';") }
            script.add(statements.afterTransaction)
        }
        return script.text
    }
}
