import Foundation

extension ChangeReport {
    /// The label of the project's folder as it is on disk.
    public static let workTreeLabel = "the work tree"

    /// Reads both versions and compares them. Findings (a version that cannot be read, a schema
    /// with errors) come back with no report.
    public static func make(from: SchemaVersion, to: SchemaVersion) -> (
        report: ChangeReport?, diagnostics: [Diagnostic]
    ) {
        let (old, oldFindings) = LoadedVersion.load(from)
        let (new, newFindings) = LoadedVersion.load(to)
        let diagnostics = oldFindings + newFindings
        guard let old, let new, !diagnostics.hasErrors else { return (nil, diagnostics) }
        do throws(Diagnostic) {
            return (try ChangeReportBuilder(old: old, new: new).build(), diagnostics)
        } catch {
            return (nil, diagnostics + [error])
        }
    }
}

/// Turns the diff between two loaded versions into a `ChangeReport`.
struct ChangeReportBuilder {
    var old: LoadedVersion
    var new: LoadedVersion

    /// The order parts of a table are listed in, within a table's entry.
    static let kindOrder = ["column", "primary key", "unique", "foreign key", "check", "index", "trigger", "comment"]

    func build() throws(Diagnostic) -> ChangeReport {
        let diff = SchemaDiffer.diff(from: old.schema, to: new.schema)
        let (migrations, touched, unplanned) = try migrationSpan()
        var tables: [String: ChangeReport.TableEntry] = [:]
        var enums: [String: ChangeReport.EnumEntry] = [:]
        for change in diff.changes {
            record(change, tables: &tables, enums: &enums)
        }
        let order = new.schema.tables.map(\.name) + old.schema.tables.map(\.name)
        var seen = Set<String>()
        let entries = order.filter { seen.insert($0).inserted }.compactMap { name -> ChangeReport.TableEntry? in
            guard var entry = tables[name] else { return nil }
            entry.items = Self.merged(entry.items)
            let ids = touched[name, default: []].union(entry.renamedFrom.map { touched[$0, default: []] } ?? [])
            entry.migrations = ids.sorted().map(\.description)
            return entry
        }
        let changedEnums = enums.values.sorted { $0.name < $1.name }.map { entry in
            var entry = entry
            entry.migrations = touched[Self.enumKey(entry.name), default: []].sorted().map(\.description)
            return entry
        }
        let pending = new.pending
        return ChangeReport(
            from: old.version.label, to: new.version.label,
            migrations: migrations.map { .init(id: $0.description, pending: pending.contains($0)) },
            notYetInMigration: unplanned, risks: risks(of: diff),
            enums: changedEnums, tables: entries)
    }

    /// The risks of the whole change, worst first. An index build that Postgres's online scripts
    /// make without the lock is left out when `to` writes them.
    func risks(of diff: SchemaDiff) -> [ChangeReport.Risk] {
        let online = new.config.postgres.online
        let risks = MigrationRisk.risks(of: diff).filter { !(online && $0.isAvoidedOnline) }
        return risks.enumerated().sorted { ($0.element.kind, $0.offset) < ($1.element.kind, $1.offset) }.map {
            let risk = $0.element
            return ChangeReport.Risk(
                kind: risk.kind.rawValue, needsBackfill: Self.needsBackfill(risk), message: risk.message,
                table: risk.table,
                column: risk.column)
        }
    }

    /// A change that fails on a NOT NULL column some rows hold no value for: the rows need a
    /// value first. (The other failures are about the rows' data: duplicates, broken checks,
    /// keys that point at nothing; `MigrationRisk` names a column only for the first kind.)
    static func needsBackfill(_ risk: MigrationRisk) -> Bool { risk.kind == .mayFail && risk.column != nil }

    /// The migrations `new` holds beyond the last one `old` holds; which tables each of them
    /// changes (by the names they have after it, carried through later renames); and whether
    /// `new`'s schema holds more than its last snapshot.
    func migrationSpan() throws(Diagnostic) -> ([MigrationID], [String: Set<MigrationID>], Bool) {
        guard new.hasMigrations else { return ([], [:], false) }
        let base = old.migrations.last?.number ?? 0
        let span = new.migrations.filter { $0.number > base }
        let before = new.migrations.last(where: { $0.number <= base })
        // The snapshot before the span and each of the span's, folded in one pass.
        var snapshots: [Schema] = []
        if let first = before ?? span.first, let last = span.last ?? before {
            snapshots = try new.snapshots(from: first, through: last)
        }
        var previous = before == nil ? Schema(tables: []) : snapshots.removeFirst()
        var touched: [String: Set<MigrationID>] = [:]
        for (id, snapshot) in zip(span, snapshots) {
            for change in SchemaDiffer.diff(from: previous, to: snapshot).changes {
                if case .renameTable(let from, let to) = change {
                    touched[to, default: []].formUnion(touched[from, default: []])
                }
                if let table = change.table { touched[table, default: []].insert(id) }
                if let name = Self.enumName(of: change) { touched[Self.enumKey(name), default: []].insert(id) }
            }
            previous = snapshot
        }
        let unplanned = !SchemaDiffer.diff(from: previous, to: new.schema).isEmpty
        return (span, touched, unplanned)
    }

