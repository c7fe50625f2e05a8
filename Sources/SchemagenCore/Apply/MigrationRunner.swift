import Foundation

/// Applies and reverts one dialect's committed migrations on a database, and keeps
/// `schemagen_migrations` in step: the library behind `schemagen migrate`, and what a caller that
/// proves the chain (every up from empty, every down back) drives directly.
///
/// Each migration runs in a transaction of its own, and its row in `schemagen_migrations` is
/// written (up) or deleted (down) in that same transaction, so a failure leaves the database at
/// the migration before with nothing half-recorded. SQLite's foreign keys are turned off around a
/// transaction that rebuilds a table (the pragma does nothing inside one), and on again after it
/// whatever happened; the script's own foreign-key check fails the transaction before `COMMIT`.
/// Postgres's statements that cannot run in a transaction (`ALTER TYPE … ADD VALUE` before it,
/// `CREATE INDEX CONCURRENTLY` after it, the later transactions of the online mode) run where the
/// file has them, each on its own.
///
/// On Postgres every run that writes holds a session advisory lock on the database: a second
/// `up` waits for the first (up to `lockTimeout`) and then finds its migrations applied.
public struct MigrationRunner {
    public let connection: any DatabaseConnection
    public let folder: MigrationFolder
    /// How long to wait for another runner's lock before giving up (Postgres).
    public var lockTimeout: Duration = .seconds(60)
    /// Told of each step as it happens, for a progress display.
    public var onEvent: (MigrationEvent) -> Void = { _ in }

    public init(connection: any DatabaseConnection, folder: MigrationFolder) {
        self.connection = connection
        self.folder = folder
    }

    /// Where `down` goes.
    public enum DownTarget: Sendable, Hashable {
        /// Revert every migration after this number (`0`: all of them).
        case to(Int)
        /// Revert the last `n` applied migrations.
        case steps(Int)
    }

    // MARK: Reading

    /// What the database holds against the folder. Creates nothing.
    public func state() throws(MigrationRunError) -> MigrationState {
        MigrationState(
            folder: folder,
            records: try database { () throws(DatabaseError) in
                try MigrationTable.records(connection)
            })
    }

    /// The tables of the database's schema, `schemagen_migrations` left out.
    public func tableCount() throws(MigrationRunError) -> Int {
        try database { () throws(DatabaseError) in try MigrationTable.tableCount(connection) }
    }

    // MARK: Up and down

    /// Applies the pending migrations in order, up to and including number `target` (every one
    /// when `nil`). Refuses, before running anything, when the database and the folder disagree.
    @discardableResult
    public func up(to target: Int? = nil) throws(MigrationRunError) -> MigrationRunSummary {
        try withLock { () throws(MigrationRunError) in
            try database { () throws(DatabaseError) in try connection.execute(MigrationTable.create(connection.kind)) }
            let state = try agreedState()
            if let target {
                guard target == 0 || folder.migrations.contains(where: { $0.id.number == target }) else {
                    throw .target("\(folder.displayPath) has no migration numbered \(target)")
                }
                if let version = state.version, version.number > target {
                    throw .target(
                        "the database is at \(version), past \(target); to go back, run `schemagen migrate down --to \(target)`"
                    )
                }
            }
            var version = state.version
            var steps: [MigrationStep] = []
            for migration in state.pending where target.map({ migration.id.number <= $0 }) ?? true {
                guard let step = try apply(migration, .up, versionBefore: version) else { continue }
                steps.append(step)
                version = migration.id
            }
            return try summary(steps, version: version)
        }
    }

