import Foundation

/// The schema files of a project, read from disk: paths relative to the project root, in path
/// order, with their text kept for diagnostics snippets.
public struct SchemaSources: Sendable {
    public struct File: Sendable, Hashable {
        /// Relative to the project root, with `/` separators (`schema/accounts.yaml`).
        public var path: String
        public var bytes: [UInt8]

        public init(path: String, bytes: [UInt8]) {
            self.path = path
            self.bytes = bytes
        }

        public var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    public var files: [File]

    public init(files: [File]) {
        self.files = files.sorted { $0.path < $1.path }
    }

    /// Every `*.yaml` and `*.yml` file under `directory` (relative to `root`), recursively.
    public static func read(directory: String, root: URL) throws(Diagnostic) -> SchemaSources {
        let base = resolve(directory, root: root)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: base.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .error(
                "schema directory '\(directory)' does not exist", rule: FormatRule.io, at: nil,
                fixes: ["create it, or set `schema:` in schemagen.yaml"])
        }
        var files: [File] = []
        let enumerator = FileManager.default.enumerator(
            at: base, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        while let url = enumerator?.nextObject() as? URL {
            guard ["yaml", "yml"].contains(url.pathExtension) else { continue }
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let relative = directory + "/" + url.path.dropFirst(base.path.count).drop { $0 == "/" }
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw .error("cannot read '\(relative)'", rule: FormatRule.io, at: nil)
            }
            files.append(File(path: normalize(relative), bytes: Array(data)))
        }
        return SchemaSources(files: files)
    }

    /// Drops `.` segments and doubled slashes; an absolute path stays absolute.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." { parts.append(part) }
        let joined = parts.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    /// A configured directory: absolute as written, or relative to the project root.
    public static func resolve(_ directory: String, root: URL) -> URL {
        directory.hasPrefix("/")
            ? URL(fileURLWithPath: directory, isDirectory: true)
            : root.appendingPathComponent(directory, isDirectory: true)
    }
}
