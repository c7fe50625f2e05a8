/// The schema as written, file by file: names still unresolved, every part with its position.
/// The graph builder turns these into a `Schema`.
struct SchemaDefinitions: Sendable {
    var tables: [TableDefinition] = []
    var enums: [EnumDefinition] = []
    var mixins: [MixinDefinition] = []
}

struct EnumDefinition: Sendable {
    var name: Located<String>
    var values: [Located<String>]
    /// `renamed_values: { new: old }`: values that were called otherwise, so that a migration
    /// renames them in the rows instead of removing one and adding the other.
    var renamedValues: [(new: Located<String>, old: Located<String>)] = []
    var comment: String?
    var file: String
}

struct MixinDefinition: Sendable {
    var name: Located<String>
    var columns: [ColumnDefinition]
    var indexes: [IndexDefinition]
}

struct TableDefinition: Sendable {
    var name: Located<String>
    var columns: [ColumnDefinition] = []
    /// Where `columns:` is written with nothing in it (`{}` or no value).
    var emptyColumnsLocation: SourceLocation?
    var primaryKey: [Located<String>]?
    var primaryKeyLocation: SourceLocation?
    var mixins: [Located<String>] = []
    var indexes: [IndexDefinition] = []
    var uniques: [UniqueDefinition] = []
    var checks: [CheckDefinition] = []
    var foreignKeys: [ForeignKeyDefinition] = []
    var comment: String?
    var renamedFrom: String?
    var swiftName: Located<String>?
    var exceptions: [RuleException] = []
    var file: String
}

struct ColumnDefinition: Sendable {
    var name: Located<String>
    var type: Located<TypeExpression>?
    var nullable: Located<Bool>?
    var isPrimaryKey = false
    var isIdentity = false
    var defaultValue: Located<DefaultDefinition>?
    var references: Located<String>?
    var onDelete: Located<ReferentialAction>?
    var onUpdate: Located<ReferentialAction>?
    var isUnique = false
    var isIndexed = false
    var check: Located<String>?
    var values: [Located<String>]?
    var autoUpdate: Located<Bool>?
    var comment: String?
    var renamedFrom: String?
    var exceptions: [RuleException] = []
    /// Set when the column comes from a mixin.
    var mixin: String?
}

/// A default before the column's type has given it a meaning.
enum DefaultDefinition: Sendable, Hashable {
    case scalar(YAMLScalar)
    case now
    case uuid
    /// JSON text from a YAML collection (`{}`, `[]`, or a richer literal).
    case json(String)
    case sql(RawSQL)
}

struct IndexDefinition: Sendable {
    var columns: [Located<String>]
    var name: Located<String>?
    var isUnique = false
    var predicate: Located<String>?
    var method: IndexMethod = .btree
    var distance: VectorDistance?
    var exceptions: [RuleException] = []
    var location: SourceLocation
}

struct UniqueDefinition: Sendable {
    var columns: [Located<String>]
    var name: Located<String>?
    var location: SourceLocation
}

struct CheckDefinition: Sendable {
    var name: Located<String>?
    var expression: Located<String>
    var location: SourceLocation
}

struct ForeignKeyDefinition: Sendable {
    var columns: [Located<String>]
    var referencedTable: Located<String>
    var referencedColumns: [Located<String>]?
    var onDelete: Located<ReferentialAction>?
    var onUpdate: Located<ReferentialAction>?
    var name: Located<String>?
    var location: SourceLocation
}
