/// A small schema as data, for the property test of the migrations: random tables (a uuid key,
/// columns of every common type, nullability, defaults, foreign keys of every `on_delete` kind,
/// indexes, unique constraints, checks, a named enum, comments, `auto_update`), random edits of
/// it drawn from the kinds of change a migration makes, and the YAML of each version.
///
/// The model keeps what the rows put in before the up allow (`MigrationRows`): a unique
/// constraint only on a column whose rows hold distinct values, a check its values pass, a type
/// change that converts them, an enum value removed that no row holds.
struct RandomSchema: CustomStringConvertible {
    struct Column {
        var name: String
        var type: String
        var nullable = false
        /// The YAML of `default:`.
        var defaultValue: String?
        var references: String?
        var onDelete: String?
        var renamedFrom: String?
        var autoUpdate = false
        var comment: String?
        /// Its rows hold distinct values (no default when they went in, a type that keeps them).
        var distinct = false
        /// Added by an edit: not in the version before, so not renamed or dropped.
        var isNew = false
        /// NOT NULL without a default in the version before: a down could not add it back to rows.
        var wasRequired = false
        /// Nullable in the version before: some rows hold NULL, which NOT NULL needs a default to fill.
        var wasNullable = false
        /// The type in the version before, if it was one.
        var baseType: String?
    }

    struct Index: Equatable {
        var columns: [String]
        var predicate: String?
        var method: String?
        var unique = false
    }

    struct Check {
        var name: String
        var column: String
    }

    struct Table {
        var name: String
        var renamedFrom: String?
        var columns: [Column]
        var indexes: [Index] = []
        var uniques: [[String]] = []
        var checks: [Check] = []
        var comment: String?
        var isNew = false
        /// Columns dropped by an edit: a column added under one of these names would continue the
        /// old one, as a type change the rows' values may not survive.
        var droppedColumns: [String] = []

        func column(_ name: String) -> Column? { columns.first { $0.name == name } }

        /// Two indexes, or an index and a unique constraint, whose derived names would be one.
        func clashes(_ index: Index) -> Bool {
            let implicit = columns.filter { $0.references != nil }.map { Index(columns: [$0.name]) }
            let same = (indexes + implicit).contains {
                $0.columns == index.columns && $0.method == index.method && $0.unique == index.unique
            }
            return same || (index.unique && uniques.contains(index.columns))
        }
    }

    var enumName = "mood"
    var enumValues = ["calm", "busy", "gone"]
    var tables: [Table] = []
    /// Tables dropped by an edit: a table of one of these names would continue the old one.
    var droppedNames: [String] = []

    // MARK: YAML

    var description: String { yaml }

