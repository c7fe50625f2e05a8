import Foundation

/// A migration's snapshot written as what changed since the migration before (snapshot format 3):
/// the enums and tables that are new or differ, whole, the names of those that are gone, the
/// files of the tables that are new or moved, and the order of the names when it is not the one
/// that folding gives. The first migration's snapshot is whole (format 2), and so is one after
/// which half of the schema's tables differ from the last whole snapshot (`MigrationPlanner`).
///
/// A whole snapshot was 4.9 MB at 1,000 tables for every migration, even one that adds a column:
/// written, hashed for `schemagen.sum` and synced on every `generate`, hashed again by every later
/// run's integrity proof, and a new file of 48,000 lines in review. This one is a few kilobytes,
/// a table's lines. Every reader folds the chain (`SnapshotChain`): the last whole snapshot, then
/// each change after it in order.
struct SnapshotChange: Sendable, Hashable {
    var comment: String
    /// The migration whose snapshot this one changes: the one before it.
    var previous: String
    /// New or changed, as the schema holds them, in its order.
    var enums: [EnumType]
    var tables: [Table]
    /// The names of the enums and tables gone since `previous`.
    var removedEnums: [String]
    var removedTables: [String]
    /// Table name → schema file, for the tables that are new or whose file changed.
    var tableFiles: [String: String]
    /// Every enum's and table's name in the schema's order, when it is not the folded order: the
    /// previous order without the names gone, then the new names in the order they come.
    var enumOrder: [String]?
    var tableOrder: [String]?

    static let format = 3

    init(
        previous: String, enums: [EnumType] = [], tables: [Table] = [], removedEnums: [String] = [],
        removedTables: [String] = [], tableFiles: [String: String] = [:], enumOrder: [String]? = nil,
        tableOrder: [String]? = nil
    ) {
        self.comment = MigrationSnapshot.header
        self.previous = previous
        self.enums = enums
        self.tables = tables
        self.removedEnums = removedEnums
        self.removedTables = removedTables
        self.tableFiles = tableFiles
        self.enumOrder = enumOrder
        self.tableOrder = tableOrder
    }

    /// True when folding it changes nothing.
    var isEmpty: Bool {
        enums.isEmpty && tables.isEmpty && removedEnums.isEmpty && removedTables.isEmpty && tableFiles.isEmpty
            && enumOrder == nil && tableOrder == nil
    }

    /// What leads from `base` to `current`, or `nil` when a change cannot say it: names that are
    /// not distinct in either (a change names what it replaces). `unchangedTables`: tables known
    /// to be equal in both (byte for byte the same encoding), not compared again.
    static func between(
        _ base: MigrationSnapshot, and current: MigrationSnapshot, previous: MigrationID,
        unchangedTables: Set<String> = []
    ) -> SnapshotChange? {
        guard let baseTables = uniqueByName(base.schema.tables, name: \.name),
            let baseEnums = uniqueByName(base.schema.enums, name: \.name),
            case let currentEnumNames = Set(current.schema.enums.map(\.name)),
            currentEnumNames.count == current.schema.enums.count,
            case let currentTableNames = Set(current.schema.tables.map(\.name)),
            currentTableNames.count == current.schema.tables.count
        else { return nil }
        var change = SnapshotChange(previous: previous.description)
        change.enums = current.schema.enums.filter { baseEnums[$0.name] != $0.asReadBack }
        change.tables = current.schema.tables.filter { table in
            !unchangedTables.contains(table.name) && baseTables[table.name] != table.asReadBack
        }
        change.removedEnums = base.schema.enums.map(\.name).filter { !currentEnumNames.contains($0) }
        change.removedTables = base.schema.tables.map(\.name).filter { !currentTableNames.contains($0) }
        change.tableFiles = current.tableFiles.filter { base.tableFiles[$0.key] != $0.value }
        // Folding drops a removed table's file: a snapshot whose files are not its tables' (made
        // by hand) would not fold into itself.
        guard change.foldedTableFiles(base.tableFiles) == current.tableFiles else { return nil }
        let enumNames = current.schema.enums.map(\.name)
        if enumNames != foldedOrder(base.schema.enums.map(\.name), now: enumNames, present: currentEnumNames) {
            change.enumOrder = enumNames
        }
        let tableNames = current.schema.tables.map(\.name)
        if tableNames != foldedOrder(base.schema.tables.map(\.name), now: tableNames, present: currentTableNames) {
            change.tableOrder = tableNames
        }
        return change
    }

