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

    /// True for the names schemagen reads as schema files: `.yaml` or `.yml` in any case
    /// (`Accounts.YAML` too, as a case-insensitive disk would hand it over either way).
    public static func isSchemaFileName(_ name: String) -> Bool {
        ["yaml", "yml"].contains((name as NSString).pathExtension.lowercased())
    }

    /// Every schema file under `directory` (relative to `root`), recursively, following symbolic
    /// links to files and folders. Names that start with `.` are skipped, files and folders alike:
    /// `.git`, macOS's `._accounts.yaml` resource forks, and the lock file Emacs makes while a file
    /// is edited (`.#accounts.yaml`, a link to nowhere) are never schema.
    ///
    /// Anything that keeps a file from being read is a problem, never a file quietly left out: a
    /// schema that lost a file would lose its tables, and `generate` would delete their models. A
    /// link to nothing, a link that leads back to a folder it is in, a folder or file that cannot be
    /// read are each an `io` error that names the path. `problems` is empty when `sources` is
    /// the whole schema.
    public static func read(directory: String, root: URL) -> (sources: SchemaSources, problems: [Diagnostic]) {
        let base = ProjectPaths.resolve(directory, root: root)
        var walk = DirectoryWalk()
        switch walk.kind(of: base.path, shownAs: directory) {
        case .directory(let id):
            walk.visit(base.path, shownAs: directory, ancestors: [id: directory])
        case .missing:
            walk.problems.append(
                .error(
                    "schema directory '\(directory)' does not exist", rule: FormatRule.io, at: nil,
                    fixes: ["create it, or set `schema:` in schemagen.yaml"]))
        case .file, .other:
            walk.problems.append(
                .error(
                    "schema directory '\(directory)' is not a directory", rule: FormatRule.io, at: nil,
                    fixes: ["set `schema:` in schemagen.yaml to the folder that holds the .yaml files"]))
        case .danglingLink, .linkLoop, .unreadable:
            break  // `kind` reported why.
        }
        return (SchemaSources(files: walk.files), walk.problems)
    }
}

/// The recursive walk behind `SchemaSources.read`: paths on disk, and the same paths as the user
/// sees them (`schema/sub/a.yaml`, through links as they are named, not where they lead).
private struct DirectoryWalk {
    typealias FolderID = PathKind.FolderID

    var files: [SchemaSources.File] = []
    var problems: [Diagnostic] = []

    /// What `path` is once links are followed; a link to nothing or a loop is reported here.
    mutating func kind(of path: String, shownAs shown: String) -> PathKind {
        let kind = PathKind(path: path)
        if let problem = kind.problem(shownAs: shown) {
            let isLink = if case .unreadable = kind { false } else { true }
            problems.append(
                .error(
                    problem, rule: FormatRule.io, at: nil,
                    fixes: isLink ? ["point the link at the file or folder, or remove it"] : []))
        }
        return kind
    }

    /// Reads the schema files of a folder and its subfolders. `ancestors` are the folders the walk is
    /// inside, by identity, with how each was shown: a link to one of them would never end.
    mutating func visit(_ path: String, shownAs shown: String, ancestors: [FolderID: String]) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            problems.append(
                .error(
                    "cannot read the folder '\(shown)': \(systemReason(error))", rule: FormatRule.io, at: nil))
            return
        }
        for name in names.sorted() where !name.hasPrefix(".") {
            let childPath = path + "/" + name
            let childShown = ProjectPaths.normalize(shown + "/" + name)
            switch kind(of: childPath, shownAs: childShown) {
            case .directory(let id):
                if let outer = ancestors[id] {
                    problems.append(
                        .error(
                            "'\(childShown)' leads back to '\(outer)', a folder it is in: the schema directory would never end",
                            rule: FormatRule.io, at: nil, fixes: ["remove the link, or point it outside '\(outer)'"]))
                    continue
                }
                var inner = ancestors
                inner[id] = childShown
                visit(childPath, shownAs: childShown, ancestors: inner)
            case .file where SchemaSources.isSchemaFileName(name):
                guard let data = FileManager.default.contents(atPath: childPath) else {
                    let reason = access(childPath, R_OK) == 0 ? "" : ": \(String(cString: strerror(errno)))"
                    problems.append(.error("cannot read '\(childShown)'\(reason)", rule: FormatRule.io, at: nil))
                    continue
                }
                files.append(SchemaSources.File(path: childShown, bytes: Array(data)))
            case .other where SchemaSources.isSchemaFileName(name):
                // A pipe or a device named like a schema file: reading it could block forever.
                problems.append(
                    .error(
                        "'\(childShown)' is not a regular file", rule: FormatRule.io, at: nil,
                        fixes: ["replace it with the file, or rename it so that it does not end in .yaml"]))
            case .file, .other, .missing, .danglingLink, .linkLoop, .unreadable:
                continue
            }
        }
    }
}
