/// The lines `schemagen migrate` prints: one per migration with its time, a summary at the end,
/// the status table. Colour only when asked (on a terminal, and never with `NO_COLOR`:
/// `DiagnosticFormatter.allowsColor`).
public struct MigrationReport: Sendable {
    public var color: Bool

    public init(color: Bool) {
        self.color = color
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// `  up    0002_changes   14 ms, 6 rows`
    public func line(_ step: MigrationStep) -> String {
        let verb = step.direction == .up ? paint("up  ", "32") : paint("down", "33")
        var text = "  \(verb)  \(step.id)  \(Self.time(step.duration))"
        if step.rowsTouched > 0 { text += ", \(step.rowsTouched) row\(step.rowsTouched == 1 ? "" : "s")" }
        if step.recordedDown { text += " (with the down recorded when it was applied: its file is gone or changed)" }
        return text
    }

    /// Said after `up` applied a migration that git has not committed yet: the dev loop's way out.
    public func notCommitted(_ id: MigrationID) -> String {
        "note: \(id) is not committed yet. If `schemagen generate` plans it again, `migrate up` refuses and "
            + "`schemagen migrate down` reverts it with the down recorded now."
    }

    /// What replaces a terminal's running line when the migration fails; the error follows.
    public func failed(_ id: MigrationID, _ direction: MigrationLayout.Direction) -> String {
        "  \(direction == .up ? "up  " : "down")  \(id)  \(paint("failed", "31"))"
    }

    /// A migration another runner took care of since this one looked.
    public func doneElsewhere(_ id: MigrationID, _ direction: MigrationLayout.Direction) -> String {
        "  \(direction == .up ? "up  " : "down")  \(id)  done meanwhile by another `schemagen migrate`"
    }

    /// What a terminal shows while a migration runs, replaced by `line(_:)` when it ends.
    public func running(_ id: MigrationID, _ direction: MigrationLayout.Direction) -> String {
        "  \(direction == .up ? "up  " : "down")  \(id)  …"
    }

    /// `database at 0023_changes: 17 tables; 23 migrations applied in 1.2 s, 120 rows touched`
    public func summary(_ summary: MigrationRunSummary) -> String {
        let at = summary.version.map { "at \($0)" } ?? "empty (no migration applied)"
        let tables = "\(summary.tables) table\(summary.tables == 1 ? "" : "s")"
        guard !summary.steps.isEmpty else { return "nothing to do: the database is \(at), \(tables)" }
        let direction = summary.steps[0].direction == .up ? "applied" : "reverted"
        let total = summary.steps.reduce(Duration.zero) { $0 + $1.duration }
        let count = "\(summary.steps.count) migration\(summary.steps.count == 1 ? "" : "s")"
        return paint("database \(at)", "1") + ", \(tables); \(count) \(direction) in \(Self.time(total)), "
            + "\(summary.rowsTouched) row\(summary.rowsTouched == 1 ? "" : "s") touched"
    }

    /// One line per migration: its state, identity, and when it was applied.
    public func status(_ state: MigrationState) -> [String] {
        state.entries.map { entry in
            switch entry {
            case .applied(_, let record):
                "  \(paint("applied    ", "32"))\(entry.id)  \(record.appliedAt)"
                    + (record.durationMilliseconds.map { "  \($0) ms" } ?? "")
            case .pending: "  \(paint("pending    ", "36"))\(entry.id)"
            case .changed(_, let record): "  \(paint("CHANGED    ", "31"))\(entry.id)  \(record.appliedAt)"
            case .unfinished(_, let record): "  \(paint("UNFINISHED ", "31"))\(entry.id)  \(record.appliedAt)"
            case .unknown(let record): "  \(paint("UNKNOWN    ", "31"))\(entry.id)  \(record.appliedAt)"
            case .skipped: "  \(paint("GAP        ", "31"))\(entry.id)"
            }
        }
    }

    /// `version 0012_changes; 11 pending`
    public func statusSummary(_ state: MigrationState) -> String {
        let version = state.version.map { "at \($0)" } ?? "empty (no migration applied)"
        return "database \(version); \(state.pending.count) pending"
    }

    /// `840 ms`, `1.2 s`
    static func time(_ duration: Duration) -> String {
        let ms = MigrationRunner.ms(duration)
        if ms < 1000 { return "\(ms) ms" }
        return "\(ms / 1000).\((ms % 1000) / 100) s"
    }
}
