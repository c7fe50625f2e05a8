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
                if digesting { sorted.digests[file.path] = FileDigest(file) }
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
    /// migrations it lists), and the scripts: the planned ones' bytes, and those kept as the
    /// history read them (`kept`), not read again unless they are rendered here; a snapshot's
    /// contents are never read (at 10,000 tables, 88 MB).
    struct ScriptInputs: Sendable {
        var paths: [String] = []
        var scripts: [String: KeptFile] = [:]
        /// The scripts kept as the history read them, whose migrations' Swift files the history's
        /// thread may have found up to date (`Generator.earlyMigrations`).
        var kept: Set<String> = []
    }

    static func scriptInputs(of planned: MigrationPlanner.Result) -> ScriptInputs {
        var inputs = ScriptInputs(paths: planned.files.map(\.path) + planned.kept.map(\.path))
        for file in planned.files where !isSnapshot(file.path) {
            if inputs.scripts[file.path] == nil {
                inputs.scripts[file.path] = KeptFile(path: file.path, bytes: file.bytes)
            }
        }
        for file in planned.kept where !isSnapshot(file.path) {
            if inputs.scripts[file.path] == nil {
                inputs.scripts[file.path] = file
                inputs.kept.insert(file.path)
            }
        }
        return inputs
    }

    private static func isSnapshot(_ path: String) -> Bool {
        path.hasPrefix(MigrationLayout.snapshotFolder + "/")
    }

    /// The file at `path` whose bytes are `pieces` in order, compared with the disk piece by piece
    /// (a file of 75 MB at 10,000 tables is neither joined nor read whole for it); joined only
    /// when it is kept.
    func sort(path: String, pieces: [[UInt8]]) -> Sorted {
        if let writer, Self.isOnDisk(pieces, at: writer.directory.appendingPathComponent(path).path) {
            return Sorted(unchanged: [path], digests: digesting ? [path: FileDigest(pieces: pieces)] : [:])
        }
        return Sorted(changed: [GeneratedFile(path: path, joining: pieces)])
    }

    /// The file at `path`, found up to date ahead as `disk` (opened then, and not held since). It
    /// is unchanged when it is still that very file, and not read for that. Otherwise its bytes
    /// are read back from `disk` (checked unchanged after the read: a check before it would race
    /// with a write), or, when they cannot be, `render` gives them, and they are compared as any
    /// file's.
    func sort(path: String, foundAs disk: OpenFile, render: () -> [UInt8]) -> Sorted {
        let absolute = writer?.directory.appendingPathComponent(path).path
        if let absolute, disk.isUnchanged(at: absolute) {
            // Hashed from the very file found, unchanged since. A file that changed meanwhile has
            // no digest, so no record.
            let digest = digesting ? FileDigest(file: disk, at: absolute) : nil
            return Sorted(unchanged: [path], digests: digest.map { [path: $0] } ?? [:])
        }
        let read = disk.bytes(at: 0, count: disk.identity.size)
        let bytes = read.flatMap { disk.isUnchanged(at: disk.path) ? $0 : nil } ?? render()
        if let absolute, Self.isOnDisk([bytes], at: absolute) {
            return Sorted(unchanged: [path], digests: digesting ? [path: FileDigest(bytes)] : [:])
        }
        return Sorted(changed: [GeneratedFile(path: path, utf8: bytes)])
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
