import Foundation
import Testing

@testable import SchemagenCore

/// `MigrationRunner` over the 23-version history of `Fixtures/history-expected`, on SQLite files and
/// on the real Postgres the tests start: up all, down all, status; every refusal; a migration that
/// fails half-way; two runners at once.
@Suite struct MigrationRunnerTests {
    static func folder(_ kind: DatabaseKind) throws -> MigrationFolder {
        try MigrationFolder.load(
            directory: MigrationHistoryReplayTests.expected.appendingPathComponent(kind.rawValue),
            displayPath: "history-expected/\(kind.rawValue)")
    }

    /// A scratch SQLite file, removed when `body` returns.
    static func withSQLiteFile<T>(_ body: (String) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try body(directory.appendingPathComponent("app.db").path)
    }

    /// The catalog's facts without the runner's own table.
    static func facts(_ connection: any DatabaseConnection, postgres: PostgresDatabase? = nil) throws -> [String] {
        let all =
            if let postgres { try PostgresCatalog.facts(of: postgres) } else {
                try SQLiteCatalog.read(SQLiteDatabase(path: (connection as! SQLiteConnection).path)).facts
            }
        return all.filter { !$0.contains(MigrationTable.name) }
    }

    // MARK: Up, down, status

    @Test func upAllDownAllAndStatusOnSQLite() throws {
        try Self.withSQLiteFile { path in
            let folder = try Self.folder(.sqlite)
            let runner = MigrationRunner(connection: try SQLiteConnection(path: path), folder: folder)
            try Self.upDownAndStatus(runner, folder: folder) {
                try Self.facts(runner.connection)
            } raw: {
                // The same files applied as a team would, with the shell, on another file.
                let raw = path + ".raw"
                for migration in folder.migrations {
                    let file = MigrationHistoryReplayTests.expected.appendingPathComponent(
                        "sqlite/\(migration.id).up.sql")
                    try SQLiteChain(path: raw).apply(file: file)
                }
                return try SQLiteCatalog.read(SQLiteDatabase(path: raw)).facts
            }
        }
    }

