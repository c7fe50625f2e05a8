/// `schemagen_migrations`, the database's own record of what it holds: one row per applied
/// migration, written in the transaction that applies it and deleted in the one that reverts it.
///
/// - `version`: the migration's number, the key.
/// - `name`: its name (`add_tasks_priority`); with the number, its identity.
/// - `checksum`: the up file's hash when it was applied, as `schemagen.sum` hashes a file.
/// - `applied_at`: when (UTC).
/// - `duration_ms`: how long it took; NULL while a Postgres migration's statements after its
///   transaction have not all run (the transaction committed, a `CREATE INDEX CONCURRENTLY`
///   after it failed): the migration is unfinished.
/// - `down_sql`: the down file's text when it was applied, so that `migrate down` can revert a
///   migration whose file changed or is gone since (one not committed yet, planned again by
///   `generate`). A table made before the column existed gets it on the next `up`.
public enum MigrationTable {
    public static let name = "schemagen_migrations"

    /// One row of the table.
    public struct Record: Sendable, Hashable {
        public var version: Int
        public var name: String
        public var checksum: String
        public var appliedAt: String
        public var durationMilliseconds: Int?
        /// The down file's text as it was when the migration was applied; `nil` when it had none
        /// (or was applied before the table had the column).
        public var downSQL: String?

        public init(
            version: Int, name: String, checksum: String, appliedAt: String, durationMilliseconds: Int?,
            downSQL: String? = nil
        ) {
            self.version = version
            self.name = name
            self.checksum = checksum
            self.appliedAt = appliedAt
            self.durationMilliseconds = durationMilliseconds
            self.downSQL = downSQL
        }

        public var id: MigrationID { MigrationID(number: version, name: name) }
        public var isFinished: Bool { durationMilliseconds != nil }
    }

    static func create(_ kind: DatabaseKind) -> String {
        switch kind {
        case .postgres:
            """
            CREATE TABLE IF NOT EXISTS \(name) (
                version integer PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now(),
                duration_ms integer,
                down_sql text
            );
            """
        case .sqlite:
            """
            CREATE TABLE IF NOT EXISTS \(name) (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                checksum TEXT NOT NULL,
                applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
                duration_ms INTEGER,
                down_sql TEXT
            );
            """
        }
    }

    /// Creates the table, or adds `down_sql` to one made before that column existed.
    static func ensure(_ connection: any DatabaseConnection) throws(DatabaseError) {
        try connection.execute(create(connection.kind))
        guard try !hasDownColumn(connection) else { return }
        try connection.execute(
            "ALTER TABLE \(name) ADD COLUMN down_sql \(connection.kind == .postgres ? "text" : "TEXT");")
    }

    private static func hasDownColumn(_ connection: any DatabaseConnection) throws(DatabaseError) -> Bool {
        let sql =
            switch connection.kind {
            case .postgres:
                "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '\(name)' AND column_name = 'down_sql'"
            case .sqlite: "SELECT 1 FROM pragma_table_info('\(name)') WHERE name = 'down_sql'"
            }
        return try !connection.query(sql).isEmpty
    }

    /// The table's rows by version, or none when the table does not exist yet (a database that
    /// `migrate` never touched: reading it creates nothing).
    static func records(_ connection: any DatabaseConnection) throws(DatabaseError) -> [Record] {
        let exists: String =
            switch connection.kind {
            case .postgres:
                "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = '\(name)'"
            case .sqlite: "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = '\(name)'"
            }
        guard try !connection.query(exists).isEmpty else { return [] }
        let appliedAt =
            connection.kind == .postgres
            ? "to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')" : "applied_at"
        let down = try hasDownColumn(connection) ? "down_sql" : "NULL"
        return try connection.query(
            "SELECT version, name, checksum, \(appliedAt), duration_ms, \(down) FROM \(name) ORDER BY version"
        ).map { row in
            Record(
                version: Int(row[0] ?? "") ?? 0, name: row[1] ?? "", checksum: row[2] ?? "", appliedAt: row[3] ?? "",
                durationMilliseconds: row[4].flatMap { Int($0) }, downSQL: row[5])
        }
    }

    /// The number of tables of the database's schema, this one left out.
    static func tableCount(_ connection: any DatabaseConnection) throws(DatabaseError) -> Int {
        let sql =
            switch connection.kind {
            case .postgres:
                "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename <> '\(name)'"
            case .sqlite:
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '\(name)'"
            }
        return Int(try connection.query(sql).first?.first.flatMap { $0 } ?? "0") ?? 0
    }
}
