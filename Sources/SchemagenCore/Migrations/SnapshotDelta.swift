import Foundation

/// The committed snapshot read by its differences from this schema's encoding, when a migration is
/// planned. The committed text is, but for the tables that changed, this schema's encoding: where
/// one of its enums or tables is byte for byte this schema's encoding of it, that element is not
/// read, and the schema's own value stands in for it (`asReadBack`: its annotations at their
/// defaults, as a snapshot reads back); only the elements that differ are read, each alone.
/// After one table of a thousand changed, that is one table read instead of 9 MB.
///
/// Only a text laid out as `SnapshotJSONWriter` lays it out is read so: its header (comment,
/// format, the opening of `enums`) and the lines between the arrays are this schema's own bytes,
/// each element of `enums` and `tables` starts on a line of its own and ends with its closing
/// brace at its own indentation, and the separators are the writer's. Anything else is `nil`, and
/// the planner reads the whole text (`SnapshotJSONReader.decode`), which also explains a text that
/// does not read. Each element read alone is read as `decode` reads it in place (at its depth, to
/// its end and no further), and the elements are whole JSON values between the writer's commas,
/// so the array they make is the array `decode` reads. `SnapshotDeltaTests` compares the two on
/// the history fixtures and on random schemas and edits, every annotation included.
enum SnapshotDelta {
    /// The snapshot in `committed`, or `nil` when it is not laid out as the writer lays it out
    /// (then it is read whole). `current` is this schema's snapshot and `encoding` its bytes, as
    /// `MigrationSnapshot.differingEncoding` wrote them (`layout` says where each element is).
    /// With it, `unchangedTables`: the names of the tables that are this schema's own, byte for
    /// byte, so equal to it (`SchemaDiffer.diff(from:to:unchangedTables:)` does not compare them
    /// again); and `elementsRead`: how many elements of `enums` and `tables` it read from the
    /// committed text (the others are this schema's own), which the tests check.
    static func read(_ committed: [UInt8], current: MigrationSnapshot, encoding: SnapshotEncoding)
        -> (snapshot: MigrationSnapshot, elementsRead: Int, unchangedTables: Set<String>)?
    {
        committed.withUnsafeBufferPointer { committed in
            encoding.bytes.withUnsafeBufferPointer { written in
                var reader = Reader(
                    committed: committed, written: written, layout: encoding.layout, matched: encoding.matched)
                return reader.snapshot(current).map { ($0, reader.elementsRead, reader.unchangedTables) }
            }
        }
    }

    /// One element of an array: this schema's own (its index), or read from the committed text.
    private enum Element<Value> {
        case same(Int)
        case read(Value)
    }

    private struct Reader {
        let committed: UnsafeBufferPointer<UInt8>
        let written: UnsafeBufferPointer<UInt8>
        let layout: SnapshotLayout
        /// How many bytes at the start of both texts are known to be equal.
        let matched: Int
        var position = 0
        var elementsRead = 0
        /// The tables taken as this schema's own (`Element.same`), by name.
        var unchangedTables: Set<String> = []

        init(
            committed: UnsafeBufferPointer<UInt8>, written: UnsafeBufferPointer<UInt8>, layout: SnapshotLayout,
            matched: Int
        ) {
            self.committed = committed
            self.written = written
            self.layout = layout
            self.matched = matched
        }

        mutating func snapshot(_ current: MigrationSnapshot) -> MigrationSnapshot? {
            // The header, to the opening of `enums`: the comment and the format, as this schema's.
            guard committed.count >= layout.enumsOpen, equal(0, written: 0..<layout.enumsOpen) else { return nil }
            position = layout.enumsOpen
            guard
                let enums = array(
                    layout.enums, names: current.schema.enums.map(\.name), read: SnapshotJSONReader.enumType(in:),
                    name: \.name),
                skip(Layout.betweenArrays),
                let tables = array(
                    layout.tables, names: current.schema.tables.map(\.name), read: SnapshotJSONReader.table(in:),
                    name: \.name)
            else { return nil }
            for case .same(let index) in tables { unchangedTables.insert(current.schema.tables[index].name) }
            // The rest: `tableFiles`, this schema's own when the bytes are.
            let tableFiles: [String: String]
            if committed.count - position == written.count - layout.tail,
                equal(position, written: layout.tail..<written.count)
            {
                tableFiles = current.tableFiles
            } else {
                guard skip(Layout.beforeTableFiles), committed.count - position >= Layout.end.count,
                    Layout.end.elementsEqual(committed[(committed.count - Layout.end.count)...]),
                    let read = SnapshotJSONReader.tableFiles(
                        in: UnsafeBufferPointer(rebasing: committed[position..<(committed.count - Layout.end.count)]))
                else { return nil }
                tableFiles = read
            }
            return MigrationSnapshot(
                comment: current.comment, format: current.format,
                schema: Schema(
                    tables: Self.values(tables, own: current.schema.tables) { $0.asReadBack },
                    enums: Self.values(enums, own: current.schema.enums) { $0.asReadBack }),
                tableFiles: tableFiles)
        }