    /// A checkout whose files have CR LF line ends (git's `core.autocrlf` on Windows) holds the
    /// same migrations: the same steps, checksums and database. Read as one line each, its files
    /// had no transaction, and `up` recorded every migration as applied without running it.
    @Test func aCRLFCheckoutAppliesTheSameMigrationsOnSQLite() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crlf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = MigrationHistoryReplayTests.expected.appendingPathComponent("sqlite")
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            let text = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
            try Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
                .write(to: directory.appendingPathComponent(name))
        }
        let lf = try Self.folder(.sqlite)
        let crlf = try MigrationFolder.load(directory: directory, displayPath: "crlf/sqlite")
        #expect(crlf.migrations.map(\.checksum) == lf.migrations.map(\.checksum))
        for (left, right) in zip(crlf.migrations, lf.migrations) {
            #expect(MigrationScript(parsing: left.up) == MigrationScript(parsing: right.up), "\(left.id)")
            #expect(left.down.map(MigrationScript.init) == right.down.map(MigrationScript.init), "\(left.id)")
        }
        let applied = try Self.withSQLiteFile { path in
            let runner = MigrationRunner(connection: try SQLiteConnection(path: path), folder: crlf)
            #expect(try runner.up().steps.count == 23)
            return try Self.facts(runner.connection)
        }
        let expected = try Self.withSQLiteFile { path in
            let runner = MigrationRunner(connection: try SQLiteConnection(path: path), folder: lf)
            _ = try runner.up()
            return try Self.facts(runner.connection)
        }
        #expect(applied.count > 100)
        #expect(applied == expected)
    }

    @Test(.postgresAvailable) func upAllDownAllAndStatusOnPostgres() throws {
        try PostgresServer.withDatabase { database in
            try PostgresServer.withDatabase { raw in
                let folder = try Self.folder(.postgres)
                let runner = MigrationRunner(connection: try database.connect(), folder: folder)
                try Self.upDownAndStatus(runner, folder: folder) {
                    try Self.facts(runner.connection, postgres: database)
                } raw: {
                    for migration in folder.migrations {
                        try PostgresChain.psql(
                            file: MigrationHistoryReplayTests.expected.appendingPathComponent(
                                "postgres/\(migration.id).up.sql"), database: raw)
                    }
                    return try PostgresCatalog.facts(of: raw)
                }
            }
        }
    }

    static func upDownAndStatus(
        _ runner: MigrationRunner, folder: MigrationFolder, facts: () throws -> [String], raw: () throws -> [String]
    ) throws {
        #expect(folder.migrations.count == 23)
        // A database that migrate never touched: everything pending, nothing created by reading.
        let untouched = try runner.state()
        #expect(untouched.version == nil)
        #expect(untouched.pending.count == 23)

        var events: [String] = []
        var listening = runner
        listening.onEvent = { event in
            if case .finished(let step) = event { events.append("\(step.direction) \(step.id.revision)") }
        }
        let first = try listening.up(to: 5)
        #expect(first.steps.map(\.id.number) == [1, 2, 3, 4, 5])
        #expect(first.version?.number == 5)
        #expect(events == ["up 0001", "up 0002", "up 0003", "up 0004", "up 0005"])
        let middle = try runner.state()
        #expect(middle.version?.number == 5)
        #expect(middle.pending.map(\.id.number) == Array(6...23))
        #expect(middle.refusals(folder: folder.displayPath) == [])

        let rest = try runner.up()
        #expect(rest.steps.count == 18)
        #expect(rest.version == folder.migrations.last?.id)
        #expect(rest.tables > 10)
        let records = try MigrationTable.records(runner.connection)
        #expect(records.map(\.version) == Array(1...23))
        #expect(records.map(\.checksum) == folder.migrations.map(\.checksum))
        #expect(records.allSatisfy { $0.durationMilliseconds != nil && $0.appliedAt.hasPrefix("20") })
        let chain = try facts()
        #expect(chain.count > 100)
        #expect(chain == (try raw()), "the runner's chain ≠ the files applied by the shell")

        let again = try runner.up()
        #expect(again.steps.isEmpty)
        #expect(MigrationReport(color: false).summary(again).hasPrefix("nothing to do: the database is at 0023_"))

        let twoBack = try runner.down(.steps(2))
        #expect(twoBack.steps.map(\.id.number) == [23, 22])
        #expect(twoBack.version?.number == 21)
        let toTen = try runner.down(.to(10))
        #expect(toTen.steps.map(\.id.number) == Array((11...21).reversed()))
        #expect(try runner.state().version?.number == 10)
        let all = try runner.down(.to(0))
        #expect(all.steps.count == 10)
        #expect(all.version == nil)
        #expect(all.tables == 0)
        #expect(try facts() == [], "down to 0 left a database that is not empty")
        #expect(try MigrationTable.records(runner.connection) == [])
        #expect(throws: MigrationRunError.self) { try runner.down(.to(3)) }
    }

    // MARK: Refusals

    @Test func refusalsOnSQLite() throws {
        try Self.withSQLiteFile { path in
            try Self.refusals(try Self.folder(.sqlite)) { try SQLiteConnection(path: path) }
        }
    }

    @Test(.postgresAvailable) func refusalsOnPostgres() throws {
        try PostgresServer.withDatabase { database in
            try Self.refusals(try Self.folder(.postgres)) { try database.connect() }
        }
    }

    /// The runner's error, or `nil` when `body` succeeds.
    static func runError(_ body: () throws -> Void) -> MigrationRunError? {
        do {
            try body()
            return nil
        } catch {
            return error as? MigrationRunError ?? .target("not a MigrationRunError: \(error)")
        }
    }

    static func refusalMessages(_ body: () throws -> Void) -> [String] {
        switch runError(body) {
        case nil: []
        case .refused(let reasons): reasons
        case let other?: ["not a refusal: \(other)"]
        }
    }

    static func refusals(_ folder: MigrationFolder, connect: () throws -> any DatabaseConnection) throws {
        let runner = MigrationRunner(connection: try connect(), folder: folder)
        try runner.up(to: 4)

        // An applied file edited: refused, named, with what to do; repair records it.
        var edited = folder
        edited.migrations[1] = MigrationFolder.Migration(
            id: folder.migrations[1].id, upPath: folder.migrations[1].upPath, downPath: folder.migrations[1].downPath,
            up: folder.migrations[1].up + "\n-- a reviewer's note\n", down: folder.migrations[1].down)
        let changed = MigrationRunner(connection: try connect(), folder: edited)
        let checksum = refusalMessages { try changed.up() }
        #expect(checksum.count == 1)
        #expect(checksum.first?.contains("0002_changes was applied with checksum") == true)
        #expect(checksum.first?.contains("schemagen migrate repair 0002") == true)
        #expect(refusalMessages { try changed.down(.steps(1)) } == checksum)
        #expect(
            try changed.state().entries[1]
                == .changed(edited.migrations[1], try MigrationTable.records(changed.connection)[1]))
        #expect(try changed.repair(2).contains("recorded checksum \(edited.migrations[1].checksum)"))
        #expect(try changed.state().refusals(folder: edited.displayPath) == [])
        // Back to the committed file: now that is a change again, repaired the same way.
        #expect(refusalMessages { try runner.up() }.count == 1)
        _ = try runner.repair(2)
        #expect(try runner.repair(2).contains("nothing to repair"))

        // A migration the folder does not have (applied from another branch, or planned again under
        // another name): reverted with the down recorded when it was applied, as the advice says.
        var behind = folder
        behind.migrations = Array(folder.migrations.prefix(3))
        let behindRunner = MigrationRunner(connection: try connect(), folder: behind)
        let unknown = refusalMessages { try behindRunner.up() }
        #expect(unknown.count == 1)
        #expect(unknown.first?.contains("the database holds 0004_changes") == true)
        #expect(unknown.first?.contains("`schemagen migrate down --steps 1`") == true)
        #expect(throws: MigrationRunError.self) { try behindRunner.repair(4) }
        let reverted = try behindRunner.down(.steps(1))
        #expect(reverted.steps.map(\.id.number) == [4])
        #expect(reverted.steps.first?.recordedDown == true)
        #expect(reverted.version?.number == 3)
        #expect(try behindRunner.up().steps.isEmpty)
        #expect(try runner.up(to: 4).steps.map(\.id.number) == [4])
        // Without a recorded down (a row from before the column): the advice is for the checkout
        // that has the files.
        _ = try connect().query("UPDATE \(MigrationTable.name) SET down_sql = NULL WHERE version = 4")
        let legacy = refusalMessages { try behindRunner.up() }
        #expect(legacy.first?.contains("`schemagen migrate down --to 0003` there") == true)
        #expect(refusalMessages { try behindRunner.down(.steps(1)) } == legacy)

        // A gap: 0003 not applied, though 0004 is (a branch merged after 0004 was applied). The
        // advice, down below it and up again, works.
        let connection = try connect()
        _ = try connection.query("DELETE FROM \(MigrationTable.name) WHERE version = 3")
        let gap = refusalMessages { try runner.up() }
        #expect(gap.count == 1)
        #expect(gap.first?.contains("0003_changes was never applied, but 0004_changes after it was") == true)
        #expect(gap.first?.contains("migrate down --to 0002`) and up again") == true)
        #expect(try runner.state().version?.number == 4)
        #expect(try MigrationTable.records(connection).map(\.version) == [1, 2, 4])
        // 0003's objects are there (only its row was deleted): take them out by hand as its down
        // would, so that going back below it and up again meets the database 0002 left.
        for part in MigrationScript(parsing: try #require(folder.migrations[2].down)).parts {
            try connection.execute(part.sql)
        }
        let back = try runner.down(.to(2))
        #expect(back.steps.map(\.id.number) == [4])
        #expect(try runner.up(to: 4).steps.map(\.id.number) == [3, 4])
        #expect(try runner.state().refusals(folder: folder.displayPath) == [])
    }

    // MARK: A failure half-way

    /// 0006 with a statement that fails inserted after its transaction's first statement.
    static func breaking(_ folder: MigrationFolder, number: Int = 6) throws -> (MigrationFolder, line: Int) {
        var broken = folder
        let index = try #require(folder.migrations.firstIndex { $0.id.number == number })
        let migration = folder.migrations[index]
        let script = MigrationScript(parsing: migration.up)
        let transaction = try #require(script.transaction)
        var lines = migration.up.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // After the transaction's first statement (the first line from its start that ends one).
        let end = try #require(lines.indices.first { $0 >= transaction.line - 1 && lines[$0].hasSuffix(";") })
        lines.insert("INSERT INTO no_such_table VALUES (1);", at: end + 1)
        let line = end + 2
        broken.migrations[index] = MigrationFolder.Migration(
            id: migration.id, upPath: migration.upPath, downPath: migration.downPath,
            up: lines.joined(separator: "\n"), down: migration.down)
        return (broken, line)
    }

    @Test func aFailureHalfWayLeavesThePreviousVersionOnSQLite() throws {
        try Self.withSQLiteFile { path in
            let folder = try Self.folder(.sqlite)
            // 0006 rebuilds a table: foreign keys off around it, and on again after the failure.
            #expect(MigrationScript(parsing: folder.migrations[5].up).needsForeignKeysOff)
            let (broken, line) = try Self.breaking(folder)
            let connection = try SQLiteConnection(path: path)
            try Self.failHalfWay(broken, line: line, connection: connection) { try Self.facts(connection) }
            #expect(try connection.query("PRAGMA foreign_keys") == [["1"]])
        }
    }

    @Test(.postgresAvailable) func aFailureHalfWayLeavesThePreviousVersionOnPostgres() throws {
        try PostgresServer.withDatabase { database in
            let (broken, line) = try Self.breaking(try Self.folder(.postgres))
            let connection = try database.connect()
            try Self.failHalfWay(broken, line: line, connection: connection) {
                try Self.facts(connection, postgres: database)
            }
        }
    }

    static func failHalfWay(
        _ broken: MigrationFolder, line: Int, connection: any DatabaseConnection, facts: () throws -> [String]
    ) throws {
        let runner = MigrationRunner(connection: connection, folder: broken)
        try runner.up(to: 5)
        let before = try facts()
        #expect(before.count > 50)
        let error = runError { try runner.up() }
        if case .failed(let failure) = error {
            #expect(failure.id.number == 6)
            #expect(failure.path == broken.migrations[5].upPath)
            #expect(failure.line == line)
            #expect(failure.error.statement == "INSERT INTO no_such_table VALUES (1);")
            #expect(failure.version?.number == 5)
            #expect(!failure.partlyCommitted)
            #expect(failure.description.hasPrefix("\(broken.migrations[5].upPath):\(line):"))
            #expect(failure.description.contains("no_such_table"))
            #expect(failure.description.contains("rolled back: the database stays at 0005_"))
        } else {
            Issue.record("not a failure of 0006: \(String(describing: error))")
        }
        #expect(try runner.state().version?.number == 5)
        #expect(try facts() == before, "the failed 0006 changed the database")
    }

    // MARK: Two at once

    @Test(.postgresAvailable) func twoConcurrentUpsApplyEachMigrationOnce() throws {
        try PostgresServer.withDatabase { database in
            let folder = try Self.folder(.postgres)
            let results = Results()
            DispatchQueue.concurrentPerform(iterations: 2) { _ in
                do {
                    var runner = MigrationRunner(connection: try database.connect(), folder: folder)
                    runner.onEvent = { if case .waitingForLock = $0 { results.add(waited: true) } }
                    results.add(steps: try runner.up().steps.map(\.id.number))
                } catch {
                    results.add(error: "\(error)")
                }
            }
            #expect(results.errors == [])
            #expect(results.steps.sorted() == Array(1...23), "each migration applied once, by one of the two")
            #expect(try MigrationTable.records(try database.connect()).map(\.version) == Array(1...23))
        }
    }

    /// SQLite has no advisory lock: the second runner finds, inside the transaction that would
    /// record a migration, that the first applied it, and goes on to the next.
    @Test func twoConcurrentUpsOnASQLiteFileApplyEachMigrationOnce() throws {
        try Self.withSQLiteFile { path in
            let folder = try Self.folder(.sqlite)
            _ = try SQLiteConnection(path: path).execute(MigrationTable.create(.sqlite))
            let results = Results()
            DispatchQueue.concurrentPerform(iterations: 2) { _ in
                do {
                    let runner = MigrationRunner(connection: try SQLiteConnection(path: path), folder: folder)
                    let summary = try runner.up()
                    // Each summary says where the database is at the end, whoever applied the last.
                    results.add(steps: summary.steps.map(\.id.number), version: summary.version?.number)
                } catch {
                    results.add(error: "\(error)")
                }
            }
            #expect(results.errors == [])
            #expect(results.steps.sorted() == Array(1...23), "each migration applied once, by one of the two")
            #expect(try MigrationTable.records(try SQLiteConnection(path: path)).map(\.version) == Array(1...23))
            #expect(results.versions == [23, 23])
        }
    }

    @Test(.postgresAvailable) func aRunnerThatCannotGetTheLockInTimeSaysWhoHoldsIt() throws {
        try PostgresServer.withDatabase { database in
            let holder = try database.connect()
            _ = try holder.query("SELECT pg_advisory_lock(\(MigrationRunner.lockKey))")
            var runner = MigrationRunner(connection: try database.connect(), folder: try Self.folder(.postgres))
            runner.lockTimeout = .milliseconds(300)
            let error = Self.runError { try runner.up() }
            if case .locked(let message) = error {
                #expect(message.contains("holds the migration lock of this database"))
                #expect(message.contains("server process"))
            } else {
                Issue.record("not refused for the lock: \(String(describing: error))")
            }
            #expect(try runner.state().version == nil)
        }
    }

    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var steps: [Int] = []
        private(set) var errors: [String] = []
        private(set) var waited = false
        private(set) var versions: [Int?] = []

        func add(steps more: [Int] = [], error: String? = nil, waited: Bool = false, version: Int?? = nil) {
            lock.lock()
            defer { lock.unlock() }
            if let version { versions.append(version) }
            steps += more
            if let error { errors.append(error) }
            if waited { self.waited = true }
        }
    }
}
