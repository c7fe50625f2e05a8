/// Compares two versions of a schema and lists the changes between them (`SchemaDiff`).
///
/// Tables and columns are matched by name, or by `renamed_from` when the new version declares it
/// and the old one still has the old name; a rename that is not declared is a drop and an add. A
/// constraint or an index whose definition is the same but whose name changed (a derived name
/// that follows a rename) is renamed, not dropped and added again. Everything is compared in the
/// new version's names: the old version's facts are first carried through the renames.
public enum SchemaDiffer {
    public static func diff(from old: Schema, to new: Schema) -> SchemaDiff {
        diff(from: old, to: new, skippingUnchangedTables: true)
    }

    /// `skippingUnchangedTables: false` compares every table that survives field by field, as
    /// it always did; `true` (what `diff` does) skips a table that is equal in both versions and
    /// that no rename reaches, whose comparison finds nothing. After one table of a thousand
    /// changed, that comparison of the 999 others was most of the diff. `SchemaDifferFastPathTests`
    /// proves both give the same changes.
    static func diff(from old: Schema, to new: Schema, skippingUnchangedTables: Bool) -> SchemaDiff {
        var planner = Planner(old: old, new: new)
        planner.skipsUnchangedTables = skippingUnchangedTables
        planner.plan()
        return SchemaDiff(from: old, to: new, changes: planner.changes)
    }

    /// `diff`, told that the tables named `unchangedTables` are equal in both versions (the
    /// planner knows it from the committed snapshot: those tables' bytes are this schema's own,
    /// `SnapshotDelta`), so that they are not compared field by field again. A rename that
    /// reaches one still makes it compared. `SnapshotDeltaTests` proves the changes the same.
    static func diff(from old: Schema, to new: Schema, unchangedTables: Set<String>) -> SchemaDiff {
        var planner = Planner(old: old, new: new, unchangedTables: unchangedTables)
        planner.plan()
        return SchemaDiff(from: old, to: new, changes: planner.changes)
    }
}

private struct Planner {
    let old: Schema
    let new: Schema
    /// New table name → the old table it continues.
    var matched: [String: Table] = [:]
    /// Old table name → new table name, for every table that survives.
    var tableNames: [String: String] = [:]
    /// Old table name → (old column name → new column name), for columns that survive; only for
    /// the tables whose columns are not the same names in the same order (`columns(of:as:)`
    /// gives the others' when they are needed).
    var columnNames: [String: [String: String]] = [:]
    var changes: [SchemaChange] = []
    /// Enum name → the declared value renames this migration makes, as (new, old).
    let valueRenames: [String: [(to: String, from: String)]]
    /// Whether `plan` skips the tables that `isUnchanged` finds (`SchemaDiffer.diff`).
    var skipsUnchangedTables = true
    /// The names of tables known to be equal in both versions (none when a version has two tables
    /// of one name).
    let unchangedTables: Set<String>

    init(old: Schema, new: Schema, unchangedTables: Set<String> = []) {
        self.old = old
        self.new = new
        var renames: [String: [(to: String, from: String)]] = [:]
        for type in new.enums {
            guard let previous = old.enumType(named: type.name) else { continue }
            let pairs = Self.valueRenames(from: previous, to: type)
            if !pairs.isEmpty { renames[type.name] = pairs }
        }
        valueRenames = renames
        // `Schema.table(named:)` is a search from the front, once per table: the first table of
        // each name, found by a dictionary instead.
        let oldTables = Self.firstTables(old)
        let newNames = Set(new.tables.map(\.name))
        // Known by name only where a name is one table in each version, as in a checked schema.
        let namesAreDistinct = oldTables.count == old.tables.count && newNames.count == new.tables.count
        self.unchangedTables = namesAreDistinct ? unchangedTables : []
        for table in new.tables {
            var source = oldTables[table.name].map { old.tables[$0] }
            // A `renamed_from` whose name the new version uses again is not a rename (any more).
            if source == nil, let previous = table.renamedFrom, !newNames.contains(previous) {
                source = oldTables[previous].map { old.tables[$0] }
            }
            guard let source, tableNames[source.name] == nil else { continue }
            matched[table.name] = source
            tableNames[source.name] = table.name
            // Most tables keep their columns' names: each column is itself, which every reader
            // of `columnNames` takes a missing table to mean, but for `carried` (which asks
            // `columns(of:as:)`). A thousand dictionaries of names were most of the diff after
            // one table of a thousand changed.
            if !isKnownEqual(source, table), !Self.sameColumnNames(source, table) {
                columnNames[source.name] = Self.columnMatches(old: source, new: table)
            }
        }
    }