    var yaml: String {
        var lines = ["enums:", "  \(enumName): [\(enumValues.joined(separator: ", "))]", "tables:"]
        for table in tables {
            lines.append("  \(table.name):")
            if let from = table.renamedFrom { lines.append("    renamed_from: \(from)") }
            if let comment = table.comment { lines.append("    comment: \(comment)") }
            lines.append("    columns:")
            for column in table.columns {
                var options = ["type: \"\(column.type)\(column.nullable ? "?" : "")\""]
                if column.name == "id" { options.append("primary_key: true") }
                if let value = column.defaultValue { options.append("default: \(value)") }
                if let target = column.references {
                    options.append("references: \(target)")
                    options.append("index: true")
                }
                if let action = column.onDelete { options.append("on_delete: \(action)") }
                if let from = column.renamedFrom { options.append("renamed_from: \(from)") }
                if column.autoUpdate { options.append("auto_update: true") }
                if let comment = column.comment { options.append("comment: \(comment)") }
                lines.append("      \(column.name): { \(options.joined(separator: ", ")) }")
            }
            if !table.uniques.isEmpty {
                lines.append("    unique:")
                lines += table.uniques.map { "      - [\($0.joined(separator: ", "))]" }
            }
            if !table.checks.isEmpty {
                lines.append("    checks:")
                for check in table.checks {
                    lines.append("      - { name: \(check.name), expr: \"\(checkExpression(check, in: table))\" }")
                }
            }
            if !table.indexes.isEmpty {
                lines.append("    indexes:")
                for index in table.indexes {
                    var options = ["columns: [\(index.columns.map { "\"\($0)\"" }.joined(separator: ", "))]"]
                    if let predicate = index.predicate { options.append("where: \"\(predicate)\"") }
                    if let method = index.method { options.append("using: \(method)") }
                    if index.unique { options.append("unique: true") }
                    lines.append("      - { \(options.joined(separator: ", ")) }")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func checkExpression(_ check: Check, in table: Table) -> String {
        let type = table.column(check.column)?.type ?? ""
        return Self.isText(type) ? "length(\(check.column)) < 100" : "\(check.column) >= 0"
    }

    static func isText(_ type: String) -> Bool { type == "text" || type.hasPrefix("varchar") }

    // MARK: Random schemas

    static let tableNames = ["accounts", "boards", "cards", "decks", "events", "files", "groups", "hosts"]
    static let columnNames = [
        "title", "size", "rank", "price", "due", "seen_at", "body", "flag", "data", "state", "code",
    ]
    /// Types and the defaults that fit them.
    static let types: [(type: String, defaults: [String])] = [
        ("text", ["hello", "''"]), ("varchar(40)", ["short"]), ("int", ["0", "7"]), ("bigint", ["1"]),
        ("smallint", ["2"]), ("bool", ["false", "true"]), ("decimal(10,2)", ["0", "1.5"]), ("double", ["2.5"]),
        ("date", []), ("timestamptz", ["now()"]), ("json", ["{}"]), ("mood", ["calm"]),
    ]

    static func defaults(of type: String) -> [String] {
        types.first { $0.type == type }?.defaults ?? []
    }

    /// The defaults that fit the column, and that the down converts back to its old type.
    static func defaults(for column: Column) -> [String] {
        if isText(column.type), let base = column.baseType, !isText(base) { return ["'0'", "'5'"] }
        return defaults(of: column.type)
    }

    /// Column types whose sample values are distinct row to row (`MigrationRows.sample`).
    static func keepsDistinct(_ type: String) -> Bool {
        ["text", "varchar(40)", "int", "bigint", "uuid"].contains(type)
    }

    static func random(using random: inout Random) -> RandomSchema {
        var schema = RandomSchema()
        let count = random.int(2...4)
        for position in 0..<count {
            schema.tables.append(schema.randomTable(named: tableNames[position], using: &random, withRows: true))
        }
        return schema
    }

    func randomTable(named name: String, using random: inout Random, withRows: Bool) -> Table {
        var table = Table(name: name, columns: [Column(name: "id", type: "uuid", defaultValue: "uuid()")])
        for name in random.pick(Self.columnNames, count: random.int(1...4)) {
            table.columns.append(randomColumn(named: name, using: &random, withRows: withRows))
        }
        if let parent = tables.filter({ $0.name != name }).randomElement(using: &random.generator), random.bool() {
            table.columns.append(randomForeignKey(to: parent.name, named: "\(parent.name)_id", using: &random))
        }
        if random.int(0...3) == 0 {
            table.columns.append(
                Column(name: "parent_id", type: "uuid", nullable: true, references: "\(name).id", onDelete: "set_null"))
        }
        if random.bool(), let column = table.columns.dropFirst().randomElement(using: &random.generator),
            !table.clashes(Index(columns: [column.name]))
        {
            table.indexes.append(Index(columns: [column.name]))
        }
        if let column = table.columns.dropFirst().first(where: \.distinct), random.bool() {
            table.uniques.append([column.name])
        }
        if let column = table.columns.first(where: { Self.isText($0.type) || $0.type == "int" }), random.bool() {
            table.checks.append(Check(name: "\(column.name)_ok", column: column.name))
        }
        if random.int(0...3) == 0 { table.comment = "Table \(name)" }
        if !withRows {
            table.isNew = true
            for index in table.columns.indices { table.columns[index].isNew = true }
        }
        return table
    }

    func randomColumn(named name: String, using random: inout Random, withRows: Bool) -> Column {
        let choice = Self.types[random.int(0...(Self.types.count - 1))]
        var column = Column(name: name, type: choice.type, nullable: random.bool())
        if !choice.defaults.isEmpty, column.nullable ? random.int(0...3) == 0 : random.bool() {
            column.defaultValue = choice.defaults[random.int(0...(choice.defaults.count - 1))]
        }
        // A NOT NULL column added to a table with rows needs a default.
        if !withRows, !column.nullable, column.defaultValue == nil {
            column.nullable = true
        }
        if choice.type == "timestamptz", column.defaultValue == "now()", random.bool() { column.autoUpdate = true }
        if random.int(0...4) == 0 { column.comment = "Column \(name)" }
        column.distinct = withRows && column.defaultValue == nil && Self.keepsDistinct(choice.type)
        column.isNew = !withRows
        column.wasRequired = withRows && !column.nullable && column.defaultValue == nil
        column.wasNullable = withRows && column.nullable
        column.baseType = withRows ? column.type : nil
        return column
    }

    func randomForeignKey(to parent: String, named name: String, using random: inout Random) -> Column {
        let nullable = random.bool()
        let actions: [String?] = nullable ? [nil, "cascade", "set_null"] : [nil, "cascade"]
        return Column(
            name: name, type: "uuid", nullable: nullable, references: "\(parent).id",
            onDelete: actions[random.int(0...(actions.count - 1))], distinct: true, wasRequired: !nullable)
    }
}

/// SplitMix64 over a seed drawn from the property checker's generator: the same seed, the same
/// schema and edits.
struct Random {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    var generator: Generator

    init(seed: UInt64) { generator = Generator(state: seed) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }
    mutating func bool() -> Bool { Bool.random(using: &generator) }
    mutating func pick<T>(_ items: [T], count: Int) -> [T] {
        Array(items.shuffled(using: &generator).prefix(count))
    }
}
