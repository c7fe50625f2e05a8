import Foundation

/// Reads a migration snapshot (format 1 or 2: the same JSON, laid out two ways) from its JSON
/// into the values `JSONDecoder` made of it with the synthesized `Codable`, without Codable (1.65
/// G instructions for the 9 MB of 1,000 tables): straight from the bytes into the graph's types,
/// no tree in between. Each value is built through its `init(readBack:)` (`SnapshotReadBack.swift`),
/// which leaves every annotation at its default, as `JSONDecoder` did.
///
/// It reads any JSON, not only what `SnapshotJSONWriter` writes, so that a snapshot edited by hand
/// or by a merge tool reads as `JSONDecoder` read it: keys in any order, any whitespace, escapes
/// (`\u` and surrogate pairs included), a number such as `1.0` or `1e2` where a whole number is
/// expected, `null` for an absent optional, unknown keys ignored, the first of duplicate keys
/// kept, one trailing comma in an array or object (swift-foundation's scanner takes it), keys matched as `String`s (canonically equivalent ones too), a UTF-8 byte-order mark or
/// UTF-16/32 input. Like `JSONDecoder`, what it does not decode it checks only for structure.
/// `SnapshotCodecTests` compares it with `JSONDecoder` on the repository's snapshots, on random
/// schemas and on random rewritings and corruptions of them.
struct SnapshotJSONReader {
    private let input: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var depth = 0

    /// swift-foundation's limit on nested arrays and objects.
    private static let maximumDepth = 512

    private init(_ input: UnsafeBufferPointer<UInt8>) {
        self.input = input
    }

    // MARK: Entry

    /// The snapshot in `bytes`, or why it cannot be read, with the reasons `MigrationSnapshot.decode`
    /// always gave: not JSON, another format, or no schema (with where and why).
    static func decode(_ bytes: [UInt8]) -> Result<MigrationSnapshot, SnapshotError> {
        withUTF8(bytes) { (input) -> Result<MigrationSnapshot, SnapshotError> in
            guard let input else { return .failure(SnapshotError(reason: "it is not JSON")) }
            var reader = SnapshotJSONReader(input)
            let failure: SnapshotReadError
            do throws(SnapshotReadError) {
                let snapshot = try reader.snapshot()
                if MigrationSnapshot.wholeFormats.contains(snapshot.format) { return .success(snapshot) }
                return .failure(formatError(snapshot.format))
            } catch {
                failure = error
            }
            // As before: a snapshot that does not read is explained by its format first, so an
            // older or newer one says so rather than naming the first field it lacks.
            var scanner = SnapshotJSONReader(input)
            switch scanner.header() {
            case .notJSON: return .failure(SnapshotError(reason: "it is not JSON"))
            case .notObject: return .failure(SnapshotError(reason: "it is not JSON: it is not an object"))
            case .formatNotWhole: return .failure(SnapshotError(reason: "its \"format\" is not a whole number"))
            case .format(let format) where !MigrationSnapshot.wholeFormats.contains(format ?? 0):
                return .failure(formatError(format))
            case .format:
                return .failure(
                    SnapshotError(reason: "it does not hold a schema (\(failure.description(in: input)))"))
            }
        }
    }

    /// The snapshot file in `bytes`: whole (as `decode` reads it), or a change (format 3).
    static func read(_ bytes: [UInt8]) -> Result<SnapshotFile, SnapshotError> {
        let change = withUTF8(bytes) { (input) -> Result<SnapshotChange, SnapshotError>? in
            guard let input else { return nil }
            var scanner = SnapshotJSONReader(input)
            guard case .format(SnapshotChange.format) = scanner.header() else { return nil }
            var reader = SnapshotJSONReader(input)
            do throws(SnapshotReadError) {
                return .success(try reader.change())
            } catch {
                return .failure(
                    SnapshotError(reason: "it does not hold a change of a schema (\(error.description(in: input)))"))
            }
        }
        return change?.map(SnapshotFile.change) ?? decode(bytes).map(SnapshotFile.whole)
    }

    /// Why a snapshot in `format` is not read as a whole one.
    private static func formatError(_ format: Int?) -> SnapshotError {
        if format == SnapshotChange.format {
            return SnapshotError(reason: "it holds the changes since the migration before, not a whole schema")
        }
        let formats = MigrationSnapshot.readableFormats.map(String.init)
        return SnapshotError(
            reason:
                "it is in snapshot format \(format.map(String.init) ?? "0"), and this schemagen reads formats \(formats.dropLast().joined(separator: ", ")) and \(formats.last!)"
        )
    }

