import Foundation
import SchemagenCore
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one real PostgreSQL server of the test process: started on first use, shared by every test
/// (each test works in a database of its own), stopped when the process exits.
///
/// Swift Testing has no global teardown, so the server is stopped from an `atexit` handler, and a
/// watchdog process stops it too if the test process dies without running that handler.
enum PostgresServer {
    /// True under CI, where a missing server is a failure rather than a reason to skip.
    static let isCI = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty } ?? false

    static let binDirectory = PostgresCluster.findBinDirectory()

    /// Run Postgres tests when the binaries are there, and always under CI (where they then fail).
    static var shouldRun: Bool { binDirectory != nil || isCI }

    static let skipReason: Comment = """
        PostgreSQL 15+ binaries not found ($SCHEMAGEN_PG_BINDIR if set, else pg_config --bindir and \
        /usr/lib/postgresql/*/bin); install postgresql-15 to run these tests
        """

    /// The shared cluster, started once; throws (and so fails the test) if it cannot be had.
    static func cluster() throws -> PostgresCluster {
        let binDirectory = try #require(Self.binDirectory, "\(skipReason) (CI is set, so this fails)")
        return try Shared.instance.cluster(binDirectory: binDirectory)
    }

    /// A fresh database for one test, `t_<random>`, dropped when `body` returns.
    static func withDatabase<T>(_ body: (PostgresDatabase) throws -> T) throws -> T {
        let cluster = try cluster()
        let name = "t_" + UUID().uuidString.lowercased().replacing("-", with: "").prefix(16)
        try cluster.createDatabase(named: name)
        defer { try? cluster.dropDatabase(named: name) }
        return try body(PostgresDatabase(cluster: cluster, name: name))
    }

    /// Holds the started cluster (or the failure to start it) behind a lock.
    private final class Shared: @unchecked Sendable {
        static let instance = Shared()

        private let lock = NSLock()
        private var started: Result<PostgresCluster, CommandError>?

        func cluster(binDirectory: String) throws(CommandError) -> PostgresCluster {
            lock.lock()
            defer { lock.unlock() }
            if started == nil {
                started = Result { () throws(CommandError) in try PostgresCluster.start(binDirectory: binDirectory) }
                if case .success(let cluster) = started {
                    cluster.stopWhenProcessExits(getpid())
                    atexit { Shared.instance.stopAtExit() }
                }
            }
            return try started!.get()
        }

        func stopAtExit() {
            lock.lock()
            defer { lock.unlock() }
            if case .success(let cluster) = started { cluster.stop() }
            started = nil
        }
    }
}

/// One test's database on the shared server.
struct PostgresDatabase {
    let cluster: PostgresCluster
    let name: String

    @discardableResult
    func execute(_ script: String) throws -> String {
        try cluster.execute(script, database: name)
    }

    func query(_ sql: String) throws -> [[String?]] {
        try cluster.query(sql, database: name)
    }

    /// The first column of each row.
    func column(_ sql: String) throws -> [String?] {
        try query(sql).map { $0.first ?? nil }
    }

    /// The single value of a one-row, one-column query.
    func value(_ sql: String) throws -> String? {
        let rows = try query(sql)
        try #require(rows.count == 1 && rows[0].count == 1, "expected one value from \(sql), got \(rows)")
        return rows[0][0]
    }

    /// The error psql reports for `script`, or `nil` if it succeeded.
    func failure(of script: String) -> String? {
        do {
            try execute(script)
            return nil
        } catch let error as CommandError {
            return error.errorOutput
        } catch {
            return "\(error)"
        }
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs a test when PostgreSQL is installed, and always under CI.
    static var postgresAvailable: Self {
        .enabled(if: PostgresServer.shouldRun, PostgresServer.skipReason)
    }
}
