import Foundation

/// How a run hands on the files it generates: every one as text, or, compared with the output
/// directory as soon as it is rendered, only those that differ (`Generator.run(keepingOnlyChanges:)`),
/// the others by path alone.
struct OutputFiles: Sendable {
    /// The writer whose directory the files are compared with; `nil` keeps every file.
    var writer: FileWriter?
    /// For the up-to-date record (`RunRecord`): each file found unchanged is hashed from the bytes
    /// rendered, which the comparison found on disk.
    var digesting = false

    init(comparingWith writer: FileWriter?, digesting: Bool = false) {
        self.writer = writer
        self.digesting = digesting
    }

    /// Files sorted into those to write and those already on disk byte for byte.
    struct Sorted: Sendable {
        var changed: [GeneratedFile] = []
        var unchanged: [String] = []
        /// With `digesting`: the unchanged files' sizes and SHA-256s.
        var digests: [String: FileDigest] = [:]

        static func += (left: inout Sorted, right: Sorted) {
            left.changed += right.changed
            left.unchanged += right.unchanged
            left.digests.merge(right.digests) { first, _ in first }
        }
    }

    func sort(_ files: [GeneratedFile]) -> Sorted {
        guard let writer else { return Sorted(changed: files) }
        var sorted = Sorted()
        for file in files {
            if writer.isUnchanged(file) {
                sorted.unchanged.append(file.path)
                if digesting { sorted.digests[file.path] = FileDigest(text: file.contents) }
            } else {
                sorted.changed.append(file)
            }
        }
        return sorted
    }

    /// The planner's files; those it kept as read from the output directory are unchanged without
    /// a comparison (or, keeping every file, text like the others).
    func sort(_ planned: MigrationPlanner.Result) -> Sorted {
        var sorted = sort(planned.files)
        if writer == nil {
            sorted.changed += planned.kept.map(\.asGenerated)
        } else {
            sorted.unchanged += planned.kept.map(\.path)
        }
        return sorted
    }

    /// What `SwiftMigrationsFile` reads of the planner's files: every path (the snapshots name the
    /// migrations it lists), and the scripts' bytes, those kept shared with the history that read
    /// them; a snapshot's contents are never read (at 10,000 tables, 91 MB).
    static func scriptInputs(of planned: MigrationPlanner.Result) -> (paths: [String], scripts: [String: [UInt8]]) {
        var scripts: [String: [UInt8]] = [:]
        for file in planned.files where !isSnapshot(file.path) {
            if scripts[file.path] == nil { scripts[file.path] = Array(file.contents.utf8) }
        }
        for file in planned.kept where !isSnapshot(file.path) {
            if scripts[file.path] == nil { scripts[file.path] = file.bytes }
        }
        return (planned.files.map(\.path) + planned.kept.map(\.path), scripts)
    }

    private static func isSnapshot(_ path: String) -> Bool {
        path.hasPrefix(MigrationLayout.snapshotFolder + "/")
    }

    /// The file at `path` whose bytes are `pieces` in order, compared with the disk piece by piece
    /// (a file of 75 MB at 10,000 tables is neither joined nor read whole for it); joined as text
    /// only when it is kept.
    func sort(path: String, pieces: [[UInt8]]) -> Sorted {
        if let writer, Self.isOnDisk(pieces, at: writer.directory.appendingPathComponent(path).path) {
            return Sorted(unchanged: [path], digests: digesting ? [path: FileDigest(pieces: pieces)] : [:])
        }
        return Sorted(changed: [GeneratedFile(path: path, contents: SwiftMigrationsFile.text(of: pieces))])
    }

    /// True when the regular file at `path` holds exactly `pieces`, read a megabyte at a time.
    static func isOnDisk(_ pieces: [[UInt8]], at path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        let count = pieces.reduce(0) { $0 + $1.count }
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) == count
        else { return false }
        var block = [UInt8](repeating: 0, count: 1 << 20)
        return block.withUnsafeMutableBytes { block in
            /// Reads exactly `wanted` bytes into the block, or fails.
            func fill(_ wanted: Int) -> Bool {
                var filled = 0
                while filled < wanted {
                    let got = read(descriptor, block.baseAddress! + filled, wanted - filled)
                    if got < 0 && errno == EINTR { continue }
                    if got <= 0 { return false }
                    filled += got
                }
                return true
            }
            for piece in pieces {
                let same = piece.withUnsafeBytes { piece -> Bool in
                    var offset = 0
                    while offset < piece.count {
                        let wanted = min(block.count, piece.count - offset)
                        guard fill(wanted), memcmp(block.baseAddress!, piece.baseAddress! + offset, wanted) == 0
                        else { return false }
                        offset += wanted
                    }
                    return true
                }
                guard same else { return false }
            }
            // Nothing after the last piece (the file grew since its size was read).
            var extra: UInt8 = 0
            return read(descriptor, &extra, 1) == 0
        }
    }
}
