/// `postgres.online`: the forms that keep a table with rows available while it changes
/// (docs/migrations-postgres.md). A constraint is added `NOT VALID`, which checks new rows at once
/// and takes its lock only for a moment, and validated in a later transaction, whose scan blocks
/// neither reads nor writes (in the transaction that added it, the scan would happen under the
/// lock, and nothing would be gained). An index is built `CONCURRENTLY` after the transaction, and
/// a unique constraint or primary key is then made from it (`USING INDEX`). `SET NOT NULL` finds
/// a validated `CHECK (column IS NOT NULL)` and skips its scan.
extension PostgresMigrationRenderer {
    /// Where each statement runs, in the order the script runs them.
    struct Phases {
        var before: [String] = []
        var transaction: [String] = []
        /// Outside any transaction, after the first one: concurrent index builds and drops.
        var concurrent: [String] = []
        /// A second transaction, after the builds: NULL rows filled and constraints added
        /// `NOT VALID` that must wait for them (a foreign key needs its referenced index).
        var afterBuilds: [String] = []
        /// The last transaction: validations first, then the brief steps that rely on them.
        var validations: [String] = []
        var finishing: [String] = []
        /// How the phases after the first transaction name what the change being rendered names:
        /// they run after every rename in that transaction (the renames come first in an up script,
        /// last in a down script).
        var later = NamesAfterChanges(renames: [])

        var statements: MigrationStatements {
            MigrationStatements(
                beforeTransaction: before, transactional: transaction, afterTransaction: concurrent,
                laterTransactions: [afterBuilds, validations + finishing].filter { !$0.isEmpty })
        }
    }

    /// A check (`constraint` spelled `CONSTRAINT name CHECK (…)`): online on an existing table,
    /// `NOT VALID` in the transaction and validated later.
    func addConstraint(
        _ table: String, _ constraint: String, name: String, in diff: SchemaDiff, into phases: inout Phases
    ) {
        guard online, isExisting(table, in: diff) else {
            phases.transaction.append(alter(table, "ADD \(constraint)"))
            return
        }
        phases.transaction.append(alter(table, "ADD \(constraint) NOT VALID"))
        phases.validations.append(validate(phases.later.table(table), name))
    }

    func addForeignKey(_ key: ForeignKey, table: String, in diff: SchemaDiff, into phases: inout Phases) {
        let waits = waitsForConcurrentIndex(key, in: diff)
        guard online, waits || isExisting(table, in: diff) else {
            phases.transaction.append(dialect.addForeignKey(key, table: table))
            return
        }
        // A new table's key that waits is added NOT VALID too: in a later transaction, nothing
        // shows squawk that the table is new and empty.
        let laterTable = phases.later.table(table)
        let notValid = { (table: String) in String(dialect.addForeignKey(key, table: table).dropLast()) + " NOT VALID;"
        }
        if waits { phases.afterBuilds.append(notValid(laterTable)) } else { phases.transaction.append(notValid(table)) }
        phases.validations.append(validate(laterTable, key.name))
    }

    /// Online, a key whose referenced unique constraint or primary key is built after the first
    /// transaction in this migration: until then no index matches it, and Postgres refuses it.
    /// (A key is added once every table has its name; the constraint may be added to the table
    /// under an earlier name, before the rename back of a down script.)
    func waitsForConcurrentIndex(_ key: ForeignKey, in diff: SchemaDiff) -> Bool {
        guard online, isExisting(key.referencedTable, in: diff) else { return false }
        let columns = Set(key.referencedColumns)
        return diff.changes.indices.contains { position in
            let built: (table: String, columns: [String])
            switch diff.changes[position] {
            case .addUnique(let table, let unique): built = (table, unique.columns)
            case .addPrimaryKey(let table, let primary): built = (table, primary.columns)
            default: return false
            }
            return diff.namesAfterChanges(from: position).table(built.table) == key.referencedTable
                && Set(built.columns) == columns
        }
    }

