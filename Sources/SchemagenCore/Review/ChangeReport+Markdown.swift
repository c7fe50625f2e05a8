import Foundation

extension ChangeReport {
    /// The report as Markdown for a pull request's description: a heading, the migrations, the
    /// risks, then the enums and each table with a table of its changes.
    public var markdown: String {
        var lines = ["## Schema changes from \(Self.named(from)) to \(Self.named(to))", ""]
        guard !isEmpty else {
            lines.append("No change to the schema.")
            return lines.joined(separator: "\n") + "\n"
        }
        lines += migrationLines + [""]
        lines += ["### Risks", ""]
        if risks.isEmpty {
            lines.append("No change can lose data, fail on existing rows or lock a table.")
        }
        for risk in risks {
            lines.append("- **\(Self.riskLabel(risk))**: \(risk.message)")
        }
        if !enums.isEmpty {
            lines += ["", "### Enums", ""]
            for entry in enums {
                lines.append("- " + Self.enumLine(entry))
            }
        }
        if !tables.isEmpty {
            lines += ["", "### Tables"]
            for table in tables {
                lines += [""] + Self.tableLines(table)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The report as JSON for scripts: the same fields, keys sorted.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data()  // Plain values always encode.
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private var migrationLines: [String] {
        var lines: [String] = []
        if !migrations.isEmpty {
            let names = migrations.map { "`\($0.id)`" + ($0.pending ? " (not committed yet)" : "") }
            lines.append((migrations.count == 1 ? "Migration: " : "Migrations: ") + names.joined(separator: ", ") + ".")
        }
        if notYetInMigration {
            lines.append(
                (lines.isEmpty ? "" : "\n")
                    + "**Not in a migration yet**: run `schemagen generate` to plan the changes since the last one.")
        }
        if lines.isEmpty { lines.append("No migration: the project writes none (no SQL target).") }
        return lines
    }

    private static func named(_ label: String) -> String {
        label == workTreeLabel ? label : "`\(label)`"
    }

    private static func riskLabel(_ risk: Risk) -> String {
        if risk.needsBackfill { return "Needs a backfill" }
        switch MigrationRisk.Kind(rawValue: risk.kind) {
        case .dataLoss: return "Data loss"
        case .mayFail: return "May fail on existing rows"
        case .lock: return "Locks"
        case nil: return risk.kind
        }
    }

    private static func enumLine(_ entry: EnumEntry) -> String {
        var parts: [String] = []
        switch entry.state {
        case .created: parts.append("created: " + code(entry.added))
        case .dropped: parts.append("dropped (values " + code(entry.removed) + ")")
        case .renamed, .changed:
            if !entry.added.isEmpty { parts.append("values added: " + code(entry.added)) }
            if !entry.removed.isEmpty { parts.append("values removed: " + code(entry.removed)) }
            for rename in entry.renamed { parts.append("value renamed: `\(rename.from)` → `\(rename.to)`") }
            if entry.reordered { parts.append("values reordered") }
        }
        let migrations = entry.migrations.isEmpty ? "" : " (in " + code(entry.migrations) + ")"
        return "`\(entry.name)`: " + parts.joined(separator: "; ") + migrations
    }

    private static func tableLines(_ table: TableEntry) -> [String] {
        var heading = "#### `\(table.name)`"
        switch table.state {
        case .created: heading += " (new)"
        case .dropped: heading += " (dropped, with every row)"
        case .renamed: heading += " (renamed from `\(table.renamedFrom ?? "")`)"
        case .changed: break
        }
        var lines = [heading, ""]
        if !table.migrations.isEmpty {
            lines += ["In " + table.migrations.map { "`\($0)`" }.joined(separator: ", ") + ".", ""]
        }
        guard !table.items.isEmpty else {
            if lines.last == "" { lines.removeLast() }
            return lines
        }
        lines += ["| change | part | details |", "| --- | --- | --- |"]
        for item in table.items {
            let name = item.newName.map { "`\(item.name)` → `\($0)`" } ?? "`\(item.name)`"
            lines.append(
                "| \(item.action.rawValue) | \(item.kind) \(name) | \(cell(item.detail)) |".replacingOccurrences(
                    of: "|  |", with: "| |"))
        }
        return lines
    }

    private static func code(_ values: [String]) -> String { values.map { "`\($0)`" }.joined(separator: ", ") }

    /// A table cell's text: `|` would end the cell, and a line break the row.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
