import ArgumentParser
import Foundation
import SchemagenCore

/// `schemagen migrate`: applies the committed migrations to a database (docs/migrate.md).
struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply, revert and inspect the committed migrations on a database.",
        subcommands: [MigrateUp.self, MigrateDown.self, MigrateStatus.self, MigrateRepair.self]
    )
}

/// Where the database and the migrations are: options every `migrate` subcommand shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The project root, which holds schemagen.yaml (and .env).")
    var project: String = "."

    @Option(
        name: .long,
        help: "postgres://user:password@host:port/db (?host=/socket/dir) or sqlite:path/to/file.db; else DATABASE_URL.")
    var database: String?

    @Option(name: .long, help: "The folder that holds postgres/ and sqlite/ (default: <output>/migrations).")
    var migrations: String?

    @Option(name: .long, help: "Seconds to wait for another migrate's lock on a Postgres database.")
    var lockTimeout: Int = 60

    /// A runner on the database, printing progress as it goes; `create`: a missing SQLite file
    /// is created (only `up` does).
    func runner(create: Bool = false) throws -> MigrationRunner {
        let root = URL(fileURLWithPath: project, isDirectory: true).standardizedFileURL
        let project = try reported {
            try MigrationProject(root: root, database: database, migrationsDirectory: migrations)
        }
        var runner = try reported { try project.runner(create: create) }
        runner.lockTimeout = .seconds(lockTimeout)
        let terminal = isatty(FileHandle.standardOutput.fileDescriptor) == 1
        let report = MigrationReport(
            color: DiagnosticFormatter.allowsColor(
                onTerminal: terminal, environment: ProcessInfo.processInfo.environment))
        runner.onEvent = { event in
            switch event {
            case .waitingForLock(let who):
                FileHandle.standardError.write(Data("waiting: \(who) holds the migration lock\n".utf8))
            case .started(let id, let direction):
                if terminal { FileHandle.standardOutput.write(Data(report.running(id, direction).utf8)) }
            case .doneElsewhere(let id, let direction):
                say((terminal ? "\r\u{1B}[2K" : "") + report.doneElsewhere(id, direction))
            case .failed(let id, let direction):
                if terminal { say("\r\u{1B}[2K" + report.failed(id, direction)) }
            case .finished(let step):
                FileHandle.standardOutput.write(Data(((terminal ? "\r\u{1B}[2K" : "") + report.line(step) + "\n").utf8))
            }
        }
        let count = project.folder.migrations.count
        say(
            "\(project.url) (\(project.urlSource)); \(project.folder.displayPath): \(count) migration\(count == 1 ? "" : "s")"
        )
        return runner
    }

    var report: MigrationReport {
        let terminal = isatty(FileHandle.standardOutput.fileDescriptor) == 1
        return MigrationReport(
            color: DiagnosticFormatter.allowsColor(
                onTerminal: terminal, environment: ProcessInfo.processInfo.environment))
    }
}

/// One line on standard output, unbuffered like the progress lines around it.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Runs `body`; a `MigrationRunError` is printed on standard error and exits 1.
func reported<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as MigrationRunError {
        // A progress line left open on a terminal was closed as failed by the runner's event.
        // A failure starts with its own `file:line:col: error:`, as a compiler's message does.
        let text = if case .failed = error { "\(error)" } else { "error: \(error)" }
        FileHandle.standardError.write(Data((text + "\n").utf8))
        throw ExitCode(1)
    }
}

struct MigrateUp: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up", abstract: "Apply the pending migrations, in order, each in its own transaction.")

    @OptionGroup var options: DatabaseOptions

    @Option(name: .long, help: "Stop after this migration (NNNN, or its identity NNNN_name).")
    var to: String?

    func run() throws {
        let runner = try options.runner(create: true)
        let summary = try reported {
            try runner.up(to: try to.map { (text) throws(MigrationRunError) in try runner.number(of: text) })
        }
        say(options.report.summary(summary))
        let applied = Set(summary.steps.map(\.id))
        for migration in runner.folder.migrations where applied.contains(migration.id) && !migration.isCommitted {
            say(options.report.notCommitted(migration.id))
        }
    }
}

struct MigrateDown: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down",
        abstract: "Revert applied migrations with their down files, the last first (one by default).")

    @OptionGroup var options: DatabaseOptions

    @Option(name: .long, help: "Revert every migration after this one (NNNN or NNNN_name; 0 reverts all).")
    var to: String?

    @Option(name: .long, help: "Revert the last N applied migrations.")
    var steps: Int?

    func validate() throws {
        if to != nil && steps != nil { throw ValidationError("give --to or --steps, not both") }
    }

    func run() throws {
        let runner = try options.runner()
        let summary = try reported {
            let target = try to.map { (text) throws(MigrationRunError) in try runner.number(of: text) }
            return try runner.down(target.map { .to($0) } ?? .steps(steps ?? 1))
        }
        say(options.report.summary(summary))
    }
}

struct MigrateStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract:
            "List each migration as applied, pending or refused; exit 1 when the database and the folder disagree.")

    @OptionGroup var options: DatabaseOptions

    func run() throws {
        let runner = try options.runner()
        let state = try reported { try runner.state() }
        let report = options.report
        for line in report.status(state) { say(line) }
        say(report.statusSummary(state))
        let refusals = state.refusals(folder: runner.folder.displayPath)
        if !refusals.isEmpty {
            _ = try reported { () throws -> Void in throw MigrationRunError.refused(refusals) }
        }
    }
}

struct MigrateRepair: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Record a deliberate change of an applied migration's file (its new checksum), or mark one finished.",
        discussion: """
            Runs no SQL of the migration: it only tells the database that the file as it is now is the one it \
            holds. Use it when an applied migration's file was changed on purpose and the database already has \
            the change (or needs none), or after finishing by hand the statements of an unfinished one.
            """)

    @OptionGroup var options: DatabaseOptions

    @Argument(help: "The migration's number (NNNN).")
    var version: Int

    func run() throws {
        let runner = try options.runner()
        say(try reported { try runner.repair(version) })
    }
}
