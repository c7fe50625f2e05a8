import Foundation

@testable import SchemagenCore

/// Random graph values drawn from every case of every enum a snapshot holds, with strings that
/// JSON must escape or keep as they are (quotes, backslashes, slashes, every kind of control
/// character, non-ASCII, surrogate pairs, canonically equivalent spellings), and extreme numbers.
enum RandomGraph {
    static let pieces = [
        "", "a", "users", "id", "Z", "_", "é", "e\u{301}", "\u{212B}", "Å", "𝄞", "😀", "中文", "\"", "\\", "/", "//",
        "\n", "\t", "\r", "\u{8}", "\u{C}", "\u{0}", "\u{1}", "\u{1F}", "\u{7F}", "\u{80}", "\u{2028}", "\u{FEFF}",
        "\u{212A}", " ", "{}", "[]", ":", ",", "ǅ", "\u{10FFFF}", "0", "-1", "null", "true",
    ]

    static func string(using random: inout Random) -> String {
        (0..<random.int(0...4)).map { _ in pieces[random.int(0...(pieces.count - 1))] }.joined()
    }

    static func int(using random: inout Random) -> Int {
        switch random.int(0...5) {
        case 0: [0, 1, -1, Int.max, Int.min, 1 << 53, (1 << 53) + 1, -(1 << 53) - 1][random.int(0...7)]
        case 1: Int.random(in: Int.min...Int.max, using: &random.generator)
        default: random.int(-5...2000)
        }
    }

    static func strings(using random: inout Random) -> [String] {
        (0..<random.int(0...3)).map { _ in string(using: &random) }
    }

    static func optional<T>(_ random: inout Random, _ make: (inout Random) -> T) -> T? {
        random.bool() ? make(&random) : nil
    }

    static func pick<T>(_ items: [T], _ random: inout Random) -> T { items[random.int(0...(items.count - 1))] }

    /// One sample of every case (the payloads are redrawn in `columnType`).
    static let columnTypes: [ColumnType] = [
        .uuid, .text, .varchar(length: 1), .smallint, .int, .bigint, .bool, .decimal(precision: 1, scale: 0), .real,
        .double, .date, .timestamptz, .timestamp, .json, .bytes, .vector(dimensions: 1), .enumeration(.named(name: "")),
    ]
    static let references: [EnumReference] = [.named(name: ""), .inline(values: [])]
    static let defaultValues: [DefaultValue] = [
        .string(""), .number(""), .bool(false), .json(""), .now, .uuid, .sql(RawSQL()),
    ]
    static let kinds: [ImplicitCheck.Kind] = [
        .values([]), .bool, .json, .length(0), .range(lower: "", upper: ""), .digits(precision: 0, scale: 0), .uuid,
        .date, .timestamp,
    ]

    static func columnType(using random: inout Random) -> ColumnType {
        switch pick(columnTypes, &random) {
        case .varchar: .varchar(length: int(using: &random))
        case .decimal: .decimal(precision: int(using: &random), scale: int(using: &random))
        case .vector: .vector(dimensions: int(using: &random))
        case .enumeration:
            random.bool()
                ? .enumeration(.named(name: string(using: &random)))
                : .enumeration(.inline(values: strings(using: &random)))
        case let other: other
        }
    }

    static func defaultValue(using random: inout Random) -> DefaultValue {
        switch pick(defaultValues, &random) {
        case .string: .string(string(using: &random))
        case .number: .number(string(using: &random))
        case .bool: .bool(random.bool())
        case .json: .json(string(using: &random))
        case .sql:
            .sql(
                RawSQL(
                    common: optional(&random) { string(using: &$0) },
                    postgres: optional(&random) { string(using: &$0) },
                    sqlite: optional(&random) { string(using: &$0) }))
        case let other: other
        }
    }

    static func kind(using random: inout Random) -> ImplicitCheck.Kind {
        switch pick(kinds, &random) {
        case .values: .values(strings(using: &random))
        case .length: .length(int(using: &random))
        case .range: .range(lower: string(using: &random), upper: string(using: &random))
        case .digits: .digits(precision: int(using: &random), scale: int(using: &random))
        case let other: other
        }
    }

