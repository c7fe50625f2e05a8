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
        entries.compactMap { entry in
            switch entry {
            case .applied, .pending:
                return nil
            case .changed(let migration, let record):
                return """
                    \(migration.id) was applied with checksum \(record.checksum), but \(migration.upPath) now hashes \
                    to \(migration.checksum): an applied migration was edited. Restore the file (`git checkout -- \
                    \(migration.upPath)`); or, if the change is deliberate and the database already holds it, record \
                    it with `schemagen migrate repair \(migration.id.revision)`.
                    """
            case .unfinished(let migration, _):
                return """
                    \(migration.id) committed its transaction, but its statements after it did not all run (see \
                    \(migration.upPath)). Run what is left of them by hand, then record it as finished with \
                    `schemagen migrate repair \(migration.id.revision)`.
                    """
            case .unknown(let record):
                return """
                    the database holds \(record.id) (applied \(record.appliedAt)), which \(folder) does not have: it \
                    was applied from another branch or checkout. Take it back out from there (`schemagen migrate down \
                    --to \(Self.revision(before: record.id, in: applied))`), or bring its files into this branch.
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
    }

    /// The revision a `down --to` should name to go back below `id`: the applied one before it.
    static func revision(before id: MigrationID, in applied: [MigrationID]) -> String {
        applied.last { $0 < id }?.revision ?? "0"
    }
}