    /// The enum a change is about, if any.
    static func enumName(of change: SchemaChange) -> String? {
        switch change {
        case .createEnum(let type), .dropEnum(let type), .alterEnum(_, let type): type.name
        case .renameEnumValue(let name, _, _): name
        default: nil
        }
    }

    /// Where `migrationSpan` files an enum's migrations, apart from the tables': a table and an
    /// enum may share a name.
    static func enumKey(_ name: String) -> String { "enum \(name)" }

    func record(
        _ change: SchemaChange, tables: inout [String: ChangeReport.TableEntry],
        enums: inout [String: ChangeReport.EnumEntry]
    ) {
        func entry(_ name: String, _ state: ChangeReport.State = .changed) -> ChangeReport.TableEntry {
            tables[name] ?? .init(name: name, state: state, renamedFrom: nil, items: [], migrations: [])
        }
        func add(
            _ table: String, _ action: ChangeReport.Action, _ kind: String, _ name: String,
            _ detail: String = "", newName: String? = nil
        ) {
            var value = entry(table)
            value.items.append(.init(action: action, kind: kind, name: name, newName: newName, detail: detail))
            tables[table] = value
        }
        switch change {
        case .createEnum(let type):
            enums[type.name] = .init(
                name: type.name, state: .created, added: type.values, removed: [], renamed: [], reordered: false)
        case .dropEnum(let type):
            enums[type.name] = .init(
                name: type.name, state: .dropped, added: [], removed: type.values, renamed: [], reordered: false)
        case .alterEnum(let from, let to):
            var value =
                enums[to.name]
                ?? .init(name: to.name, state: .changed, added: [], removed: [], renamed: [], reordered: false)
            value.added += to.values.filter { !from.values.contains($0) }
            value.removed += from.values.filter { !to.values.contains($0) }
            value.reordered = value.added.isEmpty && value.removed.isEmpty && from.values != to.values
            enums[to.name] = value
        case .renameEnumValue(let type, let from, let to):
            var value =
                enums[type] ?? .init(name: type, state: .changed, added: [], removed: [], renamed: [], reordered: false)
            value.renamed.append(.init(from: from, to: to))
            value.added.removeAll { $0 == to }
            value.removed.removeAll { $0 == from }
            enums[type] = value
        case .replaceValue, .addImplicitCheck, .dropImplicitCheck, .renameImplicitCheck:
            // The rows that follow a renamed value, and the checks a column's type implies: both
            // follow from a change the report already lists.
            break
        case .createTable(let table):
            tables[table.name] = entry(table.name, .created)
            for column in table.columns {
                add(table.name, .added, "column", column.name, ChangeSchemaWords.column(column))
            }
            if let key = table.primaryKey {
                add(table.name, .added, "primary key", key.name, ChangeSchemaWords.list(key.columns))
            }
            for unique in table.uniqueConstraints {
                add(table.name, .added, "unique", unique.name, ChangeSchemaWords.list(unique.columns))
            }
            for key in table.foreignKeys {
                add(table.name, .added, "foreign key", key.name, ChangeSchemaWords.foreignKey(key))
            }
            for check in table.checks { add(table.name, .added, "check", check.name, check.expression) }
            for index in table.indexes { add(table.name, .added, "index", index.name, ChangeSchemaWords.index(index)) }
            for trigger in table.triggers {
                add(table.name, .added, "trigger", trigger.name, "keeps \(trigger.column) current on update")
            }
        case .dropTable(let table):
            tables[table.name] = entry(table.name, .dropped)
        case .renameTable(let from, let to):
            var value = entry(to, .renamed)
            value.state = .renamed
            value.renamedFrom = from
            tables[to] = value
        case .addColumn(let table, let column):
            add(table, .added, "column", column.name, ChangeSchemaWords.column(column))
        case .dropColumn(let table, let column):
            add(table, .removed, "column", column.name, ChangeSchemaWords.column(column))
        case .renameColumn(let table, let from, let to): add(table, .renamed, "column", from, newName: to)
        case .alterColumn(let table, let from, let to):
            add(table, .changed, "column", to.name, ChangeSchemaWords.columnChanges(from: from, to: to))
        case .addPrimaryKey(let table, let key):
            add(table, .added, "primary key", key.name, ChangeSchemaWords.list(key.columns))
        case .dropPrimaryKey(let table, let key):
            add(table, .removed, "primary key", key.name, ChangeSchemaWords.list(key.columns))
        case .addUnique(let table, let unique):
            add(table, .added, "unique", unique.name, ChangeSchemaWords.list(unique.columns))
        case .dropUnique(let table, let unique):
            add(table, .removed, "unique", unique.name, ChangeSchemaWords.list(unique.columns))
        case .addCheck(let table, let check): add(table, .added, "check", check.name, check.expression)
        case .dropCheck(let table, let check): add(table, .removed, "check", check.name, check.expression)
        case .addForeignKey(let table, let key):
            add(table, .added, "foreign key", key.name, ChangeSchemaWords.foreignKey(key))
        case .dropForeignKey(let table, let key):
            add(table, .removed, "foreign key", key.name, ChangeSchemaWords.foreignKey(key))
        case .renameConstraint(let table, let from, let to):
            let kind = constraintKind(named: to, in: table)
            add(table, .renamed, kind, from, newName: to)
        case .addIndex(let table, let index): add(table, .added, "index", index.name, ChangeSchemaWords.index(index))
        case .dropIndex(let table, let index): add(table, .removed, "index", index.name, ChangeSchemaWords.index(index))
        case .renameIndex(let table, let from, let to): add(table, .renamed, "index", from, newName: to)
        case .setTableComment(let table, let from, let to):
            add(table, from == nil ? .added : to == nil ? .removed : .changed, "comment", table, to ?? from ?? "")
        case .setColumnComment(let table, let column, let from, let to):
            add(table, from == nil ? .added : to == nil ? .removed : .changed, "comment", column, to ?? from ?? "")
        case .addTrigger(let table, let trigger):
            add(table, .added, "trigger", trigger.name, "keeps \(trigger.column) current on update")
        case .dropTrigger(let table, let trigger):
            add(table, .removed, "trigger", trigger.name, "kept \(trigger.column) current on update")
        case .renameTrigger(let table, let from, let to): add(table, .renamed, "trigger", from, newName: to)
        }
    }

