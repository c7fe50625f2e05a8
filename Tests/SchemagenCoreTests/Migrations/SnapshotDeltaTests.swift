import Foundation
import Testing

@testable import SchemagenCore

/// `SnapshotDelta` reads a committed snapshot by its differences from this schema's encoding: the
/// enums and tables that are byte for byte this schema's are not read, the schema's own values
/// stand in for them (`asReadBack`), and only the others are read, each alone. The whole read
/// (`MigrationSnapshot.decode`) is the reference: whatever is committed, the delta reads the same
/// snapshot, every annotation included (`==` leaves them out), or declines (`nil`), and it never
/// reads a text that does not read whole. Versions of the history fixtures, random schemas and
/// edits through the loader, and random graphs with hostile strings, with tables added, dropped,
/// changed and moved; then texts that `JSONEncoder` would not write, and corruptions.
@Suite struct SnapshotDeltaTests {
    /// Everything a value holds, its annotations too.
    static func deep(_ value: Any) -> String {
        var text = ""
        dump(value, to: &text)
        return text
    }

    /// The delta read of `committed` against `current` (when they differ) is the whole read, and
    /// is taken when `expectingDelta` says so; returns whether it was taken.
    @discardableResult
    func expectSameRead(
        _ committed: [UInt8], current: MigrationSnapshot, expectingDelta: Bool?, _ comment: Comment? = nil,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> Bool {
        guard let encoding = current.differingEncoding(unlessIn: committed) else {
            #expect(committed == current.bytes, comment, sourceLocation: sourceLocation)
            return false
        }
        #expect(encoding.bytes == current.bytes, comment, sourceLocation: sourceLocation)
        let read = SnapshotDelta.read(committed, current: current, encoding: encoding)
        if let expectingDelta {
            #expect((read != nil) == expectingDelta, comment, sourceLocation: sourceLocation)
        }
        guard let read else { return false }
        let delta = read.snapshot
        guard case .success(let whole) = MigrationSnapshot.decode(committed) else {
            Issue.record("the delta read a text that does not read whole: \(comment?.description ?? "")")
            return true
        }
        #expect(delta == whole, comment, sourceLocation: sourceLocation)
        // The tables it takes as this schema's own are this schema's tables (by name where names
        // are distinct, as a checked schema's are), and the differ told so (without comparing
        // them) finds the changes it finds comparing them, also in the random graphs whose
        // versions have two tables of one name, which it then does not take the names for.
        let distinctNames = { (schema: Schema) in Set(schema.tables.map(\.name)).count == schema.tables.count }
        if distinctNames(whole.schema), distinctNames(current.schema) {
            for name in read.unchangedTables {
                #expect(
                    whole.schema.tables.first { $0.name == name } == current.schema.tables.first { $0.name == name },
                    comment, sourceLocation: sourceLocation)
            }
        }
        #expect(
            SchemaDiffer.diff(from: delta.schema, to: current.schema, unchangedTables: read.unchangedTables).changes
                == SchemaDiffer.diff(from: whole.schema, to: current.schema).changes,
            comment, sourceLocation: sourceLocation)
        #expect(delta.tableFiles == whole.tableFiles, comment, sourceLocation: sourceLocation)
        #expect(
            Self.deep(delta.schema) == Self.deep(whole.schema) && delta.comment == whole.comment
                && delta.format == whole.format, comment, sourceLocation: sourceLocation)
        return true
    }

    /// Both ways between two versions, each committed as its snapshot, in every format (the
    /// planner compares a schema with a committed snapshot in that snapshot's format).
    func expectSameReads(
        _ old: Schema, _ new: Schema, _ comment: Comment? = nil,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        for format in MigrationSnapshot.wholeFormats {
            let oldSnapshot = MigrationSnapshot(schema: old, format: format)
            let newSnapshot = MigrationSnapshot(schema: new, format: format)
            expectSameRead(
                oldSnapshot.bytes, current: newSnapshot, expectingDelta: true, comment, sourceLocation: sourceLocation)
            expectSameRead(
                newSnapshot.bytes, current: oldSnapshot, expectingDelta: true, comment, sourceLocation: sourceLocation)
        }
    }

    func schema(_ yaml: String) throws -> Schema { try requireSchema(yaml) }

    // MARK: Every annotation

    /// A schema in which every annotation of every part is set to something other than its
    /// default (`RandomGraph` and the loader set only some).
    static func fullyAnnotated() -> Schema {
        let at = SourceLocation(file: "t.yaml", line: 2, column: 3)
        let exceptions = [RuleException(rule: "r", reason: "why", location: at)]
        var type = EnumType(name: "state", values: ["open", "done"], comment: "c", file: "e.yaml", location: at)
        type.renamedValues = ["done": "closed"]
        var table = Table(
            name: "t",
            columns: [
                Column(name: "c", type: .int, renamedFrom: "b", exceptions: exceptions, mixin: "m", location: at)
            ],
            primaryKey: PrimaryKey(name: "pk", columns: ["c"], location: at),
            foreignKeys: [
                ForeignKey(
                    name: "fk", columns: ["c"], referencedTable: "u", referencedColumns: ["id"], onDelete: .cascade,
                    location: at, locationLength: 5, onDeleteLocation: at, onUpdateLocation: at)
            ], uniqueConstraints: [UniqueConstraint(name: "u", columns: ["c"], location: at)],
            checks: [CheckConstraint(name: "k", expression: "c > 0", location: at)],
            implicitChecks: [ImplicitCheck(name: "i", column: "c", kind: .bool, databases: [.sqlite], location: at)],
            indexes: [
                Index(
                    name: "x", columns: [IndexColumn(name: "c")], method: .hnsw, isNamedExplicitly: true,
                    exceptions: exceptions, location: at)
            ], comment: "c", renamedFrom: "s", mixins: ["m"], swiftName: "T", exceptions: exceptions, file: "t.yaml",
            location: at)
        table.swiftNameLocation = at
        table.triggers = [UpdateTrigger(name: "tr", column: "c")]
        return Schema(tables: [table], enums: [type])
    }

    /// Every annotation in `value` (a property wrapper's storage, `_name`), by its path: whether
    /// it is at its default, `nil` when it cannot tell (its value is not `Equatable`).
    static func annotations(in value: Any, at path: String = "") -> [String: Bool?] {
        var found: [String: Bool?] = [:]
        for (offset, child) in Mirror(reflecting: value).children.enumerated() {
            let childPath = path + "." + (child.label ?? "\(offset)")
            if child.label?.hasPrefix("_") == true {
                found[childPath] = .some((child.value as? any AnnotationValue)?.isAtDefault)
            } else {
                found.merge(annotations(in: child.value, at: childPath)) { first, _ in first }
            }
        }
        return found
    }

    /// Every stored property of every part is encoded or an annotation (`SnapshotCodecTests`
    /// checks the encoded ones), and `asReadBack` and the reader both leave every annotation at
    /// its default and the same, whatever they were: an annotation added to the graph fails here
    /// until `fullyAnnotated` sets it, and then until `init(readBack:)` resets it.
    @Test func everyAnnotationIsAtItsDefaultReadBackOrRead() throws {
        let schema = Self.fullyAnnotated()
        let set = Self.annotations(in: schema)
        #expect(set.count >= 25)
        #expect(set.filter { $0.value != false }.keys.sorted() == [], "annotations not set, or not Equatable")
        let back = Schema(tables: schema.tables.map(\.asReadBack), enums: schema.enums.map(\.asReadBack))
        let read = try MigrationSnapshot.decode(MigrationSnapshot(schema: schema).bytes).get().schema
        for (name, value) in [("asReadBack", back), ("read", read)] {
            #expect(value == schema, "\(name): the encoded parts are kept")
            let annotations = Self.annotations(in: value)
            #expect(annotations.keys.sorted() == set.keys.sorted(), "\(name)")
            #expect(annotations.filter { $0.value != true }.keys.sorted() == [], "\(name): not at their default")
        }
        #expect(Self.deep(back) == Self.deep(read))
    }

    // MARK: What the writer writes

    /// A table or an enum of this schema stands in for its snapshot as it reads back: every
    /// annotation at its default, as the reader leaves it.
    @Test func aPartAsReadBackIsThePartAsTheReaderReadsIt() throws {
        var schemas: [Schema] = []
        for seed in UInt64(0)..<100 {
            var random = Random(seed: seed &+ 0xDE17A)
            schemas.append(RandomGraph.snapshot(using: &random).schema)
            schemas.append(try schema(RandomSchema.random(using: &random).yaml))
        }
        for schema in schemas {
            let read = try MigrationSnapshot.decode(MigrationSnapshot(schema: schema).bytes).get().schema
            #expect(Self.deep(read.tables) == Self.deep(schema.tables.map(\.asReadBack)))
            #expect(Self.deep(read.enums) == Self.deep(schema.enums.map(\.asReadBack)))
        }
    }

    @Test func theHistoryFixturesReadTheSameWay() throws {
        let fixtures = try HistoryFixtures.versions()
        let (steps, versions) = (fixtures.map(\.step), fixtures.map(\.schema))
        // Each step after the one before, and each against the first and the last.
        for (index, new) in versions.enumerated().dropFirst() {
            expectSameReads(versions[index - 1], new, "\(steps[index])")
            expectSameReads(versions[0], new, "\(steps[index]) after the first")
            expectSameReads(new, versions[versions.count - 1], "\(steps[index]) before the last")
        }
    }

    @Test func randomEditsReadTheSameWay() throws {
        for seed in UInt64(0)..<300 {
            var random = Random(seed: seed &+ 0xD17A)
            let (old, new, edits) = RandomSchema.randomVersions(edits: 1...6, using: &random)
            expectSameReads(try self.schema(old), try self.schema(new), "seed \(seed): \(edits)")
        }
    }

    /// Random graphs of hostile strings, their tables and enums dropped, added, changed, moved
    /// and swapped, `tableFiles` and the comment changed now and then.
    @Test func randomGraphsWithTablesAddedDroppedAndMovedReadTheSameWay() {
        var taken = 0
        for seed in UInt64(0)..<400 {
            var random = Random(seed: seed &+ 0x0DE1_7A)
            let old = RandomGraph.snapshot(using: &random)
            var new = old
            for _ in 0...random.int(0...4) {
                var tables = new.schema.tables
                switch random.int(0...6) {
                case 0 where !tables.isEmpty: tables.remove(at: random.int(0...(tables.count - 1)))
                case 1: tables.insert(RandomGraph.table(using: &random, small: true), at: random.int(0...tables.count))
                case 2 where !tables.isEmpty:
                    tables[random.int(0...(tables.count - 1))] = RandomGraph.table(using: &random, small: true)
                case 3 where tables.count > 1:
                    tables.swapAt(random.int(0...(tables.count - 1)), random.int(0...(tables.count - 1)))
                case 4 where !tables.isEmpty:
                    let index = random.int(0...(tables.count - 1))
                    tables[index].columns.append(
                        Column(name: "added", type: .text, location: .annotationDefault))
                case 5:
                    new.schema.enums.insert(
                        EnumType(
                            name: RandomGraph.string(using: &random), values: RandomGraph.strings(using: &random),
                            file: "e.yaml", location: .annotationDefault), at: random.int(0...new.schema.enums.count))
                default:
                    if !new.schema.enums.isEmpty { new.schema.enums[0].values.append("more") }
                }
                new.schema.tables = tables
            }
            switch random.int(0...5) {
            case 0: new.tableFiles[RandomGraph.string(using: &random)] = "x.yaml"
            case 1: new.comment += "!"
            default: break
            }
            let sameHeader = new.comment == old.comment
            if expectSameRead(old.bytes, current: new, expectingDelta: sameHeader ? true : nil, "seed \(seed)") {
                taken += 1
            }
            expectSameRead(new.bytes, current: old, expectingDelta: sameHeader ? true : nil, "seed \(seed) reversed")
        }
        #expect(taken > 250)
    }

    /// Three hundred tables and one changed: the delta reads that one alone, gives the others as
    /// the schema's own values, and the planner's migration is the one-column change.
    @Test func oneTableChangedOfManyIsReadAlone() throws {
        let (old, new) = try oneTableChangedOfMany()
        let committed = MigrationSnapshot(schema: old).bytes
        let current = MigrationSnapshot(schema: new)
        guard let encoding = current.differingEncoding(unlessIn: committed) else { Issue.record("same"); return }
        guard let result = SnapshotDelta.read(committed, current: current, encoding: encoding) else {
            Issue.record("no delta"); return
        }
        let delta = result.snapshot
        #expect(result.elementsRead == 1, "only the changed table is read")
        #expect(result.unchangedTables == Set(new.tables.map(\.name)).subtracting(["t137"]))
        #expect(delta.schema.tables[136] == new.tables[136])
        #expect(delta.schema.tables[137] != new.tables[137])
        #expect(
            SchemaDiffer.diff(from: delta.schema, to: new).changes.map(\.summary) == ["add column t137.note (text?)"])
        #expect(
            SchemaDiffer.diff(from: delta.schema, to: new, unchangedTables: result.unchangedTables).changes
                .map(\.summary) == ["add column t137.note (text?)"])
        expectSameReads(old, new)
    }

    // MARK: What the writer does not write

    /// A snapshot rewritten as JSON allows (keys in any order, any spacing and spelling) reads as
    /// a whole read reads it, by the delta or by the whole read.
    @Test func rewrittenSnapshotsReadTheSameWay() throws {
        for seed in UInt64(0)..<200 {
            var random = Random(seed: seed &+ 0xFACADE)
            let snapshot = RandomGraph.snapshot(using: &random, small: true)
            let tree = try #require(JSONTree.parse(snapshot.bytes))
            var text = ""
            tree.print(into: &text, parent: nil, using: &random)
            text += JSONTree.whitespace(using: &random)
            var current = snapshot
            if !current.schema.tables.isEmpty, random.bool() { current.schema.tables.removeLast() }
            expectSameRead(Array(text.utf8), current: current, expectingDelta: nil, "seed \(seed): \(text.prefix(500))")
        }
    }

    /// Bytes removed, inserted or replaced anywhere, among them the writer's own separators and
    /// line breaks: the delta reads what the whole read reads, or declines; never a text that does
    /// not read whole.
    @Test func corruptedSnapshotsReadTheSameWayOrNotByTheDelta() {
        var random = Random(seed: 0xBAD_DE17A)
        let insertions = Array("{}[]\":,\\ \n0-1.eE+tfnu\u{7F}\u{1}".utf8) + [0xC3, 0xFF, 0xED, 0xA0]
        for round in 0..<600 {
            let old = RandomGraph.snapshot(using: &random, small: true)
            var current = old
            if !current.schema.tables.isEmpty, random.bool() {
                current.schema.tables[0] = RandomGraph.table(using: &random, small: true)
            }
            let bytes = RandomGraph.corrupt(old.bytes, inserting: insertions, using: &random)
            expectSameRead(bytes, current: current, expectingDelta: nil, "round \(round)")
        }
    }

    /// The delta declines what only a whole read can explain or read: another format, a duplicate
    /// key after the tables, a second value after the snapshot, a byte-order mark, a table that is
    /// two objects on the writer's lines.
    @Test func textsThatOnlyAWholeReadCanTellAreDeclined() throws {
        var random = Random(seed: 7)
        let snapshot = RandomGraph.snapshot(using: &random)
        var current = snapshot
        current.schema.tables.append(Table(name: "new", columns: [], file: "", location: .annotationDefault))
        let text = String(decoding: snapshot.bytes, as: UTF8.self)
        for variant in [
            text.replacingOccurrences(of: "\"format\" : 1", with: "\"format\" : 2"),
            String(text.dropLast(2)) + ",\n  \"tableFiles\" : {}\n}\n",
            text + "{}",
            "\u{FEFF}" + text,
            text.replacingOccurrences(of: "\n    \"tables\" : [\n      {", with: "\n    \"tables\" : [\n      {},{"),
        ] {
            expectSameRead(Array(variant.utf8), current: current, expectingDelta: nil, "\(variant.prefix(300))")
        }
    }
}

/// An annotation whose value can be compared with its default.
private protocol AnnotationValue {
    var isAtDefault: Bool { get }
}

extension Annotation: AnnotationValue where Value: Equatable {
    fileprivate var isAtDefault: Bool { wrappedValue == .annotationDefault }
}
