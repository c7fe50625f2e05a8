import Foundation

/// The schema a migration leads to, kept beside it so that the next migration is planned from the
/// graph, never by replaying SQL. Only what the database holds is kept (the graph's annotations
/// are left out), plus the file each table was written in, so that a finding about a table that
/// is gone can still point at its file.
public struct MigrationSnapshot: Sendable, Hashable, Codable {
    /// schemagen's header, as the first key: the writer removes only files that carry it.
    public var comment: String
    public var schema: Schema
    /// Table name → the schema file that defined it.
    public var tableFiles: [String: String]

    public init(schema: Schema) {
        self.comment = "\(GeneratedFile.marker). Do not edit: the next migration is planned from it."
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

    public static func decode(_ bytes: [UInt8]) -> MigrationSnapshot? {
        try? JSONDecoder().decode(MigrationSnapshot.self, from: Data(bytes))
    }
}
