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

    /// Pretty, key-sorted JSON with a final newline: byte-stable, and a one-column change is a
    /// few lines of diff.
    public var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain values cannot fail.
        let data = (try? encoder.encode(self)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    public static let currentFormat = 1

    /// The snapshot in `bytes`, or why it cannot be read.
    public static func decode(_ bytes: [UInt8]) -> Result<MigrationSnapshot, SnapshotError> {
        // The whole snapshot first: JSONDecoder scans all of its input whatever it decodes, so
        // reading the format on its own beforehand scanned megabytes twice (an eighth of the
        // decode). The format is read on its own only to explain a failure, or a snapshot of
        // another format that decoded anyway.
        let data = Data(bytes)
        let decoded = Result { try JSONDecoder().decode(MigrationSnapshot.self, from: data) }
        if case .success(let snapshot) = decoded, snapshot.format == currentFormat { return .success(snapshot) }
        struct Header: Decodable { var format: Int? }
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
            return .failure(SnapshotError(reason: "it is not JSON"))
        }
        guard header.format == currentFormat else {
            return .failure(
                SnapshotError(
                    reason:
                        "it is in snapshot format \(header.format.map(String.init) ?? "0"), and this schemagen reads format \(currentFormat)"
                ))
        }
        switch decoded {
        case .success(let snapshot): return .success(snapshot)
        case .failure(let error): return .failure(SnapshotError(reason: "it does not hold a schema (\(error))"))
        }
    }
}

public struct SnapshotError: Error, Sendable, Hashable {
    public var reason: String
}