    /// Table name → the index of the first table of that name.
    static func firstTables(_ schema: Schema) -> [String: Int] {
        var positions: [String: Int] = [:]
        positions.reserveCapacity(schema.tables.count)
        for index in schema.tables.indices where positions[schema.tables[index].name] == nil {
            positions[schema.tables[index].name] = index
        }
        return positions
    }

    /// True when both tables have columns of the same names in the same order.
    static func sameColumnNames(_ old: Table, _ new: Table) -> Bool {
        old.columns.count == new.columns.count && zip(old.columns, new.columns).allSatisfy { $0.name == $1.name }
    }

    /// The old table `old`'s column name → its new name in `new`, the table it continues as.
    func columns(of old: Table, as new: Table) -> [String: String] {
        columnNames[old.name] ?? Self.columnMatches(old: old, new: new)
    }

    /// Old column name → new column name, by name or by a declared `renamed_from`.
    static func columnMatches(old: Table, new: Table) -> [String: String] {
        // The same names in the same order (most tables): each column is itself.
        if sameColumnNames(old, new) {
            var matches: [String: String] = [:]
            matches.reserveCapacity(new.columns.count)
            for column in new.columns { matches[column.name] = column.name }
            return matches
        }
        var matches: [String: String] = [:]
        let newNames = Set(new.columns.map(\.name))
        for column in new.columns {
            if old.column(named: column.name) != nil {
                matches[column.name] = column.name
            } else if let previous = column.renamedFrom, old.column(named: previous) != nil,
                !newNames.contains(previous), matches[previous] == nil
            {
                matches[previous] = column.name
            }
        }
        return matches
    }

    mutating func plan() {
        planEnumsCreatedAndAltered()
        let created = new.tables.filter { matched[$0.name] == nil }
        let dropped = old.tables.filter { tableNames[$0.name] == nil }
        let createdNames = Set(created.map(\.name))

        // Foreign keys dropped first, so that no table or column they tie is in the way.
        var droppedTables: [Table] = []
        for table in dropped.reversed() {
            var kept = table
            kept.foreignKeys = table.foreignKeys.filter { !old.isDeferred($0, of: table) }
            for key in table.foreignKeys where old.isDeferred(key, of: table) {
                changes.append(.dropForeignKey(table: table.name, key))
            }
            droppedTables.append(kept)
        }
        var tableDiffs: [TableDiff] = []
        for table in new.tables {
            guard let source = matched[table.name] else { continue }
            if skipsUnchangedTables, isUnchanged(source, as: table) { continue }
            let renames = (columnNames[source.name] ?? [:]).filter { $0.key != $0.value }
                .map { (from: $0.key, to: $0.value) }.sorted { $0.to < $1.to }
            let diff = TableDiff(
                original: source, old: carried(source, as: table), new: table, columnRenames: renames,
                valueRenames: valueRenames)
            tableDiffs.append(diff)
            // Before the renames: under the table's old name, the key as it was.
            changes += diff.foreignKeys.dropped.map {
                .dropForeignKey(table: source.name, diff.original(of: $0, in: \.foreignKeys))
            }
        }
        changes += droppedTables.map(SchemaChange.dropTable)
        for table in new.tables {
            if let source = matched[table.name], source.name != table.name {
                changes.append(.renameTable(from: source.name, to: table.name))
            }
        }
        for diff in tableDiffs {
            changes += diff.changes
        }

        // New tables in dependency order; a key that points at a table created later waits.
        var deferred: [(String, ForeignKey)] = []
        var createdSoFar: Set<String> = []
        for table in created {
            createdSoFar.insert(table.name)
            var inline = table
            inline.foreignKeys = table.foreignKeys.filter { key in
                !createdNames.contains(key.referencedTable) || createdSoFar.contains(key.referencedTable)
            }
            for key in table.foreignKeys where !inline.foreignKeys.contains(key) {
                deferred.append((table.name, key))
            }
            changes.append(.createTable(inline))
        }
        for diff in tableDiffs {
            changes += diff.foreignKeys.added.map { .addForeignKey(table: diff.new.name, $0) }
            changes += diff.foreignKeys.renamed.map {
                .renameConstraint(table: diff.new.name, from: $0.item.name, to: $0.to)
            }
        }
        changes += deferred.map { .addForeignKey(table: $0.0, $0.1) }
        planEnumValuesRemoved()
        for type in old.enums where new.enumType(named: type.name) == nil {
            changes.append(.dropEnum(type))
        }
    }

