/// Writes a migration snapshot in its format (`MigrationSnapshot.format`), without Codable: 9 MB at
/// 1,000 tables cost 1.65 G instructions through swift-foundation's existentials and casts.
///
/// Format 1 is byte for byte what `JSONEncoder` wrote with `[.prettyPrinted, .sortedKeys,
/// .withoutEscapingSlashes]` from the synthesized `Codable` of `MigrationSnapshot` and the graph
/// under it (plus the final newline). What it must reproduce, from swift-foundation's
/// `JSONWriter`: keys sorted by their UTF-8 bytes; `"key" : value`; two spaces per level; an empty
/// array or object as its brackets around an empty line (`[\n\n  ]`); only `"`, `\` and the control
/// characters escaped (`\b \f \n \r \t`, the others `\u00XX` in lower-case hex), `/` and non-ASCII
/// as they are; an `Int` as its `description`; an optional left out when nil; an enum case as an
/// object of one key, its associated values by label or `_0`, a case without values as `{}`; an
/// annotation never. The keys of each type are written here in sorted order by hand;
/// `SnapshotCodecTests` compares every byte with `JSONEncoder` on the repository's snapshots and on
/// random schemas, and the switches below have no `default`, so a new case does not compile without
/// its spelling here.
///
/// Format 2 is the same JSON, the same keys and values in the same order, laid out in half the
/// bytes (4.9 MB instead of 9.1 at 1,000 tables, written, hashed, synced and kept in the history for
/// good): a table's lists hold one element a line (`{"name" : "id", …}` with `, ` between members,
/// an empty list or object as `[]` or `{}`), and so does its primary key; the rest is laid out as
/// in format 1, so that each enum and table still starts on a line of its own and ends with its
/// closing brace at its own indentation (`SnapshotDelta`). A one-column change is still one line.
struct SnapshotJSONWriter {
    /// The bytes written since the last checkpoint (a `TextBuffer`: the writer appends a token at
    /// a time, about a million at 1,000 tables, which `Array.append` checked one generic call at a time).
    private var output: TextBuffer
    private var depth = 0
    /// True right after a bracket opened: the next member needs no comma.
    private var first = true
    /// Format 2: a table's lists are written one element a line (`rows`).
    private var writesRows = false
    /// Inside an element written on one line: no line breaks, `, ` between members.
    private var inline = false
    /// Where `write(_:checkpoint:)` put the parts of the snapshot.
    private(set) var layout = SnapshotLayout()
    /// How many bytes `checkpoint` took out of `output`.
    private var flushed = 0
    /// The offset of the next byte from the start of the snapshot.
    private var position: Int { flushed + output.count }

    init(capacity: Int = 0) {
        output = TextBuffer(capacity: capacity)
    }

    // MARK: The snapshot

    /// Writes `snapshot` and its final newline. `checkpoint` is called after every enum and table
    /// and at the end with the bytes written since the last call, which are then dropped; when it
    /// returns false the writing stops there and this returns false.
    mutating func write(_ snapshot: MigrationSnapshot, checkpoint: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        func flush(_ writer: inout SnapshotJSONWriter) -> Bool {
            let goesOn = writer.output.withBytes(checkpoint)
            writer.flushed += writer.output.count
            writer.output.removeAll()
            return goesOn
        }
        writesRows = snapshot.format >= 2
        layout.enums.reserveCapacity(snapshot.schema.enums.count)
        layout.tables.reserveCapacity(snapshot.schema.tables.count)
        open(SnapshotByte.openBrace)
        key("comment")
        string(snapshot.comment)
        key("format")
        int(snapshot.format)
        key("schema")
        open(SnapshotByte.openBrace)
        key("enums")
        open(SnapshotByte.openBracket)
        layout.enumsOpen = position
        for enumType in snapshot.schema.enums {
            element()
            let start = position
            write(enumType)
            layout.enums.append(start..<position)
            guard flush(&self) else { return false }
        }
        close(SnapshotByte.closeBracket)
        key("tables")
        open(SnapshotByte.openBracket)
        for table in snapshot.schema.tables {
            element()
            let start = position
            write(table)
            layout.tables.append(start..<position)
            guard flush(&self) else { return false }
        }
        close(SnapshotByte.closeBracket)
        layout.tail = position
        close(SnapshotByte.closeBrace)
        key("tableFiles")
        tableFiles(snapshot.tableFiles)
        close(SnapshotByte.closeBrace)
        output.append(ascii: SnapshotByte.newline)
        return flush(&self)
    }

