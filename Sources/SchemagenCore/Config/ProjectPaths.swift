import Foundation

/// The directories a config names (`schema:`, `output:`), as written and on disk.
public enum ProjectPaths {
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