    /// `bytes` as UTF-8 without a byte-order mark, as `JSONDecoder` takes them: UTF-8, or
    /// UTF-16 or UTF-32 by their mark or their zero bytes (RFC 4627); nil when they do not convert.
    private static func withUTF8<T>(_ bytes: [UInt8], _ body: (UnsafeBufferPointer<UInt8>?) -> T) -> T {
        let byte = { (offset: Int) -> UInt8? in offset < bytes.count ? bytes[offset] : nil }
        let encoding: String.Encoding
        let mark: Int
        switch (byte(0), byte(1), byte(2), byte(3)) {
        case (0, 0, 0xFE, 0xFF): (encoding, mark) = (.utf32BigEndian, 4)
        case (0xFE, 0xFF, 0, 0): (encoding, mark) = (.utf32LittleEndian, 4)
        case (0xFE, 0xFF, _, _): (encoding, mark) = (.utf16BigEndian, 2)
        case (0xFF, 0xFE, _, _): (encoding, mark) = (.utf16LittleEndian, 2)
        case (0xEF, 0xBB, 0xBF, _): (encoding, mark) = (.utf8, 3)
        case (0, 0, 0, .some(let last)) where last != 0: (encoding, mark) = (.utf32BigEndian, 0)
        case (0, .some(let a), 0, .some(let b)) where a != 0 && b != 0: (encoding, mark) = (.utf16BigEndian, 0)
        case (.some(let first), 0, 0, 0) where first != 0: (encoding, mark) = (.utf32LittleEndian, 0)
        case (.some(let a), 0, .some(let b), 0) where a != 0 && b != 0: (encoding, mark) = (.utf16LittleEndian, 0)
        case (0, .some(let last), nil, nil) where last != 0: (encoding, mark) = (.utf16BigEndian, 0)
        case (.some(let first), 0, nil, nil) where first != 0: (encoding, mark) = (.utf16LittleEndian, 0)
        default: (encoding, mark) = (.utf8, 0)
        }
        if encoding == .utf8 {
            return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[mark...])) }
        }
        guard let text = String(bytes: bytes[mark...], encoding: encoding) else { return body(nil) }
        return Array(text.utf8).withUnsafeBufferPointer { body($0) }
    }

    // MARK: Parts read alone

    /// An enum of the schema (an element of `schema.enums`) alone in `bytes`, read as `decode`
    /// reads it in place; `nil` when it does not read or anything but whitespace follows it
    /// (`SnapshotDelta`).
    static func enumType(in bytes: UnsafeBufferPointer<UInt8>) -> EnumType? {
        part(bytes, depth: 3) { reader throws(SnapshotReadError) in try reader.enumType() }
    }

    /// A table of the schema (an element of `schema.tables`) alone in `bytes`, as `enumType(in:)`.
    static func table(in bytes: UnsafeBufferPointer<UInt8>) -> Table? {
        part(bytes, depth: 3) { reader throws(SnapshotReadError) in try reader.table() }
    }

    /// The snapshot's `tableFiles` alone in `bytes`, as `enumType(in:)`.
    static func tableFiles(in bytes: UnsafeBufferPointer<UInt8>) -> [String: String]? {
        part(bytes, depth: 1) { reader throws(SnapshotReadError) in try reader.stringDictionary() }
    }

    /// `read` of `bytes` at `depth` (the arrays and objects around the part in a snapshot, which
    /// count towards `maximumDepth`), to their end.
    private static func part<Value>(
        _ bytes: UnsafeBufferPointer<UInt8>, depth: Int,
        _ read: (inout SnapshotJSONReader) throws(SnapshotReadError) -> Value
    ) -> Value? {
        var reader = SnapshotJSONReader(bytes)
        reader.depth = depth
        do throws(SnapshotReadError) {
            let value = try read(&reader)
            try reader.end()
            return value
        } catch {
            return nil
        }
    }

    // MARK: The snapshot

    private mutating func snapshot() throws(SnapshotReadError) -> MigrationSnapshot {
        var comment: String?
        var format: Int?
        var schema: Schema?
        var tableFiles: [String: String]?
        try object(SnapshotField.self) { reader, field throws(SnapshotReadError) in
            switch field {
            case .comment: comment = try reader.string()
            case .format: format = try reader.int()
            case .schema: schema = try reader.schema()
            case .tableFiles: tableFiles = try reader.stringDictionary()
            }
        }
        try end()
        return MigrationSnapshot(
            comment: try required(comment, SnapshotField.comment), format: try required(format, SnapshotField.format),
            schema: try required(schema, SnapshotField.schema),
            tableFiles: try required(tableFiles, SnapshotField.tableFiles))
    }

    /// A snapshot of changes (format 3): `order` may be left out, and either list in it.
    private mutating func change() throws(SnapshotReadError) -> SnapshotChange {
        var comment: String?
        var format: Int?
        var order: (enums: [String]?, tables: [String]?) = (nil, nil)
        var previous: String?
        var removed: (enums: [String]?, tables: [String]?)?
        var schema: Schema?
        var tableFiles: [String: String]?
        try object(SnapshotChangeField.self) { reader, field throws(SnapshotReadError) in
            switch field {
            case .comment: comment = try reader.string()
            case .format: format = try reader.int()
            case .order: order = try reader.names()
            case .previous: previous = try reader.string()
            case .removed: removed = try reader.names()
            case .schema: schema = try reader.schema()
            case .tableFiles: tableFiles = try reader.stringDictionary()
            }
        }
        try end()
        _ = try required(format, SnapshotChangeField.format)
        let gone = try required(removed, SnapshotChangeField.removed)
        let changed = try required(schema, SnapshotChangeField.schema)
        var change = SnapshotChange(
            previous: try required(previous, SnapshotChangeField.previous), enums: changed.enums,
            tables: changed.tables, removedEnums: try required(gone.enums, SnapshotNamesField.enums),
            removedTables: try required(gone.tables, SnapshotNamesField.tables),
            tableFiles: try required(tableFiles, SnapshotChangeField.tableFiles), enumOrder: order.enums,
            tableOrder: order.tables)
        change.comment = try required(comment, SnapshotChangeField.comment)
        return change
    }

    /// `{"enums": [...], "tables": [...]}`, either left out.
    private mutating func names() throws(SnapshotReadError) -> (enums: [String]?, tables: [String]?) {
        var names: (enums: [String]?, tables: [String]?) = (nil, nil)
        try object(SnapshotNamesField.self) { reader, field throws(SnapshotReadError) in
            switch field {
            case .enums: names.enums = try reader.strings()
            case .tables: names.tables = try reader.strings()
            }
        }
        return names
    }

    private mutating func schema() throws(SnapshotReadError) -> Schema {
        var enums: [EnumType]?
        var tables: [Table]?
        let start = position
        try object(SchemaField.self) { reader, field throws(SnapshotReadError) in
            switch field {
            case .enums: enums = try reader.array { reader throws(SnapshotReadError) in try reader.enumType() }
            case .tables: tables = try reader.array { reader throws(SnapshotReadError) in try reader.table() }
            }
        }
        return Schema(
            tables: try required(tables, SchemaField.tables, at: start),
            enums: try required(enums, SchemaField.enums, at: start))
    }

    private mutating func enumType() throws(SnapshotReadError) -> EnumType {
        var comment: String?
        var name: String?
        var values: [String]?
        let start = position
        try object(EnumTypeField.self) { reader, field throws(SnapshotReadError) in
            switch field {
            case .comment: comment = try reader.optionalString()
            case .name: name = try reader.string()
            case .values: values = try reader.strings()
            }
        }
        return EnumType(
            readBack: try required(name, EnumTypeField.name, at: start),
            values: try required(values, EnumTypeField.values, at: start), comment: comment)
    }

    private mutating func table() throws(SnapshotReadError) -> Table {
        var checks: [CheckConstraint]?
        var columns: [Column]?
        var comment: String?
        var foreignKeys: [ForeignKey]?
        var implicitChecks: [ImplicitCheck]?
        var indexes: [Index]?
        var name: String?
        var primaryKey: PrimaryKey?
        var triggers: [UpdateTrigger]?
        var uniqueConstraints: [UniqueConstraint]?
        let start = position
        try object(TableField.self) { reader, field throws(SnapshotReadError) in
            switch field {
            case .checks: checks = try reader.array { reader throws(SnapshotReadError) in try reader.check() }
            case .columns: columns = try reader.array { reader throws(SnapshotReadError) in try reader.column() }
            case .comment: comment = try reader.optionalString()
            case .foreignKeys:
                foreignKeys = try reader.array { reader throws(SnapshotReadError) in try reader.foreignKey() }
            case .implicitChecks:
                implicitChecks = try reader.array { reader throws(SnapshotReadError) in try reader.implicitCheck() }
            case .indexes: indexes = try reader.array { reader throws(SnapshotReadError) in try reader.index() }
            case .name: name = try reader.string()
            case .primaryKey:
                primaryKey = try reader.optional { reader throws(SnapshotReadError) in
                    let (columns, name) = try reader.namedColumns()
                    return PrimaryKey(readBack: name, columns: columns)
                }
            case .triggers: triggers = try reader.array { reader throws(SnapshotReadError) in try reader.trigger() }
            case .uniqueConstraints:
                uniqueConstraints = try reader.array { reader throws(SnapshotReadError) in
                    let (columns, name) = try reader.namedColumns()
                    return UniqueConstraint(readBack: name, columns: columns)
                }
            }
        }
        return Table(
            readBack: try required(name, TableField.name, at: start),
            columns: try required(columns, TableField.columns, at: start), primaryKey: primaryKey,
            foreignKeys: try required(foreignKeys, TableField.foreignKeys, at: start),
            uniqueConstraints: try required(uniqueConstraints, TableField.uniqueConstraints, at: start),
            checks: try required(checks, TableField.checks, at: start),
            implicitChecks: try required(implicitChecks, TableField.implicitChecks, at: start),
            indexes: try required(indexes, TableField.indexes, at: start), comment: comment,
            triggers: try required(triggers, TableField.triggers, at: start))
    }

    private mutating func column() throws(SnapshotReadError) -> Column {
        var autoUpdate: Bool?
        var comment: String?
        var defaultValue: DefaultValue?
        var isIdentity: Bool?
        var isNullable: Bool?
        var name: String?
        var type: ColumnType?
        let start = position
        try object(ColumnField.self) { reader, field throws(SnapshotReadError) in
            switch field {
            case .autoUpdate: autoUpdate = try reader.bool()
            case .comment: comment = try reader.optionalString()
            case .defaultValue:
                defaultValue = try reader.optional { reader throws(SnapshotReadError) in try reader.defaultValue() }
            case .isIdentity: isIdentity = try reader.bool()
            case .isNullable: isNullable = try reader.bool()
            case .name: name = try reader.string()
            case .type: type = try reader.columnType()
            }
        }
        return Column(
            readBack: try required(name, ColumnField.name, at: start),
            type: try required(type, ColumnField.type, at: start),
            isNullable: try required(isNullable, ColumnField.isNullable, at: start),
            isIdentity: try required(isIdentity, ColumnField.isIdentity, at: start), defaultValue: defaultValue,
            autoUpdate: try required(autoUpdate, ColumnField.autoUpdate, at: start), comment: comment)
    }

    private mutating func columnType() throws(SnapshotReadError) -> ColumnType {
        try enumCase(ColumnTypeCase.self) { reader, kind throws(SnapshotReadError) in
            switch kind {
            case .bigint: try reader.noValues(); return .bigint
            case .bool: try reader.noValues(); return .bool
            case .bytes: try reader.noValues(); return .bytes
            case .date: try reader.noValues(); return .date
            case .decimal:
                let (precision, scale) = try reader.precisionScale()
                return .decimal(precision: precision, scale: scale)
            case .double: try reader.noValues(); return .double
            case .enumeration:
                return .enumeration(
                    try reader.unlabeled { reader throws(SnapshotReadError) in try reader.enumReference() })
            case .int: try reader.noValues(); return .int
            case .json: try reader.noValues(); return .json
            case .real: try reader.noValues(); return .real
            case .smallint: try reader.noValues(); return .smallint
            case .text: try reader.noValues(); return .text
            case .timestamp: try reader.noValues(); return .timestamp
            case .timestamptz: try reader.noValues(); return .timestamptz
            case .uuid: try reader.noValues(); return .uuid
            case .varchar:
                return .varchar(
                    length: try reader.single(LengthField.length) { r throws(SnapshotReadError) in try r.int() })
            case .vector:
                return .vector(
                    dimensions: try reader.single(DimensionsField.dimensions) { r throws(SnapshotReadError) in
                        try r.int()
                    })
            }
        }
    }

    private mutating func enumReference() throws(SnapshotReadError) -> EnumReference {
        try enumCase(EnumReferenceCase.self) { reader, kind throws(SnapshotReadError) in
            switch kind {
            case .inline:
                return .inline(
                    values: try reader.single(ValuesField.values) { r throws(SnapshotReadError) in try r.strings() })
            case .named:
                return .named(name: try reader.single(NameField.name) { r throws(SnapshotReadError) in try r.string() })
            }
        }
    }

    private mutating func defaultValue() throws(SnapshotReadError) -> DefaultValue {
        try enumCase(DefaultValueCase.self) { reader, kind throws(SnapshotReadError) in
            switch kind {
            case .bool: return .bool(try reader.unlabeled { r throws(SnapshotReadError) in try r.bool() })
            case .json: return .json(try reader.unlabeled { r throws(SnapshotReadError) in try r.string() })
            case .now: try reader.noValues(); return .now
            case .number: return .number(try reader.unlabeled { r throws(SnapshotReadError) in try r.string() })
            case .sql: return .sql(try reader.unlabeled { r throws(SnapshotReadError) in try r.rawSQL() })
            case .string: return .string(try reader.unlabeled { r throws(SnapshotReadError) in try r.string() })
            case .uuid: try reader.noValues(); return .uuid
            }
        }
    }

    private mutating func rawSQL() throws(SnapshotReadError) -> RawSQL {
        var sql = RawSQL()
        try object(RawSQLField.self) { reader, field throws(SnapshotReadError) in
            switch field {
            case .common: sql.common = try reader.optionalString()
            case .postgres: sql.postgres = try reader.optionalString()
            case .sqlite: sql.sqlite = try reader.optionalString()
            }
        }
        return sql
    }

    /// A `PrimaryKey` or a `UniqueConstraint`.
    private mutating func namedColumns() throws(SnapshotReadError) -> (columns: [String], name: String) {
        var columns: [String]?
        var name: String?
        let start = position
        try object(NamedColumnsField.self) { reader, field throws(SnapshotReadError) in
            switch field {
            case .columns: columns = try reader.strings()
            case .name: name = try reader.string()
            }
        }
        return (
            try required(columns, NamedColumnsField.columns, at: start),
            try required(name, NamedColumnsField.name, at: start)
        )
    }

    private mutating func foreignKey() throws(SnapshotReadError) -> ForeignKey {
        var columns: [String]?
        var name: String?
        var onDelete: ReferentialAction?
        var onUpdate: ReferentialAction?
        var referencedColumns: [String]?
        var referencedTable: String?
        let start = position
        try object(ForeignKeyField.self) { reader, field throws(SnapshotReadError) in
            switch field {
            case .columns: columns = try reader.strings()
            case .name: name = try reader.string()
            case .onDelete: onDelete = try reader.optional { r throws(SnapshotReadError) in try r.rawValue() }
            case .onUpdate: onUpdate = try reader.optional { r throws(SnapshotReadError) in try r.rawValue() }
            case .referencedColumns: referencedColumns = try reader.strings()
            case .referencedTable: referencedTable = try reader.string()
            }
        }
        return ForeignKey(
            readBack: try required(name, ForeignKeyField.name, at: start),
            columns: try required(columns, ForeignKeyField.columns, at: start),
            referencedTable: try required(referencedTable, ForeignKeyField.referencedTable, at: start),
            referencedColumns: try required(referencedColumns, ForeignKeyField.referencedColumns, at: start),
            onDelete: onDelete, onUpdate: onUpdate)
    }

    private mutating func check() throws(SnapshotReadError) -> CheckConstraint {
        var expression: String?
        var name: String?
        let start = position
        try object(CheckConstraintField.self) { reader, field throws(SnapshotReadError) in
            switch field {
            case .expression: expression = try reader.string()
            case .name: name = try reader.string()
            }
        }
        return CheckConstraint(
            readBack: try required(name, CheckConstraintField.name, at: start),
            expression: try required(expression, CheckConstraintField.expression, at: start))
    }

    private mutating func implicitCheck() throws(SnapshotReadError) -> ImplicitCheck {
        var column: String?
        var databases: [ImplicitCheck.Database]?
        var kind: ImplicitCheck.Kind?
        var name: String?
        let start = position
        try object(ImplicitCheckField.self) { reader, field throws(SnapshotReadError) in
            switch field {
            case .column: column = try reader.string()
            case .databases: databases = try reader.array { r throws(SnapshotReadError) in try r.rawValue() }
            case .kind: kind = try reader.implicitCheckKind()
            case .name: name = try reader.string()
            }
        }
        return ImplicitCheck(
            readBack: try required(name, ImplicitCheckField.name, at: start),
            column: try required(column, ImplicitCheckField.column, at: start),
            kind: try required(kind, ImplicitCheckField.kind, at: start),
            databases: try required(databases, ImplicitCheckField.databases, at: start))
    }

    private mutating func implicitCheckKind() throws(SnapshotReadError) -> ImplicitCheck.Kind {
        try enumCase(ImplicitCheckKindCase.self) { reader, kind throws(SnapshotReadError) in
            switch kind {
            case .bool: try reader.noValues(); return .bool
            case .date: try reader.noValues(); return .date
            case .digits:
                let (precision, scale) = try reader.precisionScale()
                return .digits(precision: precision, scale: scale)
            case .json: try reader.noValues(); return .json
            case .length: return .length(try reader.unlabeled { r throws(SnapshotReadError) in try r.int() })
            case .range:
                var lower: String?
                var upper: String?
                let start = reader.position
                try reader.object(RangeField.self) { reader, field throws(SnapshotReadError) in
                    switch field {
                    case .lower: lower = try reader.string()
                    case .upper: upper = try reader.string()
                    }
                }
                return .range(
                    lower: try reader.required(lower, RangeField.lower, at: start),
                    upper: try reader.required(upper, RangeField.upper, at: start))
            case .timestamp: try reader.noValues(); return .timestamp
            case .uuid: try reader.noValues(); return .uuid
            case .values: return .values(try reader.unlabeled { r throws(SnapshotReadError) in try r.strings() })
            }
        }
    }

    private mutating func index() throws(SnapshotReadError) -> Index {
        var columns: [IndexColumn]?
        var distance: VectorDistance?
        var isUnique: Bool?
        var method: IndexMethod?
        var name: String?
        var predicate: String?
        let start = position
        try object(IndexField.self) { reader, field throws(SnapshotReadError) in
            switch field {
            case .columns: columns = try reader.array { r throws(SnapshotReadError) in try r.indexColumn() }
            case .distance: distance = try reader.optional { r throws(SnapshotReadError) in try r.rawValue() }
            case .isUnique: isUnique = try reader.bool()
            case .method: method = try reader.rawValue()
            case .name: name = try reader.string()
            case .predicate: predicate = try reader.optionalString()
            }
        }
        return Index(
            readBack: try required(name, IndexField.name, at: start),
            columns: try required(columns, IndexField.columns, at: start),
            isUnique: try required(isUnique, IndexField.isUnique, at: start), predicate: predicate,
            method: try required(method, IndexField.method, at: start), distance: distance)
    }

    private mutating func indexColumn() throws(SnapshotReadError) -> IndexColumn {
        var descending: Bool?
        var isExpression: Bool?
        var name: String?
        let start = position
        try object(IndexColumnField.self) { reader, field throws(SnapshotReadError) in
            switch field {
            case .descending: descending = try reader.bool()
            case .isExpression: isExpression = try reader.bool()
            case .name: name = try reader.string()
            }
        }
        return IndexColumn(
            name: try required(name, IndexColumnField.name, at: start),
            descending: try required(descending, IndexColumnField.descending, at: start),
            isExpression: try required(isExpression, IndexColumnField.isExpression, at: start))
    }

    private mutating func trigger() throws(SnapshotReadError) -> UpdateTrigger {
        var column: String?
        var name: String?
        let start = position
        try object(UpdateTriggerField.self) { reader, field throws(SnapshotReadError) in
            switch field {
            case .column: column = try reader.string()
            case .name: name = try reader.string()
            }
        }
        return UpdateTrigger(
            name: try required(name, UpdateTriggerField.name, at: start),
            column: try required(column, UpdateTriggerField.column, at: start))
    }

    // MARK: Shapes of the synthesized Codable

    /// An enum case with associated values: an object of exactly one known key (unknown ones are
    /// ignored, as the synthesized decoder ignores them), whose value `read` reads.
    private mutating func enumCase<Cases: SnapshotFields, Value>(
        _ cases: Cases.Type, _ read: (inout SnapshotJSONReader, Cases) throws(SnapshotReadError) -> Value
    ) throws(SnapshotReadError) -> Value {
        var value: Value?
        let start = position
        try object(Cases.self) { reader, kind throws(SnapshotReadError) in
            guard value == nil else {
                throw reader.error(
                    "more than one case of \(Cases.self) (expected one of the keys \(Cases.keys.names))", at: start)
            }
            value = try read(&reader, kind)
        }
        guard let value else {
            throw error("no case of \(Cases.self) (expected one of the keys \(Cases.keys.names))", at: start)
        }
        return value
    }

    /// The value of a case without associated values: an object, its keys ignored.
    private mutating func noValues() throws(SnapshotReadError) {
        try object(NoField.self) { _, _ throws(SnapshotReadError) in }
    }

    /// The value of a case with one unlabeled associated value: `{ "_0" : value }`.
    private mutating func unlabeled<Value>(
        _ read: (inout SnapshotJSONReader) throws(SnapshotReadError) -> Value
    ) throws(SnapshotReadError) -> Value {
        try single(UnlabeledField._0, read)
    }

    /// An object whose one field is `field`: the values of a case with one labeled value.
    private mutating func single<Fields: SnapshotFields, Value>(
        _ field: Fields, _ read: (inout SnapshotJSONReader) throws(SnapshotReadError) -> Value
    ) throws(SnapshotReadError) -> Value {
        var value: Value?
        let start = position
        try object(Fields.self) { reader, _ throws(SnapshotReadError) in value = try read(&reader) }
        return try required(value, field, at: start)
    }

    private mutating func precisionScale() throws(SnapshotReadError) -> (precision: Int, scale: Int) {
        var precision: Int?
        var scale: Int?
        let start = position
        try object(PrecisionScaleField.self) { reader, field throws(SnapshotReadError) in
            switch field {
            case .precision: precision = try reader.int()
            case .scale: scale = try reader.int()
            }
        }
        return (
            try required(precision, PrecisionScaleField.precision, at: start),
            try required(scale, PrecisionScaleField.scale, at: start)
        )
    }

    /// `null` or an absent key is nil, as `decodeIfPresent` has it.
    private mutating func optional<Value>(
        _ read: (inout SnapshotJSONReader) throws(SnapshotReadError) -> Value
    ) throws(SnapshotReadError) -> Value? {
        if try null() { return nil }
        return try read(&self)
    }

    private mutating func optionalString() throws(SnapshotReadError) -> String? {
        if try null() { return nil }
        return try string()
    }

    private mutating func rawValue<Value: RawRepresentable<String>>() throws(SnapshotReadError) -> Value {
        let start = position
        let text = try string()
        guard let value = Value(rawValue: text) else {
            throw error("\(Value.self) has no value \(Self.quoted(text))", at: start)
        }
        return value
    }

    private mutating func strings() throws(SnapshotReadError) -> [String] {
        try array { reader throws(SnapshotReadError) in try reader.string() }
    }

    /// `tableFiles`: any keys; of equal keys (as `String`s) the first, as `JSONDecoder` keeps it.
    private mutating func stringDictionary() throws(SnapshotReadError) -> [String: String] {
        var result: [String: String] = [:]
        try open(SnapshotByte.openBrace, "an object")
        guard try firstMember() else { return result }
        repeat {
            let key = try string()
            try colon()
            if result[key] == nil {
                do throws(SnapshotReadError) { result[key] = try string() } catch {
                    throw error.inside(Self.quoted(key))
                }
            } else {
                try skipValue()
            }
        } while try nextMember()
        return result
    }

    private func required<Value, Fields: SnapshotFields>(
        _ value: Value?, _ field: Fields, at start: Int? = nil
    ) throws(SnapshotReadError) -> Value {
        guard let value else {
            throw error("the key \"\(field.name)\" is missing", at: start ?? position)
        }
        return value
    }

    // MARK: Objects and arrays

    /// Reads an object whose keys are `Fields`: `member` reads the value of the first occurrence
    /// of each known key; unknown keys and later duplicates are skipped (checked only as JSON).
    private mutating func object<Fields: SnapshotFields>(
        _ fields: Fields.Type, _ member: (inout SnapshotJSONReader, Fields) throws(SnapshotReadError) -> Void
    ) throws(SnapshotReadError) {
        try open(SnapshotByte.openBrace, "an object")
        guard try firstMember() else { return }
        let keys = Fields.keys
        var seen: UInt64 = 0
        var hint = 0
        repeat {
            let index = try key(in: keys, hint: hint)
            try colon()
            if let index, seen & (1 << UInt64(index)) == 0, let field = Fields(rawValue: index) {
                seen |= 1 << UInt64(index)
                hint = index + 1
                do throws(SnapshotReadError) { try member(&self, field) } catch {
                    throw error.inside(keys.names[index])
                }
            } else {
                try skipValue()
            }
        } while try nextMember()
    }

    private mutating func array<Element>(
        _ element: (inout SnapshotJSONReader) throws(SnapshotReadError) -> Element
    ) throws(SnapshotReadError) -> [Element] {
        try open(SnapshotByte.openBracket, "an array")
        var result: [Element] = []
        guard try firstElement() else { return result }
        repeat {
            do throws(SnapshotReadError) { result.append(try element(&self)) } catch {
                throw error.inside("[\(result.count)]")
            }
        } while try nextElement()
        return result
    }

    /// The bracket `opening` (after whitespace), or a type mismatch.
    private mutating func open(_ opening: UInt8, _ expected: String) throws(SnapshotReadError) {
        skipWhitespace()
        guard position < input.count, input[position] == opening else { throw mismatch(expected) }
        try enter()
    }

    private mutating func enter() throws(SnapshotReadError) {
        guard depth < Self.maximumDepth else { throw error("arrays and objects nested too deeply") }
        depth += 1
        position += 1
    }

    /// After `{`: false (and the object closed) when it is empty.
    private mutating func firstMember() throws(SnapshotReadError) -> Bool {
        skipWhitespace()
        guard position < input.count else { throw unexpectedEnd() }
        if input[position] == SnapshotByte.closeBrace {
            position += 1
            depth -= 1
            return false
        }
        return true
    }

    private mutating func nextMember() throws(SnapshotReadError) -> Bool {
        skipWhitespace()
        guard position < input.count else { throw unexpectedEnd() }
        switch input[position] {
        case SnapshotByte.comma:
            position += 1
            // A trailing comma, which swift-foundation's scanner takes.
            skipWhitespace()
            if position < input.count, input[position] == SnapshotByte.closeBrace {
                position += 1
                depth -= 1
                return false
            }
            return true
        case SnapshotByte.closeBrace:
            position += 1
            depth -= 1
            return false
        default: throw error("expected ',' or '}' in an object, found \(found())")
        }
    }

    private mutating func firstElement() throws(SnapshotReadError) -> Bool {
        skipWhitespace()
        guard position < input.count else { throw unexpectedEnd() }
        if input[position] == SnapshotByte.closeBracket {
            position += 1
            depth -= 1
            return false
        }
        return true
    }

    private mutating func nextElement() throws(SnapshotReadError) -> Bool {
        skipWhitespace()
        guard position < input.count else { throw unexpectedEnd() }
        switch input[position] {
        case SnapshotByte.comma:
            position += 1
            // A trailing comma, which swift-foundation's scanner takes.
            skipWhitespace()
            if position < input.count, input[position] == SnapshotByte.closeBracket {
                position += 1
                depth -= 1
                return false
            }
            return true
        case SnapshotByte.closeBracket:
            position += 1
            depth -= 1
            return false
        default: throw error("expected ',' or ']' in an array, found \(found())")
        }
    }

    /// A key of an object, matched against `keys`: by its bytes when it is plain ASCII, as a
    /// decoded `String` otherwise.
    private mutating func key(in keys: SnapshotKeys, hint: Int) throws(SnapshotReadError) -> Int? {
        skipWhitespace()
        guard position < input.count, input[position] == SnapshotByte.quote else {
            throw error("expected a key (a string) in an object, found \(found())")
        }
        let start = position + 1
        var end = start
        var bits: UInt8 = 0
        while end < input.count {
            let byte = input[end]
            if byte == SnapshotByte.quote || byte == SnapshotByte.backslash || byte < 0x20 { break }
            bits |= byte
            end += 1
        }
        if end < input.count, input[end] == SnapshotByte.quote, bits < 0x80 {
            position = end + 1
            return keys.index(of: UnsafeBufferPointer(rebasing: input[start..<end]), hint: hint)
        }
        return keys.index(of: try string())
    }

    private mutating func colon() throws(SnapshotReadError) {
        skipWhitespace()
        guard position < input.count, input[position] == SnapshotByte.colon else {
            throw error("expected ':' after a key, found \(found())")
        }
        position += 1
    }

    private mutating func end() throws(SnapshotReadError) {
        skipWhitespace()
        guard position == input.count else { throw error("expected the end after the snapshot, found \(found())") }
    }

    // MARK: Scalars

    private mutating func null() throws(SnapshotReadError) -> Bool {
        skipWhitespace()
        guard position < input.count, input[position] == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    private mutating func bool() throws(SnapshotReadError) -> Bool {
        skipWhitespace()
        guard position < input.count else { throw unexpectedEnd() }
        switch input[position] {
        case UInt8(ascii: "t"):
            try literal("true")
            return true
        case UInt8(ascii: "f"):
            try literal("false")
            return false
        default: throw mismatch("true or false")
        }
    }

    private mutating func literal(_ word: StaticString) throws(SnapshotReadError) {
        let count = word.utf8CodeUnitCount
        guard input.count - position >= count else { throw unexpectedEnd() }
        for offset in 0..<count where input[position + offset] != word.utf8Start[offset] {
            throw error("expected \(word), found \(found())")
        }
        position += count
    }

    /// A whole number that fits an `Int`, as `JSONDecoder` takes one: digits, or a number with a
    /// fraction or an exponent whose value is whole (`1.0`, `1e2`).
    private mutating func int() throws(SnapshotReadError) -> Int {
        skipWhitespace()
        guard position < input.count else { throw unexpectedEnd() }
        let start = position
        let first = input[position]
        guard first == UInt8(ascii: "-") || Self.isDigit(first) else { throw mismatch("a number") }
        while position < input.count, Self.isNumberByte(input[position]) { position += 1 }
        let token = UnsafeBufferPointer(rebasing: input[start..<position])
        let shape = Self.numberShape(token)
        guard shape.valid else {
            throw error("\(Self.text(token)) is not a valid number", at: start)
        }
        if shape.isPlainInteger {
            var value = 0
            let negative = token[0] == UInt8(ascii: "-")
            for byte in token.dropFirst(negative ? 1 : 0) {
                let digit = Int(byte &- UInt8(ascii: "0"))
                let (times, overflowA) = value.multipliedReportingOverflow(by: 10)
                let (next, overflowB) =
                    negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
                guard !overflowA, !overflowB else {
                    throw error("\(Self.text(token)) does not fit an Int", at: start)
                }
                value = next
            }
            return value
        }
        // JSONDecoder's slow path: through a Double while that is exact, then exactly.
        if let double = Double(Self.text(token)), let value = Int(exactly: double), double.magnitude < 0x1p53 {
            return value
        }
        guard let value = Self.exactInteger(token) else {
            throw error("\(Self.text(token)) is not a whole number that fits an Int", at: start)
        }
        return value
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    /// The bytes swift-foundation's scanner takes into a number token.
    private static func isNumberByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }

    /// Whether `token` is a JSON number, and whether it is digits only.
    private static func numberShape(_ token: UnsafeBufferPointer<UInt8>) -> (isPlainInteger: Bool, valid: Bool) {
        var index = 0
        if index < token.count, token[index] == UInt8(ascii: "-") { index += 1 }
        guard index < token.count else { return (false, false) }
        if token[index] == UInt8(ascii: "0") {
            index += 1
        } else if isDigit(token[index]) {
            while index < token.count, isDigit(token[index]) { index += 1 }
        } else {
            return (false, false)
        }
        var plain = true
        if index < token.count, token[index] == UInt8(ascii: ".") {
            plain = false
            index += 1
            guard index < token.count, isDigit(token[index]) else { return (false, false) }
            while index < token.count, isDigit(token[index]) { index += 1 }
        }
        if index < token.count, token[index] == UInt8(ascii: "e") || token[index] == UInt8(ascii: "E") {
            plain = false
            index += 1
            if index < token.count, token[index] == UInt8(ascii: "+") || token[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < token.count, isDigit(token[index]) else { return (false, false) }
            while index < token.count, isDigit(token[index]) { index += 1 }
        }
        return (plain, index == token.count)
    }

    /// The exact value of a valid number token when it is whole and fits an `Int`.
    private static func exactInteger(_ token: UnsafeBufferPointer<UInt8>) -> Int? {
        var digits: [UInt8] = []
        var exponent = 0
        var negative = false
        var index = 0
        if token[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var inFraction = false
        while index < token.count {
            let byte = token[index]
            if isDigit(byte) {
                digits.append(byte &- UInt8(ascii: "0"))
                if inFraction { exponent -= 1 }
            } else if byte == UInt8(ascii: ".") {
                inFraction = true
            } else {
                break
            }
            index += 1
        }
        if index < token.count {
            // The exponent: `e`, a sign, digits (capped: beyond it the value is 0 or overflows).
            index += 1
            var exponentNegative = false
            if token[index] == UInt8(ascii: "+") || token[index] == UInt8(ascii: "-") {
                exponentNegative = token[index] == UInt8(ascii: "-")
                index += 1
            }
            var written = 0
            while index < token.count {
                written = min(written * 10 + Int(token[index] &- UInt8(ascii: "0")), 1_000_000)
                index += 1
            }
            exponent += exponentNegative ? -written : written
        }
        while let last = digits.last, last == 0, exponent < 0 {
            digits.removeLast()
            exponent += 1
        }
        if digits.allSatisfy({ $0 == 0 }) { return 0 }
        guard exponent >= 0, exponent < 40 else { return nil }
        digits += repeatElement(0, count: exponent)
        var value = 0
        for digit in digits {
            let (times, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowB) =
                negative ? times.subtractingReportingOverflow(Int(digit)) : times.addingReportingOverflow(Int(digit))
            guard !overflowA, !overflowB else { return nil }
            value = next
        }
        return value
    }

    /// A string, unescaped and checked as `JSONDecoder` checks it: no unescaped control
    /// character, known escapes, surrogates in pairs, valid UTF-8.
    private mutating func string() throws(SnapshotReadError) -> String {
        skipWhitespace()
        guard position < input.count, input[position] == SnapshotByte.quote else { throw mismatch("a string") }
        let start = position + 1
        var index = start
        var bits: UInt8 = 0
        while index < input.count {
            let byte = input[index]
            if byte == SnapshotByte.quote {
                let bytes = UnsafeBufferPointer(rebasing: input[start..<index])
                position = index + 1
                return try bits < 0x80 ? String(decoding: bytes, as: UTF8.self) : validated(bytes, at: start)
            }
            if byte == SnapshotByte.backslash || byte < 0x20 { break }
            bits |= byte
            index += 1
        }
        guard index < input.count else { throw unexpectedEnd() }
        return try escapedString(from: start)
    }

    private mutating func escapedString(from start: Int) throws(SnapshotReadError) -> String {
        var bytes: [UInt8] = []
        position = start
        while position < input.count {
            let byte = input[position]
            switch byte {
            case SnapshotByte.quote:
                position += 1
                return try validated(bytes, at: start)
            case SnapshotByte.backslash:
                let escape = position
                position += 1
                guard position < input.count else { throw unexpectedEnd() }
                let letter = input[position]
                position += 1
                switch letter {
                case SnapshotByte.quote, SnapshotByte.backslash, SnapshotByte.slash: bytes.append(letter)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"):
                    let scalar = try unicodeEscape(at: escape)
                    bytes.append(contentsOf: UTF8.encode(scalar)!)
                default:
                    throw error(
                        "\\\(Self.text(UnsafeBufferPointer(rebasing: input[escape + 1..<position]))) is not an escape",
                        at: escape)
                }
            default:
                guard byte >= 0x20 else {
                    throw error(
                        "a control character (U+\(Self.hex(UInt16(byte)))) in a string must be escaped", at: position)
                }
                bytes.append(byte)
                position += 1
            }
        }
        throw unexpectedEnd()
    }

    /// After `\u`: four hex digits, and a second `\u` escape when they are a high surrogate.
    private mutating func unicodeEscape(at escape: Int) throws(SnapshotReadError) -> Unicode.Scalar {
        let unit = try hexUnit(at: escape)
        if UTF16.isLeadSurrogate(unit) {
            guard input.count - position >= 2, input[position] == SnapshotByte.backslash,
                input[position + 1] == UInt8(ascii: "u")
            else { throw error("\\u\(Self.hex(unit)) (a high surrogate) is not followed by a low one", at: escape) }
            position += 2
            let trail = try hexUnit(at: position - 2)
            guard UTF16.isTrailSurrogate(trail) else {
                throw error("\\u\(Self.hex(unit)) (a high surrogate) is not followed by a low one", at: escape)
            }
            return UTF16.decode(UTF16.EncodedScalar([unit, trail]))
        }
        guard let scalar = Unicode.Scalar(unit) else {
            throw error("\\u\(Self.hex(unit)) is a low surrogate without a high one", at: escape)
        }
        return scalar
    }

    private mutating func hexUnit(at escape: Int) throws(SnapshotReadError) -> UInt16 {
        guard input.count - position >= 4 else { throw unexpectedEnd() }
        var unit: UInt16 = 0
        for offset in 0..<4 {
            let byte = input[position + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                throw error(
                    "\\u\(Self.text(UnsafeBufferPointer(rebasing: input[position..<position + 4]))) is not four hex digits",
                    at: escape)
            }
            unit = unit << 4 | UInt16(digit)
        }
        position += 4
        return unit
    }

    private func validated(_ bytes: some Collection<UInt8>, at start: Int) throws(SnapshotReadError) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        // Decoding repairs invalid UTF-8: the repaired bytes differ from the input.
        guard text.utf8.elementsEqual(bytes) else { throw error("a string is not valid UTF-8", at: start) }
        return text
    }

    // MARK: Skipping, as swift-foundation's scanner checks what it does not decode

    private mutating func skipValue() throws(SnapshotReadError) {
        skipWhitespace()
        guard position < input.count else { throw unexpectedEnd() }
        switch input[position] {
        case SnapshotByte.quote:
            try skipString()
        case SnapshotByte.openBrace:
            try enter()
            guard try firstMember() else { return }
            repeat {
                skipWhitespace()
                guard position < input.count, input[position] == SnapshotByte.quote else {
                    throw error("expected a key (a string) in an object, found \(found())")
                }
                try skipString()
                try colon()
                try skipValue()
            } while try nextMember()
        case SnapshotByte.openBracket:
            try enter()
            guard try firstElement() else { return }
            repeat { try skipValue() } while try nextElement()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            position += 1
            while position < input.count, Self.isNumberByte(input[position]) { position += 1 }
        default:
            throw error("expected a value, found \(found())")
        }
    }

    /// A string's extent: to the next unescaped quote, a `\u` followed by four bytes that are not
    /// a quote. What is inside is checked only when it is decoded.
    private mutating func skipString() throws(SnapshotReadError) {
        position += 1
        while position < input.count {
            switch input[position] {
            case SnapshotByte.quote:
                position += 1
                return
            case SnapshotByte.backslash:
                position += 1
                guard position < input.count else { throw unexpectedEnd() }
                if input[position] == UInt8(ascii: "u") {
                    guard input.count - position > 4 else { throw unexpectedEnd() }
                    for offset in 1...4 where input[position + offset] == SnapshotByte.quote {
                        throw error("a \\u escape is cut short by a quote")
                    }
                    position += 5
                } else {
                    position += 1
                }
            default:
                position += 1
            }
        }
        throw unexpectedEnd()
    }

    private mutating func skipWhitespace() {
        while position < input.count {
            switch input[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    // MARK: The header, to explain a failure

    enum Header: Equatable {
        case notJSON, notObject, formatNotWhole
        case format(Int?)
    }

    /// The document checked as JSON (its structure, and its top-level keys decoded, as
    /// `JSONDecoder` checks them for the header alone), and its format.
    private mutating func header() -> Header {
        do throws(SnapshotReadError) {
            skipWhitespace()
            guard position < input.count, input[position] == SnapshotByte.openBrace else {
                try skipValue()
                try end()
                return .notObject
            }
            var formatAt: Int?
            try enter()
            if try firstMember() {
                repeat {
                    let key = try string()
                    try colon()
                    if formatAt == nil, key == SnapshotField.format.name { formatAt = position }
                    try skipValue()
                } while try nextMember()
            }
            try end()
            guard let formatAt else { return .format(nil) }
            position = formatAt
            if try null() { return .format(nil) }
            do throws(SnapshotReadError) { return .format(try int()) } catch { return .formatNotWhole }
        } catch {
            return .notJSON
        }
    }

    // MARK: Errors

    private func error(_ message: String, at offset: Int? = nil) -> SnapshotReadError {
        SnapshotReadError(offset: offset ?? position, message: message)
    }

    private func unexpectedEnd() -> SnapshotReadError {
        SnapshotReadError(offset: input.count, message: "the text ends too early")
    }

    private func mismatch(_ expected: String) -> SnapshotReadError {
        error("expected \(expected), found \(found())")
    }

    /// What is at the reader's position, in a few words.
    private func found() -> String {
        guard position < input.count else { return "the end" }
        switch input[position] {
        case SnapshotByte.quote: return "a string"
        case SnapshotByte.openBrace: return "an object"
        case SnapshotByte.openBracket: return "an array"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "a boolean"
        case UInt8(ascii: "n"): return "null"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return "a number"
        case let byte where byte >= 0x21 && byte < 0x7F: return "'\(Character(Unicode.Scalar(byte)))'"
        case let byte: return "byte 0x\(String(byte, radix: 16))"
        }
    }

    private static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    private static func quoted(_ text: String) -> String { "\"\(text)\"" }

    private static func hex(_ unit: UInt16) -> String {
        let digits = String(unit, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// Where and why the reader stopped: the byte offset, what it expected, and the path of keys
/// and array positions down to it (`schema.tables[3].columns[0].type`).
struct SnapshotReadError: Error, Sendable {
    var offset: Int
    var message: String
    var path: [String] = []

    /// This error as seen from the key or array position `component` above it.
    func inside(_ component: String) -> SnapshotReadError {
        var copy = self
        copy.path.insert(component, at: 0)
        return copy
    }

    /// `at schema.tables[3].name (line 120, column 13): expected a string, found a number`.
    func description(in input: UnsafeBufferPointer<UInt8>) -> String {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, input.count) where input[index] == SnapshotByte.newline {
            line += 1
            lineStart = index + 1
        }
        let column =
            String(decoding: UnsafeBufferPointer(rebasing: input[lineStart..<min(offset, input.count)]), as: UTF8.self)
            .count + 1
        var keys = ""
        for component in path {
            keys += component.hasPrefix("[") || keys.isEmpty ? component : ".\(component)"
        }
        let place = keys.isEmpty ? "line \(line), column \(column)" : "\(keys) (line \(line), column \(column))"
        return "at \(place): \(message)"
    }
}