    /// Writes `change` (format 3) and its final newline, its enums and tables laid out as in
    /// format 2; a list of names holds one a line, an empty one is `[]`. `order` is left out when
    /// the change has none. Keys sorted, as in every format: `comment` and `format` come first.
    mutating func write(_ change: SnapshotChange) -> [UInt8] {
        writesRows = true
        open(SnapshotByte.openBrace)
        key("comment")
        string(change.comment)
        key("format")
        int(SnapshotChange.format)
        if change.enumOrder != nil || change.tableOrder != nil {
            key("order")
            open(SnapshotByte.openBrace)
            if let enums = change.enumOrder {
                key("enums")
                names(enums)
            }
            if let tables = change.tableOrder {
                key("tables")
                names(tables)
            }
            close(SnapshotByte.closeBrace)
        }
        key("previous")
        string(change.previous)
        key("removed")
        open(SnapshotByte.openBrace)
        key("enums")
        names(change.removedEnums)
        key("tables")
        names(change.removedTables)
        close(SnapshotByte.closeBrace)
        key("schema")
        open(SnapshotByte.openBrace)
        key("enums")
        elements(change.enums) { $0.write($1) }
        key("tables")
        elements(change.tables) { $0.write($1) }
        close(SnapshotByte.closeBrace)
        key("tableFiles")
        if change.tableFiles.isEmpty { raw("{}") } else { tableFiles(change.tableFiles) }
        close(SnapshotByte.closeBrace)
        output.append(ascii: SnapshotByte.newline)
        return output.withBytes { Array($0) }
    }

    /// Enums or tables as a whole snapshot's `schema` holds them, `[]` when there are none.
    private mutating func elements<Element>(_ elements: [Element], _ write: (inout SnapshotJSONWriter, Element) -> Void)
    {
        guard !elements.isEmpty else { return raw("[]") }
        array(elements, write)
    }

    /// Names one a line, `[]` when there are none.
    private mutating func names(_ names: [String]) {
        guard !names.isEmpty else { return raw("[]") }
        strings(names)
    }

    // MARK: The graph

