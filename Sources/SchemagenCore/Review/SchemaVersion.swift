import Foundation

/// One version of a project to compare with another: a folder on disk (the work tree, or another
/// checkout), or a git revision, read with `git ls-tree` and `git show` so that the work tree is
/// never touched (no checkout, no stash).
public struct SchemaVersion: Sendable, Hashable {
    public enum Location: Sendable, Hashable {
        /// A project folder: it holds `schemagen.yaml` (or uses the defaults) and the schema.
        case folder(URL)
        /// A revision of the repository the project at `project` lies in; paths are read
        /// relative to that project folder, so a project in a subfolder of its repository works.
        case revision(String, project: URL)
    }

    public var location: Location
    /// How the report names the version: `HEAD~1`, `the work tree`, a folder's path.
    public var label: String

    public init(location: Location, label: String) {
        self.location = location
        self.label = label
    }

    /// The project at `root` as it is on disk.
    public static func workTree(_ root: URL) -> SchemaVersion {
        SchemaVersion(location: .folder(root), label: "the work tree")
    }

    /// `--from` / `--to`: a folder that exists (relative to `workingDirectory`) is read as a project
    /// folder; anything else must name a commit of the repository `root` lies in.
    public static func resolve(
        _ argument: String, project root: URL, workingDirectory: URL
    ) -> Result<SchemaVersion, Diagnostic> {
        let folder = URL(fileURLWithPath: argument, relativeTo: workingDirectory).standardizedFileURL
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue {
            return .success(SchemaVersion(location: .folder(folder), label: argument))
        }
        guard let git = GitCommits.executable(named: "git") else {
            return .failure(
                .error(
                    "'\(argument)' is not a folder, and git is not installed to read it as a revision",
                    rule: FormatRule.io, at: nil))
        }
        do {
            _ = try CommandRunner.run([
                git, "-C", root.path, "rev-parse", "--verify", "--quiet", "\(argument)^{commit}",
            ])
        } catch {
            return .failure(
                .error(
                    "'\(argument)' is neither a folder nor a commit of the repository at \(root.path)",
                    rule: FormatRule.io, at: nil,
                    fixes: ["name a commit (`HEAD~1`, `main`, a hash) or a project folder that exists"]))
        }
        return .success(SchemaVersion(location: .revision(argument, project: root), label: argument))
    }

    /// How a file of this version is named in findings: `HEAD~1:schema/tasks.yaml` for a revision.
    func display(_ path: String) -> String {
        switch location {
        case .folder: path
        case .revision(let revision, _): "\(revision):\(path)"
        }
    }

    /// The bytes of `path` (relative to the project folder), or `nil` when this version has no
    /// such file.
    func file(_ path: String) throws(Diagnostic) -> [UInt8]? {
        switch location {
        case .folder(let root):
            return FileManager.default.contents(atPath: ProjectPaths.resolve(path, root: root).path).map(Array.init)
        case .revision(let revision, let project):
            guard try !Self.git(["ls-tree", "--name-only", revision, "--", path], in: project).isEmpty else {
                return nil
            }
            // `rev:./path` is relative to the folder git runs in: the project's.
            return Array(try Self.git(["show", "\(revision):./\(path)"], in: project).utf8)
        }
    }

    /// Every file under `folder` (relative to the project folder), recursively, as paths relative
    /// to the project folder, sorted. Names that start with `.` are left out, as the schema
    /// reader leaves them out.
    func files(under folder: String) throws(Diagnostic) -> [String] {
        switch location {
        case .folder(let root):
            let base = ProjectPaths.resolve(folder, root: root)
            guard let enumerator = FileManager.default.enumerator(atPath: base.path) else { return [] }
            var paths: [String] = []
            while let relative = enumerator.nextObject() as? String {
                let full = base.appendingPathComponent(relative).path
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue
                else { continue }
                paths.append(ProjectPaths.normalize(folder + "/" + relative))
            }
            return paths.filter { !$0.split(separator: "/").contains { $0.hasPrefix(".") } }.sorted()
        case .revision(let revision, let project):
            let listing = try Self.git(
                ["ls-tree", "-r", "-z", "--name-only", revision, "--", folder + "/"], in: project)
            return listing.split(separator: "\0").map(String.init)
                .filter { !$0.split(separator: "/").contains { $0.hasPrefix(".") } }.sorted()
        }
    }

    /// The schema files of this version, as the schema reader would have read them.
    func schemaSources(directory: String) throws(Diagnostic) -> SchemaSources {
        if case .folder(let root) = location {
            let (sources, problems) = SchemaSources.read(directory: directory, root: root)
            if let first = problems.first { throw first }
            return sources
        }
        var read: [SchemaSources.File] = []
        for path in try files(under: directory) where SchemaSources.isSchemaFileName(path) {
            guard let bytes = try file(path) else { continue }
            read.append(SchemaSources.File(path: display(path), bytes: bytes))
        }
        if read.isEmpty {
            throw .error(
                "\(label) has no schema file in '\(directory)'", rule: FormatRule.emptySchema, at: nil,
                fixes: ["name a revision that holds the schema"])
        }
        return SchemaSources(files: read)
    }

    private static func git(_ arguments: [String], in folder: URL) throws(Diagnostic) -> String {
        guard let git = GitCommits.executable(named: "git") else {
            throw .error("git is not installed: a revision cannot be read", rule: FormatRule.io, at: nil)
        }
        do {
            return try CommandRunner.run([git, "-C", folder.path, "-c", "core.quotePath=false"] + arguments).output
        } catch {
            let reason = error.errorOutput.trimmingCharacters(in: .whitespacesAndNewlines)
            throw .error(
                "git \(arguments.joined(separator: " ")) failed: \(reason.isEmpty ? "exit \(error.status)" : reason)",
                rule: FormatRule.io, at: nil)
        }
    }
}