    /// What kind of constraint `name` is in the new version of `table`.
    func constraintKind(named name: String, in table: String) -> String {
        guard let table = new.schema.table(named: table) else { return "constraint" }
        if table.primaryKey?.name == name { return "primary key" }
        if table.uniqueConstraints.contains(where: { $0.name == name }) { return "unique" }
        if table.foreignKeys.contains(where: { $0.name == name }) { return "foreign key" }
        if table.checks.contains(where: { $0.name == name }) { return "check" }
        return "constraint"
    }

    /// The items in the report's order (by kind, then as the diff listed them), with a part that
    /// was dropped and added again under its name shown once, as changed: `old → new`.
    static func merged(_ items: [ChangeReport.Item]) -> [ChangeReport.Item] {
        var result: [ChangeReport.Item] = []
        for item in items {
            if item.action == .added, item.kind != "column",
                let removed = result.firstIndex(where: {
                    $0.action == .removed && $0.kind == item.kind && $0.name == item.name
                })
            {
                let before = result[removed].detail
                result[removed] = .init(
                    action: .changed, kind: item.kind, name: item.name, newName: nil,
                    detail: before == item.detail ? item.detail : "\(before) → \(item.detail)")
                continue
            }
            result.append(item)
        }
        let rank = { (kind: String) in kindOrder.firstIndex(of: kind) ?? kindOrder.count }
        return result.enumerated().sorted { (rank($0.element.kind), $0.offset) < (rank($1.element.kind), $1.offset) }
            .map(\.element)
    }
}

/// The parts of a table in the words of the schema format, for a report's details.
enum ChangeSchemaWords {
    static func column(_ column: Column) -> String {
        var text = SchemaChange.columnSummary(column)
        if case .enumeration(.inline(let values)) = column.type { text += " (\(list(values)))" }
        return text
    }

    static func columnChanges(from: Column, to: Column) -> String {
        var parts = SchemaChange.columnChanges(from: from, to: to)
        if case .enumeration(.inline(let old)) = from.type, case .enumeration(.inline(let new)) = to.type {
            let added = new.filter { !old.contains($0) }
            let removed = old.filter { !new.contains($0) }
            parts.removeAll { $0.hasPrefix("type ") }
            if !added.isEmpty { parts.append("values added: \(list(added))") }
            if !removed.isEmpty { parts.append("values removed: \(list(removed))") }
        }
        return parts.joined(separator: "; ")
    }

    static func foreignKey(_ key: ForeignKey) -> String {
        var text = "(\(list(key.columns))) → \(key.referencedTable) (\(list(key.referencedColumns)))"
        if let action = key.onDelete { text += ", on delete \(action.rawValue)" }
        if let action = key.onUpdate { text += ", on update \(action.rawValue)" }
        return text
    }

    static func index(_ index: Index) -> String {
        var text =
            (index.isUnique ? "unique " : "") + "("
            + index.columns.map {
                $0.name + ($0.descending ? " desc" : "")
            }.joined(separator: ", ") + ")"
        if index.method != .btree { text += " using \(index.method.rawValue)" }
        if let predicate = index.predicate { text += " where \(predicate)" }
        return text
    }

    static func list(_ names: [String]) -> String { names.joined(separator: ", ") }
}
