/// Lays out one migration's scripts for a dialect: the header a reviewer reads (revision, risks
/// first, then the changes in plain words), then the dialect's script of the up or the down, with
/// the team's own SQL woven in before or after the generated statements.
struct MigrationScriptWriter {
    var config: Config
    var id: MigrationID
    var previous: MigrationID?
    var diff: SchemaDiff
    var risks: [MigrationRisk]
    var gate: RiskGate
    var handWritten: HandWrittenSQL

    func scripts(for dialect: Config.Target) -> [GeneratedFile] {
        MigrationLayout.Direction.allCases.map { direction in
            GeneratedFile(
                path: MigrationLayout.script(id, dialect: dialect, direction: direction),
                contents: script(dialect, direction))
        }
    }

    static func renderer(for dialect: Config.Target, config: Config) -> any MigrationRenderer {
        dialect == .postgres ? PostgresMigrationRenderer(config: config) : SQLiteMigrationRenderer(config: config)
    }

    private func script(_ dialect: Config.Target, _ direction: MigrationLayout.Direction) -> String {
        let renderer = Self.renderer(for: dialect, config: config)
        let changes = direction == .up ? diff : diff.reversed
        var statements = renderer.statements(for: changes)
        let woven = { (point: HandWrittenSQL.Point) in
            handWritten.parts(direction, point, dialect: dialect).map { "-- From \($0.path):\n\($0.text)" }
        }
        statements.transactional = woven(.before) + statements.transactional + woven(.after)
        let file = "\(id).\(direction.rawValue).sql"
        return renderer.script(
            statements,
            header: header(
                dialect, direction, risks: direction == .up ? risks : MigrationRisk.risks(of: changes),
                applyCommand: type(of: renderer).applyCommand(file: file), statements: statements, changes: changes))
    }

    private func header(
        _ dialect: Config.Target, _ direction: MigrationLayout.Direction, risks: [MigrationRisk], applyCommand: String,
        statements: MigrationStatements, changes: SchemaDiff
    ) -> [String] {
        var lines = [
            "-- \(GeneratedFile.marker) from \(config.schemaDirectory)/. Do not edit: SQL of your own goes in "
                + "\(HandWrittenSQL.folder(revision: id.revision, config: config))/.",
            "-- Migration \(id), \(direction.rawValue): "
                + (direction == .up
                    ? "from \(previous.map(\.description) ?? "an empty database")"
                    : "back to \(previous.map(\.description) ?? "an empty database")") + ".",
            "-- revision: \(id)",
            "-- down_revision: \(previous.map(\.description) ?? "none")",
            "-- Apply: \(applyCommand)",
            "--",
        ]
        // Locks matter on a live Postgres; SQLite has one writer at a time anyway.
        let online = dialect == .postgres && config.postgres.online
        let shown = risks.filter { (dialect == .postgres || $0.kind.isDestructive) && !(online && $0.isAvoidedOnline) }
            .sorted { $0.kind < $1.kind }
        if shown.isEmpty {
            lines.append("-- Risks: none.")
        } else {
            lines.append("-- Risks:")
            for risk in shown {
                let acknowledged =
                    direction == .up
                    ? gate.acknowledgement(for: risk).map { "\(HeaderAcknowledgement.marker)\($0))" } : nil
                lines.append("--   \(risk.kind.rawValue)\(acknowledged ?? ""): \(risk.message)")
            }
        }
        if !statements.beforeTransaction.isEmpty {
            lines.append(
                "-- Before the transaction: \(statements.beforeTransaction.count) statement(s) that cannot run in it.")
        }
        if !statements.laterTransactions.isEmpty {
            lines.append(
                "-- Later transactions: \(statements.laterTransactions.count), each validating what the first added "
                    + "without a long lock.")
        }
        if !statements.afterTransaction.isEmpty {
            lines.append(
                "-- After the transaction: \(statements.afterTransaction.count) statement(s) that cannot run in it.")
        }
        lines.append("--")
        lines.append("-- Changes:")
        let database: ImplicitCheck.Database = dialect == .postgres ? .postgres : .sqlite
        lines += changes.changes.filter { $0.concerns(database) }.map { "--   \($0.summary)" }
        return lines
    }
}
