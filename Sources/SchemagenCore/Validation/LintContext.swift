/// The schema and the settings every rule reads, with the lookups several rules share.
struct LintContext: Sendable {
    let schema: Schema
    let settings: RuleSettings
    let naming: Naming
    let targets: Set<Config.Target>
    /// The Swift renderer's names, so that rules about plurals and type names agree with it.
    let swiftNames: SwiftNames
    /// `schema.tables`. A rule reads a table of it in place (`tables[position].name`, or passed on
    /// as `tables[position]`); `for table in tables` would copy every `Table` it passes, a retain
    /// for each of its strings and arrays.
    let tables: [Table]
    /// `settings.reservedNames`, lowercased, as `column-name` and `reserved-name` compare them.
    let reservedNames: Set<String>
    /// The lengths of the reserved names, as `ReservedNameRule.isReserved` filters by them.
    let reservedLengths: UInt64
    /// The portability rule's scans of SQL texts, one cache per job (`forJob()`).
    private(set) var sqlScans = SQLScans()
    /// The position of each table by name (the first, should a name repeat, as
    /// `Schema.table(named:)` finds it): rules that follow every foreign key would otherwise
    /// search the table list once per key.
    private let positions: [String: Int]
    /// True when two tables share a name (the graph builder keeps one, but a hand-built schema may not).
    let hasRepeatedTableNames: Bool

    init(schema: Schema, settings: RuleSettings, naming: NamingConvention, targets: Set<Config.Target>) {
        self.schema = schema
        self.settings = settings
        self.naming = Naming(naming)
        self.targets = targets
        self.swiftNames = SwiftNames(massNouns: settings.massNouns)
        self.tables = schema.tables
        self.reservedNames = Set(settings.reservedNames.map { $0.lowercased() })
        self.reservedLengths = ReservedNameRule.lengths(of: reservedNames)
        var positions: [String: Int] = [:]
        positions.reserveCapacity(tables.count)
        var repeated = false
        for index in tables.indices {
            if positions[tables[index].name] == nil {
                positions[tables[index].name] = index
            } else {
                repeated = true
            }
        }
        self.positions = positions
        self.hasRepeatedTableNames = repeated
    }

    /// This context with caches of its own, for a job that runs beside others.
    func forJob() -> LintContext {
        var context = self
        context.sqlScans = SQLScans()
        return context
    }

    /// The position in `tables` of the table `schema.table(named:)` finds, by hash rather than by search.
    func position(ofTable name: String) -> Int? {
        positions[name]
    }

    /// The SQL dialects that will be generated.
    var dialects: Set<Config.Target> { targets.intersection([.postgres, .sqlite]) }

    /// The column lists of everything that is backed by an index in both dialects: the primary key,
    /// the unique constraints and the indexes (partial ones included), with the index's method.
    func indexedColumnLists(of table: borrowing Table) -> [IndexedColumns] {
        var lists: [IndexedColumns] = []
        lists.reserveCapacity(1 + table.uniqueConstraints.count + table.indexes.count)
        if let key = table.primaryKey { lists.append(IndexedColumns(columns: key.columns, isUnique: true)) }
        for constraint in table.uniqueConstraints {
            lists.append(IndexedColumns(columns: constraint.columns, isUnique: true))
        }
        for index in table.indexes { lists.append(IndexedColumns(index)) }
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
