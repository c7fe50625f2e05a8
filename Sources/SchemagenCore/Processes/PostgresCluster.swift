import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A throwaway PostgreSQL server (15 or later) in a temporary directory, started with the local
/// `initdb` and `pg_ctl` and reached only through a Unix socket in that directory, as the
/// `postgres` role (trust authentication).
///
/// It proves generated SQL on the real thing: the tests start one per test process (and talk to
/// it through `psql`), and `schemagen verify --postgres-temp` starts one for its run. Postgres
/// refuses to run as root, so under root the server programs run as the `postgres` user through
/// `runuser` (the directory is handed to that user); clients run as the caller.
public struct PostgresCluster: Sendable {
    /// Where `initdb`, `pg_ctl`, `postgres` and `psql` are.
    public let binDirectory: String
    /// The temporary directory: `data/`, the socket, `server.log`, scripts being run.
    public let directory: String
    /// The user the server programs run as when the caller is root; `nil` otherwise.
    public let serverUser: String?

    public var dataDirectory: String { directory + "/data" }
    public var socketDirectory: String { directory }
    public var logFile: String { directory + "/server.log" }

    static let programs = ["initdb", "pg_ctl", "postgres", "psql"]

    /// Finds PostgreSQL 15+ binaries: `$SCHEMAGEN_PG_BINDIR` alone when it is set, otherwise
    /// `pg_config --bindir`, then the usual Debian and Homebrew places. `nil` when none has every program or the version is older.
    public static func findBinDirectory(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String?
    {
        var candidates: [String] = []
        if let explicit = environment["SCHEMAGEN_PG_BINDIR"], !explicit.isEmpty {
            // An explicit choice is not second-guessed: a wrong one finds nothing.
            candidates = [explicit]
        } else {
            if let pgConfig = CommandRunner.executable(["/usr/bin/pg_config", "/usr/local/bin/pg_config"]),
                let result = try? CommandRunner.run([pgConfig, "--bindir"])
            {
                candidates.append(result.output.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            for major in [17, 16, 15] {
                candidates.append("/usr/lib/postgresql/\(major)/bin")
                candidates.append("/opt/homebrew/opt/postgresql@\(major)/bin")
                candidates.append("/usr/local/opt/postgresql@\(major)/bin")
            }
        }
        return candidates.first { directory in
            programs.allSatisfy { FileManager.default.isExecutableFile(atPath: "\(directory)/\($0)") }
                && (majorVersion(binDirectory: directory) ?? 0) >= 15
        }
    }

    /// The major version that `postgres --version` reports (`postgres (PostgreSQL) 15.18 …` is 15).
    public static func majorVersion(binDirectory: String) -> Int? {
        guard let result = try? CommandRunner.run(["\(binDirectory)/postgres", "--version"]) else { return nil }
        let words = result.output.split(separator: " ")
        guard let index = words.firstIndex(of: "(PostgreSQL)"), index + 1 < words.count else { return nil }
        return Int(words[index + 1].prefix { $0.isNumber })
    }

    /// Creates a cluster in a new temporary directory and starts it. Durability is off (`fsync`,
    /// `full_page_writes`, `synchronous_commit`): the data lives only as long as the test.
    public static func start(binDirectory: String) throws(CommandError) -> PostgresCluster {
        let template = FileManager.default.temporaryDirectory.appendingPathComponent("schemagen-pg-XXXXXX").path
        var buffer = Array(template.utf8CString)
        guard let created = mkdtemp(&buffer) else {
            throw CommandError(
                command: ["mkdtemp"], status: errno, output: "", errorOutput: "cannot create \(template)")
        }
        let directory = String(cString: created)
        let serverUser = geteuid() == 0 ? "postgres" : nil
        let cluster = PostgresCluster(binDirectory: binDirectory, directory: directory, serverUser: serverUser)
        do {
            if let serverUser { try cluster.handOver(to: serverUser) }
            try cluster.runServerProgram([
                "initdb", "-D", cluster.dataDirectory, "-A", "trust", "-U", "postgres", "-E", "UTF8",
                "--locale=C", "--no-sync", "--no-instructions",
            ])
            let options =
                "-k \(directory) -c listen_addresses='' -c fsync=off -c full_page_writes=off"
                + " -c synchronous_commit=off -c max_connections=50"
            try cluster.runServerProgram([
                "pg_ctl", "-D", cluster.dataDirectory, "-l", cluster.logFile, "-w", "-t", "60", "-o", options, "start",
            ])
        } catch {
            let log = (try? String(contentsOfFile: cluster.logFile, encoding: .utf8)) ?? ""
            cluster.stop()
            var failure = error
            if !log.isEmpty { failure.errorOutput += "\nserver log:\n" + log }
            throw failure
        }
        return cluster
    }

    /// Stops the server (fast shutdown: sessions are ended) and removes the directory.
    public func stop() {
        if FileManager.default.fileExists(atPath: dataDirectory + "/postmaster.pid") {
            _ = try? runServerProgram(["pg_ctl", "-D", dataDirectory, "-m", "fast", "-w", "stop"])
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Starts a small shell process that stops the server and removes its directory once process
    /// `pid` is gone, so that a test process that crashes or is killed leaves no server behind.
    /// It ignores SIGINT and SIGHUP so that it outlives an interrupted run long enough to clean up.
    public func stopWhenProcessExits(_ pid: Int32) {
        var stop = ["\(binDirectory)/pg_ctl", "-D", dataDirectory, "-m", "immediate", "stop"]
        if let serverUser { stop = ["/usr/sbin/runuser", "-u", serverUser, "--"] + stop }
        let script = """
            trap '' INT HUP
            while kill -0 "$1" 2>/dev/null; do sleep 1; done
            shift 2
            "$@" >/dev/null 2>&1
            rm -rf "$DIR"
            """
        _ = try? CommandRunner.spawn(
            ["/bin/sh", "-c", script, "watchdog", String(pid), "--"] + stop, environment: ["DIR": directory])
    }

    // MARK: Running as the server user

    @discardableResult
    private func runServerProgram(_ command: [String]) throws(CommandError) -> CommandRunner.Result {
        var full = ["\(binDirectory)/\(command[0])"] + command.dropFirst()
        if let serverUser { full = ["/usr/sbin/runuser", "-u", serverUser, "--"] + full }
        return try CommandRunner.run(full)
    }

    private func handOver(to user: String) throws(CommandError) {
        guard let account = getpwnam(user) else {
            throw CommandError(
                command: ["getpwnam", user], status: -1, output: "",
                errorOutput: "running as root needs a '\(user)' user to run the server as")
        }
        guard chown(directory, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
            throw CommandError(
                command: ["chown", user, directory], status: errno, output: "", errorOutput: "chown failed")
        }
    }
}
