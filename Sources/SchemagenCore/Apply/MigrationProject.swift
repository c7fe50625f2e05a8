import Foundation

/// What `schemagen migrate` finds in a project before it runs: the database (`--database`, else
/// `DATABASE_URL` from the environment or the project's `.env`) and the committed migrations of
/// that database's dialect (`<output>/migrations/postgres/` or `…/sqlite/`).
public struct MigrationProject {
    public var url: DatabaseURL
    /// Where the URL came from: `--database`, `$DATABASE_URL`, `.env:3`.
    public var urlSource: String
    public var folder: MigrationFolder

    /// `migrationsDirectory` replaces `<output>/migrations` (the folder that holds `postgres/` and
    /// `sqlite/`), relative to the working directory.
    public init(
        root: URL, database: String?, migrationsDirectory: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(MigrationRunError) {
        let text: String
        if let database {
            (text, urlSource) = (database, "--database")
        } else if let found = try Self.fromEnvironment(environment, root: root) {
            (text, urlSource) = found
        } else {
            throw .target(
                "no database: give --database <url>, or set \(DatabaseEnvironment.variable) in the environment or in "
                    + "\(root.appendingPathComponent(".env").path) (postgres://user@host/db, sqlite:path/to/file.db)")
        }
        do {
            url = try DatabaseURL(parsing: text)
        } catch {
            throw .target("\(error) (from \(urlSource))")
        }
        let dialect = url.kind.rawValue
        let base: URL
        let display: String
        if let migrationsDirectory {
            base = URL(fileURLWithPath: migrationsDirectory, isDirectory: true).standardizedFileURL
            display = migrationsDirectory
        } else {
            let (config, diagnostics) = ConfigLoader.load(root: root)
            if let error = diagnostics.first(where: { $0.severity == .error }) {
                throw .folder("\(error)")
            }
            base = ProjectPaths.resolve(config.outputDirectory, root: root)
                .appendingPathComponent(MigrationLayout.folder, isDirectory: true)
            display = "\(config.outputDirectory)/\(MigrationLayout.folder)"
        }
        folder = try MigrationFolder.load(
            directory: base.appendingPathComponent(dialect, isDirectory: true), displayPath: "\(display)/\(dialect)")
    }

    private static func fromEnvironment(_ environment: [String: String], root: URL) throws(MigrationRunError) -> (
        text: String, source: String
    )? {
        do {
            return try DatabaseEnvironment.databaseURL(environment: environment, projectRoot: root)
        } catch {
            throw .target(error.description)
        }
    }

    /// A runner on a new connection to the database; `create`: a missing SQLite file is created
    /// (for `up`; `status`, `down` and `repair` leave a mistyped path alone).
    public func runner(create: Bool = true) throws(MigrationRunError) -> MigrationRunner {
        do {
            return MigrationRunner(connection: try DatabaseConnector.connect(url, create: create), folder: folder)
        } catch {
            throw .database(error)
        }
    }
}