    /// Reverts applied migrations, the last first, with their down files.
    @discardableResult
    public func down(_ target: DownTarget) throws(MigrationRunError) -> MigrationRunSummary {
        try withLock { () throws(MigrationRunError) in
            let state = try agreedState()
            let applied = folder.migrations.filter { state.applied.contains($0.id) }
            let reverted: ArraySlice<MigrationFolder.Migration>
            switch target {
            case .steps(let count):
                guard count >= 0 else { throw .target("--steps takes a number of migrations, 0 or more") }
                reverted = applied.suffix(count)
            case .to(let number):
                guard number == 0 || applied.contains(where: { $0.id.number == number }) else {
                    throw .target(
                        "the database does not hold a migration numbered \(number); it holds "
                            + (applied.isEmpty ? "none" : applied.map { $0.id.revision }.joined(separator: ", ")))
                }
                reverted = applied.drop { $0.id.number <= number }
            }
            var version = state.version
            var steps: [MigrationStep] = []
            for migration in reverted.reversed() {
                guard migration.down != nil else {
                    throw .folder("\(migration.downPath) is missing: \(migration.id) cannot be reverted")
                }
                if let step = try apply(migration, .down, versionBefore: version) { steps.append(step) }
                version = applied.last { $0.id < migration.id }?.id
            }
            return try summary(steps, version: version)
        }
    }

    /// Records a deliberate change: the applied migration numbered `number` takes its file's
    /// checksum as it is now, and one left unfinished is marked finished. Runs no migration SQL.
    /// Returns what was recorded, in words.
    public func repair(_ number: Int) throws(MigrationRunError) -> String {
        try withLock { () throws(MigrationRunError) in
            let state = try state()
            guard let entry = state.entries.first(where: { $0.id.number == number }) else {
                throw .target("neither the database nor \(folder.displayPath) has a migration numbered \(number)")
            }
            let table = MigrationTable.name
            let p = connection.parameter
            switch entry {
            case .changed(let migration, let record), .unfinished(let migration, let record):
                try database { () throws(DatabaseError) in
                    _ = try connection.query(
                        "UPDATE \(table) SET checksum = \(p(1)), duration_ms = COALESCE(duration_ms, 0) WHERE version = \(p(2))",
                        [migration.checksum, String(number)])
                }
                return record.checksum == migration.checksum
                    ? "\(migration.id): recorded as finished"
                    : "\(migration.id): recorded checksum \(migration.checksum) (was \(record.checksum))"
            case .applied(let migration, _):
                return "\(migration.id): nothing to repair, the database records the file as it is"
            case .pending(let migration), .skipped(let migration):
                throw .target("\(migration.id) is not applied: there is nothing recorded to repair (run `migrate up`)")
            case .unknown(let record):
                throw .target(
                    "\(record.id) is not in \(folder.displayPath): repair records a changed file, not a missing one; "
                        + "revert it from the checkout that has it")
            }
        }
    }

    // MARK: One migration

