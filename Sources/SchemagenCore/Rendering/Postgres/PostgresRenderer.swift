/// Renders the whole schema as one Postgres script, `postgres/schema.sql`, ready for `psql -f`.
///
/// Layout, chosen so that a one-column change is a one-line diff: no column alignment (a longer
/// name would realign every line), one column or constraint per line, and everything about a table
/// (its indexes, comments and triggers) right after its `CREATE TABLE`. Sections in order: header,
/// extensions, enum types, trigger functions, tables, then the foreign keys that close a cycle.
/// Nothing in the output depends on the time or the machine.
public struct PostgresRenderer: Renderer {
    public static let path = "postgres/schema.sql"

    public var config: Config
    public var dialect: PostgresDialect

    public init(config: Config) {
        self.config = config
        self.dialect = PostgresDialect(config: config)
    }

    public func parts(of schema: Schema, tablesPerPart: Int) throws(Diagnostic) -> RenderParts {
        let ranges = RenderParts.ranges(of: schema.tables.count, size: tablesPerPart)
        // `Schema.isDeferred`, with each table's position looked up once: searching the table list
        // for every key made large schemas quadratic.
        let position = Dictionary(
            schema.tables.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        let renderer = self
        return RenderParts(count: ranges.count) { part in
            renderer.renderPart(part, of: schema, ranges: ranges, position: position)
        }
    }

    /// Part `part` of `parts(of:tablesPerPart:)`: the tables of `ranges[part]`. A function of its
    /// own (not inlined), so that a profile shows the renderer's parts as one stage.
    @inline(never)
    func renderPart(_ part: Int, of schema: Schema, ranges: [Range<Int>], position: [String: Int]) -> RenderedPart {
        var script = SQLScript(capacity: ranges[part].count * 1_800 + 4_096, continuing: part > 0)
        write(
            schema, tables: ranges[part], position: position, opening: part == 0, closing: part == ranges.count - 1,
            into: &script)
        return RenderedPart(pieces: [script.piece(of: Self.path, isLast: part == ranges.count - 1)])
    }

    public func script(for schema: Schema) throws(Diagnostic) -> String {
        try render(schema)[0].contents
    }

    /// The script's blocks for `tables` (a range of `schema.tables`), after the sections that come
    /// before the tables when `opening`, and followed by the deferred foreign keys and the final
    /// newline when `closing`.
    private func write(
        _ schema: Schema, tables: Range<Int>, position: [String: Int], opening: Bool, closing: Bool,
        into script: inout SQLScript
    ) {
        if opening {
            script.add(SQLHeader.lines(config: config))
            if schema.usesVector {
                script.add("CREATE EXTENSION IF NOT EXISTS vector;")
            }
            if config.postgres.nativeEnums {
                for type in schema.enums {
                    script.add(dialect.createEnumType(type))
                }
            }
            let triggerColumns = Set(schema.tables.flatMap { $0.autoUpdateColumns.map(\.name) }).sorted()
            for column in triggerColumns {
                script.add(dialect.createTriggerFunction(column: column))
            }
        }
        // Each table's statements written straight into the script (`dialect.createTable`,
        // `createIndexes`, `comments`, as blocks), without a string per statement.
        for index in tables {
            let table = schema.tables[index]
            let own = position[table.name]
            script.beginBlock()
            dialect.writeCreateTable(
                table,
                inline: { key in
                    guard let own, let target = position[key.referencedTable] else { return true }
                    return target <= own
                }, into: &script.buffer)
            if !table.indexes.isEmpty {
                script.beginBlock()
                for (position, tableIndex) in table.indexes.enumerated() {
                    if position > 0 { script.buffer += "\n" }
                    dialect.writeCreateIndex(tableIndex, table: table.name, into: &script.buffer)
                }
            }
            // The table's block came before: a comment block follows after a blank line.
            dialect.writeComments(on: table, opening: "\n\n", into: &script.buffer)
            script.add(dialect.createTriggers(of: table))
        }
        guard closing else { return }
        // `Schema.deferredForeignKeys`, from the positions at hand: that one copied every table.
        var deferred = ["-- Foreign keys that close a cycle, added once every table exists."]
        for index in schema.tables.indices {
            for key in schema.tables[index].foreignKeys {
                if let target = position[key.referencedTable], target > index {
                    deferred.append(dialect.addForeignKey(key, table: schema.tables[index].name))
                }
            }
        }
        if deferred.count > 1 { script.add(deferred) }
    }
}
