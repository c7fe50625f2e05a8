import Foundation

/// Brings the output directory in line with a set of generated files, touching only what changed.
///
/// A file is written only when its bytes differ, through a temporary file and a rename, so a reader
/// never sees half a file; and a run writes all its files or none (`write(_:)`), after checking
/// that nothing is in the way (`obstacles(for:)`). A file that no longer belongs is removed only when schemagen owns it: it
/// lies in the folder of a target this run answers for (`postgres/`, `sqlite/`, `swift/`, or the one file `SCHEMA.md`: all of
/// them, or those of `--target`) and its first line is schemagen's header. Anything else in the
/// directory is left alone.
public struct FileWriter: Sendable {
    public enum Change: Sendable, Hashable, CustomStringConvertible {
        /// The file does not exist yet.
        case missing(String)
        /// The file exists with other bytes.
        case stale(String)
        /// schemagen wrote the file once, and it no longer belongs.
        case extra(String)

        /// The path as shown to the user: the display prefix and the file's path.
        public var path: String {
            switch self {
            case .missing(let path), .stale(let path), .extra(let path): path
            }
        }

        public var description: String {
            switch self {
            case .missing(let path): "missing: \(path)"
            case .stale(let path): "stale: \(path)"
            case .extra(let path): "extra: \(path)"
            }
        }
    }

    /// The output directory.
    public var directory: URL
    /// How paths are shown to the user (`Generated`), joined with each file's path.
    public var displayPrefix: String
    /// The folders inside `directory` that this run generates; only there are old files removed.
    public var ownedFolders: [String]

    public init(directory: URL, displayPrefix: String, ownedFolders: [String]) {
        self.directory = directory
        self.displayPrefix = displayPrefix
        self.ownedFolders = ownedFolders
    }

    /// What `write` would do, without writing: the heart of `schemagen check`. `unchanged`: the
    /// paths of further planned files already on disk byte for byte (`Generator.Result.unchangedPaths`),
    /// which are neither read nor extra.
    public func changes(for files: [GeneratedFile], unchanged: [String] = []) -> [Change] {
        plan(for: files, unchanged: unchanged).map(\.change)
    }

    /// Why `write` did nothing: everything found in the way, each a finding that names the path.
    public struct Failure: Error, Sendable {
        public var diagnostics: [Diagnostic]
    }

    /// Writes what changed and removes what no longer belongs; returns what it did.
    ///
    /// All or nothing, as far as a file system allows. Everything that can be checked is checked
    /// first (`obstacles(for:)`: folders that can be made, nothing in the way). Then every file is
    /// written as a temporary file beside its place, or inside a hidden copy of its folder when
    /// that is missing (`FileStaging`), and only once all of them are written are they renamed
    /// into place and the old files removed. A failure while writing them (a full disk) removes
    /// the temporary files and folders: `directory` is left as it was.
    ///
    /// `unchanged`: as for `changes(for:unchanged:)`.
    @discardableResult
    public func write(_ files: [GeneratedFile], unchanged: [String] = []) throws(Failure) -> [Change] {
        let duplicates = Dictionary(grouping: files.map(\.path) + unchanged, by: { $0 }).filter { $0.value.count > 1 }
            .keys.sorted()
        guard duplicates.isEmpty else {
            throw Failure(
                diagnostics: duplicates.map {
                    .error("two generated files would both be '\(display($0))'", rule: FormatRule.io, at: nil)
                })
        }
        let steps = plan(for: files, unchanged: unchanged)
        let obstacles = obstacles(for: steps)
        guard obstacles.isEmpty else { throw Failure(diagnostics: obstacles) }

        var staging = FileStaging()
        do {
            try staging.stage(steps.compactMap { step in step.file.map { ($0, path(of: $0.path)) } })
            try staging.commit()
        } catch {
            staging.rollBack()
            throw Failure(diagnostics: [
                .error(
                    "cannot write '\(display(url: URL(fileURLWithPath: error.path)))': \(error.reason)",
                    rule: FormatRule.io, at: nil)
            ])
        }
        for step in steps where step.file == nil {
            do {
                try FileManager.default.removeItem(at: directory.appendingPathComponent(step.relativePath))
            } catch {
                throw Failure(diagnostics: [
                    .error(
                        "cannot remove '\(step.change.path)': \(error.localizedDescription)", rule: FormatRule.io,
                        at: nil)
                ])
            }
        }
        return steps.map(\.change)
    }

    struct Step {
        var change: Change
        var relativePath: String
        /// The file to write; `nil` for a removal.
        var file: GeneratedFile?
    }

    func plan(for files: [GeneratedFile], unchanged: [String] = []) -> [Step] {
        var steps: [Step] = []
        for file in files.sorted(by: { $0.path < $1.path }) {
            switch compare(file) {
            case .missing:
                steps.append(Step(change: .missing(display(file.path)), relativePath: file.path, file: file))
            case .differs:
                steps.append(Step(change: .stale(display(file.path)), relativePath: file.path, file: file))
            case .same:
                continue
            }
        }
        let planned = Set(files.map(\.path) + unchanged)
        for path in previouslyGenerated(skipping: planned) {
            steps.append(Step(change: .extra(display(path)), relativePath: path, file: nil))
        }
        return steps
    }

