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
    /// The last migration the database holds after the failure.
    public var version: MigrationID?
    /// True when a step of the migration committed before the failure (a Postgres statement
    /// outside its transaction): the database is not quite at `version`.
    public var partlyCommitted: Bool

    public var description: String {
        var lines = ["\(path):\(line):\(column): error: \(error.message)"]
        if let detail = error.detail, !detail.isEmpty { lines.append("DETAIL: \(detail)") }
        if let hint = error.hint, !hint.isEmpty { lines.append("HINT: \(hint)") }
        if let statement = error.statement {
            let first = statement.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? statement
            lines.append("in the statement: \(first.count > 160 ? String(first.prefix(157)) + "..." : first)")
        }
        let at = version.map { "\($0)" } ?? "no migration (empty)"
        if partlyCommitted {
            lines.append(
                "\(id) \(direction.rawValue) stopped after statements that commit on their own had run; the database "
                    + "records \(at). Fix the cause and run it again, or finish what is left by hand and record it with "
                    + "`schemagen migrate repair \(id.revision)`.")
        } else {
            lines.append("\(id) \(direction.rawValue) was rolled back: the database stays at \(at).")
        }
        return lines.joined(separator: "\n")
    }
}