    /// New enums, and new values in existing ones, come first: the columns may use them. Values
    /// that go, or a new order, come last (`planEnumValuesRemoved`), once no column needs them;
    /// so an enum that gains and loses values in one migration is altered twice, through the
    /// union of both versions' values.
    private mutating func planEnumsCreatedAndAltered() {
        for type in new.enums {
            guard let original = old.enumType(named: type.name) else {
                changes.append(.createEnum(type))
                continue
            }
            // Declared renames first: the rows keep their values under the new names.
            for rename in valueRenames[type.name] ?? [] {
                changes.append(.renameEnumValue(enum: type.name, from: rename.from, to: rename.to))
            }
            let previous = Self.renamed(original, as: type)
            let widened = Self.union(previous, type)
            if widened != previous {
                changes.append(.alterEnum(from: previous, to: widened))
            }
        }
    }

    /// The `renamed_values` of `new` that `old` still has under the old name, as (new, old), in
    /// the new enum's order.
    static func valueRenames(from old: EnumType, to new: EnumType) -> [(to: String, from: String)] {
        new.values.compactMap { value in
            guard let previous = new.renamedValues[value], old.values.contains(previous), !old.values.contains(value)
            else { return nil }
            return (value, previous)
        }
    }

    /// `old` with its declared renames done: the enum the rest of the migration starts from.
    static func renamed(_ old: EnumType, as new: EnumType) -> EnumType {
        var result = old
        for (to, from) in valueRenames(from: old, to: new) {
            result.values = result.values.map { $0 == from ? to : $0 }
        }
        return result
    }

    private mutating func planEnumValuesRemoved() {
        for type in new.enums {
            guard let original = old.enumType(named: type.name) else { continue }
            let previous = Self.renamed(original, as: type)
            let widened = Self.union(previous, type)
            if widened != type {
                changes.append(.alterEnum(from: widened, to: type))
            }
        }
    }

    /// The old enum with the new one's values that it lacks, each placed after the value the new
    /// enum puts before it (Postgres's `ADD VALUE … AFTER`), and the new comment.
    static func union(_ old: EnumType, _ new: EnumType) -> EnumType {
        var result = old
        result.comment = new.comment
        for (position, value) in new.values.enumerated() where !result.values.contains(value) {
            let anchor = new.values[..<position].last { result.values.contains($0) }
            let index = anchor.flatMap { result.values.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
            result.values.insert(value, at: index)
        }
        return result
    }

    /// True when the old table `source` is the new `table` under the same name, known equal
    /// (`unchangedTables`) without comparing them.
    func isKnownEqual(_ source: Table, _ table: Table) -> Bool {
        source.name == table.name && unchangedTables.contains(table.name)
    }

    /// True when the table `source` continues as `table` with nothing to do: equal in both
    /// versions (annotations aside, as always), and no rename reaches into it: none of its
    /// foreign keys points at a table or a column that is renamed, and none of its enums renames
    /// a value (whose rows `TableDiff` rewrites). Carried into the new names it is then still
    /// itself (its checks and index expressions are among the new ones, which `carried` keeps as
    /// they are), so `TableDiff` would find every list matched and every column the same: no
    /// change and no foreign key, which is what skipping it gives.
    func isUnchanged(_ source: Table, as table: Table) -> Bool {
        guard isKnownEqual(source, table) || source == table else { return false }
        if !valueRenames.isEmpty {
            for column in table.columns {
                if case .enumeration(.named(let name)) = column.type, valueRenames[name] != nil { return false }
            }
        }
        for key in table.foreignKeys {
            if let renamed = tableNames[key.referencedTable], renamed != key.referencedTable { return false }
            if let columns = columnNames[key.referencedTable],
                key.referencedColumns.contains(where: { column in columns[column].map { $0 != column } ?? false })
            {
                return false
            }
        }
        return true
    }

    /// The old table in the new version's names: its own name, its columns', and those of the
    /// tables and columns its foreign keys point at. Constraint and index names stay as they were.
    func carried(_ table: Table, as new: Table) -> Table {
        var result = table
        let ownColumns = columns(of: table, as: new)
        let rename = { (name: String) in ownColumns[name] ?? name }
        // Postgres renames a column inside every expression that names it (and SQLite does too),
        // so an expression that reads the same with the new names is the same expression.
        let expressions =
            new.checks.map(\.expression) + new.indexes.compactMap(\.predicate)
            + new.indexes.flatMap { $0.columns.filter(\.isExpression).map(\.name) }
        let follow = { (expression: String) in
            ExpressionRename.follow(expression, renames: ownColumns, candidates: expressions)
        }
        result.checks = table.checks.map { check in
            var check = check
            check.expression = follow(check.expression)
            return check
        }
        result.name = tableNames[table.name] ?? table.name
        result.columns = table.columns.map { column in
            var column = column
            column.name = rename(column.name)
            return column
        }
        result.primaryKey?.columns = table.primaryKey?.columns.map(rename) ?? []
        result.uniqueConstraints = table.uniqueConstraints.map { unique in
            var unique = unique
            unique.columns = unique.columns.map(rename)
            return unique
        }
        result.implicitChecks = table.implicitChecks.map { check in
            var check = check
            check.column = rename(check.column)
            return check
        }
        // A trigger keeps the column it was made for: Postgres's calls a function written for that
        // column's name, so a renamed column needs its trigger made anew, not renamed.
        result.indexes = table.indexes.map { index in
            var index = index
            index.columns = index.columns.map { key in
                var key = key
                key.name = key.isExpression ? follow(key.name) : rename(key.name)
                return key
            }
            index.predicate = index.predicate.map(follow)
            return index
        }
        result.foreignKeys = table.foreignKeys.map { key in
            var key = key
            key.columns = key.columns.map(rename)
            let targetColumns = columnNames[key.referencedTable] ?? [:]
            key.referencedColumns = key.referencedColumns.map { targetColumns[$0] ?? $0 }
            key.referencedTable = tableNames[key.referencedTable] ?? key.referencedTable
            return key
        }
        return result
    }
}

/// The changes within one table that survives, old facts already in the new version's names.
///
/// What the table drops is dropped before its columns are renamed, so it is given as `original`
/// has it: the reverse adds it back once the renames are undone.
private struct TableDiff {
    /// The old table as the old version has it.
    let original: Table
    /// The old table in the new version's names, to compare with `new`.
    let old: Table
    let new: Table
    private(set) var changes: [SchemaChange] = []
    private(set) var foreignKeys: Matched<ForeignKey>