        /// The values of `elements`: those read, and this schema's own (`own`) as they read back.
        private static func values<Value>(_ elements: [Element<Value>], own: [Value], _ readBack: (Value) -> Value)
            -> [Value]
        {
            elements.map { element in
                switch element {
                case .same(let index): readBack(own[index])
                case .read(let value): value
                }
            }
        }

        /// The elements of an array from its opening bracket (just read) through its closing one.
        /// `ranges`: where this schema's elements are in `written`, `names` their names.
        private mutating func array<Value>(
            _ ranges: [Range<Int>], names: [String], read: (UnsafeBufferPointer<UInt8>) -> Value?,
            name: (Value) -> String
        ) -> [Element<Value>]? {
            if skip(Layout.arrayEnd) { return [] }
            guard skip(Layout.firstElement) else { return nil }
            var elements: [Element<Value>] = []
            elements.reserveCapacity(ranges.count)
            // The element of this schema that the committed one at `position` is likely to be.
            var next = 0
            var indexOfName: [String: Int]?
            while true {
                if next < ranges.count, isSame(ranges[next]) {
                    elements.append(.same(next))
                    position += ranges[next].count
                    next += 1
                } else {
                    guard let end = elementEnd() else { return nil }
                    guard let value = read(UnsafeBufferPointer(rebasing: committed[position..<end])) else { return nil }
                    elements.append(.read(value))
                    elementsRead += 1
                    position = end
                    // Which of this schema's elements comes next: the one after this name's, unless
                    // it is gone or comes before (then the same one is tried again).
                    let valueName = name(value)
                    if next < names.count, names[next] == valueName {
                        next += 1
                    } else {
                        if indexOfName == nil {
                            indexOfName = Dictionary(
                                names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
                        }
                        if let index = indexOfName![valueName], index > next { next = index + 1 }
                    }
                }
                if skip(Layout.nextElement) { continue }
                if skip(Layout.arrayEnd) { return elements }
                return nil
            }
        }

        /// True when the committed text at `position` holds `range` of `written`.
        private func isSame(_ range: Range<Int>) -> Bool {
            guard committed.count - position >= range.count else { return false }
            // Both texts are known to be equal up to `matched`, at the same places.
            if position == range.lowerBound, range.upperBound <= matched { return true }
            return equal(position, written: range)
        }

        /// The end of the element at `position`: just after the first closing brace at the
        /// elements' indentation (`Layout.elementEnd`), where every element of the writer ends.
        private func elementEnd() -> Int? {
            let base = committed.baseAddress!
            let pattern = Layout.elementEnd
            var from = position + 1
            while from < committed.count,
                let found = memchr(base + from, Int32(SnapshotByte.closeBrace), committed.count - from)
            {
                let brace = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                from = brace + 1
                let start = brace + 1 - pattern.count
                if start >= position,
                    pattern.withUnsafeBufferPointer({ memcmp(base + start, $0.baseAddress!, $0.count) }) == 0
                {
                    return from
                }
            }
            return nil
        }

        private func equal(_ offset: Int, written range: Range<Int>) -> Bool {
            range.isEmpty
                || memcmp(committed.baseAddress! + offset, written.baseAddress! + range.lowerBound, range.count) == 0
        }

        /// Moves past `bytes` when the committed text holds them at `position`.
        private mutating func skip(_ bytes: [UInt8]) -> Bool {
            guard committed.count - position >= bytes.count,
                bytes.withUnsafeBufferPointer({ memcmp(committed.baseAddress! + position, $0.baseAddress!, $0.count) })
                    == 0
            else { return false }
            position += bytes.count
            return true
        }
    }

    /// The writer's bytes around the elements (`SnapshotJSONWriter`: two spaces a level; the
    /// elements of `enums` and `tables` at the third). An array's opening bracket is followed by
    /// a line break (`SnapshotLayout.enumsOpen` is after both), an empty array closes on the
    /// next line.
    enum Layout {
        static let firstElement = Array("      ".utf8)
        static let nextElement = Array(",\n      ".utf8)
        static let elementEnd = Array("\n      }".utf8)
        static let arrayEnd = Array("\n    ]".utf8)
        static let betweenArrays = Array(",\n    \"tables\" : [\n".utf8)
        static let beforeTableFiles = Array("\n  },\n  \"tableFiles\" : ".utf8)
        static let end = Array("\n}\n".utf8)
    }
}
