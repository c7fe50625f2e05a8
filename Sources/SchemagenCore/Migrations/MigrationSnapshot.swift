import Foundation

/// The schema a migration leads to, kept beside it so that the next migration is planned from the
/// graph, never by replaying SQL. Only what the database holds is kept (the graph's annotations
/// are left out), plus the file each table was written in, so that a finding about a table that
/// is gone can still point at its file.
public struct MigrationSnapshot: Sendable, Hashable, Codable {
    /// schemagen's header, as the first key: the writer removes only files that carry it.
    public var comment: String
    /// The snapshot format, so that a later schemagen can read an older history (or say that
    /// it cannot) instead of misreading it.
    public var format: Int
    public var schema: Schema
    /// Table name → the schema file that defined it.
    public var tableFiles: [String: String]

    /// The snapshot of `schema` in `format` (one of `readableFormats`): a new migration's in the
    /// current one; the committed one's, to compare this schema with its bytes.
    public init(schema: Schema, format: Int = Self.currentFormat) {
        precondition(
            Self.wholeFormats.contains(format), "snapshot format \(format) is not a whole one schemagen writes")
        self.comment = Self.header
        self.format = format
        self.schema = schema
        self.tableFiles = Dictionary(
            schema.tables.map { ($0.name, $0.file) }, uniquingKeysWith: { first, _ in first })
    }

    init(comment: String, format: Int, schema: Schema, tableFiles: [String: String]) {
        self.comment = comment
        self.format = format
        self.schema = schema
        self.tableFiles = tableFiles
    }

    /// Key-sorted JSON with a final newline, laid out as its `format` says (`SnapshotJSONWriter`):
    /// byte-stable, and a one-column change is one line of diff in format 2 (a few in format 1,
    /// what `JSONEncoder` wrote with `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]` from
    /// the synthesized `Codable`, which stays as the tests' reference).
    public var text: String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// `text`, as bytes.
    public var bytes: [UInt8] {
        // About 5 KB a table in the synthetic projects (9 in format 1): one allocation, mostly,
        // filled table by table from the writer's small buffer.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4096 + schema.tables.count * Self.bytesPerTable(format))
        var writer = SnapshotJSONWriter(capacity: 64 * 1024)
        _ = writer.write(self) { written in
            bytes.append(contentsOf: written)
            return true
        }
        return bytes
    }

    /// True when `bytes` is this snapshot's encoding, byte for byte. Compared while it is written,
    /// table by table: the encoding is never held whole, and a difference stops it there.
    public func isEncoded(in bytes: [UInt8]) -> Bool {
        encoding(unlessIn: bytes, keepingIt: false) == nil
    }

    /// `nil` when `bytes` is this snapshot's encoding, byte for byte; otherwise the encoding
    /// (`self.bytes`). One pass of the writer does both, which is what the planner needs: while
    /// the written bytes match, only a window of them is held (table by table, as in
    /// `isEncoded`); at the first difference the part that matched is taken from `bytes` and the
    /// rest is written on, so a schema that changed is not written a second time for its new
    /// snapshot. `keepingIt: false` stops at the first difference and returns empty bytes.
    func encoding(unlessIn bytes: [UInt8], keepingIt: Bool = true) -> [UInt8]? {
        differingEncoding(unlessIn: bytes, keepingIt: keepingIt)?.bytes
    }

    /// `encoding(unlessIn:)`, with where its parts are and how much of it `bytes` holds too.
    func differingEncoding(unlessIn bytes: [UInt8], keepingIt: Bool = true) -> SnapshotEncoding? {
        bytes.withUnsafeBufferPointer { expected in
            encoding(
                unlessIn: expected.count,
                matches: { offset, chunk in
                    chunk.isEmpty || memcmp(chunk.baseAddress!, expected.baseAddress! + offset, chunk.count) == 0
                }, prefix: { Array(expected[..<$0]) }, keepingIt: keepingIt)
        }
    }

    /// `encoding(unlessIn:)` of the bytes of `file`, read in blocks as the encoding is written
    /// (at 10,000 tables the snapshot is 88 MB, neither held nor written whole when it matches).
    /// A file that cannot be read to its end reads as differing; one that changed while it was
    /// read is the planner's error (`changedWhileRead`).
    func encoding(
        unlessIn file: OpenFile, keepingIt: Bool = true, blockSize: Int = DeferredFile.blockSize
    ) -> [UInt8]? {
        differingEncoding(unlessIn: file, keepingIt: keepingIt, blockSize: blockSize)?.bytes
    }

    /// `encoding(unlessIn:)` of a file, as `differingEncoding(unlessIn:)`.
    func differingEncoding(
        unlessIn file: OpenFile, keepingIt: Bool = true, blockSize: Int = DeferredFile.blockSize
    ) -> SnapshotEncoding? {
        var reader = BlockComparer(file: file, blockSize: blockSize)
        return encoding(
            unlessIn: file.identity.size, matches: { reader.matches($1, at: $0) },
            // What matched is the encoding's own start: written again if the file fails to give it.
            prefix: { file.bytes(at: 0, count: $0) ?? Array(bytes.prefix($0)) }, keepingIt: keepingIt)
    }