    /// Applies one migration's up or down script as the file has it, and records it; `versionBefore`
    /// is what the database holds before, for the message of a failure. Returns `nil`, having
    /// run nothing, when another runner applied (or reverted) it meanwhile: that is found inside
    /// the transaction that records it, which on SQLite (no advisory locks) is what keeps two
    /// runners at once from applying a migration twice.
    public func apply(
        _ migration: MigrationFolder.Migration, _ direction: MigrationLayout.Direction, versionBefore: MigrationID?
    ) throws(MigrationRunError) -> MigrationStep? {
        let path = direction == .up ? migration.upPath : migration.downPath
        let text = direction == .up ? migration.up : (migration.down ?? "")
        let script = MigrationScript(parsing: text)
        onEvent(.started(migration.id, direction))
        let clock = ContinuousClock()
        let started = clock.now

        var parts = script.parts
        // The transaction that records the migration: the script's first, or one of its own at the end.
        let recordIndex =
            parts.firstIndex { $0.kind == .transaction }
            ?? {
                parts.append(MigrationScript.Part(kind: .transaction, sql: "", line: 1))
                return parts.count - 1
            }()
        let finishesLater = recordIndex < parts.count - 1
        let isSQLite = connection.kind == .sqlite
        let foreignKeysOff = isSQLite && script.needsForeignKeysOff
        var committed = false
        let fail = { (error: DatabaseError, part: MigrationScript.Part, partly: Bool) -> MigrationRunError in
            let offset = error.errorOffset ?? error.statementOffset ?? 0
            let (line, column) = DatabaseError.lineAndColumn(of: offset, in: part.sql)
            return .failed(
                MigrationFailure(
                    id: migration.id, direction: direction, path: path, line: part.line + line - 1, column: column,
                    error: error, version: versionBefore,
                    partlyCommitted: partly))
        }
        defer {
            if foreignKeysOff { _ = try? connection.execute("PRAGMA foreign_keys = ON;") }
            // The online mode's SET lock_timeout and statement_timeout hold for the session.
            if !isSQLite { _ = try? connection.execute("RESET lock_timeout; RESET statement_timeout;") }
        }
        if foreignKeysOff {
            try database { () throws(DatabaseError) in try connection.execute("PRAGMA foreign_keys = OFF;") }
        }
        var rows = 0
        for (index, part) in parts.enumerated() {
            switch part.kind {
            case .outside:
                do {
                    rows += try connection.execute(part.sql)
                } catch {
                    // Each statement outside a transaction commits: the ones before the failing one stay.
                    let first = SQLStatementSplitter.statements(in: part.sql).first?.offset ?? 0
                    throw fail(error, part, committed || (error.statementOffset ?? 0) > first)
                }
                committed = true
            case .transaction:
                do {
                    try connection.execute(isSQLite ? "BEGIN IMMEDIATE;" : "BEGIN;")
                } catch {
                    throw fail(error, part, committed)
                }
                if index == recordIndex && !committed {
                    let recorded: Bool
                    do {
                        recorded = try !connection.query(
                            "SELECT 1 FROM \(MigrationTable.name) WHERE version = \(connection.parameter(1))",
                            [String(migration.id.number)]
                        ).isEmpty
                    } catch {
                        _ = try? connection.execute("ROLLBACK;")
                        throw .database(error)
                    }
                    if recorded == (direction == .up) {
                        _ = try? connection.execute("ROLLBACK;")
                        onEvent(.doneElsewhere(migration.id, direction))
                        return nil
                    }
                }
                do {
                    rows += try executeBody(part)
                } catch {
                    _ = try? connection.execute("ROLLBACK;")
                    throw fail(error, part, committed)
                }
                do {
                    if index == recordIndex {
                        try record(
                            migration, direction, milliseconds: finishesLater ? nil : Self.ms(clock.now - started))
                    }
                    try connection.execute("COMMIT;")
                } catch {
                    _ = try? connection.execute("ROLLBACK;")
                    var recording = error
                    recording.message = "recording \(migration.id) in \(MigrationTable.name) failed: \(error.message)"
                    if direction == .up, error.code == "23505" || error.code == "1555" {
                        recording.hint = "another `schemagen migrate` applied it at the same time"
                    }
                    recording.statementOffset = part.sql.utf8.count
                    throw fail(recording, part, committed)
                }
                committed = true
            }
        }
        let duration = clock.now - started
        if finishesLater && direction == .up {
            try database { () throws(DatabaseError) in
                _ = try connection.query(
                    "UPDATE \(MigrationTable.name) SET duration_ms = \(connection.parameter(1)) WHERE version = \(connection.parameter(2))",
                    [String(Self.ms(duration)), String(migration.id.number)])
            }
        }
        let step = MigrationStep(id: migration.id, direction: direction, duration: duration, rowsTouched: rows)
        onEvent(.finished(step))
        return step
    }

    /// A transaction's statements; the foreign-key check that ends one is run apart, so that its
    /// own row is not counted as one the migration touched.
    private func executeBody(_ part: MigrationScript.Part) throws(DatabaseError) -> Int {
        let own = part.statementsWithoutForeignKeyCheck
        let rows = try connection.execute(own)
        guard own.utf8.count < part.sql.utf8.count else { return rows }
        do {
            try connection.execute(String(decoding: part.sql.utf8.dropFirst(own.utf8.count), as: UTF8.self))
        } catch {
            var shifted = error
            shifted.statementOffset = error.statementOffset.map { $0 + own.utf8.count }
            shifted.errorOffset = error.errorOffset.map { $0 + own.utf8.count }
            throw shifted
        }
        return rows
    }

