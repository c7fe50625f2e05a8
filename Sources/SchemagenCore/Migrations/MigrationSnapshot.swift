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

    public init(schema: Schema) {
        self.comment = "\(GeneratedFile.marker). Do not edit: the next migration is planned from it."
        self.format = Self.currentFormat
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

    /// Pretty, key-sorted JSON with a final newline: byte-stable, and a one-column change is a
    /// few lines of diff. Format 1 is what `JSONEncoder` wrote with `[.prettyPrinted, .sortedKeys,
    /// .withoutEscapingSlashes]` from the synthesized `Codable`; `SnapshotJSONWriter` writes the
    /// same bytes by hand (the `Codable` conformances stay, as the tests' reference).
    public var text: String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// `text`, as bytes.
    public var bytes: [UInt8] {
        // About 9 KB a table in the synthetic projects: one allocation, mostly.
        var writer = SnapshotJSONWriter(capacity: 4096 + schema.tables.count * 10_000)
        _ = writer.write(self)
        return writer.bytes
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
        bytes.withUnsafeBufferPointer { expected in
            var offset = 0
            var differing: [UInt8]?
            var writer = SnapshotJSONWriter(capacity: 64 * 1024)
            _ = writer.write(self) { written in
                defer { written.removeAll(keepingCapacity: true) }
                if differing != nil {
                    differing!.append(contentsOf: written)
                    return true
                }
                let same =
                    written.count <= expected.count - offset
                    && written.withUnsafeBufferPointer { chunk in
                        chunk.isEmpty || memcmp(chunk.baseAddress!, expected.baseAddress! + offset, chunk.count) == 0
                    }
                if same {
                    offset += written.count
                    return true
                }
                guard keepingIt else {
                    differing = []
                    return false
                }
                var encoding: [UInt8] = []
                encoding.reserveCapacity(max(expected.count, 4096 + schema.tables.count * 10_000) + 64 * 1024)
                encoding.append(contentsOf: UnsafeBufferPointer(rebasing: expected[..<offset]))
                encoding.append(contentsOf: written)
                differing = encoding
                return true
            }
            if differing == nil, offset != expected.count {
                // Every written byte matched, but `bytes` goes on: the encoding is what matched.
                return keepingIt ? Array(expected[..<offset]) : []
            }
            return differing
        }
    }

    public static let currentFormat = 1

    /// The snapshot in `bytes`, or why it cannot be read: not JSON, another format, or not a
    /// schema (where, and why). Read by `SnapshotJSONReader` as `JSONDecoder` read it.
    public static func decode(_ bytes: [UInt8]) -> Result<MigrationSnapshot, SnapshotError> {
        SnapshotJSONReader.decode(bytes)
    }
}

public struct SnapshotError: Error, Sendable, Hashable {
    public var reason: String
}
