import Foundation
import SchemagenCore

/// Puts schema sources on disk as a project: `<root>/schema/…`, no `schemagen.yaml` (the defaults).
enum ProjectWriter {
    static func write(_ sources: SchemaSources, to root: URL) throws {
        let manager = FileManager.default
        let schema = root.appendingPathComponent("schema", isDirectory: true)
        // Never mix with an existing schema: stale files of a larger run would stay and count.
        guard !manager.fileExists(atPath: schema.path) else {
            throw BenchError(description: "'\(schema.path)' already exists; choose a new directory")
        }
        for file in sources.files {
            let url = root.appendingPathComponent(file.path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.bytes).write(to: url)
        }
    }
}
