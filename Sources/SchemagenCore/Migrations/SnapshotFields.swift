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
    static let keys = SnapshotKeys(Self.self, names: ["comment", "format", "schema", "tableFiles"])
}

/// The keys of a snapshot of changes (format 3, `SnapshotChange`).
enum SnapshotChangeField: Int, SnapshotFields {
    case comment, format, order, previous, removed, schema, tableFiles
    static let keys = SnapshotKeys(
        Self.self, names: ["comment", "format", "order", "previous", "removed", "schema", "tableFiles"])
}

/// The keys of a change's `order` and `removed`: names of enums and of tables.
enum SnapshotNamesField: Int, SnapshotFields {
    case enums, tables
    static let keys = SnapshotKeys(Self.self, names: ["enums", "tables"])
}

enum SchemaField: Int, SnapshotFields {
    case enums, tables
    static let keys = SnapshotKeys(Self.self, names: ["enums", "tables"])
}

enum EnumTypeField: Int, SnapshotFields {
    case comment, name, values
    static let keys = SnapshotKeys(Self.self, names: ["comment", "name", "values"])
}

enum TableField: Int, SnapshotFields {
    case checks, columns, comment, foreignKeys, implicitChecks, indexes, name, primaryKey, triggers, uniqueConstraints
    static let keys = SnapshotKeys(
        Self.self,
        names: [
            "checks", "columns", "comment", "foreignKeys", "implicitChecks", "indexes", "name", "primaryKey",
            "triggers", "uniqueConstraints",
        ])
}

enum ColumnField: Int, SnapshotFields {
    case autoUpdate, comment, defaultValue, isIdentity, isNullable, name, type
    static let keys = SnapshotKeys(
        Self.self, names: ["autoUpdate", "comment", "defaultValue", "isIdentity", "isNullable", "name", "type"])
}

enum ColumnTypeCase: Int, SnapshotFields {
    case bigint, bool, bytes, date, decimal, double, enumeration, int, json, real, smallint, text, timestamp
    case timestamptz, uuid, varchar, vector
    static let keys = SnapshotKeys(
        Self.self,
        names: [
            "bigint", "bool", "bytes", "date", "decimal", "double", "enumeration", "int", "json", "real", "smallint",
            "text", "timestamp", "timestamptz", "uuid", "varchar", "vector",
        ])
}

enum EnumReferenceCase: Int, SnapshotFields {
    case inline, named
    static let keys = SnapshotKeys(Self.self, names: ["inline", "named"])
}

enum DefaultValueCase: Int, SnapshotFields {
    case bool, json, now, number, sql, string, uuid
    static let keys = SnapshotKeys(Self.self, names: ["bool", "json", "now", "number", "sql", "string", "uuid"])
}

enum RawSQLField: Int, SnapshotFields {
    case common, postgres, sqlite
    static let keys = SnapshotKeys(Self.self, names: ["common", "postgres", "sqlite"])
}

/// `PrimaryKey` and `UniqueConstraint`.
enum NamedColumnsField: Int, SnapshotFields {
    case columns, name
    static let keys = SnapshotKeys(Self.self, names: ["columns", "name"])
}

enum ForeignKeyField: Int, SnapshotFields {
    case columns, name, onDelete, onUpdate, referencedColumns, referencedTable
    static let keys = SnapshotKeys(
        Self.self, names: ["columns", "name", "onDelete", "onUpdate", "referencedColumns", "referencedTable"])
}

enum CheckConstraintField: Int, SnapshotFields {
    case expression, name
    static let keys = SnapshotKeys(Self.self, names: ["expression", "name"])
}

enum ImplicitCheckField: Int, SnapshotFields {
    case column, databases, kind, name
    static let keys = SnapshotKeys(Self.self, names: ["column", "databases", "kind", "name"])
}

enum ImplicitCheckKindCase: Int, SnapshotFields {
    case bool, date, digits, json, length, range, timestamp, uuid, values
    static let keys = SnapshotKeys(
        Self.self, names: ["bool", "date", "digits", "json", "length", "range", "timestamp", "uuid", "values"])
}

enum IndexField: Int, SnapshotFields {
    case columns, distance, isUnique, method, name, predicate
    static let keys = SnapshotKeys(
        Self.self, names: ["columns", "distance", "isUnique", "method", "name", "predicate"])
}

enum IndexColumnField: Int, SnapshotFields {
    case descending, isExpression, name
    static let keys = SnapshotKeys(Self.self, names: ["descending", "isExpression", "name"])
}

enum UpdateTriggerField: Int, SnapshotFields {
    case column, name
    static let keys = SnapshotKeys(Self.self, names: ["column", "name"])
}

/// The only value of a case with one unlabeled associated value.
enum UnlabeledField: Int, SnapshotFields {
    case _0
    static let keys = SnapshotKeys(Self.self, names: ["_0"])
}

/// The values of `ColumnType.varchar(length:)`.
enum LengthField: Int, SnapshotFields {
    case length
    static let keys = SnapshotKeys(Self.self, names: ["length"])
}

/// The values of `ColumnType.decimal` and `ImplicitCheck.Kind.digits`.
enum PrecisionScaleField: Int, SnapshotFields {
    case precision, scale
    static let keys = SnapshotKeys(Self.self, names: ["precision", "scale"])
}

enum DimensionsField: Int, SnapshotFields {
    case dimensions
    static let keys = SnapshotKeys(Self.self, names: ["dimensions"])
}

enum RangeField: Int, SnapshotFields {
    case lower, upper
    static let keys = SnapshotKeys(Self.self, names: ["lower", "upper"])
}

enum NameField: Int, SnapshotFields {
    case name
    static let keys = SnapshotKeys(Self.self, names: ["name"])
}

enum ValuesField: Int, SnapshotFields {
    case values
    static let keys = SnapshotKeys(Self.self, names: ["values"])
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

    /// `names`: the cases' own names, in order, spelled out: `String(describing:)` of a case asks
    /// the runtime whether its type conforms to three protocols, a search of every conformance
    /// the process loaded, about 20 M instructions for these types on the first migration read or
    /// written. Debug builds (the tests) check them against the cases.
    init<Fields: SnapshotFields>(_ fields: Fields.Type, names: [String]) {
        assert(names == fields.allCases.map { String(describing: $0) }, "the keys of \(fields) are not its cases")
        self.init(names: names)
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
