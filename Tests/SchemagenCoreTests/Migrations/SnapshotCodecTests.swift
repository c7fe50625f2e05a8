import Foundation
import Testing

@testable import SchemagenCore

/// The snapshot's own writer and reader (`SnapshotJSONWriter`, `SnapshotJSONReader`) against what
/// the formats are: format 1 `JSONEncoder`'s bytes, format 2 the same JSON in its own layout, and
/// `JSONDecoder`'s values of either, through the synthesized `Codable` of the graph, kept here as
/// the reference. A field the codec forgot would be a migration missed
/// without a word, so every snapshot of the repository, every schema of the fixtures and of the
/// property tests' generator, and random graphs of every case and of hostile strings go through
/// both; random rewritings (key order, whitespace, escapes, number spellings, unknown and
/// duplicate keys, `null`s) and corruptions must read as `JSONDecoder` reads them.
@Suite struct SnapshotCodecTests {
    // MARK: The reference

    static func referenceBytes(_ snapshot: MigrationSnapshot) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(snapshot)) ?? Data()) + [0x0A]
    }

    /// `MigrationSnapshot.decode` as it was, with `JSONDecoder`.
    static func referenceDecode(_ bytes: [UInt8]) -> Result<MigrationSnapshot, SnapshotError> {
        let data = Data(bytes)
        let decoded = Result { try JSONDecoder().decode(MigrationSnapshot.self, from: data) }
        if case .success(let snapshot) = decoded, MigrationSnapshot.wholeFormats.contains(snapshot.format) {
            return .success(snapshot)
        }
        struct Header: Decodable { var format: Int? }
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
            return .failure(SnapshotError(reason: "it is not JSON"))
        }
        guard let format = header.format, MigrationSnapshot.wholeFormats.contains(format) else {
            if header.format == SnapshotChange.format {
                return .failure(
                    SnapshotError(reason: "it holds the changes since the migration before, not a whole schema"))
            }
            return .failure(
                SnapshotError(
                    reason:
                        "it is in snapshot format \(header.format.map(String.init) ?? "0"), and this schemagen reads formats 1, 2 and 3"
                ))
        }
        switch decoded {
        case .success(let snapshot): return .success(snapshot)
        case .failure: return .failure(SnapshotError(reason: "it does not hold a schema"))
        }
    }

    /// A result as the reference can tell it: the value, or the kind of failure. The reader's
    /// clearer reasons for what the reference called "not JSON" (a document that is not an
    /// object, a format that is not a whole number) count as that; its reasons for a schema that
    /// does not read carry where and why.
    static func outcome(_ result: Result<MigrationSnapshot, SnapshotError>) -> Result<MigrationSnapshot, SnapshotError>
    {
        guard case .failure(let error) = result else { return result }
        if error.reason.hasPrefix("it is not JSON") || error.reason.hasPrefix("its \"format\"") {
            return .failure(SnapshotError(reason: "it is not JSON"))
        }
        if error.reason.hasPrefix("it does not hold a schema") {
            return .failure(SnapshotError(reason: "it does not hold a schema"))
        }
        return result
    }

    /// Writes `snapshot` both ways and reads the bytes both ways, in every format: format 1 is
    /// `JSONEncoder`'s bytes; format 2 the same JSON (the same bytes but for the layout's spaces
    /// and line breaks), one line for each element of a table's lists and for its primary key.
    func expectSameCoding(_ given: MigrationSnapshot, _ comment: Comment? = nil) {
        for format in MigrationSnapshot.wholeFormats {
            var snapshot = given
            snapshot.format = format
            let expected = Self.referenceBytes(snapshot)
            let written = snapshot.bytes
            if format == 1 {
                expectSameBytes(written, expected, comment)
            } else {
                expectSameBytes(Self.withoutLayout(written), Self.withoutLayout(expected), comment)
                expectRows(written, of: snapshot, comment)
            }
            #expect(snapshot.isEncoded(in: written), comment)
            for bytes in [written, expected] {
                #expect(MigrationSnapshot.decode(bytes) == Self.referenceDecode(bytes), comment)
                #expect((try? MigrationSnapshot.decode(bytes).get()) == snapshot, comment)
            }
        }
    }

    func expectSameBytes(_ written: [UInt8], _ expected: [UInt8], _ comment: Comment?) {
        #expect(written == expected, comment)
        if written != expected,
            let index = (0..<min(written.count, expected.count)).first(where: { written[$0] != expected[$0] })
                ?? Optional(min(written.count, expected.count))
        {
            let context = { (bytes: [UInt8]) in
                String(decoding: bytes[max(0, index - 80)..<min(bytes.count, index + 80)], as: UTF8.self)
            }
            Issue.record(
                "first difference at byte \(index):\n--- written\n\(context(written))\n--- expected\n\(context(expected))"
            )
        }
    }

    /// The JSON without the spaces and line breaks between its tokens: what two layouts of the
    /// same document share.
    static func withoutLayout(_ bytes: [UInt8]) -> [UInt8] {
        var kept: [UInt8] = []
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if byte == UInt8(ascii: " ") || byte == 0x0A {
                continue
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            }
            kept.append(byte)
        }
        return kept
    }

    /// Format 2's layout: every element of a table's lists on a line of its own, a whole JSON
    /// value, and so is its primary key; nothing else starts a line with an object.
    func expectRows(_ written: [UInt8], of snapshot: MigrationSnapshot, _ comment: Comment?) {
        let lines = String(decoding: written, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let rows = lines.map { $0.drop(while: { $0 == " " }) }.filter { $0.hasPrefix("{\"") }
        let elements = snapshot.schema.tables.reduce(0) { count, table in
            count + table.checks.count + table.columns.count + table.foreignKeys.count + table.implicitChecks.count
                + table.indexes.count + table.triggers.count + table.uniqueConstraints.count
        }
        #expect(rows.count == elements, comment)
        let primaryKeys = lines.filter { $0.contains("\"primaryKey\" : {") }
        #expect(primaryKeys.count == snapshot.schema.tables.filter { $0.primaryKey != nil }.count, comment)
        for row in rows + primaryKeys.map({ $0.drop(while: { $0 != "{" }) }) {
            let value = row.hasSuffix(",") ? row.dropLast() : row
            #expect(
                (try? JSONSerialization.jsonObject(with: Data(value.utf8), options: [.fragmentsAllowed]))
                    is [String: Any],
                comment)
        }
    }

    // MARK: Every snapshot and schema at hand

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var committedSnapshots: [URL] {
        var found: [URL] = []
        for folder in ["Generated", "Tests", "Examples"] {
            let root = repository.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
                continue
            }
            for case let url as URL in walker
            where url.pathExtension == "json" && url.deletingLastPathComponent().lastPathComponent == "snapshots"
                && !url.path.contains("/.build/")
            {
                found.append(url)
            }
        }
        return found.sorted { $0.path < $1.path }
    }

    @Test func everySnapshotOfTheRepositoryReadsAndWritesAsWithCodable() throws {
        let files = Self.committedSnapshots
        #expect(files.count >= 5)
        for file in files {
            let bytes = Array(try Data(contentsOf: file))
            let reference = Self.referenceDecode(bytes)
            #expect(MigrationSnapshot.decode(bytes) == reference, "\(file.path)")
            let snapshot = try reference.get()
            #expect(snapshot.bytes == bytes, "\(file.path)")
            #expect(snapshot.isEncoded(in: bytes), "\(file.path)")
            expectSameCoding(snapshot, "\(file.path)")
        }
    }

    /// Every version of the migration history's fixtures, and every reference case's schema.
    @Test func everySchemaOfTheFixturesReadsAndWritesAsWithCodable() throws {
        let fixtures = Self.repository.appendingPathComponent("Tests/SchemagenCoreTests/Fixtures")
        var folders: [URL] = []
        for group in ["history", "cases"] {
            let root = fixtures.appendingPathComponent(group)
            for name in try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() {
                let schema = root.appendingPathComponent(name).appendingPathComponent("schema")
                if FileManager.default.fileExists(atPath: schema.path) { folders.append(schema) }
            }
        }
        #expect(folders.count >= 20)
        var read = 0
        for folder in folders {
            var files: [String: String] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".yaml") {
                files["schema/\(name)"] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            }
            guard let schema = loadSchema(files).schema else { continue }
            read += 1
            expectSameCoding(MigrationSnapshot(schema: schema), "\(folder.path)")
            expectEmptyDiffAfterRoundTrip(schema)
        }
        #expect(read >= 20)
    }

    /// The random schemas and edits of the migration property tests, through the loader.
    @Test func theMigrationPropertyTestsSchemasReadAndWriteAsWithCodable() {
        for seed in UInt64(0)..<150 {
            var random = Random(seed: seed &* 0x9E37_79B9)
            let versions = RandomSchema.randomVersions(edits: 1...4, using: &random)
            for yaml in [versions.old, versions.new] {
                guard let loaded = loadSchema(yaml).schema else { continue }
                expectSameCoding(MigrationSnapshot(schema: loaded), "seed \(seed)")
                expectEmptyDiffAfterRoundTrip(loaded)
            }
        }
    }

    /// The planner takes a snapshot that is the schema's own encoding as "nothing changed" without
    /// decoding it: that holds only if a schema read back from its snapshot diffs as empty.
    func expectEmptyDiffAfterRoundTrip(_ schema: Schema) {
        guard let read = try? MigrationSnapshot.decode(MigrationSnapshot(schema: schema).bytes).get() else {
            Issue.record("the snapshot does not read back")
            return
        }
        #expect(SchemaDiffer.diff(from: read.schema, to: schema).isEmpty)
    }

    // MARK: Random graphs of every case

    @Test func randomGraphsOfEveryCaseReadAndWriteAsWithCodable() {
        var coverage = Coverage()
        for seed in UInt64(0)..<300 {
            var random = Random(seed: seed &+ 0x5EED)
            let snapshot = RandomGraph.snapshot(using: &random)
            coverage.record(snapshot.schema)
            expectSameCoding(snapshot, "seed \(seed)")
        }
        // Every case of every enum the snapshot holds was written and read at least once.
        #expect(coverage.missing == [], "cases the random graphs never drew")
    }

    /// Every stored property of every type a snapshot holds is a key the reader knows (the
    /// writer is compared byte for byte above); annotations (`_name`, a property wrapper's
    /// storage) are not in a snapshot. A property added to the graph fails here until the codec
    /// has it, whether or not the random graphs set it.
    @Test func everyStoredPropertyIsAKeyOfTheCodec() {
        let location = SourceLocation.annotationDefault
        func properties(_ value: Any) -> [String] {
            Mirror(reflecting: value).children.compactMap(\.label).filter { !$0.hasPrefix("_") }.sorted()
        }
        func keys<Fields: SnapshotFields>(_ fields: Fields.Type) -> [String] {
            // The names are spelled out: each case's own, in the cases' order (`name` reads them
            // by the raw value).
            #expect(Fields.keys.names == Fields.allCases.map { String(describing: $0) }, "\(fields)")
            return Fields.keys.names.sorted()
        }
        let table = Table(name: "t", columns: [], file: "", location: location)
        #expect(properties(MigrationSnapshot(schema: Schema(tables: []))) == keys(SnapshotField.self))
        #expect(properties(Schema(tables: [])) == keys(SchemaField.self))
        #expect(properties(EnumType(name: "", values: [], file: "", location: location)) == keys(EnumTypeField.self))
        #expect(properties(table) == keys(TableField.self))
        #expect(properties(Column(name: "", type: .int, location: location)) == keys(ColumnField.self))
        #expect(properties(RawSQL()) == keys(RawSQLField.self))
        #expect(properties(PrimaryKey(name: "", columns: [], location: location)) == keys(NamedColumnsField.self))
        #expect(properties(UniqueConstraint(name: "", columns: [], location: location)) == keys(NamedColumnsField.self))
        #expect(
            properties(
                ForeignKey(name: "", columns: [], referencedTable: "", referencedColumns: [], location: location))
                == keys(ForeignKeyField.self))
        #expect(
            properties(CheckConstraint(name: "", expression: "", location: location)) == keys(CheckConstraintField.self)
        )
        #expect(
            properties(ImplicitCheck(name: "", column: "", kind: .bool, databases: [], location: location))
                == keys(ImplicitCheckField.self))
        #expect(properties(Index(name: "", columns: [], location: location)) == keys(IndexField.self))
        #expect(properties(IndexColumn(name: "")) == keys(IndexColumnField.self))
        #expect(properties(UpdateTrigger(name: "", column: "")) == keys(UpdateTriggerField.self))
        // The cases, by the names the synthesized Codable gives them.
        #expect(Set(RandomGraph.columnTypes.map(Coverage.caseName)) == Set(ColumnTypeCase.keys.names))
        #expect(Set(RandomGraph.defaultValues.map(Coverage.caseName)) == Set(DefaultValueCase.keys.names))
        #expect(Set(RandomGraph.kinds.map(Coverage.caseName)) == Set(ImplicitCheckKindCase.keys.names))
        #expect(Set(RandomGraph.references.map(Coverage.caseName)) == Set(EnumReferenceCase.keys.names))
        // Keys are declared in the order the writer writes them (sorted by their UTF-8), which
        // the reader tries first.
        for names in [
            SnapshotField.keys.names, SchemaField.keys.names, EnumTypeField.keys.names, TableField.keys.names,
            ColumnField.keys.names, ColumnTypeCase.keys.names, DefaultValueCase.keys.names, ForeignKeyField.keys.names,
            ImplicitCheckField.keys.names, ImplicitCheckKindCase.keys.names, IndexField.keys.names,
            IndexColumnField.keys.names,
        ] {
            #expect(names == names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        }
    }

    // MARK: JSON that JSONEncoder does not write

    @Test func rewrittenSnapshotsReadAsJSONDecoderReadsThem() throws {
        for seed in UInt64(0)..<200 {
            var random = Random(seed: seed &+ 0xFACE)
            let snapshot = RandomGraph.snapshot(using: &random, small: true)
            let tree = try #require(JSONTree.parse(Self.referenceBytes(snapshot)))
            var text = random.int(0...5) == 0 ? "\u{FEFF}" : ""
            tree.print(into: &text, parent: nil, using: &random)
            text += JSONTree.whitespace(using: &random)
            let bytes = Array(text.utf8)
            let reference = Self.referenceDecode(bytes)
            #expect(MigrationSnapshot.decode(bytes) == reference, "seed \(seed): \(text.prefix(2000))")
            #expect(try reference.get() == snapshot, "seed \(seed): the rewriting changed the snapshot")
        }
    }

    @Test func corruptedSnapshotsFailAsJSONDecoderFails() {
        var random = Random(seed: 0xBAD)
        let snapshot = RandomGraph.snapshot(using: &random, small: true)
        let original = Self.referenceBytes(snapshot)
        let insertions = Array("{}[]\":,\\ 0-1.eE+tfnu\u{7F}\u{1}".utf8) + [0xC3, 0xFF, 0xED, 0xA0]
        for round in 0..<400 {
            let bytes = RandomGraph.corrupt(original, inserting: insertions, using: &random)
            let reference = Self.referenceDecode(bytes)
            let fast = MigrationSnapshot.decode(bytes)
            #expect(
                Self.outcome(fast) == reference,
                "round \(round): \(String(decoding: bytes, as: UTF8.self))\nfast: \(fast)\nreference: \(reference)")
        }
    }

    @Test func numbersAndEscapesReadAsJSONDecoderReadsThem() {
        let base = MigrationSnapshot(
            schema: Schema(tables: [
                Table(
                    name: "t", columns: [Column(name: "c", type: .varchar(length: 40), location: .annotationDefault)],
                    file: "f", location: .annotationDefault)
            ]))
        let text = String(decoding: Self.referenceBytes(base), as: UTF8.self)
        let lengths = [
            "40", "40.0", "4e1", "4E+1", "400e-1", "0.4e2", "-0", "0", "1.5", "1e400", "01", "-", "1.", ".5", "1e",
            "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
            "9007199254740993", "9007199254740993.0", "1.0000000000000001", "1e18", "1e19", "\"40\"", "null", "true",
            "4-0", "40e", "+40",
        ]
        for length in lengths {
            let bytes = Array(text.replacing("\"length\" : 40", with: "\"length\" : \(length)").utf8)
            #expect(Self.outcome(MigrationSnapshot.decode(bytes)) == Self.referenceDecode(bytes), "length \(length)")
        }
        let names = [
            #""a\u0062c""#, #""\ud834\udd1e""#, #""\uD834\uDD1E""#, #""\ud834""#, #""\udd1e""#, #""\ud834x""#,
            #""\u00""#, #""\uzzzz""#, #""\x""#, #""\/\b\f\n\r\t\"\\""#, "\"\u{1}\"", "\"\u{7F}\"", "\"é\"",
            #""\u0000""#, "\"a\u{9}b\"", "\"\u{FEFF}\"",
        ]
        for name in names {
            let bytes = Array(text.replacing("\"name\" : \"c\"", with: "\"name\" : \(name)").utf8)
            #expect(Self.outcome(MigrationSnapshot.decode(bytes)) == Self.referenceDecode(bytes), "name \(name)")
            var invalid = Array(text.utf8)
            if let at = invalid.firstIndex(of: UInt8(ascii: "c")) {
                invalid[at] = 0xFF
                #expect(Self.outcome(MigrationSnapshot.decode(invalid)) == Self.referenceDecode(invalid))
            }
        }
        for document in [
            "", " ", "[]", "1", "\"x\"", "{}", "{\"format\":1}", "{\"format\":\"1\"}", "{\"format\":null}",
            "{\"format\":2}", "{\"format\":1.5}", "{\"format\":1,}", "{\"format\":1,,}", "{,}", "[,]", "[1,]", "[1,,]",
            "{\"format\":1} x",
            "{\"format\":1}}",
        ] {
            let bytes = Array(document.utf8)
            #expect(Self.outcome(MigrationSnapshot.decode(bytes)) == Self.referenceDecode(bytes), "\(document)")
        }
        // UTF-16 input, which JSONDecoder converts.
        for encoding in [String.Encoding.utf16LittleEndian, .utf16BigEndian, .utf16] {
            let bytes = Array(text.data(using: encoding)!)
            #expect(Self.outcome(MigrationSnapshot.decode(bytes)) == Self.referenceDecode(bytes), "\(encoding)")
        }
    }

    /// A snapshot that does not read says where and why.
    @Test func aSnapshotThatDoesNotReadSaysWhereAndWhy() throws {
        let schema = try #require(loadSchema(MigrationWorkflowTests.v1).schema)
        let text = MigrationSnapshot(schema: schema).text
        let wrong = text.replacing("\"isNullable\" : false", with: "\"isNullable\" : \"no\"")
        let reason = try #require(MigrationSnapshot.decode(Array(wrong.utf8)).failure?.reason)
        #expect(reason.hasPrefix("it does not hold a schema (at schema.tables[0].columns[0].isNullable (line "))
        #expect(reason.hasSuffix("): expected true or false, found a string)"))
        let missing = text.replacing("\"name\" : ", with: "\"nome\" : ")
        let second = try #require(MigrationSnapshot.decode(Array(missing.utf8)).failure?.reason)
        #expect(second.contains("the key \"name\" is missing"))
        #expect(
            MigrationSnapshot.decode(Array("[1]".utf8)).failure?.reason == "it is not JSON: it is not an object")
    }

    @Test func aSnapshotIsItsSchemasEncodingOnlyByteForByte() throws {
        let schema = try #require(loadSchema(MigrationWorkflowTests.v1).schema)
        let snapshot = MigrationSnapshot(schema: schema)
        let bytes = snapshot.bytes
        #expect(snapshot.isEncoded(in: bytes))
        #expect(!snapshot.isEncoded(in: Array(bytes.dropLast())))
        #expect(!snapshot.isEncoded(in: bytes + [0x0A]))
        #expect(!snapshot.isEncoded(in: []))
        var changed = bytes
        changed[bytes.count / 2] ^= 0x01
        #expect(!snapshot.isEncoded(in: changed))
        changed = bytes
        changed[bytes.count - 3] ^= 0x01
        #expect(!snapshot.isEncoded(in: changed))
    }

    /// `encoding(unlessIn:)`, which the planner uses to compare and, when the schema changed, to
    /// take the new snapshot from the same pass, is `nil` exactly when `isEncoded` holds and
    /// otherwise `bytes`, whatever is committed: the snapshot of another random graph or of an
    /// edited schema (a difference in the first, a middle or the last table), a prefix, a longer
    /// text, a flipped byte, nothing.
    @Test func theEncodingOfAComparisonIsTheSnapshotsBytes() throws {
        func expectEncoding(_ snapshot: MigrationSnapshot, against committed: [UInt8], _ comment: Comment) {
            let bytes = snapshot.bytes
            let encoding = snapshot.encoding(unlessIn: committed)
            if committed == bytes {
                #expect(encoding == nil, comment)
            } else {
                #expect(encoding == bytes, comment)
            }
            #expect(snapshot.isEncoded(in: committed) == (committed == bytes), comment)
        }
        var previous = MigrationSnapshot(schema: Schema(tables: []))
        for seed in UInt64(0)..<200 {
            var random = Random(seed: seed &+ 0xC0DE)
            let snapshot = RandomGraph.snapshot(using: &random)
            let bytes = snapshot.bytes
            var flipped = bytes
            flipped[random.int(0...(bytes.count - 1))] ^= 0x20
            let cut = random.int(0...bytes.count)
            for committed in [
                bytes, previous.bytes, flipped, Array(bytes[..<cut]), bytes + [0x0A], bytes + Array(bytes[..<cut]), [],
            ] {
                expectEncoding(snapshot, against: committed, "seed \(seed)")
            }
            previous = snapshot
        }
        for seed in UInt64(0)..<100 {
            var random = Random(seed: seed &* 0x5851_F42D)
            let versions = RandomSchema.randomVersions(edits: 1...3, using: &random)
            let (old, new) = (try requireSchema(versions.old), try requireSchema(versions.new))
            expectEncoding(
                MigrationSnapshot(schema: new), against: MigrationSnapshot(schema: old).bytes, "seed \(seed)")
            expectEncoding(
                MigrationSnapshot(schema: old), against: MigrationSnapshot(schema: new).bytes, "seed \(seed)")
        }
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let failure) = self { failure } else { nil }
    }
}