    /// Table name → file, by the names' bytes.
    private mutating func tableFiles(_ tableFiles: [String: String]) {
        open(SnapshotByte.openBrace)
        for (table, file) in tableFiles.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            separator()
            string(table)
            raw(" : ")
            string(file)
        }
        close(SnapshotByte.closeBrace)
    }

    private mutating func write(_ enumType: EnumType) {
        open(SnapshotByte.openBrace)
        if let comment = enumType.comment {
            key("comment")
            string(comment)
        }
        key("name")
        string(enumType.name)
        key("values")
        strings(enumType.values)
        close(SnapshotByte.closeBrace)
    }

    private mutating func write(_ table: Table) {
        open(SnapshotByte.openBrace)
        key("checks")
        rows(table.checks) { writer, check in
            writer.open(SnapshotByte.openBrace)
            writer.key("expression")
            writer.string(check.expression)
            writer.key("name")
            writer.string(check.name)
            writer.close(SnapshotByte.closeBrace)
        }
        key("columns")
        rows(table.columns) { $0.write($1) }
        if let comment = table.comment {
            key("comment")
            string(comment)
        }
        key("foreignKeys")
        rows(table.foreignKeys) { $0.write($1) }
        key("implicitChecks")
        rows(table.implicitChecks) { $0.write($1) }
        key("indexes")
        rows(table.indexes) { $0.write($1) }
        key("name")
        string(table.name)
        if let primaryKey = table.primaryKey {
            key("primaryKey")
            row { $0.namedColumns(primaryKey.columns, name: primaryKey.name) }
        }
        key("triggers")
        rows(table.triggers) { writer, trigger in
            writer.open(SnapshotByte.openBrace)
            writer.key("column")
            writer.string(trigger.column)
            writer.key("name")
            writer.string(trigger.name)
            writer.close(SnapshotByte.closeBrace)
        }
        key("uniqueConstraints")
        rows(table.uniqueConstraints) { $0.namedColumns($1.columns, name: $1.name) }
        close(SnapshotByte.closeBrace)
    }

    /// A primary key or a unique constraint: `{ "columns" : […], "name" : … }`.
    private mutating func namedColumns(_ columns: [String], name: String) {
        open(SnapshotByte.openBrace)
        key("columns")
        strings(columns)
        key("name")
        string(name)
        close(SnapshotByte.closeBrace)
    }

    private mutating func write(_ column: Column) {
        open(SnapshotByte.openBrace)
        key("autoUpdate")
        bool(column.autoUpdate)
        if let comment = column.comment {
            key("comment")
            string(comment)
        }
        if let value = column.defaultValue {
            key("defaultValue")
            write(value)
        }
        key("isIdentity")
        bool(column.isIdentity)
        key("isNullable")
        bool(column.isNullable)
        key("name")
        string(column.name)
        key("type")
        write(column.type)
        close(SnapshotByte.closeBrace)
    }

    private mutating func write(_ type: ColumnType) {
        open(SnapshotByte.openBrace)
        switch type {
        case .uuid: emptyCase("uuid")
        case .text: emptyCase("text")
        case .varchar(let length):
            key("varchar")
            open(SnapshotByte.openBrace)
            key("length")
            int(length)
            close(SnapshotByte.closeBrace)
        case .smallint: emptyCase("smallint")
        case .int: emptyCase("int")
        case .bigint: emptyCase("bigint")
        case .bool: emptyCase("bool")
        case .decimal(let precision, let scale):
            key("decimal")
            open(SnapshotByte.openBrace)
            key("precision")
            int(precision)
            key("scale")
            int(scale)
            close(SnapshotByte.closeBrace)
        case .real: emptyCase("real")
        case .double: emptyCase("double")
        case .date: emptyCase("date")
        case .timestamptz: emptyCase("timestamptz")
        case .timestamp: emptyCase("timestamp")
        case .json: emptyCase("json")
        case .bytes: emptyCase("bytes")
        case .vector(let dimensions):
            key("vector")
            open(SnapshotByte.openBrace)
            key("dimensions")
            int(dimensions)
            close(SnapshotByte.closeBrace)
        case .enumeration(let reference):
            key("enumeration")
            open(SnapshotByte.openBrace)
            key("_0")
            open(SnapshotByte.openBrace)
            switch reference {
            case .named(let name):
                key("named")
                open(SnapshotByte.openBrace)
                key("name")
                string(name)
                close(SnapshotByte.closeBrace)
            case .inline(let values):
                key("inline")
                open(SnapshotByte.openBrace)
                key("values")
                strings(values)
                close(SnapshotByte.closeBrace)
            }
            close(SnapshotByte.closeBrace)
            close(SnapshotByte.closeBrace)
        }
        close(SnapshotByte.closeBrace)
    }

    private mutating func write(_ value: DefaultValue) {
        open(SnapshotByte.openBrace)
        switch value {
        case .string(let text): unlabeledCase("string") { $0.string(text) }
        case .number(let text): unlabeledCase("number") { $0.string(text) }
        case .bool(let flag): unlabeledCase("bool") { $0.bool(flag) }
        case .json(let text): unlabeledCase("json") { $0.string(text) }
        case .now: emptyCase("now")
        case .uuid: emptyCase("uuid")
        case .sql(let sql):
            unlabeledCase("sql") { writer in
                writer.open(SnapshotByte.openBrace)
                if let common = sql.common {
                    writer.key("common")
                    writer.string(common)
                }
                if let postgres = sql.postgres {
                    writer.key("postgres")
                    writer.string(postgres)
                }
                if let sqlite = sql.sqlite {
                    writer.key("sqlite")
                    writer.string(sqlite)
                }
                writer.close(SnapshotByte.closeBrace)
            }
        }
        close(SnapshotByte.closeBrace)
    }

    private mutating func write(_ foreignKey: ForeignKey) {
        open(SnapshotByte.openBrace)
        key("columns")
        strings(foreignKey.columns)
        key("name")
        string(foreignKey.name)
        if let action = foreignKey.onDelete {
            key("onDelete")
            string(action.rawValue)
        }
        if let action = foreignKey.onUpdate {
            key("onUpdate")
            string(action.rawValue)
        }
        key("referencedColumns")
        strings(foreignKey.referencedColumns)
        key("referencedTable")
        string(foreignKey.referencedTable)
        close(SnapshotByte.closeBrace)
    }

    private mutating func write(_ check: ImplicitCheck) {
        open(SnapshotByte.openBrace)
        key("column")
        string(check.column)
        key("databases")
        array(check.databases) { $0.string($1.rawValue) }
        key("kind")
        open(SnapshotByte.openBrace)
        switch check.kind {
        case .values(let values): unlabeledCase("values") { $0.strings(values) }
        case .bool: emptyCase("bool")
        case .json: emptyCase("json")
        case .length(let length): unlabeledCase("length") { $0.int(length) }
        case .range(let lower, let upper):
            key("range")
            open(SnapshotByte.openBrace)
            key("lower")
            string(lower)
            key("upper")
            string(upper)
            close(SnapshotByte.closeBrace)
        case .digits(let precision, let scale):
            key("digits")
            open(SnapshotByte.openBrace)
            key("precision")
            int(precision)
            key("scale")
            int(scale)
            close(SnapshotByte.closeBrace)
        case .uuid: emptyCase("uuid")
        case .date: emptyCase("date")
        case .timestamp: emptyCase("timestamp")
        }
        close(SnapshotByte.closeBrace)
        key("name")
        string(check.name)
        close(SnapshotByte.closeBrace)
    }

    private mutating func write(_ index: Index) {
        open(SnapshotByte.openBrace)
        key("columns")
        array(index.columns) { writer, column in
            writer.open(SnapshotByte.openBrace)
            writer.key("descending")
            writer.bool(column.descending)
            writer.key("isExpression")
            writer.bool(column.isExpression)
            writer.key("name")
            writer.string(column.name)
            writer.close(SnapshotByte.closeBrace)
        }
        if let distance = index.distance {
            key("distance")
            string(distance.rawValue)
        }
        key("isUnique")
        bool(index.isUnique)
        key("method")
        string(index.method.rawValue)
        key("name")
        string(index.name)
        if let predicate = index.predicate {
            key("predicate")
            string(predicate)
        }
        close(SnapshotByte.closeBrace)
    }

    // MARK: Shapes

    /// A case without associated values: `"name" : {}` (pretty: an empty line inside).
    private mutating func emptyCase(_ name: StaticString) {
        key(name)
        open(SnapshotByte.openBrace)
        close(SnapshotByte.closeBrace)
    }

    /// A case with one unlabeled value: `"name" : { "_0" : value }`.
    private mutating func unlabeledCase(_ name: StaticString, _ value: (inout SnapshotJSONWriter) -> Void) {
        key(name)
        open(SnapshotByte.openBrace)
        key("_0")
        value(&self)
        close(SnapshotByte.closeBrace)
    }

    private mutating func array<Element>(_ elements: [Element], _ write: (inout SnapshotJSONWriter, Element) -> Void) {
        open(SnapshotByte.openBracket)
        for element in elements {
            self.element()
            write(&self, element)
        }
        close(SnapshotByte.closeBracket)
    }

    /// A list of a table: as `array` in format 1; in format 2 each element on a line of its own
    /// (`row`), and an empty list as `[]`.
    private mutating func rows<Element>(_ elements: [Element], _ write: (inout SnapshotJSONWriter, Element) -> Void) {
        guard writesRows else { return array(elements, write) }
        guard !elements.isEmpty else { return raw("[]") }
        open(SnapshotByte.openBracket)
        for element in elements {
            self.element()
            row { write(&$0, element) }
        }
        close(SnapshotByte.closeBracket)
    }

    /// A value written on the current line, whole, in format 2; as it is in format 1.
    private mutating func row(_ write: (inout SnapshotJSONWriter) -> Void) {
        inline = writesRows
        write(&self)
        inline = false
    }

    private mutating func strings(_ values: [String]) {
        open(SnapshotByte.openBracket)
        for value in values {
            element()
            string(value)
        }
        close(SnapshotByte.closeBracket)
    }

    // MARK: Tokens

    private mutating func open(_ bracket: UInt8) {
        output.append(ascii: bracket)
        if !inline { output.append(ascii: SnapshotByte.newline) }
        depth += 1
        first = true
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        if !inline {
            output.append(ascii: SnapshotByte.newline)
            indent()
        }
        output.append(ascii: bracket)
        first = false
    }

    /// The comma before a member that is not the first, the line break, the indentation; on one
    /// line (`inline`), the comma and a space.
    private mutating func separator() {
        if first {
            first = false
            if inline { return }
        } else if inline {
            raw(", ")
            return
        } else {
            output.append(ascii: SnapshotByte.comma)
            output.append(ascii: SnapshotByte.newline)
        }
        indent()
    }

    private mutating func element() {
        separator()
    }

    /// A key of the graph: ASCII letters and `_`, nothing to escape.
    private mutating func key(_ name: StaticString) {
        separator()
        output.append(ascii: SnapshotByte.quote)
        raw(name)
        raw("\" : ")
    }

    private mutating func indent() {
        var left = depth * 2
        while left > 0 {
            let count = min(left, Self.spaces.utf8CodeUnitCount)
            output.append(UnsafeBufferPointer(start: Self.spaces.utf8Start, count: count))
            left -= count
        }
    }

    private static let spaces: StaticString = "                                                                "

    private mutating func raw(_ text: StaticString) {
        output.append(text)
    }

    private mutating func bool(_ value: Bool) {
        raw(value ? "true" : "false")
    }

    private mutating func int(_ value: Int) {
        output.append(decimal: value)
    }

    /// `value` quoted, escaped as `JSONEncoder` escapes it with `.withoutEscapingSlashes`.
    private mutating func string(_ value: String) {
        output.append(ascii: SnapshotByte.quote)
        // A native string's bytes in place (all of the graph's): `withUTF8` needs a copy to mutate.
        if value.utf8.withContiguousStorageIfAvailable({ escaped($0) }) == nil {
            var value = value
            value.withUTF8 { escaped($0) }
        }
        output.append(ascii: SnapshotByte.quote)
    }

    /// The bytes of a string, escaped, without its quotes.
    private mutating func escaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var start = 0
        for index in utf8.indices {
            let byte = utf8[index]
            guard byte < 0x20 || byte == SnapshotByte.quote || byte == SnapshotByte.backslash else { continue }
            output.append(UnsafeBufferPointer(rebasing: utf8[start..<index]))
            start = index + 1
            output.append(ascii: SnapshotByte.backslash)
            switch byte {
            case SnapshotByte.quote, SnapshotByte.backslash: output.append(ascii: byte)
            case 0x08: output.append(ascii: UInt8(ascii: "b"))
            case 0x0C: output.append(ascii: UInt8(ascii: "f"))
            case SnapshotByte.newline: output.append(ascii: UInt8(ascii: "n"))
            case 0x0D: output.append(ascii: UInt8(ascii: "r"))
            case 0x09: output.append(ascii: UInt8(ascii: "t"))
            default:
                raw("u00")
                output.append(ascii: Self.hexDigits[Int(byte >> 4)])
                output.append(ascii: Self.hexDigits[Int(byte & 0xF)])
            }
        }
        output.append(UnsafeBufferPointer(rebasing: utf8[start...]))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}

/// Where a snapshot's parts are in its bytes, as `SnapshotJSONWriter` wrote them, counted from its
/// first byte: what `SnapshotDelta` needs to find this schema's enums and tables in a committed
/// snapshot.
struct SnapshotLayout: Sendable, Hashable {
    /// Just after the bracket that opens `enums`.
    var enumsOpen = 0
    /// Each enum, from its opening brace to its closing one.
    var enums: [Range<Int>] = []
    /// Each table, the same way.
    var tables: [Range<Int>] = []
    /// Just after the bracket that closes `tables`: `tableFiles` and the end follow.
    var tail = 0
}

/// The bytes of JSON's syntax, for the snapshot's writer and reader.
enum SnapshotByte {
    static var quote: UInt8 { 0x22 }
    static var backslash: UInt8 { 0x5C }
    static var slash: UInt8 { 0x2F }
    static var newline: UInt8 { 0x0A }
    static var comma: UInt8 { 0x2C }
    static var colon: UInt8 { 0x3A }
    static var openBrace: UInt8 { 0x7B }
    static var closeBrace: UInt8 { 0x7D }
    static var openBracket: UInt8 { 0x5B }
    static var closeBracket: UInt8 { 0x5D }
}
