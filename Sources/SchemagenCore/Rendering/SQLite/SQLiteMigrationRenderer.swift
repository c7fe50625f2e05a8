/// Renders the changes between two schema versions as one SQLite script, the sibling of
/// `SQLiteRenderer`: tables, indexes and triggers read as they do in `schema.sql`.
///
/// SQLite's `ALTER TABLE` can rename a table or a column, add a column and drop a plain one; every
/// other change (a type, a default, nullability, a constraint, a constraint's derived name) takes
/// the twelve steps of <https://www.sqlite.org/lang_altertable.html#otheralter>: create the new
/// table under another name, copy the rows, drop the old table, rename the new one, and create its
/// indexes and triggers again. A table is rebuilt at most once per migration, at its place in the
/// order of changes, and the rebuild takes all of that table's changes. Enum values live in CHECKs,
/// so a changed enum rebuilds every table with a column of that enum.
///
/// A rebuild (and dropping a table that others reference) must not fire the children's `ON DELETE`
/// actions, so the script turns foreign keys off *before* its transaction (SQLite ignores the
/// pragma inside one), checks them before `COMMIT` in a way that fails the script, and turns them
/// back on: see `script(_:header:)`.
///
/// Comments: SQLite has no `COMMENT ON`. A column's comment lives only as `--` text inside the
/// `CREATE TABLE` that `sqlite_schema` keeps, and a table's comment, written above `CREATE TABLE`,
/// is not kept at all. A change of comment alone does not rebuild a table (copying every row to
/// rewrite a comment is not worth it): the script says so in a comment, and the table's next
/// rebuild writes the new text. No database fact that a query can see differs.
public struct SQLiteMigrationRenderer: MigrationRenderer {
    public var config: Config
    public var dialect: SQLiteDialect

    public init(config: Config) {
        self.config = config
        self.dialect = SQLiteDialect(config: config)
    }

    public func statements(for diff: SchemaDiff) -> MigrationStatements {
        var result = MigrationStatements()
        // The tables that another table's foreign key points at, found once: asked for every table
        // dropped (a first migration's down script drops them all).
        var referenced: Set<String> = []
        for other in diff.from.tables {
            for key in other.foreignKeys where key.referencedTable != other.name {
                referenced.insert(key.referencedTable)
            }
        }
        for step in SQLiteMigrationSteps(diff: diff).steps {
            switch step {
            case .create(let table):
                result.transactional.append(dialect.createTable(table))
                result.transactional += dialect.createIndexes(of: table)
                result.transactional += dialect.createTriggers(of: table)
            case .drop(let table):
                // With foreign keys on, DROP TABLE first deletes every row, firing the children's
                // actions (or failing on a NO ACTION child); the children are rebuilt or dropped too.
                if referenced.contains(table.name) { result.needsForeignKeysOff = true }
                result.transactional.append("DROP TABLE \(dialect.identifier(table.name));")
            case .change(let old, let new, let changes):
                let migration = SQLiteTableMigration(dialect: dialect, old: old, new: new, changes: changes)
                if migration.rebuilds { result.needsForeignKeysOff = true }
                result.transactional += migration.statements
            }
        }
        return result
    }

    /// A whole script that applies as it is with `sqlite3 -bail DB < FILE`, all or nothing:
    /// `header` (comment lines), then, when a table is rebuilt or a referenced table dropped,
    /// `PRAGMA foreign_keys = OFF` before `BEGIN` (inside a transaction the pragma is silently
    /// ignored, and a rebuild would cascade), the statements, a foreign-key check that fails the
    /// script instead of committing broken rows, `COMMIT`, and `PRAGMA foreign_keys = ON`.
    ///
    /// The script holds its own transaction: a runner that wraps a file in one (golang-migrate's
    /// SQLite driver unless `x-no-tx-wrap=true`) fails at its `BEGIN` rather than apply it with
    /// foreign keys on. After a failure, a connection that stays open must roll back and turn
    /// foreign keys on again; `sqlite3` does both by exiting.
    /// The `sqlite3` shell with `-bail`, which stops at the first error and so never commits half.
    public static func applyCommand(file: String) -> String {
        "sqlite3 -bail DATABASE < \(file)"
    }