    init(
        original: Table, old: Table, new: Table, columnRenames: [(from: String, to: String)],
        valueRenames: [String: [(to: String, from: String)]]
    ) {
        self.original = original
        self.old = old
        self.new = new
        foreignKeys = Matched(old: old.foreignKeys, new: new.foreignKeys, name: \.name)
        plan(columnRenames: columnRenames, valueRenames: valueRenames)
    }

    private mutating func plan(
        columnRenames: [(from: String, to: String)], valueRenames: [String: [(to: String, from: String)]]
    ) {
        let table = new.name
        let primaryKey = Matched(
            old: old.primaryKey.map { [$0] } ?? [], new: new.primaryKey.map { [$0] } ?? [], name: \.name)
        let uniques = Matched(old: old.uniqueConstraints, new: new.uniqueConstraints, name: \.name)
        let checks = Matched(old: old.checks, new: new.checks, name: \.name)
        // An added column brings its implicit checks in its definition, a dropped one takes them.
        let kept = Set(old.columns.map(\.name)).intersection(new.columns.map(\.name))
        let implicitChecks = Matched(
            old: old.implicitChecks.filter { kept.contains($0.column) },
            new: new.implicitChecks.filter { kept.contains($0.column) }, name: \.name)
        let indexes = Matched(old: old.indexes, new: new.indexes, name: \.name)

        changes += indexes.dropped.map { .dropIndex(table: table, original(of: $0, in: \.indexes)) }
        changes += checks.dropped.map { .dropCheck(table: table, original(of: $0, in: \.checks)) }
        changes += implicitChecks.dropped.map {
            .dropImplicitCheck(table: table, original(of: $0, in: \.implicitChecks))
        }
        changes += uniques.dropped.map { .dropUnique(table: table, original(of: $0, in: \.uniqueConstraints)) }
        changes += primaryKey.dropped.map { .dropPrimaryKey(table: table, original.primaryKey ?? $0) }

        let triggers = Matched(old: old.triggers, new: new.triggers, name: \.name)
        changes += triggers.dropped.map { .dropTrigger(table: table, original(of: $0, in: \.triggers)) }

        let oldByName = Dictionary(old.columns.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let newNames = Set(new.columns.map(\.name))
        changes += columnRenames.map { .renameColumn(table: table, from: $0.from, to: $0.to) }
        for column in old.columns where !newNames.contains(column.name) {
            changes.append(.dropColumn(table: table, column))
        }
        for column in new.columns where oldByName[column.name] == nil {
            changes.append(.addColumn(table: table, column))
        }
        for column in new.columns {
            guard let previous = oldByName[column.name] else { continue }
            if previous.type != column.type || previous.isNullable != column.isNullable
                || previous.isIdentity != column.isIdentity || previous.defaultValue != column.defaultValue
            {
                changes.append(.alterColumn(table: table, from: previous, to: column))
            }
        }
        // Rows that hold a renamed value take its new name, between the old values' check going
        // and the new values' check coming.
        for column in new.columns {
            guard case .enumeration(.named(let name)) = column.type, oldByName[column.name]?.type == column.type
            else { continue }
            for rename in valueRenames[name] ?? [] {
                changes.append(.replaceValue(table: table, column: column.name, from: rename.from, to: rename.to))
            }
        }

        let constraintRenames =
            primaryKey.renamed.map { ($0.item.name, $0.to) } + uniques.renamed.map { ($0.item.name, $0.to) }
            + checks.renamed.map { ($0.item.name, $0.to) }
        for (from, to) in constraintRenames {
            changes.append(.renameConstraint(table: table, from: from, to: to))
        }
        changes += implicitChecks.renamed.map { .renameImplicitCheck(table: table, $0.item, to: $0.to) }
        changes += indexes.renamed.map { .renameIndex(table: table, from: $0.item.name, to: $0.to) }
        changes += primaryKey.added.map { .addPrimaryKey(table: table, $0) }
        changes += uniques.added.map { .addUnique(table: table, $0) }
        changes += checks.added.map { .addCheck(table: table, $0) }
        changes += implicitChecks.added.map { .addImplicitCheck(table: table, $0) }
        changes += indexes.added.map { .addIndex(table: table, $0) }

        if old.comment != new.comment {
            changes.append(.setTableComment(table: table, from: old.comment, to: new.comment))
        }
        for column in new.columns {
            guard let previous = oldByName[column.name], previous.comment != column.comment else { continue }
            changes.append(
                .setColumnComment(table: table, column: column.name, from: previous.comment, to: column.comment))
        }
        changes += triggers.renamed.map { .renameTrigger(table: table, from: $0.item.name, to: $0.to) }
        changes += triggers.added.map { .addTrigger(table: table, $0) }
    }
}

extension TableDiff {
    /// The original of a carried constraint or index: carrying keeps names.
    func original<Item: NamedItem>(of item: Item, in list: KeyPath<Table, [Item]>) -> Item {
        original[keyPath: list].first { $0.name == item.name } ?? item
    }
}

protocol NamedItem {
    var name: String { get }
}

extension ForeignKey: NamedItem {}
extension Index: NamedItem {}
extension CheckConstraint: NamedItem {}
extension UniqueConstraint: NamedItem {}
extension ImplicitCheck: NamedItem {}
extension UpdateTrigger: NamedItem {}

/// Two lists of named things matched by name, and by definition where only the name changed.
private struct Matched<Item: Hashable> {
    var dropped: [Item] = []
    var added: [Item] = []
    /// The old item, and its new name.
    var renamed: [(item: Item, to: String)] = []

    init(old: [Item], new: [Item], name: WritableKeyPath<Item, String>) {
        let oldByName = Dictionary(old.map { ($0[keyPath: name], $0) }, uniquingKeysWith: { first, _ in first })
        let newNames = Set(new.map { $0[keyPath: name] })
        var candidates = old.filter { !newNames.contains($0[keyPath: name]) }
        for item in new {
            if let previous = oldByName[item[keyPath: name]] {
                if previous != item {
                    dropped.append(previous)
                    added.append(item)
                }
                continue
            }
            if let index = candidates.firstIndex(where: { renamedTo($0, name: item[keyPath: name], key: name) == item })
            {
                renamed.append((candidates[index], item[keyPath: name]))
                candidates.remove(at: index)
            } else {
                added.append(item)
            }
        }
        dropped = candidates + dropped
    }

    private func renamedTo(_ item: Item, name: String, key: WritableKeyPath<Item, String>) -> Item {
        var copy = item
        copy[keyPath: key] = name
        return copy
    }
}