    /// A unique constraint or primary key on an existing table: its index built concurrently,
    /// then the constraint made of it, which only takes a brief lock.
    func addConstraintOverIndex(
        _ table: String, name: String, kind: String, columns: [String], into phases: inout Phases
    ) {
        let table = phases.later.table(table)
        let index =
            "CREATE UNIQUE INDEX \(identifier(name)) ON \(identifier(table)) \(dialect.spelling.columnList(columns));"
        phases.concurrent += buildConcurrently(index, name: name)
        phases.finishing.append(
            alter(table, "ADD CONSTRAINT \(identifier(name)) \(kind) USING INDEX \(identifier(name))"))
    }

    /// `CREATE [UNIQUE] INDEX` built concurrently. A build that fails leaves an invalid index
    /// behind; dropping one first makes the statement safe to run again once the cause is fixed.
    func buildConcurrently(_ createIndex: String, name: String) -> [String] {
        [
            "DROP INDEX CONCURRENTLY IF EXISTS \(identifier(name));",
            createIndex.replacing("INDEX ", with: "INDEX CONCURRENTLY IF NOT EXISTS ", maxReplacements: 1),
        ]
    }

    /// An index dropped after the transaction (`IF EXISTS`: dropping a column it covers drops it
    /// there already), unless the transaction needs it gone: an expression or predicate of it
    /// might not survive a column's new type, or its name is taken there by another relation.
    func canDropConcurrently(_ index: Index, of table: String, in diff: SchemaDiff) -> Bool {
        let opaque = index.predicate != nil || index.columns.contains(where: \.isExpression)
        for change in diff.changes {
            switch change {
            case .alterColumn(table, let from, let to) where dialect.typeName(of: from) != dialect.typeName(of: to):
                if opaque { return false }
            case .createTable(let created):
                let names =
                    [created.name] + created.indexes.map(\.name) + created.uniqueConstraints.map(\.name)
                    + (created.primaryKey.map { [$0.name] } ?? [])
                if names.contains(index.name) { return false }
            case .renameTable(_, let to), .renameIndex(_, _, let to), .renameConstraint(_, _, let to):
                if to == index.name { return false }
            default:
                continue
            }
        }
        return true
    }

    /// NOT NULL without a scan under the lock: a `CHECK (column IS NOT NULL)` added `NOT VALID`
    /// (after the NULL rows are filled, when they are), validated later, then `SET NOT NULL`,
    /// which finds the check and skips its scan, and the check dropped.
    /// The check is named after the names the later phases use, where all but its `ADD` run.
    func setNotNullOnline(_ table: String, column: String, filled: Bool, into phases: inout Phases) {
        let (laterTable, laterColumn) = (phases.later.table(table), phases.later.column(column, of: table))
        let check = Self.notNullCheckName(table: laterTable, column: laterColumn)
        let add = { (table: String, column: String) in
            alter(table, "ADD CONSTRAINT \(identifier(check)) CHECK (\(identifier(column)) IS NOT NULL) NOT VALID")
        }
        if filled {
            phases.afterBuilds.append(add(laterTable, laterColumn))
        } else {
            phases.transaction.append(add(table, column))
        }
        phases.validations.append(validate(laterTable, check))
        phases.finishing.append(alter(laterTable, "ALTER COLUMN \(identifier(laterColumn)) SET NOT NULL"))
        phases.finishing.append(dropConstraint(laterTable, check))
    }

    /// The helper check's name, out of the way of the derived `ck_` names.
    static func notNullCheckName(table: String, column: String) -> String {
        Naming.fit("schemagen_not_null_\(table)_\(column)")
    }

    /// A default that `ADD COLUMN` might have to write row by row: `uuid()` (volatile, so
    /// Postgres rewrites the table under its lock), raw SQL that calls a function, and the date
    /// form of `now()`. Postgres stores a stable default once, but squawk cannot tell a stable
    /// call from a volatile one and flags any, so an online migration fills these rows itself.
    static func needsBackfill(_ column: Column) -> Bool {
        switch column.defaultValue {
        case .uuid: true
        case .now: column.type == .date
        case .sql(let raw): raw.forPostgres?.contains("(") ?? false
        case .string, .number, .bool, .json, nil: false
        }
    }

    private func validate(_ table: String, _ name: String) -> String {
        alter(table, "VALIDATE CONSTRAINT \(identifier(name))")
    }
}