    /// The snapshot this change leads to from `base`, or why it does not fold onto it: a name it
    /// removes that `base` lacks, or an order that does not name each enum or table once.
    func applied(to base: MigrationSnapshot) -> Result<MigrationSnapshot, SnapshotError> {
        let enums = Self.fold(
            base.schema.enums, changed: enums, removed: removedEnums, order: enumOrder, name: \.name)
        let tables = Self.fold(
            base.schema.tables, changed: tables, removed: removedTables, order: tableOrder, name: \.name)
        switch (enums, tables) {
        case (.failure(let error), _), (_, .failure(let error)):
            return .failure(error)
        case (.success(let enums), .success(let tables)):
            return .success(
                MigrationSnapshot(
                    comment: base.comment, format: base.format, schema: Schema(tables: tables, enums: enums),
                    tableFiles: foldedTableFiles(base.tableFiles)))
        }
    }

    /// `base`'s table files without the removed tables', with this change's.
    private func foldedTableFiles(_ base: [String: String]) -> [String: String] {
        var tableFiles = base
        for name in removedTables { tableFiles[name] = nil }
        tableFiles.merge(self.tableFiles) { _, new in new }
        return tableFiles
    }

    /// `base` without `removed`, each of `changed` in its place or after the others, in `order`
    /// when there is one.
    private static func fold<Value>(
        _ base: [Value], changed: [Value], removed: [String], order: [String]?, name: (Value) -> String
    ) -> Result<[Value], SnapshotError> {
        guard var byName = uniqueByName(base, name: name) else {
            return .failure(SnapshotError(reason: "the snapshot it changes names an enum or table twice"))
        }
        for names in [changed.map(name), removed] {
            var seen: Set<String> = []
            if let twice = names.first(where: { !seen.insert($0).inserted }) {
                return .failure(SnapshotError(reason: "it names \"\(twice)\" twice"))
            }
        }
        for gone in removed {
            guard byName.removeValue(forKey: gone) != nil else {
                return .failure(
                    SnapshotError(reason: "it removes \"\(gone)\", which the snapshot before does not hold"))
            }
        }
        var names = base.map(name).filter { byName[$0] != nil }
        for value in changed {
            if byName.updateValue(value, forKey: name(value)) == nil { names.append(name(value)) }
        }
        if let order {
            guard order.count == names.count, Set(order) == Set(names), Set(order).count == order.count else {
                return .failure(SnapshotError(reason: "its order does not name each enum and table once"))
            }
            names = order
        }
        return .success(names.map { byName[$0]! })
    }

    /// The order folding gives for names `now` (those in `present`): `base`'s without the gone,
    /// then the new ones as they come.
    private static func foldedOrder(_ base: [String], now: [String], present: Set<String>) -> [String] {
        let kept = base.filter(present.contains)
        let old = Set(kept)
        return kept + now.filter { !old.contains($0) }
    }

    private static func uniqueByName<Value>(_ values: [Value], name: (Value) -> String) -> [String: Value]? {
        var byName: [String: Value] = [:]
        byName.reserveCapacity(values.count)
        for value in values where byName.updateValue(value, forKey: name(value)) != nil { return nil }
        return byName
    }
}

/// A snapshot file as read: whole, or the change since the migration before.
enum SnapshotFile: Sendable, Hashable {
    case whole(MigrationSnapshot)
    case change(SnapshotChange)