    /// Paths (relative to the directory) of the files schemagen owns in the folders it generates,
    /// except those in `skipping`: the planned files, which `plan` has just read whole (or the run
    /// compared already, `unchanged`), so their headers need not be read a second time (they are
    /// never extra, whoever wrote them).
    func previouslyGenerated(skipping: Set<String> = []) -> [String] {
        var paths: [String] = []
        for folder in ownedFolders {
            // A target that is one file (`SCHEMA.md`) owns just that file.
            let file = directory.appendingPathComponent(folder)
            if (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                if !skipping.contains(folder), Self.startsWithHeader(file) { paths.append(folder) }
                continue
            }
            Self.forEachFile(in: directory.appendingPathComponent(folder, isDirectory: true).path, as: folder) {
                path, absolute in
                if !skipping.contains(path), Self.startsWithHeader(URL(fileURLWithPath: absolute)) {
                    paths.append(path)
                }
            }
        }
        return paths.sorted()
    }

    /// Calls `body` with the path (`relative` and below) and the absolute path of each regular
    /// file under the folder `absolute`, and under its folders, but not under any hidden one (a
    /// name that starts with a dot), nor a hidden file: what `FileManager`'s enumerator with
    /// `skipsHiddenFiles` finds (`fts` without following links or crossing into another file
    /// system), as `readdir(3)` gives it. For the thousand models of `swift/`, the enumerator's
    /// `URL` and resource values for every file cost 5 ms of each run; the type that `readdir`
    /// tells comes free. A link is neither a file nor a folder, the folder `absolute` included,
    /// and a folder on another file system is not entered; a type `readdir` does not tell is
    /// asked of the file system without following a link (`FileWalkTests` compares both on
    /// random trees).
    static func forEachFile(in absolute: String, as relative: String, _ body: (String, String) -> Void) {
        var status = stat()
        guard lstat(absolute, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { return }
        walk(absolute, as: relative, device: status.st_dev, everyEntry: false, body)
    }

    /// `forEachFile`, and with the files every other entry that is not a folder (a link, a FIFO):
    /// what the up-to-date record must know of to answer (`RunKey.holds`), found as cheaply.
    static func forEachEntry(in absolute: String, as relative: String, _ body: (String, String) -> Void) {
        var status = stat()
        guard lstat(absolute, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { return }
        walk(absolute, as: relative, device: status.st_dev, everyEntry: true, body)
    }

    private static func walk(
        _ absolute: String, as relative: String, device: dev_t, everyEntry: Bool, _ body: (String, String) -> Void
    ) {
        guard let stream = opendir(absolute) else { return }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let (name, type) = (entry.pointee.name, entry.pointee.d_type)
            guard !name.hasPrefix(".") else { continue }
            let path = relative + "/" + name
            let child = absolute + "/" + name
            if type == UInt8(DT_REG) {
                body(path, child)
                continue
            }
            guard type == UInt8(DT_DIR) || type == UInt8(DT_UNKNOWN) else {
                if everyEntry { body(path, child) }
                continue
            }
            var status = stat()
            guard lstat(child, &status) == 0 else { continue }
            if status.st_mode & S_IFMT == S_IFDIR {
                if status.st_dev == device { walk(child, as: path, device: device, everyEntry: everyEntry, body) }
            } else if everyEntry || status.st_mode & S_IFMT == S_IFREG {
                body(path, child)
            }
        }
    }

    /// True when the file's first line is schemagen's header (`-- Generated by schemagen…` in SQL,
    /// `// Generated by schemagen…` in Swift, `<!-- Generated by schemagen… -->` in Markdown). A
    /// mention of the marker further down, in a README say, does not make a file schemagen's.
    static func startsWithHeader(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        let head = String(decoding: (try? handle.read(upToCount: 256)) ?? Data(), as: UTF8.self)
        let lines = head.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
        guard let firstLine = lines.first else { return false }
        // SQL and Swift files, then the migrations' integrity file (`# …`), then a migration's
        // JSON snapshot, whose first key is a comment that carries the marker.
        if ["-- ", "// ", "# ", "<!-- "].contains(where: { firstLine.hasPrefix($0 + GeneratedFile.marker) }) {
            return true
        }
        return firstLine == "{" && lines.count > 1
            && lines[1].hasPrefix("  \"comment\" : \"\(GeneratedFile.marker)")
    }

    /// A path inside the directory as shown to the user; any other as it is.
    func display(url: URL) -> String {
        let base = directory.standardizedFileURL.path
        let path = url.standardizedFileURL.path
        guard path.hasPrefix(base + "/") else { return path == base ? displayPrefix : path }
        return display(String(path.dropFirst(base.count + 1)))
    }

    func display(_ path: String) -> String {
        displayPrefix.isEmpty ? path : "\(displayPrefix)/\(path)"
    }
}

extension dirent {
    /// The entry's name, as `readdir` wrote it (a C string in a fixed-size field).
    var name: String {
        withUnsafeBytes(of: d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
    }
}