/// Which cases the random graphs drew. The switches have no `default`: a new case does not
/// compile here until it has a name, and then the coverage check fails until the random graphs
/// (`RandomGraph`'s sample lists) draw it.
struct Coverage {
    var seen: Set<String> = []

    static func caseName(_ type: ColumnType) -> String {
        switch type {
        case .uuid: "uuid"
        case .text: "text"
        case .varchar: "varchar"
        case .smallint: "smallint"
        case .int: "int"
        case .bigint: "bigint"
        case .bool: "bool"
        case .decimal: "decimal"
        case .real: "real"
        case .double: "double"
        case .date: "date"
        case .timestamptz: "timestamptz"
        case .timestamp: "timestamp"
        case .json: "json"
        case .bytes: "bytes"
        case .vector: "vector"
        case .enumeration: "enumeration"
        }
    }

    static func caseName(_ reference: EnumReference) -> String {
        switch reference {
        case .named: "named"
        case .inline: "inline"
        }
    }

    static func caseName(_ value: DefaultValue) -> String {
        switch value {
        case .string: "string"
        case .number: "number"
        case .bool: "bool"
        case .json: "json"
        case .now: "now"
        case .uuid: "uuid"
        case .sql: "sql"
        }
    }

    static func caseName(_ kind: ImplicitCheck.Kind) -> String {
        switch kind {
        case .values: "values"
        case .bool: "bool"
        case .json: "json"
        case .length: "length"
        case .range: "range"
        case .digits: "digits"
        case .uuid: "uuid"
        case .date: "date"
        case .timestamp: "timestamp"
        }
    }

