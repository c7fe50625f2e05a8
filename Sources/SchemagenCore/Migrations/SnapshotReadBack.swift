/// What a snapshot gives back of each part of the graph: the parts it encodes, and every
/// annotation (`@Annotation`) at its default, as a snapshot holds none. These initializers are the
/// one list of those defaults: `SnapshotJSONReader` builds every value it reads through them, and
/// `asReadBack` (this schema's value standing in for its snapshot, `SnapshotDelta`) rebuilds a
/// value through them from its encoded parts, so the two cannot differ. Their parameters are in
/// the order the reader checks its keys, which decides the key a snapshot that misses several
/// names first. `SnapshotDeltaTests` sets every annotation of every part and checks that both
/// ways leave each at its default, and that every stored property is encoded or an annotation.
extension Table {
    init(
        readBack name: String, columns: [Column], primaryKey: PrimaryKey?, foreignKeys: [ForeignKey],
        uniqueConstraints: [UniqueConstraint], checks: [CheckConstraint], implicitChecks: [ImplicitCheck],
        indexes: [Index], comment: String?, triggers: [UpdateTrigger]
    ) {
        self.init(
            name: name, columns: columns, primaryKey: primaryKey, foreignKeys: foreignKeys,
            uniqueConstraints: uniqueConstraints, checks: checks, implicitChecks: implicitChecks, indexes: indexes,
            comment: comment, renamedFrom: .annotationDefault, mixins: .annotationDefault,
            swiftName: .annotationDefault, exceptions: .annotationDefault, file: .annotationDefault,
            location: .annotationDefault)
        self.triggers = triggers
        swiftNameLocation = .annotationDefault
    }

    /// The table as its snapshot reads it back, its parts too.
    var asReadBack: Table {
        Table(
            readBack: name, columns: columns.map(\.asReadBack), primaryKey: primaryKey?.asReadBack,
            foreignKeys: foreignKeys.map(\.asReadBack), uniqueConstraints: uniqueConstraints.map(\.asReadBack),
            checks: checks.map(\.asReadBack), implicitChecks: implicitChecks.map(\.asReadBack),
            indexes: indexes.map(\.asReadBack), comment: comment, triggers: triggers)
    }
}

extension EnumType {
    init(readBack name: String, values: [String], comment: String?) {
        self.init(name: name, values: values, comment: comment, file: .annotationDefault, location: .annotationDefault)
        renamedValues = .annotationDefault
    }

    var asReadBack: EnumType { EnumType(readBack: name, values: values, comment: comment) }
}

extension Column {
    init(
        readBack name: String, type: ColumnType, isNullable: Bool, isIdentity: Bool, defaultValue: DefaultValue?,
        autoUpdate: Bool, comment: String?
    ) {
        self.init(
            name: name, type: type, isNullable: isNullable, isIdentity: isIdentity, defaultValue: defaultValue,
            autoUpdate: autoUpdate, comment: comment, renamedFrom: .annotationDefault, exceptions: .annotationDefault,
            mixin: .annotationDefault, location: .annotationDefault)
    }

    var asReadBack: Column {
        Column(
            readBack: name, type: type, isNullable: isNullable, isIdentity: isIdentity, defaultValue: defaultValue,
            autoUpdate: autoUpdate, comment: comment)
    }
}

/// `PrimaryKey` and `UniqueConstraint`, which a snapshot holds alike (`NamedColumnsField`).
protocol NamedColumns {
    var name: String { get }
    var columns: [String] { get }
    init(name: String, columns: [String], location: SourceLocation)
}

extension NamedColumns {
    init(readBack name: String, columns: [String]) {
        self.init(name: name, columns: columns, location: .annotationDefault)
    }

    var asReadBack: Self { Self(readBack: name, columns: columns) }
}

extension PrimaryKey: NamedColumns {}
extension UniqueConstraint: NamedColumns {}

extension ForeignKey {
    /// `locationLength` too: 0, as `JSONDecoder` left it, not the init's 1.
    init(
        readBack name: String, columns: [String], referencedTable: String, referencedColumns: [String],
        onDelete: ReferentialAction?, onUpdate: ReferentialAction?
    ) {
        self.init(
            name: name, columns: columns, referencedTable: referencedTable, referencedColumns: referencedColumns,
            onDelete: onDelete, onUpdate: onUpdate, location: .annotationDefault, locationLength: .annotationDefault,
            onDeleteLocation: .annotationDefault, onUpdateLocation: .annotationDefault)
    }

    var asReadBack: ForeignKey {
        ForeignKey(
            readBack: name, columns: columns, referencedTable: referencedTable, referencedColumns: referencedColumns,
            onDelete: onDelete, onUpdate: onUpdate)
    }
}

extension CheckConstraint {
    init(readBack name: String, expression: String) {
        self.init(name: name, expression: expression, location: .annotationDefault)
    }

    var asReadBack: CheckConstraint { CheckConstraint(readBack: name, expression: expression) }
}

extension ImplicitCheck {
    init(readBack name: String, column: String, kind: Kind, databases: [Database]) {
        self.init(name: name, column: column, kind: kind, databases: databases, location: .annotationDefault)
    }

    var asReadBack: ImplicitCheck { ImplicitCheck(readBack: name, column: column, kind: kind, databases: databases) }
}

extension Index {
    /// `distance` as the snapshot holds it: the init fills in a vector index's default, a
    /// snapshot does not.
    init(
        readBack name: String, columns: [IndexColumn], isUnique: Bool, predicate: String?, method: IndexMethod,
        distance: VectorDistance?
    ) {
        self.init(
            name: name, columns: columns, isUnique: isUnique, predicate: predicate, method: method,
            isNamedExplicitly: .annotationDefault, exceptions: .annotationDefault, location: .annotationDefault)
        self.distance = distance
    }

    var asReadBack: Index {
        Index(
            readBack: name, columns: columns, isUnique: isUnique, predicate: predicate, method: method,
            distance: distance)
    }
}
