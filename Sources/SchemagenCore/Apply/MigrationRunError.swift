/// Why `schemagen migrate` stopped, in words that name the file, the migration and what to do.
public enum MigrationRunError: Error, Sendable, CustomStringConvertible {
    /// The folder cannot be read, or holds two migrations of one number.
    case folder(String)
    /// The database and the folder disagree (`MigrationState.refusals`); nothing was run.
    case refused([String])
    /// A statement of a migration failed.
    case failed(MigrationFailure)
    /// The database failed outside any migration (reading or creating `schemagen_migrations`).
    case database(DatabaseError)
    /// Another runner holds the migration lock of the database.
    case locked(String)
    /// `--to` or `--steps` names nothing the runner can go to.
    case target(String)

    public var description: String {
        switch self {
        case .folder(let message), .locked(let message), .target(let message): message
        case .refused(let reasons):
            "the database and the migrations disagree, so nothing was run:\n"
                + reasons.map { "  - " + $0 }.joined(separator: "\n")
        case .failed(let failure): failure.description
        case .database(let error): "database error: \(error)"
        }
    }
}

/// A statement of a migration that failed, where it stands in its file, and where that leaves the
/// database.
public struct MigrationFailure: Sendable, Hashable, CustomStringConvertible {
    public var id: MigrationID
    public var direction: MigrationLayout.Direction
    /// The file as messages name it.
    public var path: String
    /// 1-based, in the file; the statement's start (or where the database points inside it).
    public var line: Int
    public var column: Int
    public var error: DatabaseError
    /// The last migration the database holds after the failure, as its table says.
    public var version: MigrationID?
    public var outcome: Outcome

    /// Where the failure leaves the migration.
    public enum Outcome: Sendable, Hashable {
        /// Nothing of it committed.
        case rolledBack
        /// Statements outside a transaction committed on their own (Postgres's `SET`, `ALTER TYPE
        /// … ADD VALUE` before the transaction, or a migration with no transaction at all, only
        /// `CREATE INDEX CONCURRENTLY`), but not the transaction that records it: it is not recorded.
        case partlyCommitted
        /// The transaction that records it committed (up: its row, marked unfinished; down: its
        /// row deleted), and a statement after it failed.
        case recordCommitted
    }

    /// True when some of the migration committed before the failure.
    public var partlyCommitted: Bool { outcome != .rolledBack }

    public var description: String {
        var lines = ["\(path):\(line):\(column): error: \(error.message)"]
        if let detail = error.detail, !detail.isEmpty { lines.append("DETAIL: \(detail)") }
        if let hint = error.hint, !hint.isEmpty { lines.append("HINT: \(hint)") }
        if let statement = error.statement {
            let first = statement.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? statement
            lines.append("in the statement: \(first.count > 160 ? String(first.prefix(157)) + "..." : first)")
        }
        let at = version.map { "\($0)" } ?? "no migration (empty)"
        let invalidIndex =
            error.statement?.uppercased().contains("CONCURRENTLY") == true
            ? " (a failed CREATE INDEX CONCURRENTLY leaves an invalid index behind: drop it)" : ""
        switch (outcome, direction) {
        case (.rolledBack, _):
            lines.append("\(id) \(direction.rawValue) was rolled back: the database stays at \(at).")
        case (.partlyCommitted, _):
            lines.append(
                "\(id) \(direction.rawValue) stopped after statements that commit on their own had run, before it was "
                    + "recorded: the database records \(at). Fix the cause\(invalidIndex) and run `schemagen migrate "
                    + "\(direction.rawValue)\(direction == .down ? " --steps 1" : "")` again, which runs \(id)'s "
                    + "\(direction.rawValue) from its start.")
        case (.recordCommitted, .up):
            lines.append(
                "\(id) up committed its transaction and is recorded UNFINISHED: this statement and the ones after it "
                    + "in \(path) did not all run, and `migrate up` refuses until they have. Fix the cause, run them "
                    + "by hand\(invalidIndex), then record \(id) as finished with `schemagen migrate repair \(id.revision)`."
            )
        case (.recordCommitted, .down):
            lines.append(
                "\(id) down committed its first transaction, which deleted its row: the database records \(at) now, "
                    + "but this statement and the ones after it in \(path) did not all run. Run them by hand; "
                    + "`migrate down` again would revert \(at), not \(id).")
        }
        return lines.joined(separator: "\n")
    }
}