    /// True when `bytes` hold a change: as its first bytes say (the writer's layout), or, laid
    /// out otherwise, as it reads.
    static func isChange(_ bytes: [UInt8]) -> Bool {
        switch MigrationSnapshot.format(ofTextStartingWith: bytes) {
        case SnapshotChange.format?: return true
        case nil: if case .success(.change) = MigrationSnapshot.read(bytes) { return true } else { return false }
        default: return false
        }
    }
}

/// Folds a history's snapshots in order into the schema each migration leads to.
struct SnapshotChain {
    /// The last migration's snapshot, folded.
    private(set) var last: (id: MigrationID, snapshot: MigrationSnapshot)?

    init() {}

    /// Folds migration `id`'s snapshot file, `bytes`: the schema it leads to, or why it cannot be
    /// read (not a snapshot, or a change that does not follow the migration before it).
    mutating func add(_ id: MigrationID, bytes: [UInt8]) -> Result<MigrationSnapshot, SnapshotError> {
        switch MigrationSnapshot.read(bytes) {
        case .failure(let error):
            last = nil
            return .failure(error)
        case .success(let file):
            return add(id, file: file)
        }
    }

    /// Folds migration `id`'s snapshot file, read.
    mutating func add(_ id: MigrationID, file: SnapshotFile) -> Result<MigrationSnapshot, SnapshotError> {
        let folded: Result<MigrationSnapshot, SnapshotError>
        switch file {
        case .whole(let snapshot): folded = .success(snapshot)
        case .change(let change): folded = fold(change)
        }
        if case .success(let snapshot) = folded { last = (id, snapshot) } else { last = nil }
        return folded
    }

    /// `change` folded onto the last snapshot.
    private func fold(_ change: SnapshotChange) -> Result<MigrationSnapshot, SnapshotError> {
        guard let last else {
            return .failure(
                SnapshotError(reason: "it holds the changes since \(change.previous), and no snapshot comes before it"))
        }
        guard change.previous == last.id.description else {
            return .failure(
                SnapshotError(
                    reason: "it holds the changes since \(change.previous), but the migration before it is \(last.id)"))
        }
        return change.applied(to: last.snapshot)
    }

    /// Starts the chain at `snapshot`, migration `id`'s, read by other means (the planner's
    /// comparison with a whole snapshot).
    mutating func start(at id: MigrationID, with snapshot: MigrationSnapshot) {
        last = (id, snapshot)
    }

    /// The snapshots of `ids[range]`, in order, folded in one pass from the last whole snapshot
    /// at or before the first of them; `bytes` gives a migration's snapshot file (`nil`: missing).
    /// The failure names the file's migration.
    static func snapshots(
        _ range: ClosedRange<Int>, of ids: [MigrationID], bytes: (MigrationID) throws(Diagnostic) -> [UInt8]?
    ) throws(Diagnostic) -> Result<[MigrationSnapshot], Failure> {
        // Back from the first to a whole snapshot, then forward to the last.
        var start = range.lowerBound
        var files: [MigrationID: [UInt8]] = [:]
        while true {
            guard let read = try bytes(ids[start]) else { return .failure(Failure(id: ids[start], error: nil)) }
            files[ids[start]] = read
            if start == 0 || !SnapshotFile.isChange(read) { break }
            start -= 1
        }
        var chain = SnapshotChain()
        var snapshots: [MigrationSnapshot] = []
        for index in start...range.upperBound {
            let id = ids[index]
            var file = files[id]
            if file == nil { file = try bytes(id) }
            guard let file else { return .failure(Failure(id: id, error: nil)) }
            switch chain.add(id, bytes: file) {
            case .success(let snapshot): if range.contains(index) { snapshots.append(snapshot) }
            case .failure(let error): return .failure(Failure(id: id, error: error))
            }
        }
        return .success(snapshots)
    }

    /// A snapshot of the chain that is missing, or does not read or fold, and whose it is.
    struct Failure: Error {
        var id: MigrationID
        /// Why it does not read or fold; `nil` when it is missing.
        var error: SnapshotError?
    }
}
