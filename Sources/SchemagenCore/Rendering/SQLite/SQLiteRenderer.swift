/// Renders the whole schema as one SQLite script, `sqlite/schema.sql`.
///
/// The layout follows the Postgres script's (one column or constraint per line, no alignment, each
/// table followed by its indexes and triggers), so that the two files diff alike. Tables keep the
/// schema's order; SQLite would accept any order, since it checks references only when rows change.
public struct SQLiteRenderer: Renderer {
    public static let path = "sqlite/schema.sql"

    public var config: Config
    public var dialect: SQLiteDialect

    public init(config: Config) {
        self.config = config
        self.dialect = SQLiteDialect(config: config)
    }

    public func render(_ schema: Schema) throws(Diagnostic) -> [GeneratedFile] {
        [GeneratedFile(path: Self.path, contents: try script(for: schema))]
    }

    /// What a reader of the script needs to know that the DDL cannot say by itself.
    static let notes = [
        "-- SQLite 3.40+; open every connection with PRAGMA foreign_keys = ON.",
        "-- Tables are STRICT, and CHECKs keep each value within its column's type, as Postgres would:",
        "-- uuids, dates and ISO-8601 timestamps as text (now() writes UTC), booleans 0/1, decimals REAL",
        "-- (exact to 15 significant digits), JSON text checked by json_valid, vectors BLOB.",
    ]

    public func script(for schema: Schema) throws(Diagnostic) -> String {
        var script = SQLScript()
        script.add(SQLHeader.lines(config: config) + Self.notes)
        for table in schema.tables {
            script.add(dialect.createTable(table))
            script.add(dialect.createIndexes(of: table))
            for trigger in dialect.createTriggers(of: table) {
                script.add(trigger)
            }
        }
        return script.text
    }
}
