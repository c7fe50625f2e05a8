import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `schemagen verify`: the chain proven on an in-process SQLite always, and on Postgres when a
/// server is named (`--database`, `DATABASE_URL`) or started for the run (`--postgres-temp`).
public enum Verification {
    public struct Options: Sendable, Hashable {
        /// `--database`: overrides `DATABASE_URL`.
        public var database: String?
        /// `--postgres-temp`: a throwaway cluster from the local `initdb`, whatever the URL says.
        public var postgresTemp: Bool
        public var environment: [String: String]

        public init(
            database: String? = nil, postgresTemp: Bool = false,
            environment: [String: String] = ProcessInfo.processInfo.environment
        ) {
            self.database = database
            self.postgresTemp = postgresTemp
            self.environment = environment
        }
    }

    public struct Report: Sendable, Hashable {
        public var outcomes: [ChainVerifier.Outcome] = []
        /// Lines about what was not verified, and why (no server named; a target that is off).
        public var notes: [String] = []
        /// What `check` would also say and verify proves anyway: a committed migration that no
        /// longer matches `schemagen.sum` (verified as it is now, which is not what was reviewed).
        public var warnings: [String] = []
        /// What kept the verification from running: a config error, a server that cannot be reached.
        public var errors: [String] = []

        public var failed: Bool { !errors.isEmpty || outcomes.contains { $0.failure != nil } }
    }

    public static func run(root: URL, options: Options) -> Report {
        var report = Report()
        let (config, diagnostics) = ConfigLoader.load(root: root)
        if diagnostics.hasErrors {
            report.errors = diagnostics.filter { $0.severity == .error }.map(\.description)
            return report
        }
        let verifier = ChainVerifier(config: config, root: root)
        report.warnings = verifier.integrityFindings()
        if config.targets.contains(.sqlite) {
            do {
                report.outcomes.append(verifier.verify(on: try SQLiteScratch()))
            } catch {
                report.errors.append("sqlite: cannot make a scratch folder: \(error)")
            }
        } else {
            report.notes.append("sqlite: not verified: the sqlite target is off")
        }
        guard config.targets.contains(.postgres) else {
            report.notes.append("postgres: not verified: the postgres target is off")
            return report
        }
        if options.postgresTemp {
            verifyOnTemporaryServer(verifier, report: &report)
            return report
        }
        let named: (String, String)?
        do {
            named =
                try options.database.map { ($0, "--database") }
                ?? DatabaseEnvironment.databaseURL(environment: options.environment, projectRoot: root)
        } catch {
            report.errors.append("\(error)")
            return report
        }
        guard let (text, source) = named else {
            report.notes.append(
                "postgres: not verified: name a server with --database or DATABASE_URL, or start one with --postgres-temp"
            )
            return report
        }
        do {
            switch try DatabaseURL(parsing: text) {
            case .postgres(let address):
                report.outcomes.append(verifier.verify(on: try PostgresScratch(server: address)))
            case .sqlite:
                report.notes.append(
                    "postgres: not verified: \(source) names a SQLite file (verify never touches it; "
                        + "SQLite is verified in scratch files)")
            }
        } catch let error as DatabaseURLError {
            report.errors.append("\(source): \(error)")
        } catch {
            report.errors.append("postgres: cannot reach the server \(source) names: \(error)")
        }
        return report
    }

    /// Starts a cluster in a temporary folder, verifies on it, and stops it.
    private static func verifyOnTemporaryServer(_ verifier: ChainVerifier, report: inout Report) {
        guard let binDirectory = PostgresCluster.findBinDirectory() else {
            report.errors.append(
                "postgres: --postgres-temp needs PostgreSQL 15 or later (initdb, pg_ctl): none found "
                    + "($SCHEMAGEN_PG_BINDIR, pg_config --bindir, /usr/lib/postgresql/*/bin)")
            return
        }
        let cluster: PostgresCluster
        do {
            cluster = try PostgresCluster.start(binDirectory: binDirectory)
        } catch {
            report.errors.append("postgres: cannot start a temporary server: \(error)")
            return
        }
        // Stopped even if this process dies before it stops the server itself.
        cluster.stopWhenProcessExits(getpid())
        defer { cluster.stop() }
        do {
            let address = PostgresAddress(host: cluster.socketDirectory, user: "postgres", database: "postgres")
            report.outcomes.append(verifier.verify(on: try PostgresScratch(server: address)))
        } catch {
            report.errors.append("postgres: cannot connect to the temporary server: \(error)")
        }
    }
}
