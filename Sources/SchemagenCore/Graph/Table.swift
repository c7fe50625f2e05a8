/// A table of the schema graph, with every name resolved and every derived name filled in.
///
/// The parts live in one shared, copy-on-write box (`Fields`): a table has some twenty arrays and
/// strings, and every `for table in schema.tables` of a rule or renderer copied them all (a retain
/// each, and a release each when the copy ended), the largest single cost of reference counting
/// in a run. A copy is now one retain; a change to a shared table copies its box first, so a
/// table is still a plain value. `==`, hashing, `Codable` and `Mirror` see the parts, as before.
public struct Table: Sendable, Hashable, Codable {
    /// The table's parts, as `Table` held them itself before the box.
    struct Fields: Sendable, Hashable, Codable {
        var name: String
        var columns: [Column]
        var primaryKey: PrimaryKey?
        var foreignKeys: [ForeignKey]
        var uniqueConstraints: [UniqueConstraint]
        var checks: [CheckConstraint]
        var implicitChecks: [ImplicitCheck]
        var indexes: [Index]
        var triggers: [UpdateTrigger] = []
        var comment: String?
        @Annotation var renamedFrom: String?
        @Annotation var mixins: [String]
        @Annotation var swiftName: String?
        @Annotation var swiftNameLocation: SourceLocation?
        @Annotation var exceptions: [RuleException]
        @Annotation var file: String
        @Annotation var location: SourceLocation
    }

    private var box: TableBox

    /// The parts, read in place and changed in place once the box is this table's alone.
    private var fields: Fields {
        _read { yield box.pointer.pointee }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = TableBox(box.pointer.pointee) }
            yield &box.pointer.pointee
        }
    }

    public var name: String {
        get { fields.name }
        _modify { yield &fields.name }
    }
    /// In DDL and Swift property order: mixin columns first, then the table's own.
    public var columns: [Column] {
        get { fields.columns }
        _modify { yield &fields.columns }
    }
    public var primaryKey: PrimaryKey? {
        get { fields.primaryKey }
        _modify { yield &fields.primaryKey }
    }
    public var foreignKeys: [ForeignKey] {
        get { fields.foreignKeys }
        _modify { yield &fields.foreignKeys }
    }
    public var uniqueConstraints: [UniqueConstraint] {
        get { fields.uniqueConstraints }
        _modify { yield &fields.uniqueConstraints }
    }
    /// The checks written in the schema.
    public var checks: [CheckConstraint] {
        get { fields.checks }
        _modify { yield &fields.checks }
    }
    /// The checks schemagen adds to keep columns within their types (`ImplicitCheck.derive`), in
    /// column order; each names the databases that hold it.
    public var implicitChecks: [ImplicitCheck] {
        get { fields.implicitChecks }
        _modify { yield &fields.implicitChecks }
    }
    public var indexes: [Index] {
        get { fields.indexes }
        _modify { yield &fields.indexes }
    }
    /// The triggers of the `auto_update` columns, named.
    public var triggers: [UpdateTrigger] {
        get { fields.triggers }
        _modify { yield &fields.triggers }
    }
    public var comment: String? {
        get { fields.comment }
        _modify { yield &fields.comment }
    }
    /// An annotation (`@Annotation`: outside `==`, hashing and snapshots), like those below.
    public var renamedFrom: String? {
        get { fields.renamedFrom }
        _modify { yield &fields.renamedFrom }
    }
    public var mixins: [String] {
        get { fields.mixins }
        _modify { yield &fields.mixins }
    }
    /// The Swift type name the schema asked for (`swift_name`), overriding the derived one.
    public var swiftName: String? {
        get { fields.swiftName }
        _modify { yield &fields.swiftName }
    }
    /// Where `swift_name` is written, for findings about it.
    public var swiftNameLocation: SourceLocation? {
        get { fields.swiftNameLocation }
        _modify { yield &fields.swiftNameLocation }
    }
    public var exceptions: [RuleException] {
        get { fields.exceptions }
        _modify { yield &fields.exceptions }
    }
    /// The file that defines the table, relative to the project root.
    public var file: String {
        get { fields.file }
        _modify { yield &fields.file }
    }
    public var location: SourceLocation {
        get { fields.location }
        _modify { yield &fields.location }
    }

    public init(
        name: String, columns: [Column], primaryKey: PrimaryKey? = nil, foreignKeys: [ForeignKey] = [],
        uniqueConstraints: [UniqueConstraint] = [], checks: [CheckConstraint] = [],
        implicitChecks: [ImplicitCheck] = [], indexes: [Index] = [], comment: String? = nil, renamedFrom: String? = nil,
        mixins: [String] = [], swiftName: String? = nil,
        exceptions: [RuleException] = [], file: String, location: SourceLocation
    ) {
        box = TableBox(
            Fields(
                name: name, columns: columns, primaryKey: primaryKey, foreignKeys: foreignKeys,
                uniqueConstraints: uniqueConstraints, checks: checks, implicitChecks: implicitChecks,
                indexes: indexes, comment: comment, renamedFrom: renamedFrom, mixins: mixins, swiftName: swiftName,
                swiftNameLocation: nil, exceptions: exceptions, file: file, location: location))
    }

    public static func == (lhs: Table, rhs: Table) -> Bool {
        lhs.box === rhs.box || lhs.fields == rhs.fields
    }

    public func hash(into hasher: inout Hasher) {
        fields.hash(into: &hasher)
    }

    /// The parts' own coding: the same keys and values as when `Table` held them itself.
    public init(from decoder: any Decoder) throws {
        box = TableBox(try Fields(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try fields.encode(to: encoder)
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

extension Table: CustomReflectable {
    /// The parts, labelled as the stored properties they were (the snapshot codec's tests list
    /// them), not the box.
    public var customMirror: Mirror {
        Mirror(self, children: Mirror(reflecting: fields).children, displayStyle: .struct)
    }
}

/// A table's parts on the heap. Never changed while shared (`Table.fields` copies it first), so
/// handing one to another thread is as safe as handing over the value it holds.
private final class TableBox: @unchecked Sendable {
    /// Reached through a pointer rather than a stored `var`, so that reading a part needs no
    /// run-time exclusivity check; the box is the pointer's only owner.
    let pointer: UnsafeMutablePointer<Table.Fields>

    init(_ fields: Table.Fields) {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: fields)
    }

    deinit {
        pointer.deinitialize(count: 1)
        pointer.deallocate()
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
