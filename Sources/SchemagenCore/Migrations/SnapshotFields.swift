/// The keys of each object of a snapshot (format 1): the stored properties of the graph's types
/// that the synthesized `Codable` writes (annotations are left out), and the cases of its enums
/// with associated values. `SnapshotJSONReader` switches over them without `default`, so a key
/// added here does not compile until it is read; `SnapshotCodecTests` checks that every stored
/// property of every type is here, so a property added to the graph fails there until the reader
/// and the writer know it. A snapshot that misses a field misses a migration.
protocol SnapshotFields: CaseIterable, RawRepresentable<Int>, Sendable {
    static var keys: SnapshotKeys { get }
}

extension SnapshotFields {
    /// The key, as the synthesized `CodingKeys` spell it: the case's name.
    var name: String { Self.keys.names[rawValue] }
}

enum SnapshotField: Int, SnapshotFields {
    case comment, format, schema, tableFiles
    static let keys = SnapshotKeys(Self.self)
}

enum SchemaField: Int, SnapshotFields {
    case enums, tables
    static let keys = SnapshotKeys(Self.self)
}

enum EnumTypeField: Int, SnapshotFields {
    case comment, name, values
    static let keys = SnapshotKeys(Self.self)
}

enum TableField: Int, SnapshotFields {
    case checks, columns, comment, foreignKeys, implicitChecks, indexes, name, primaryKey, triggers, uniqueConstraints
    static let keys = SnapshotKeys(Self.self)
}

enum ColumnField: Int, SnapshotFields {
    case autoUpdate, comment, defaultValue, isIdentity, isNullable, name, type
    static let keys = SnapshotKeys(Self.self)
}

enum ColumnTypeCase: Int, SnapshotFields {
    case bigint, bool, bytes, date, decimal, double, enumeration, int, json, real, smallint, text, timestamp
    case timestamptz, uuid, varchar, vector
    static let keys = SnapshotKeys(Self.self)
}

enum EnumReferenceCase: Int, SnapshotFields {
    case inline, named
    static let keys = SnapshotKeys(Self.self)
}

enum DefaultValueCase: Int, SnapshotFields {
    case bool, json, now, number, sql, string, uuid
    static let keys = SnapshotKeys(Self.self)
}

enum RawSQLField: Int, SnapshotFields {
    case common, postgres, sqlite
    static let keys = SnapshotKeys(Self.self)
}

/// `PrimaryKey` and `UniqueConstraint`.
enum NamedColumnsField: Int, SnapshotFields {
    case columns, name
    static let keys = SnapshotKeys(Self.self)
}

enum ForeignKeyField: Int, SnapshotFields {
    case columns, name, onDelete, onUpdate, referencedColumns, referencedTable
    static let keys = SnapshotKeys(Self.self)
}

enum CheckConstraintField: Int, SnapshotFields {
    case expression, name
    static let keys = SnapshotKeys(Self.self)
}

enum ImplicitCheckField: Int, SnapshotFields {
    case column, databases, kind, name
    static let keys = SnapshotKeys(Self.self)
}

enum ImplicitCheckKindCase: Int, SnapshotFields {
    case bool, date, digits, json, length, range, timestamp, uuid, values
    static let keys = SnapshotKeys(Self.self)
}

enum IndexField: Int, SnapshotFields {
    case columns, distance, isUnique, method, name, predicate
    static let keys = SnapshotKeys(Self.self)
}

enum IndexColumnField: Int, SnapshotFields {
    case descending, isExpression, name
    static let keys = SnapshotKeys(Self.self)
}

enum UpdateTriggerField: Int, SnapshotFields {
    case column, name
    static let keys = SnapshotKeys(Self.self)
}

/// The only value of a case with one unlabeled associated value.
enum UnlabeledField: Int, SnapshotFields {
    case _0
    static let keys = SnapshotKeys(Self.self)
}

/// The values of `ColumnType.varchar(length:)`.
enum LengthField: Int, SnapshotFields {
    case length
    static let keys = SnapshotKeys(Self.self)
}

/// The values of `ColumnType.decimal` and `ImplicitCheck.Kind.digits`.
enum PrecisionScaleField: Int, SnapshotFields {
    case precision, scale
    static let keys = SnapshotKeys(Self.self)
}

enum DimensionsField: Int, SnapshotFields {
    case dimensions
    static let keys = SnapshotKeys(Self.self)
}

enum RangeField: Int, SnapshotFields {
    case lower, upper
    static let keys = SnapshotKeys(Self.self)
}

enum NameField: Int, SnapshotFields {
    case name
    static let keys = SnapshotKeys(Self.self)
}

enum ValuesField: Int, SnapshotFields {
    case values
    static let keys = SnapshotKeys(Self.self)
}

/// A case without associated values: `{}`, whatever keys it holds ignored, as the synthesized
/// decoder ignores them.
enum NoField: Int, SnapshotFields {
    case never
    static let keys = SnapshotKeys(names: [])
}

/// The keys of one object, as text for messages and as bytes for matching an unescaped key.
struct SnapshotKeys: Sendable {
    let names: [String]
    let bytes: [[UInt8]]

    init<Fields: SnapshotFields>(_ fields: Fields.Type) {
        self.init(names: fields.allCases.map { String(describing: $0) })
    }

    init(names: [String]) {
        self.names = names
        self.bytes = names.map { Array($0.utf8) }
    }

    /// The index of the key whose bytes are `key`, trying `hint` first (a snapshot lists the
    /// keys in order, so the one after the last is likely next).
    func index(of key: UnsafeBufferPointer<UInt8>, hint: Int) -> Int? {
        let count = bytes.count
        guard count > 0 else { return nil }
        var candidate = hint < count ? hint : 0
        for _ in 0..<count {
            if Self.equal(bytes[candidate], key) { return candidate }
            candidate = candidate + 1 == count ? 0 : candidate + 1
        }
        return nil
    }

    /// The index of the key that `key` equals as a `String` (canonically equivalent), as the
    /// synthesized decoder matches keys: for a key that was escaped or is not ASCII.
    func index(of key: String) -> Int? {
        names.firstIndex(of: key)
    }

    private static func equal(_ name: [UInt8], _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard name.count == key.count else { return false }
        for offset in 0..<name.count where name[offset] != key[offset] { return false }
        return true
    }
}
