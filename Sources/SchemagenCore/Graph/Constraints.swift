/// The primary key of a table: one column or several (a join table's composite key).
public struct PrimaryKey: Sendable, Hashable, Codable {
    public var name: String
    public var columns: [String]
    @Annotation public var location: SourceLocation

    public init(name: String, columns: [String], location: SourceLocation) {
        self.name = name
        self.columns = columns
        self.location = location
    }
}

public enum ReferentialAction: String, Sendable, Hashable, Codable, CaseIterable {
    case cascade
    case setNull = "set_null"
    case setDefault = "set_default"
    case restrict
    case noAction = "no_action"

    /// The SQL spelling, the same in both dialects.
    public var sql: String {
        switch self {
        case .cascade: "CASCADE"
        case .setNull: "SET NULL"
        case .setDefault: "SET DEFAULT"
        case .restrict: "RESTRICT"
        case .noAction: "NO ACTION"
        }
    }
}

/// A foreign key, resolved: its columns and the referenced columns exist and line up.
public struct ForeignKey: Sendable, Hashable, Codable {
    public var name: String
    public var columns: [String]
    public var referencedTable: String
    public var referencedColumns: [String]
    public var onDelete: ReferentialAction?
    public var onUpdate: ReferentialAction?
    @Annotation public var location: SourceLocation
    /// How many characters at `location` the key is written in (`users.id`, or its `name`), for
    /// findings that underline it.
    @Annotation public var locationLength: Int
    /// Where `on_delete` and `on_update` are written, for findings about the actions.
    @Annotation public var onDeleteLocation: SourceLocation?
    @Annotation public var onUpdateLocation: SourceLocation?

    public init(
        name: String, columns: [String], referencedTable: String, referencedColumns: [String],
        onDelete: ReferentialAction? = nil, onUpdate: ReferentialAction? = nil,
        location: SourceLocation, locationLength: Int = 1, onDeleteLocation: SourceLocation? = nil,
        onUpdateLocation: SourceLocation? = nil
    ) {
        self.name = name
        self.columns = columns
        self.referencedTable = referencedTable
        self.referencedColumns = referencedColumns
        self.onDelete = onDelete
        self.onUpdate = onUpdate
        self.location = location
        self.locationLength = locationLength
        self.onDeleteLocation = onDeleteLocation
        self.onUpdateLocation = onUpdateLocation
    }
}

public struct UniqueConstraint: Sendable, Hashable, Codable {
    public var name: String
    public var columns: [String]
    @Annotation public var location: SourceLocation

    public init(name: String, columns: [String], location: SourceLocation) {
        self.name = name
        self.columns = columns
        self.location = location
    }
}

public struct CheckConstraint: Sendable, Hashable, Codable {
    public var name: String
    /// A SQL boolean expression, passed through as written.
    public var expression: String
    @Annotation public var location: SourceLocation

    public init(name: String, expression: String, location: SourceLocation) {
        self.name = name
        self.expression = expression
        self.location = location
    }
}

public enum IndexMethod: String, Sendable, Hashable, Codable, CaseIterable {
    case btree, gin, gist, hash, hnsw, ivfflat

    /// Methods that SQLite has no equivalent for; such an index is left out of SQLite with a comment.
    public var isPostgresOnly: Bool { self != .btree && self != .hash }

    /// pgvector's approximate nearest-neighbour methods, which index a vector with a distance.
    public var isVectorSearch: Bool { self == .hnsw || self == .ivfflat }
}

/// The distance a pgvector index orders by: it picks the operator class, and only queries that
/// order by the same operator (`<->`, `<=>`, `<#>`, `<+>`) can use the index.
public enum VectorDistance: String, Sendable, Hashable, Codable, CaseIterable {
    case l2, cosine
    case innerProduct = "inner_product"
    case l1

    /// pgvector's operator class for a `vector` column.
    public var operatorClass: String {
        switch self {
        case .l2: "vector_l2_ops"
        case .cosine: "vector_cosine_ops"
        case .innerProduct: "vector_ip_ops"
        case .l1: "vector_l1_ops"
        }
    }

    /// Whether `method` has this distance: ivfflat has no L1 operator class.
    public func isAvailable(in method: IndexMethod) -> Bool {
        method == .hnsw || (method == .ivfflat && self != .l1)
    }
}

/// One key of an index: a column, or an expression over the row (`lower(email)`).
public struct IndexColumn: Sendable, Hashable, Codable {
    /// The column's name, or the expression as written.
    public var name: String
    public var descending: Bool
    /// True when `name` is an SQL expression rather than a column.
    public var isExpression: Bool

    public init(name: String, descending: Bool = false, isExpression: Bool = false) {
        self.name = name
        self.descending = descending
        self.isExpression = isExpression
    }

    /// The column's name, or the expression's names and words joined by `_`, for derived names.
    public var namingKey: String {
        guard isExpression else { return name }
        let words = SQLLexer(name, rules: .postgres).tokens.filter { $0.kind == .word || $0.kind == .quotedIdentifier }
        let key = words.map { $0.text.lowercased() }.joined(separator: "_")
        return key.isEmpty ? "expression" : key
    }
}

public struct Index: Sendable, Hashable, Codable {
    public var name: String
    public var columns: [IndexColumn]
    public var isUnique: Bool
    /// The predicate of a partial index, as written.
    public var predicate: String?
    public var method: IndexMethod
    /// The distance of an `hnsw` or `ivfflat` index; nil for other methods.
    public var distance: VectorDistance?
    /// True when the schema named the index; derived names follow the naming convention.
    @Annotation public var isNamedExplicitly: Bool
    @Annotation public var exceptions: [RuleException]
    @Annotation public var location: SourceLocation

    public init(
        name: String, columns: [IndexColumn], isUnique: Bool = false, predicate: String? = nil,
        method: IndexMethod = .btree, distance: VectorDistance? = nil, isNamedExplicitly: Bool = false,
        exceptions: [RuleException] = [], location: SourceLocation
    ) {
        self.name = name
        self.columns = columns
        self.isUnique = isUnique
        self.predicate = predicate
        self.method = method
        self.distance = distance ?? (method.isVectorSearch ? .l2 : nil)
        self.isNamedExplicitly = isNamedExplicitly
        self.exceptions = exceptions
        self.location = location
    }

    /// The names of the indexed columns; expressions are left out.
    public var columnNames: [String] { columns.filter { !$0.isExpression }.map(\.name) }

    /// The columns the index is sorted by first, up to its first expression: what a lookup by
    /// those columns (a foreign key's, say) can use.
    public var leadingColumnNames: [String] { columns.prefix { !$0.isExpression }.map(\.name) }

    public var hasExpressions: Bool { columns.contains(where: \.isExpression) }

    /// What a derived name is made of: each column's name, or the words of an expression
    /// (`lower(email)` → `lower_email`).
    public var namingKeys: [String] { columns.map(\.namingKey) }
}