    /// The writer's pass of `encoding(unlessIn:)`, on `count` expected bytes that `matches` compares
    /// a chunk with (at an offset, in order) and `prefix` gives.
    private func encoding(
        unlessIn count: Int, matches: (Int, UnsafeBufferPointer<UInt8>) -> Bool, prefix: (Int) -> [UInt8],
        keepingIt: Bool
    ) -> SnapshotEncoding? {
        var offset = 0
        var differing: [UInt8]?
        var writer = SnapshotJSONWriter(capacity: 64 * 1024)
        _ = writer.write(self) { written in
            if differing != nil {
                differing!.append(contentsOf: written)
                return true
            }
            let same = written.count <= count - offset && matches(offset, written)
            if same {
                offset += written.count
                return true
            }
            guard keepingIt else {
                differing = []
                return false
            }
            var encoding: [UInt8] = []
            encoding.reserveCapacity(max(count, 4096 + schema.tables.count * Self.bytesPerTable(format)) + 64 * 1024)
            encoding.append(contentsOf: prefix(offset))
            encoding.append(contentsOf: written)
            differing = encoding
            return true
        }
        if differing == nil, offset != count {
            // Every written byte matched, but the expected bytes go on: the encoding is what matched.
            differing = keepingIt ? prefix(offset) : []
        }
        return differing.map { SnapshotEncoding(bytes: $0, format: format, layout: writer.layout, matched: offset) }
    }

    /// The format new whole snapshots are written in (the first migration's, and one that
    /// changes at least half of the tables); the others are changes (`SnapshotChange.format`).
    public static let currentFormat = 2
    /// The formats of whole snapshots this schemagen reads: a history keeps the snapshots of
    /// every schemagen before.
    public static let wholeFormats = 1...2
    /// Every format this schemagen reads: whole snapshots and changes.
    public static let readableFormats = 1...3

    /// The first key's value: the writer removes only files that carry the marker.
    static let header = "\(GeneratedFile.marker). Do not edit: the next migration is planned from it."

    /// A bound of a table's bytes in the synthetic projects, to reserve once.
    private static func bytesPerTable(_ format: Int) -> Int { format >= 2 ? 6_000 : 10_000 }

    /// The format a snapshot's text says it is in, from its first bytes (as the writer lays
    /// them out: `"format" : N` before the schema); `nil` when they do not say it so.
    static func format(ofTextStartingWith bytes: some Collection<UInt8>) -> Int? {
        let key = Array("\"format\" : ".utf8)
        let text = Array(bytes.prefix(1024))
        guard let start = text.firstRange(of: key)?.upperBound else { return nil }
        let digits = text[start...].prefix(while: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        guard !digits.isEmpty, digits.count < 6 else { return nil }
        return Int(String(decoding: digits, as: UTF8.self))
    }

    /// The snapshot in `bytes`, or why it cannot be read: not JSON, another format, or not a
    /// schema (where, and why). Read by `SnapshotJSONReader` as `JSONDecoder` read it.
    public static func decode(_ bytes: [UInt8]) -> Result<MigrationSnapshot, SnapshotError> {
        SnapshotJSONReader.decode(bytes)
    }

    /// The snapshot file in `bytes`, whole or a change (`SnapshotChange`), or why it cannot be read.
    static func read(_ bytes: [UInt8]) -> Result<SnapshotFile, SnapshotError> {
        SnapshotJSONReader.read(bytes)
    }
}

/// A schema's snapshot that differs from a committed one: its bytes, where its parts are in them,
/// and how many bytes at its start the committed one holds too.
struct SnapshotEncoding: Sendable, Hashable {
    var bytes: [UInt8]
    /// The snapshot format the bytes are laid out in.
    var format: Int
    var layout: SnapshotLayout
    var matched: Int
}

public struct SnapshotError: Error, Sendable, Hashable {
    public var reason: String
}

/// Compares chunks given in order with a file's bytes at their offsets, read a block at a time.
struct BlockComparer {
    let file: OpenFile
    let blockSize: Int
    private var block: [UInt8] = []
    private var blockStart = 0

    init(file: OpenFile, blockSize: Int = DeferredFile.blockSize) {
        self.file = file
        self.blockSize = blockSize
    }

    mutating func matches(_ chunk: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        guard offset + chunk.count <= file.identity.size else { return false }
        var done = 0
        while done < chunk.count {
            let position = offset + done
            if position < blockStart || position >= blockStart + block.count {
                let count = min(blockSize, file.identity.size - position)
                guard let read = file.bytes(at: position, count: count) else { return false }
                block = read
                blockStart = position
            }
            let count = min(blockStart + block.count - position, chunk.count - done)
            let same = block.withUnsafeBufferPointer { block in
                memcmp(block.baseAddress! + (position - blockStart), chunk.baseAddress! + done, count) == 0
            }
            guard same else { return false }
            done += count
        }
        return true
    }
}
