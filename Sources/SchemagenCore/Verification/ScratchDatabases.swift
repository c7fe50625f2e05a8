import Foundation

/// Where `schemagen verify` builds its databases: new, empty ones it creates and drops itself,
/// never a database of the user's.
public protocol ScratchDatabases: AnyObject {
    var dialect: Config.Target { get }
    /// A new, empty database, open; `name` is unique within this scratch.
    func create(_ name: String) throws(DatabaseError) -> any DatabaseConnection
    /// Drops a database `create` made (open connections to it are ended).
    func drop(_ name: String)
    /// What the database holds, as sorted facts that two databases compare line by line.
    func catalog(of connection: any DatabaseConnection) throws -> [String]
}

/// SQLite files in a temporary folder, removed with it.
public final class SQLiteScratch: ScratchDatabases {
    public let folder: URL
    public var dialect: Config.Target { .sqlite }

    public init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "schemagen-verify-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    public func create(_ name: String) throws(DatabaseError) -> any DatabaseConnection {
        let connection = try SQLiteConnection(path: folder.appendingPathComponent("\(name).db").path)
        // As an app opens it: the scripts turn foreign keys off around a rebuild and on again.
        try connection.execute("PRAGMA foreign_keys = ON;")
        return connection
    }

    public func drop(_ name: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent("\(name).db\(suffix)"))
        }
    }

    public func catalog(of connection: any DatabaseConnection) throws -> [String] {
        try SQLiteCatalog.read(connection).facts
    }
}

/// Databases created on a Postgres server and dropped again: `schemagen_verify_<random>_<name>`.
public final class PostgresScratch: ScratchDatabases {
    public let server: PostgresAddress
    private let maintenance: any DatabaseConnection
    private let prefix: String
    private var created: Set<String> = []
    public var dialect: Config.Target { .postgres }

    /// Connects to the server's database that `server` names (it only creates and drops others).
    public init(server: PostgresAddress) throws(DatabaseError) {
        self.server = server
        do {
            maintenance = try PostgresConnection(server)
        } catch {
            var named = error
            named.message = "postgres: verify cannot connect to \(server): \(error.message)"
            throw named
        }
        prefix = "schemagen_verify_" + UUID().uuidString.lowercased().replacing("-", with: "").prefix(10)
    }

    deinit {
        for name in created { drop(name) }
    }

    private func databaseName(_ name: String) -> String { "\(prefix)_\(name)" }

    public func create(_ name: String) throws(DatabaseError) -> any DatabaseConnection {
        let database = databaseName(name)
        do {
            try maintenance.execute("CREATE DATABASE \(SQLText.quotedIdentifier(database));")
        } catch {
            // verify needs a database of its own per chain; say so, and what the role lacks.
            var named = error
            named.message =
                "postgres: verify creates scratch databases on \(server) and could not create \(database): "
                + error.message
            if error.code == "42501" {
                named.hint =
                    "the role needs CREATEDB (ALTER ROLE \(server.user ?? "<role>") CREATEDB), or run verify with "
                    + "--postgres-temp to start a throwaway server"
            }
            throw named
        }
        created.insert(name)
        var address = server
        address.database = database
        return try PostgresConnection(address)
    }

    public func drop(_ name: String) {
        let database = databaseName(name)
        _ = try? maintenance.execute("DROP DATABASE IF EXISTS \(SQLText.quotedIdentifier(database)) WITH (FORCE);")
        created.remove(name)
    }

    public func catalog(of connection: any DatabaseConnection) throws -> [String] {
        try PostgresCatalog.facts(of: connection)
    }
}
