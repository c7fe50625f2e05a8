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
            try database { () throws(DatabaseError) in try MigrationTable.ensure(connection) }
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
            return try summary(steps)
        }
    }

    /// Reverts applied migrations, the last first, with their down files; a migration whose file
    /// is gone, or changed before git committed it, with the down recorded when it was applied.
    @discardableResult
    public func down(_ target: DownTarget) throws(MigrationRunError) -> MigrationRunSummary {
        try withLock { () throws(MigrationRunError) in
            let state = try state()
            let applied = state.entries.filter { state.applied.contains($0.id) }
            let reverted: ArraySlice<MigrationState.Entry>
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
            let refusals = state.refusals(folder: folder.displayPath, reverting: reverted.map(\.id))
            guard refusals.isEmpty else { throw .refused(refusals) }
            var version = state.version
            var steps: [MigrationStep] = []
            for entry in reverted.reversed() {
                let migration: MigrationFolder.Migration
                let recorded = state.recordedDown(entry)
                switch entry {
                case .applied(let file, _), .unfinished(let file, _), .changed(let file, _):
                    migration = recorded.map { Self.recorded(entry.id, down: $0) } ?? file
                case .unknown, .pending, .skipped:
                    migration = Self.recorded(entry.id, down: recorded ?? "")
                }
                guard migration.down != nil else {
                    throw .folder("\(migration.downPath) is missing: \(migration.id) cannot be reverted")
                }
                if let step = try apply(migration, .down, versionBefore: version, recorded: recorded != nil) {
                    steps.append(step)
                }
                version = applied.last { $0.id < migration.id }?.id
            }
            return try summary(steps)
        }
    }

    /// A migration to revert from its record: the down recorded when it was applied.
    static func recorded(_ id: MigrationID, down: String) -> MigrationFolder.Migration {
        MigrationFolder.Migration(
            id: id, upPath: "", downPath: "\(MigrationTable.name).down_sql of \(id)", up: "", down: down)
    }

    /// The number a `--to` names: `7`, `0007`, or a whole identity `0007_add_x`, whose name must
    /// be the folder's (or, for a migration the folder no longer has, the database's) for that
    /// number.
    public func number(of text: String) throws(MigrationRunError) -> Int {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let number = Int(digits) else {
            throw .target("--to takes a migration's number (0007) or identity (0007_add_x), not `\(text)`")
        }
        guard digits.count < text.count else { return number }
        guard let id = MigrationID(fileName: text + "."), id.number == number else {
            throw .target("--to takes a migration's number (0007) or identity (0007_add_x), not `\(text)`")
        }
        let records = (try? state().entries.map(\.id)) ?? folder.migrations.map(\.id)
        let known = records.filter { $0.number == number }
        guard known.contains(id) else {
            throw .target(
                known.isEmpty
                    ? "neither \(folder.displayPath) nor the database has a migration numbered \(id.revision)"
                    : "\(text) is not a migration here: \(id.revision) is \(known.map(\.description).joined(separator: " and "))"
            )
        }
        return number
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
            if case .changed(let migration, _) = entry, state.recordedDown(entry) != nil {
                // Planned again by generate: the database holds the old plan, not this file.
                throw .target(
                    "\(migration.id) was applied from a file git has not committed, and generate has planned it "
                        + "again since: repair would record a file the database does not hold. Revert it with the "
                        + "down recorded when it was applied (`schemagen migrate down --steps "
                        + "\(state.steps(downTo: migration.id))`), then `schemagen migrate up`.")
            }
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
                let revert =
                    record.downSQL == nil
                    ? "revert it from the checkout that has it"
                    : "revert it with the down recorded when it was applied (`schemagen migrate down --steps "
                        + "\(state.steps(downTo: record.id))`)"
                throw .target(
                    "\(record.id) is not in \(folder.displayPath): repair records a changed file, not a missing one; "
                        + revert)
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
        _ migration: MigrationFolder.Migration, _ direction: MigrationLayout.Direction, versionBefore: MigrationID?,
        recorded: Bool = false
    ) throws(MigrationRunError) -> MigrationStep? {
        do {
            return try run(migration, direction, versionBefore: versionBefore, recorded: recorded)
        } catch {
            // A display closes the migration's line as failed.
            onEvent(.failed(migration.id, direction))
            throw error
        }
    }

    private func run(
        _ migration: MigrationFolder.Migration, _ direction: MigrationLayout.Direction, versionBefore: MigrationID?,
        recorded: Bool
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
        // The transaction that writes (up) or deletes (down) the migration's row has committed.
        var recordCommitted = false
        let fail = { (error: DatabaseError, part: MigrationScript.Part, partly: Bool) -> MigrationRunError in
            let offset = error.errorOffset ?? error.statementOffset ?? 0
            let (line, column) = DatabaseError.lineAndColumn(of: offset, in: part.sql)
            let outcome: MigrationFailure.Outcome =
                recordCommitted ? .recordCommitted : partly ? .partlyCommitted : .rolledBack
            // What the table says now, read back rather than worked out.
            let version =
                (try? MigrationTable.records(connection))?.last.map { $0.id } ?? (recordCommitted ? nil : versionBefore)
            return .failed(
                MigrationFailure(
                    id: migration.id, direction: direction, path: path, line: part.line + line - 1, column: column,
                    error: error, version: version, outcome: outcome))
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
                if index == recordIndex { recordCommitted = true }
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
        let step = MigrationStep(
            id: migration.id, direction: direction, duration: duration, rowsTouched: rows, recordedDown: recorded)
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
                "INSERT INTO \(MigrationTable.name) (version, name, checksum, duration_ms, down_sql) VALUES (\(p(1)), \(p(2)), \(p(3)), \(p(4)), \(p(5)))",
                [
                    String(migration.id.number), migration.id.name, migration.checksum,
                    milliseconds.map(String.init), migration.down,
                ])
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

    /// The version is read from the database at the end, not worked out from the steps: another
    /// runner may have gone further meanwhile.
    private func summary(_ steps: [MigrationStep]) throws(MigrationRunError) -> MigrationRunSummary {
        MigrationRunSummary(
            steps: steps, version: try state().version, tables: try tableCount(),
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
    /// The migration failed; the error follows.
    case failed(MigrationID, MigrationLayout.Direction)
}

/// One migration applied or reverted.
public struct MigrationStep: Sendable, Hashable {
    public var id: MigrationID
    public var direction: MigrationLayout.Direction
    public var duration: Duration
    /// Rows that the script's INSERT, UPDATE and DELETE statements touched (on SQLite, the copies
    /// of a rebuilt table's rows included).
    public var rowsTouched: Int
    /// Reverted with the down recorded when it was applied, its file being gone or changed.
    public var recordedDown: Bool = false
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
