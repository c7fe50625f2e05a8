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
public enum MigrationTable {
    public static let name = "schemagen_migrations"

    /// One row of the table.
    public struct Record: Sendable, Hashable {
        public var version: Int
        public var name: String
        public var checksum: String
        public var appliedAt: String
        public var durationMilliseconds: Int?

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
                duration_ms integer
            );
            """
        case .sqlite:
            """
            CREATE TABLE IF NOT EXISTS \(name) (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                checksum TEXT NOT NULL,
                applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
                duration_ms INTEGER
            );
            """
        }
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
        return try connection.query(
            "SELECT version, name, checksum, \(appliedAt), duration_ms FROM \(name) ORDER BY version"
        ).map { row in
            Record(
                version: Int(row[0] ?? "") ?? 0, name: row[1] ?? "", checksum: row[2] ?? "", appliedAt: row[3] ?? "",
                durationMilliseconds: row[4].flatMap { Int($0) })
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
