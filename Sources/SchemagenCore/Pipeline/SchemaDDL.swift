/// The schema's DDL as text, for `schemagen ddl`: what `generate` writes to `postgres/schema.sql`
/// and `sqlite/schema.sql`, byte for byte, without a project's `Generated/` (an app that takes its
/// models from the build plugin has none) and without reading or planning a migration, as
/// `drizzle-kit export` prints a schema's SQL. Piped into `psql` or `sqlite3`, a dialect's text
/// makes a scratch database of the schema.
public enum SchemaDDL {
    /// The dialects that have DDL.
    public static let dialects: [Config.Target] = [.postgres, .sqlite]

    /// One dialect's schema file: the file `generate` writes (its path relative to the output
    /// directory: `postgres/schema.sql` or `sqlite/schema.sql`), as the renderer's bytes.
    public struct Script: Sendable, Equatable {
        public var dialect: Config.Target
        public var file: GeneratedFile

        public var path: String { file.path }
        /// The file's text, decoded on each read.
        public var text: String { file.contents }
    }

    /// Loads and checks the project of `generator` (as `lint` does) once, then renders the schema
    /// file of each of `dialects`, every part of them on both cores, in the order of `dialects`
    /// (a dialect named twice is rendered once). `scripts` is nil on any error. The config's
    /// `targets` need not name the dialects: asking for them is enough.
    public static func render(_ generator: Generator, dialects requested: [Config.Target]) -> (
        scripts: [Script]?, result: Generator.Result
    ) {
        let dialects = requested.reduce(into: [Config.Target]()) { kept, dialect in
            precondition(Self.dialects.contains(dialect), "\(dialect) has no DDL")
            if !kept.contains(dialect) { kept.append(dialect) }
        }
        var generator = generator
        generator.targetsOverride = Set(dialects)
        var result = generator.run(rendering: false)
        guard !result.diagnostics.hasErrors, let schema = result.schema else { return (nil, result) }
        do {
            let parts = try dialects.map { dialect throws(Diagnostic) in
                try renderer(of: dialect, config: result.config).parts(of: schema)
            }
            // One job list for every dialect, so that the second core is not left idle at the end
            // of the first dialect's parts; the results come back in job order.
            let jobs = parts.indices.flatMap { dialect in (0..<parts[dialect].count).map { (dialect, $0) } }
            let rendered = try concurrentMap(count: jobs.count) { job in
                Swift.Result { () throws(Diagnostic) -> RenderedPart in try parts[jobs[job].0].render(jobs[job].1) }
            }.map { part throws(Diagnostic) in try part.get() }
            var scripts: [Script] = []
            var start = 0
            for (dialect, own) in zip(dialects, parts) {
                let path = Self.path(of: dialect)
                let files = RenderParts.join(Array(rendered[start..<start + own.count]))
                start += own.count
                scripts.append(
                    Script(
                        dialect: dialect,
                        file: files.first { $0.path == path } ?? GeneratedFile(path: path, contents: "")))
            }
            return (scripts, result)
        } catch {
            result.diagnostics.append(error)
            return (nil, result)
        }
    }

    /// Where `generate` writes `dialect`'s schema file, relative to the output directory.
    public static func path(of dialect: Config.Target) -> String {
        dialect == .postgres ? PostgresRenderer.path : SQLiteRenderer.path
    }

    private static func renderer(of dialect: Config.Target, config: Config) -> any Renderer {
        dialect == .postgres ? PostgresRenderer(config: config) : SQLiteRenderer(config: config)
    }
}
