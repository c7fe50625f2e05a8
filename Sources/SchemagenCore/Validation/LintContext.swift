/// The schema and the settings every rule reads, with the lookups several rules share.
struct LintContext: Sendable {
    let schema: Schema
    let settings: RuleSettings
    let naming: Naming
    let targets: Set<Config.Target>
    /// The Swift renderer's names, so that rules about plurals and type names agree with it.
    let swiftNames: SwiftNames
    /// The tables by name (the first, should a name repeat, as `Schema.table(named:)` finds it):
    /// rules that follow every foreign key would otherwise search the table list once per key.
    private let tablesByName: [String: Table]

    init(schema: Schema, settings: RuleSettings, naming: NamingConvention, targets: Set<Config.Target>) {
        self.schema = schema
        self.settings = settings
        self.naming = Naming(naming)
        self.targets = targets
        self.swiftNames = SwiftNames(massNouns: settings.massNouns)
        self.tablesByName = Dictionary(schema.tables.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// `schema.table(named:)`, by hash rather than by search.
    func table(named name: String) -> Table? {
        tablesByName[name]
    }

    /// The SQL dialects that will be generated.
    var dialects: Set<Config.Target> { targets.intersection([.postgres, .sqlite]) }

    /// The column lists of everything that is backed by an index in both dialects: the primary key,
    /// the unique constraints and the indexes (partial ones included), with the index's method.
    func indexedColumnLists(of table: Table) -> [IndexedColumns] {
        var lists: [IndexedColumns] = []
        if let key = table.primaryKey { lists.append(IndexedColumns(columns: key.columns, isUnique: true)) }
        lists += table.uniqueConstraints.map { IndexedColumns(columns: $0.columns, isUnique: true) }
        lists += table.indexes.map {
            IndexedColumns(
                columns: $0.leadingColumnNames, isUnique: $0.isUnique && !$0.hasExpressions, method: $0.method)
        }
        return lists
    }

    /// The singular of a table name, for suggested column names (`tasks` → `task`). A name ending in
    /// a mass noun is its own singular (`agent_memory`).
    func singular(ofTable name: String) -> String {
        if NameStyle.endsInMassNoun(name, massNouns: settings.massNouns) { return name }
        return swiftNames.singularTableName(name)
    }
}

/// The columns of an index-backed structure, in order.
struct IndexedColumns: Sendable, Hashable {
    var columns: [String]
    var isUnique: Bool
    var method: IndexMethod = .btree

    /// True when the structure can serve lookups on `prefix` (in any order among the first
    /// `prefix.count` columns, since equality lookups do not care about their order).
    func leads(with prefix: [String]) -> Bool {
        guard !prefix.isEmpty, columns.count >= prefix.count else { return false }
        switch method {
        case .btree: break
        // A hash index serves equality on exactly its one column.
        case .hash: guard columns.count == 1, prefix.count == 1 else { return false }
        default: return false
        }
        return Set(columns.prefix(prefix.count)) == Set(prefix)
    }
}
