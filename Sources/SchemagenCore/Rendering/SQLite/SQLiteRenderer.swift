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

    public func parts(of schema: Schema, tablesPerPart: Int) throws(Diagnostic) -> RenderParts {
        let ranges = RenderParts.ranges(of: schema.tables.count, size: tablesPerPart)
        let renderer = self
        return RenderParts(count: ranges.count) { part in renderer.renderPart(part, of: schema, ranges: ranges) }
    }

    /// Part `part` of `parts(of:tablesPerPart:)`: the tables of `ranges[part]`. A function of its
    /// own (not inlined), so that a profile shows the renderer's parts as one stage.
    @inline(never)
    func renderPart(_ part: Int, of schema: Schema, ranges: [Range<Int>]) -> RenderedPart {
        var script = SQLScript(capacity: ranges[part].count * 3_400 + 4_096, continuing: part > 0)
        if part == 0 { script.add(SQLHeader.lines(config: config) + Self.notes) }
        // Each table's statements written straight into the script (`dialect.createTable`,
        // `createIndexes`, as blocks), without a string per statement.
        for index in ranges[part] {
            let table = schema.tables[index]
            script.beginBlock()
            dialect.writeCreateTable(table, into: &script.buffer)
            if !table.indexes.isEmpty {
                script.beginBlock()
                for (position, tableIndex) in table.indexes.enumerated() {
                    if position > 0 { script.buffer += "\n" }
                    dialect.writeCreateIndex(tableIndex, table: table.name, into: &script.buffer)
                }
            }
            for trigger in dialect.createTriggers(of: table) {
                script.add(trigger)
            }
        }
        return RenderedPart(pieces: [script.piece(of: Self.path, isLast: part == ranges.count - 1)])
    }

    /// What a reader of the script needs to know that the DDL cannot say by itself.
    static let notes = [
        "-- SQLite 3.40+; open every connection with PRAGMA foreign_keys = ON.",
        "-- Tables are STRICT, and CHECKs keep each value within its column's type, as Postgres would:",
        "-- uuids, dates and ISO-8601 timestamps as text (now() writes UTC), booleans 0/1, decimals REAL",
        "-- (exact to 15 significant digits), JSON text checked by json_valid, vectors BLOB.",
    ]

    public func script(for schema: Schema) throws(Diagnostic) -> String {
        try render(schema)[0].contents
    }
}