    mutating func record(_ schema: Schema) {
        for table in schema.tables {
            for column in table.columns {
                seen.insert("type." + Self.caseName(column.type))
                if case .enumeration(let reference) = column.type {
                    seen.insert("reference." + Self.caseName(reference))
                }
                if let value = column.defaultValue { seen.insert("default." + Self.caseName(value)) }
            }
            for check in table.implicitChecks {
                seen.insert("kind." + Self.caseName(check.kind))
                for database in check.databases { seen.insert("database.\(database)") }
            }
            for key in table.foreignKeys {
                for action in [key.onDelete, key.onUpdate].compactMap({ $0 }) { seen.insert("action.\(action)") }
            }
            for index in table.indexes {
                seen.insert("method.\(index.method)")
                if let distance = index.distance { seen.insert("distance.\(distance)") }
            }
        }
    }

    var missing: [String] {
        let all =
            RandomGraph.columnTypes.map { "type." + Self.caseName($0) }
            + RandomGraph.references.map { "reference." + Self.caseName($0) }
            + RandomGraph.defaultValues.map { "default." + Self.caseName($0) }
            + RandomGraph.kinds.map { "kind." + Self.caseName($0) }
            + ImplicitCheck.Database.allCases.map { "database.\($0)" }
            + ReferentialAction.allCases.map { "action.\($0)" } + IndexMethod.allCases.map { "method.\($0)" }
            + VectorDistance.allCases.map { "distance.\($0)" }
        return all.filter { !seen.contains($0) }.sorted()
    }
}
