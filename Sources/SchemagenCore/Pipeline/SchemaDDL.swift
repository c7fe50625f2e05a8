/// One dialect's DDL of the whole schema as text, for `schemagen ddl`: what `generate` writes to
/// `postgres/schema.sql` or `sqlite/schema.sql`, byte for byte, without a project's `Generated/`
/// (an app that takes its models from the build plugin has none) and without reading or planning
/// a migration, as `drizzle-kit export` prints a schema's SQL. Piped into `psql` or `sqlite3`, it
/// makes a scratch database of the schema.
public enum SchemaDDL {
    /// The dialects that have DDL.
    public static let dialects: [Config.Target] = [.postgres, .sqlite]

    /// Loads and checks the project of `generator` (as `lint` does), then renders `dialect`'s
    /// schema file, its parts on both cores. `text` is nil on any error. The config's `targets`
    /// need not name the dialect: asking for it is enough.
    public static func render(_ generator: Generator, dialect: Config.Target) -> (
        text: String?, result: Generator.Result
    ) {
        precondition(dialects.contains(dialect), "\(dialect) has no DDL")
        var generator = generator
        generator.targetsOverride = [dialect]
        var result = generator.run(rendering: false)
        guard !result.diagnostics.hasErrors, let schema = result.schema else { return (nil, result) }
        let renderer: any Renderer =
            dialect == .postgres ? PostgresRenderer(config: result.config) : SQLiteRenderer(config: result.config)
        do {
            let parts = try renderer.parts(of: schema)
            let rendered = concurrentMap(count: parts.count) { index in
                Swift.Result { () throws(Diagnostic) -> RenderedPart in try parts.render(index) }
            }
            let files = RenderParts.join(try rendered.map { part throws(Diagnostic) in try part.get() })
            let path = dialect == .postgres ? PostgresRenderer.path : SQLiteRenderer.path
            return (files.first { $0.path == path }?.contents, result)
        } catch {
            result.diagnostics.append(error)
            return (nil, result)
        }
    }
}
