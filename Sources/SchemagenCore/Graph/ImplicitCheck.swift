/// A CHECK that schemagen adds by itself, to keep a column's values within its logical type where a
/// database's own column type does not: an enum or a uuid stored as text, a boolean stored as 0/1,
/// JSON, dates and timestamps stored as text, numbers within their type's range.
///
/// The graph builder derives these once (`derive`), named by the naming convention's `check`
/// template with `{column}_{suffix}` as the check's name (`ck_tasks_status_values`). The dialects
/// only render them; a written check of the same name is a `duplicate-name` finding; and a schema
/// differ finds every constraint a database holds in the graph, these included.
public struct ImplicitCheck: Sendable, Hashable, Codable {
    /// What the check keeps the column to. Each kind's SQL is the dialect's.
    public enum Kind: Sendable, Hashable, Codable {
        /// An enum stored as text: one of its values.
        case values([String])
        /// A boolean stored as an integer: 0 or 1.
        case bool
        /// Text that is valid JSON.
        case json
        /// `varchar(n)` with `sqlite.strict_varchar`: at most `n` characters.
        case length(Int)
        /// A number within its type's range (`smallint`, `int`, `real`), bounds as SQL literals.
        case range(lower: String, upper: String)
        /// A `decimal(precision, scale)`: at most `precision - scale` digits before the point.
        case digits(precision: Int, scale: Int)
        /// A uuid as 8-4-4-4-12 hex text.
        case uuid
        /// A date as `YYYY-MM-DD`, naming a day that exists.
        case date
        /// A timestamp as ISO-8601 text: `YYYY-MM-DD`, `T` or a space, `HH:MM[:SS[.fff]]`, an
        /// optional `Z` or `±HH:MM`.
        case timestamp

        /// The end of the check's name, after the column's (`status_values`).
        public var suffix: String {
            switch self {
            case .values: "values"
            case .bool: "bool"
            case .json: "json"
            case .length: "length"
            case .range, .digits: "range"
            case .uuid: "uuid"
            case .date: "date"
            case .timestamp: "timestamp"
            }
        }
    }

    /// The databases schemagen renders for.
    public enum Database: String, Sendable, Hashable, Codable, CaseIterable {
        case postgres, sqlite
    }

    /// The storage choices of the config that decide which database needs which check.
    public struct Policy: Sendable, Hashable, Codable {
        /// `postgres.native_enums`: a named enum is a Postgres type, which holds its values itself.
        public var nativeEnums: Bool
        /// `postgres.uuid_type`: `varchar(36)` takes any text, so it gets a uuid check.
        public var uuidStorage: UUIDStorage
        /// `sqlite.strict_varchar`: SQLite's `varchar(n)` gets a length check.
        public var strictVarchar: Bool

        public init(
            nativeEnums: Bool = false, uuidStorage: UUIDStorage = .uuid, strictVarchar: Bool = false
        ) {
            self.nativeEnums = nativeEnums
            self.uuidStorage = uuidStorage
            self.strictVarchar = strictVarchar
        }
    }

    public var name: String
    public var column: String
    public var kind: Kind
    /// The databases that hold the check, in `Database` order; the others' column types keep the
    /// values in range by themselves.
    public var databases: [Database]
    /// The column's, for findings about the check's name.
    @Annotation public var location: SourceLocation

    public init(name: String, column: String, kind: Kind, databases: [Database], location: SourceLocation) {
        self.name = name
        self.column = column
        self.kind = kind
        self.databases = databases
        self.location = location
    }

    public func isHeld(by database: Database) -> Bool { databases.contains(database) }

    /// The implicit checks of `columns` of `table`, in column order: at most one per column.
    /// `enums` holds the named enums by name: a column of one has the enum's values in its check,
    /// as the database holds them in each table.
    public static func derive(
        table: String, columns: [Column], naming: Naming, policy: Policy, enums: [String: EnumType]
    ) -> [ImplicitCheck] {
        columns.compactMap { column in
            guard let (kind, databases) = kind(of: column.type, policy: policy, enums: enums) else { return nil }
            return ImplicitCheck(
                name: naming.check(table: table, name: "\(column.name)_\(kind.suffix)"), column: column.name,
                kind: kind, databases: databases, location: column.location)
        }
    }

    /// The check that keeps a value within `type`, and the databases whose own column type does not.
    static func kind(of type: ColumnType, policy: Policy, enums: [String: EnumType]) -> (Kind, [Database])? {
        switch type {
        case .enumeration(.named(let name)):
            guard let values = enums[name]?.values else { return nil }
            return (.values(values), policy.nativeEnums ? [.sqlite] : [.postgres, .sqlite])
        case .enumeration(.inline(let values)):
            // An inline enum has no name, so it never becomes a native type.
            return (.values(values), [.postgres, .sqlite])
        case .uuid:
            return (.uuid, policy.uuidStorage == .varchar36 ? [.postgres, .sqlite] : [.sqlite])
        case .bool: return (.bool, [.sqlite])
        case .json: return (.json, [.sqlite])
        case .varchar(let length): return policy.strictVarchar ? (.length(length), [.sqlite]) : nil
        case .smallint: return (.range(lower: String(Int16.min), upper: String(Int16.max)), [.sqlite])
        case .int: return (.range(lower: String(Int32.min), upper: String(Int32.max)), [.sqlite])
        // The largest finite `Float`, as a double: SQLite's REAL is 8 bytes, Postgres's real 4.
        case .real: return (.range(lower: "-3.4028234663852886e38", upper: "3.4028234663852886e38"), [.sqlite])
        case .decimal(let precision, let scale): return (.digits(precision: precision, scale: scale), [.sqlite])
        case .date: return (.date, [.sqlite])
        case .timestamp, .timestamptz: return (.timestamp, [.sqlite])
        // bigint is SQLite's own integer, double its REAL; text, bytes and vectors take any value
        // of their storage class, which a STRICT table enforces.
        case .bigint, .double, .text, .bytes, .vector: return nil
        }
    }
}