    public func script(_ statements: MigrationStatements, header: [String]) -> String {
        var script = SQLScript()
        script.add(header)
        if statements.needsForeignKeysOff {
            script.add([
                "-- Foreign keys off outside the transaction (SQLite ignores the pragma inside one), so that",
                "-- rebuilding or dropping a table fires no ON DELETE action on its children.",
                "PRAGMA foreign_keys = OFF;",
            ])
        }
        statements.beforeTransaction.forEach { script.add($0) }
        script.add("BEGIN IMMEDIATE;")
        statements.transactional.forEach { script.add($0) }
        if statements.needsForeignKeysOff { script.add(Self.foreignKeyCheck) }
        script.add("COMMIT;")
        statements.afterTransaction.forEach { script.add($0) }
        if statements.needsForeignKeysOff { script.add("PRAGMA foreign_keys = ON;") }
        return script.text
    }

    /// `PRAGMA foreign_key_check` only reports; a CHECK on its count turns a broken row into an
    /// error, which stops `sqlite3 -bail` before `COMMIT`, so the transaction rolls back.
    static let foreignKeyCheck = """
        -- Fail, and so roll back, if a row breaks a foreign key (PRAGMA foreign_key_check lists them).
        CREATE TEMP TABLE schemagen_foreign_key_check (
            broken_rows INTEGER NOT NULL CONSTRAINT no_row_may_break_a_foreign_key CHECK (broken_rows = 0)
        );
        INSERT INTO schemagen_foreign_key_check SELECT count(*) FROM pragma_foreign_key_check;
        DROP TABLE schemagen_foreign_key_check;
        """
}

/// A migration's changes grouped by table, each table at the place of its first change.
struct SQLiteMigrationSteps {
    enum Step {
        /// A new table, with every foreign key (SQLite checks them only when rows change).
        case create(Table)
        case drop(Table)
        /// A table that exists before and after, and the changes that concern it.
        case change(old: Table, new: Table, changes: [SchemaChange])
    }

    private(set) var steps: [Step] = []

    private enum Key: Hashable {
        case created(String), dropped(String), kept(String)
    }

    init(diff: SchemaDiff) {
        var renamedTo: [String: String] = [:]
        var created: Set<String> = []
        var dropped: Set<String> = []
        for change in diff.changes {
            switch change {
            case .renameTable(let from, let to): renamedTo[from] = to
            case .createTable(let table): created.insert(table.name)
            case .dropTable(let table): dropped.insert(table.name)
            default: break
            }
        }
        // A change names a table as it is at that point of the plan, before or after its rename;
        // the differ never gives one name to two tables, so each name says which table it is.
        func key(_ name: String) -> Key {
            if created.contains(name) { return .created(name) }
            if dropped.contains(name) { return .dropped(name) }
            return .kept(renamedTo[name] ?? name)
        }

        var order: [Key] = []
        var grouped: [Key: [SchemaChange]] = [:]
        func note(_ key: Key, _ change: SchemaChange) {
            if grouped[key] == nil { order.append(key) }
            grouped[key, default: []].append(change)
        }
        for change in diff.changes {
            switch change {
            case .createEnum, .dropEnum:
                continue
            case .alterEnum(let from, let to):
                // Each column's CHECK holds the values: every table that uses the enum changes.
                guard from.values != to.values else { continue }
                for table in diff.to.tables where Self.uses(table, enum: to.name) && !created.contains(table.name) {
                    note(key(table.name), change)
                }
            default:
                if let table = change.table { note(key(table), change) }
            }
        }

        let renamedFrom = Dictionary(renamedTo.map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        // `Schema.table(named:)` searches from the front: for a first migration of 1,000 tables,
        // once per table. The first table of each name, by a dictionary instead.
        let (from, to) = (Self.firstTables(diff.from), Self.firstTables(diff.to))
        for key in order {
            switch key {
            case .created(let name):
                if let table = to[name] { steps.append(.create(diff.to.tables[table])) }
            case .dropped(let name):
                if let table = from[name] { steps.append(.drop(diff.from.tables[table])) }
            case .kept(let name):
                guard let new = to[name], let old = from[renamedFrom[name] ?? name] else { continue }
                steps.append(
                    .change(old: diff.from.tables[old], new: diff.to.tables[new], changes: grouped[key] ?? []))
            }
        }
    }

    /// The position of each name's first table, as `Schema.table(named:)` finds it.
    static func firstTables(_ schema: Schema) -> [String: Int] {
        var positions: [String: Int] = [:]
        positions.reserveCapacity(schema.tables.count)
        for position in schema.tables.indices where positions[schema.tables[position].name] == nil {
            positions[schema.tables[position].name] = position
        }
        return positions
    }

    static func uses(_ table: Table, enum name: String) -> Bool {
        table.columns.contains { column in
            if case .enumeration(let reference) = column.type { reference.name == name } else { false }
        }
    }
}