    private func record(
        _ migration: MigrationFolder.Migration, _ direction: MigrationLayout.Direction, milliseconds: Int?
    ) throws(DatabaseError) {
        let p = connection.parameter
        switch direction {
        case .up:
            _ = try connection.query(
                "INSERT INTO \(MigrationTable.name) (version, name, checksum, duration_ms) VALUES (\(p(1)), \(p(2)), \(p(3)), \(p(4)))",
                [String(migration.id.number), migration.id.name, migration.checksum, milliseconds.map(String.init)])
        case .down:
            _ = try connection.query(
                "DELETE FROM \(MigrationTable.name) WHERE version = \(p(1))", [String(migration.id.number)])
        }
    }

    // MARK: Helpers

    /// The state, refused when the database and the folder disagree.
    private func agreedState() throws(MigrationRunError) -> MigrationState {
        let state = try state()
        let refusals = state.refusals(folder: folder.displayPath)
        guard refusals.isEmpty else { throw .refused(refusals) }
        return state
    }

    private func summary(_ steps: [MigrationStep], version: MigrationID?) throws(MigrationRunError)
        -> MigrationRunSummary
    {
        MigrationRunSummary(
            steps: steps, version: version, tables: try tableCount(),
            rowsTouched: steps.reduce(0) { $0 + $1.rowsTouched })
    }

    @discardableResult
    private func database<T>(_ body: () throws(DatabaseError) -> T) throws(MigrationRunError) -> T {
        do {
            return try body()
        } catch {
            throw .database(error)
        }
    }

    static func ms(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }

    /// The advisory lock's key: one per database (advisory locks are), the same for every runner.
    /// Below 2³², so that `pg_locks` shows it as `objid` with `classid` 0.
    static let lockKey: Int64 = 0x7363_6865  // "sche"

    /// Runs `body` holding the migration lock of a Postgres database, waiting for another holder
    /// up to `lockTimeout`; SQLite needs none (a writer locks the file, and the busy timeout waits).
    private func withLock<T>(_ body: () throws(MigrationRunError) -> T) throws(MigrationRunError) -> T {
        guard connection.kind == .postgres else { return try body() }
        let clock = ContinuousClock()
        let deadline = clock.now + lockTimeout
        var told = false
        while try database({ () throws(DatabaseError) in
            try connection.query("SELECT pg_try_advisory_lock(\(Self.lockKey))").first?.first != "t"
        }) {
            let holder = try? connection.query(
                "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = 0 AND objid = \(Self.lockKey) AND objsubid = 1 AND granted"
            ).first?.first.flatMap { $0 }
            let who =
                holder.map { "another `schemagen migrate` (server process \($0))" } ?? "another `schemagen migrate`"
            guard clock.now < deadline else {
                throw .locked(
                    "\(who) holds the migration lock of this database; gave up after waiting \(lockTimeout). "
                        + "Let it finish, or end it (SELECT pg_terminate_backend(pid)) if it is stuck, and run again.")
            }
            if !told {
                onEvent(.waitingForLock(who))
                told = true
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        defer { _ = try? connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))") }
        return try body()
    }
}

/// What a runner tells its display as it goes.
public enum MigrationEvent: Sendable {
    /// Another runner holds the lock: this one waits.
    case waitingForLock(String)
    case started(MigrationID, MigrationLayout.Direction)
    case finished(MigrationStep)
    /// Another runner applied (or reverted) the migration since this one looked: nothing was run.
    case doneElsewhere(MigrationID, MigrationLayout.Direction)
}

/// One migration applied or reverted.
public struct MigrationStep: Sendable, Hashable {
    public var id: MigrationID
    public var direction: MigrationLayout.Direction
    public var duration: Duration
    /// Rows that the script's INSERT, UPDATE and DELETE statements touched (on SQLite, the copies
    /// of a rebuilt table's rows included).
    public var rowsTouched: Int
}

/// A run's outcome: the steps taken, and where they left the database.
public struct MigrationRunSummary: Sendable, Hashable {
    public var steps: [MigrationStep]
    /// The last migration the database holds; `nil` when none.
    public var version: MigrationID?
    /// The tables of the schema, `schemagen_migrations` left out.
    public var tables: Int
    public var rowsTouched: Int
}
