/// What a database holds against what the folder has: each migration's state, and what keeps a
/// runner from going on. Migrations are matched by identity (number and name), not by "newer than
/// the last applied", so a database that followed another branch is found out, not patched over.
public struct MigrationState: Sendable, Hashable {
    public enum Entry: Sendable, Hashable {
        /// Applied from this very file.
        case applied(MigrationFolder.Migration, MigrationTable.Record)
        case pending(MigrationFolder.Migration)
        /// Applied, but the file has changed since.
        case changed(MigrationFolder.Migration, MigrationTable.Record)
        /// Applied, and its transaction committed, but not its statements after it.
        case unfinished(MigrationFolder.Migration, MigrationTable.Record)
        /// In the database, not in the folder.
        case unknown(MigrationTable.Record)
        /// Not applied, though a later migration is: a gap.
        case skipped(MigrationFolder.Migration)

        public var id: MigrationID {
            switch self {
            case .applied(let migration, _), .pending(let migration), .changed(let migration, _),
                .unfinished(let migration, _), .skipped(let migration):
                migration.id
            case .unknown(let record): record.id
            }
        }
    }

    /// In order of number; an unknown migration at its number.
    public var entries: [Entry]

    public init(folder: MigrationFolder, records: [MigrationTable.Record]) {
        let byID = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let lastApplied = folder.migrations.last { byID[$0.id] != nil }?.id
        var entries: [Entry] = folder.migrations.map { migration in
            guard let record = byID[migration.id] else {
                if let lastApplied, migration.id < lastApplied { return .skipped(migration) }
                return .pending(migration)
            }
            if record.checksum != migration.checksum { return .changed(migration, record) }
            if !record.isFinished { return .unfinished(migration, record) }
            return .applied(migration, record)
        }
        let known = Set(folder.migrations.map(\.id))
        entries += records.filter { !known.contains($0.id) }.map(Entry.unknown)
        self.entries = entries.sorted { $0.id < $1.id }
    }

    /// The migrations the database holds, in order (an unknown one included).
    public var applied: [MigrationID] {
        entries.compactMap {
            switch $0 {
            case .pending, .skipped: nil
            default: $0.id
            }
        }
    }

    /// The last migration the database holds, `nil` when it holds none.
    public var version: MigrationID? { applied.last }

    public var pending: [MigrationFolder.Migration] {
        entries.compactMap { if case .pending(let migration) = $0 { migration } else { nil } }
    }

    /// What keeps `up`, `down` and `repair` from going on, each in words that name the migration
    /// and say what to do; empty when the database and the folder agree.
    public func refusals(folder: String) -> [String] {
        entries.compactMap { refusal($0, folder: folder) }
    }

    /// What keeps a `down` that reverts `reverted` (the last applied migrations) from going on: a
    /// migration it reverts with its recorded down is no obstacle, nor a gap above every
    /// migration that stays (reverting down to below it is how a gap is closed).
    public func refusals(folder: String, reverting reverted: [MigrationID]) -> [String] {
        let reverting = Set(reverted)
        let staying = applied.filter { !reverting.contains($0) }
        return entries.compactMap { entry in
            switch entry {
            case .skipped(let migration) where staying.allSatisfy({ $0 < migration.id }):
                return nil
            case .changed, .unknown:
                if reverting.contains(entry.id), recordedDown(entry) != nil { return nil }
                return refusal(entry, folder: folder)
            default:
                return refusal(entry, folder: folder)
            }
        }
    }

    /// The down recorded with a migration that `down` reverts from its record rather than from
    /// the folder: one whose file is gone (unknown), or changed before git committed it (planned
    /// again by `generate`). `nil` for every other entry, and when nothing was recorded.
    public func recordedDown(_ entry: Entry) -> String? {
        switch entry {
        case .changed(let migration, let record) where !migration.isCommitted: record.downSQL
        case .unknown(let record): record.downSQL
        default: nil
        }
    }

    /// `--steps` that reverts `id` and every applied migration after it.
    func steps(downTo id: MigrationID) -> Int {
        applied.filter { $0 >= id }.count
    }

    private func refusal(_ entry: Entry, folder: String) -> String? {
        let revertRecorded = { (id: MigrationID) in
            "Revert it with the down recorded when it was applied (`schemagen migrate down --steps \(steps(downTo: id))`), "
                + "then `schemagen migrate up`."
        }
        switch entry {
        case .applied, .pending:
            return nil
        case .changed(let migration, _) where recordedDown(entry) != nil:
            return """
                \(migration.id) was applied from a file that git has not committed yet, and \(migration.upPath) has \
                changed since (`schemagen generate` planned it again). \(revertRecorded(migration.id))
                """
        case .changed(let migration, let record):
            let restore =
                !migration.isCommitted
                ? "It was applied before the database recorded downs, so revert it by hand; or, if"
                : migration.isInGit
                    ? "Restore the file (`git checkout -- \(migration.upPath)`); or, if"
                    : "Restore the file as it was applied; or, if"
            return """
                \(migration.id) was applied with checksum \(record.checksum), but \(migration.upPath) now hashes \
                to \(migration.checksum): an applied migration was edited. \(restore) the change is deliberate and \
                the database already holds it, record it with `schemagen migrate repair \(migration.id.revision)`.
                """
        case .unfinished(let migration, _):
            return """
                \(migration.id) committed its transaction, but its statements after it did not all run (see \
                \(migration.upPath)). Run what is left of them by hand, then record it as finished with \
                `schemagen migrate repair \(migration.id.revision)`.
                """
        case .unknown(let record) where record.downSQL != nil:
            return """
                the database holds \(record.id) (applied \(record.appliedAt)), which \(folder) does not have: \
                `schemagen generate` planned it again under another name, or it was applied from another branch. \
                \(revertRecorded(record.id))
                """
        case .unknown(let record):
            return """
                the database holds \(record.id) (applied \(record.appliedAt)), which \(folder) does not have: it \
                was applied from another branch or checkout. Take it back out from the checkout that has its files \
                (`schemagen migrate down --to \(Self.revision(before: record.id, in: applied))` there), or bring its \
                files into this branch.
                """
        case .skipped(let migration):
            let later = applied.first { $0 > migration.id }.map(\.description) ?? "a later migration"
            return """
                \(migration.id) was never applied, but \(later) after it was: a gap (the branch that added it was \
                merged after the later one was applied). Go back below it (`schemagen migrate down --to \
                \(Self.revision(before: migration.id, in: applied))`) and up again, or renumber it after the last \
                applied migration.
                """
        }
    }

    /// The revision a `down --to` should name to go back below `id`: the applied one before it.
    static func revision(before id: MigrationID, in applied: [MigrationID]) -> String {
        applied.last { $0 < id }?.revision ?? "0"
    }
}
