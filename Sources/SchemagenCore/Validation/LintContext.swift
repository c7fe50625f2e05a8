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
        lists += table.indexes.map(IndexedColumns.init)
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
    /// The predicate of a partial index.
    var predicate: String? = nil

    init(columns: [String], isUnique: Bool, method: IndexMethod = .btree, predicate: String? = nil) {
        self.columns = columns
        self.isUnique = isUnique
        self.method = method
        self.predicate = predicate
    }

    /// An index's leading columns: an expression key ends what a lookup by column can use, and
    /// makes uniqueness about the expression, not the columns.
    init(_ index: Index) {
        self.init(
            columns: index.leadingColumnNames, isUnique: index.isUnique && !index.hasExpressions,
            method: index.method, predicate: index.predicate)
    }

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
        // One column (most keys): the same comparison without two sets.
        if prefix.count == 1 { return columns[0] == prefix[0] }
        return Set(columns.prefix(prefix.count)) == Set(prefix)
    }

    /// True when every row that an equality lookup on `columns` can match is in the index: the
    /// index is whole, or its predicate only asks some of these columns to be non-null
    /// (`a IS NOT NULL AND b IS NOT NULL`), which `a = $1` implies. Any other predicate leaves
    /// rows out, and Postgres will not use the index for the lookup.
    func coversEveryLookup(on columns: [String]) -> Bool {
        guard let predicate else { return true }
        let tokens = SQLLexer(predicate, rules: .postgres).tokens.filter { $0.kind != .comment }
        // Parentheses around the whole predicate or a term do not change it.
        let words = tokens.filter { !($0.kind == .symbol && ($0.text == "(" || $0.text == ")")) }
        var index = 0
        while index < words.count {
            guard index + 3 < words.count,
                words[index].kind == .word || words[index].kind == .quotedIdentifier,
                columns.contains(words[index].text),
                words[(index + 1)...(index + 3)].map({ $0.kind == .word ? $0.text : "" }) == ["is", "not", "null"]
            else { return false }
            index += 4
            if index < words.count {
                guard words[index].kind == .word, words[index].text == "and" else { return false }
                index += 1
                guard index < words.count else { return false }
            }
        }
        return true
    }
}