    static func table(using random: inout Random, small: Bool) -> Table {
        let location = SourceLocation(file: "x.yaml", line: 3, column: 4)
        let count = small ? 2 : 4
        let columns = (0..<random.int(0...count)).map { _ in
            Column(
                name: string(using: &random), type: columnType(using: &random), isNullable: random.bool(),
                isIdentity: random.bool(), defaultValue: optional(&random) { defaultValue(using: &$0) },
                autoUpdate: random.bool(), comment: optional(&random) { string(using: &$0) },
                renamedFrom: optional(&random) { string(using: &$0) }, location: location)
        }
        let foreignKeys = (0..<random.int(0...2)).map { _ in
            ForeignKey(
                name: string(using: &random), columns: strings(using: &random), referencedTable: string(using: &random),
                referencedColumns: strings(using: &random),
                onDelete: optional(&random) { pick(ReferentialAction.allCases, &$0) },
                onUpdate: optional(&random) { pick(ReferentialAction.allCases, &$0) }, location: location,
                locationLength: 7)
        }
        let indexes = (0..<random.int(0...2)).map { _ in
            var index = Index(
                name: string(using: &random),
                columns: (0..<random.int(0...2)).map { _ in
                    IndexColumn(name: string(using: &random), descending: random.bool(), isExpression: random.bool())
                }, isUnique: random.bool(), predicate: optional(&random) { string(using: &$0) },
                method: pick(IndexMethod.allCases, &random), isNamedExplicitly: random.bool(), location: location)
            // Any distance, or none, whatever the method: the init's default is not the snapshot's.
            index.distance = optional(&random) { pick(VectorDistance.allCases, &$0) }
            return index
        }
        var table = Table(
            name: string(using: &random), columns: columns,
            primaryKey: optional(&random) {
                PrimaryKey(name: string(using: &$0), columns: strings(using: &$0), location: location)
            },
            foreignKeys: foreignKeys,
            uniqueConstraints: (0..<random.int(0...2)).map { _ in
                UniqueConstraint(name: string(using: &random), columns: strings(using: &random), location: location)
            },
            checks: (0..<random.int(0...2)).map { _ in
                CheckConstraint(name: string(using: &random), expression: string(using: &random), location: location)
            },
            implicitChecks: (0..<random.int(0...2)).map { _ in
                ImplicitCheck(
                    name: string(using: &random), column: string(using: &random), kind: kind(using: &random),
                    databases: (0..<random.int(0...2)).map { _ in pick(ImplicitCheck.Database.allCases, &random) },
                    location: location)
            }, indexes: indexes, comment: optional(&random) { string(using: &$0) }, file: string(using: &random),
            location: location)
        table.triggers = (0..<random.int(0...2)).map { _ in
            UpdateTrigger(name: string(using: &random), column: string(using: &random))
        }
        return table
    }

    static func snapshot(using random: inout Random, small: Bool = false) -> MigrationSnapshot {
        let tables = (0..<random.int(0...(small ? 2 : 5))).map { _ in table(using: &random, small: small) }
        let enums = (0..<random.int(0...2)).map { _ in
            EnumType(
                name: string(using: &random), values: strings(using: &random),
                comment: optional(&random) { string(using: &$0) }, file: "e.yaml", location: .annotationDefault)
        }
        var snapshot = MigrationSnapshot(schema: Schema(tables: tables, enums: enums))
        if random.int(0...3) == 0 {
            snapshot.tableFiles = Dictionary(
                (0..<random.int(0...4)).map { _ in (string(using: &random), string(using: &random)) },
                uniquingKeysWith: { first, _ in first })
        }
        if random.int(0...5) == 0 { snapshot.comment = string(using: &random) }
        return snapshot
    }
}

extension RandomGraph {
    /// `bytes` with one to three bytes removed, inserted or replaced anywhere, those inserted or
    /// put in drawn from `insertions`.
    static func corrupt(_ bytes: [UInt8], inserting insertions: [UInt8], using random: inout Random) -> [UInt8] {
        var bytes = bytes
        for _ in 0...random.int(0...2) {
            let at = random.int(0...(bytes.count - 1))
            switch random.int(0...2) {
            case 0: bytes.remove(at: at)
            case 1: bytes.insert(pick(insertions, &random), at: at)
            default: bytes[at] = pick(insertions, &random)
            }
        }
        return bytes
    }
}
