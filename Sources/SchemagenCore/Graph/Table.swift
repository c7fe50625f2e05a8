/// A table of the schema graph, with every name resolved and every derived name filled in.
public struct Table: Sendable, Hashable, Codable {
    public var name: String
    /// In DDL and Swift property order: mixin columns first, then the table's own.
    public var columns: [Column]
    public var primaryKey: PrimaryKey?
    public var foreignKeys: [ForeignKey]
    public var uniqueConstraints: [UniqueConstraint]
    /// The checks written in the schema.
    public var checks: [CheckConstraint]
    /// The checks schemagen adds to keep columns within their types (`ImplicitCheck.derive`), in
    /// column order; each names the databases that hold it.
    public var implicitChecks: [ImplicitCheck]
    public var indexes: [Index]
    /// The triggers of the `auto_update` columns, named.
    public var triggers: [UpdateTrigger] = []
    public var comment: String?
    @Annotation public var renamedFrom: String?
    @Annotation public var mixins: [String]
    /// The Swift type name the schema asked for (`swift_name`), overriding the derived one.
    @Annotation public var swiftName: String?
    /// Where `swift_name` is written, for findings about it.
    @Annotation public var swiftNameLocation: SourceLocation?
    @Annotation public var exceptions: [RuleException]
    /// The file that defines the table, relative to the project root.
    @Annotation public var file: String
    @Annotation public var location: SourceLocation

    public init(
        name: String, columns: [Column], primaryKey: PrimaryKey? = nil, foreignKeys: [ForeignKey] = [],
        uniqueConstraints: [UniqueConstraint] = [], checks: [CheckConstraint] = [],
        implicitChecks: [ImplicitCheck] = [], indexes: [Index] = [], comment: String? = nil, renamedFrom: String? = nil,
        mixins: [String] = [], swiftName: String? = nil,
        exceptions: [RuleException] = [], file: String, location: SourceLocation
    ) {
        self.name = name
        self.columns = columns
        self.primaryKey = primaryKey
        self.foreignKeys = foreignKeys
        self.uniqueConstraints = uniqueConstraints
        self.checks = checks
        self.implicitChecks = implicitChecks
        self.indexes = indexes
        self.comment = comment
        self.renamedFrom = renamedFrom
        self.mixins = mixins
        self.swiftName = swiftName
        self.exceptions = exceptions
        self.file = file
        self.location = location
    }

    public func column(named name: String) -> Column? {
        columns.first { $0.name == name }
    }

    /// The implicit checks of `column` that `database` holds.
    public func implicitChecks(on column: String, in database: ImplicitCheck.Database) -> [ImplicitCheck] {
        implicitChecks.filter { $0.column == column && $0.isHeld(by: database) }
    }

    /// Columns with `auto_update: true`, which need an update trigger.
    public var autoUpdateColumns: [Column] { columns.filter(\.autoUpdate) }

    /// Each trigger with the column it keeps current.
    public var triggeredColumns: [(trigger: UpdateTrigger, column: Column)] {
        triggers.compactMap { trigger in column(named: trigger.column).map { (trigger, $0) } }
    }
}

/// A named enum from `enums:`.
public struct EnumType: Sendable, Hashable, Codable {
    public var name: String
    public var values: [String]
    public var comment: String?
    /// New value → the value it was called before (`renamed_values`), for the differ.
    @Annotation public var renamedValues: [String: String] = [:]
    @Annotation public var file: String
    @Annotation public var location: SourceLocation

    public init(name: String, values: [String], comment: String? = nil, file: String, location: SourceLocation) {
        self.name = name
        self.values = values
        self.comment = comment
        self.file = file
        self.location = location
    }
}
