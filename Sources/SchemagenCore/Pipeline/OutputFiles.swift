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

    /// A piece of a file: its bytes, or bytes already found in the file on disk (`file`, opened
    /// when they were found there: a migration's Swift file found up to date) at `offset`, not
    /// held.
    enum Piece: Sendable {
        case bytes([UInt8])
        case onDisk(OpenFile, offset: Int, count: Int)

        var count: Int {
            switch self {
            case .bytes(let bytes): bytes.count
            case .onDisk(_, _, let count): count
            }
        }
    }

    /// `sort(path:pieces:)` of pieces some of which are on disk already. The file is unchanged
    /// when the pieces on disk are where they were found, in that very file, unchanged since, and
    /// the others are there too; no piece on disk is read for that. Otherwise the pieces on disk
    /// are read back into the text (`readBack`), or, when one cannot be, `resolve` gives the bytes
    /// of each (by index), read or rendered again.
    func sort(path: String, pieces: [Piece], resolve: (Int) -> [UInt8]) -> Sorted {
        let absolute = writer?.directory.appendingPathComponent(path).path
        if let absolute, let disk = Self.fileHolding(pieces, at: absolute) {
            // Hashed from the very file the pieces were found in, unchanged since: no piece is
            // read back for it. A file that changed meanwhile has no digest, so no record.
            let digest = digesting ? FileDigest(file: disk, at: absolute) : nil
            return Sorted(unchanged: [path], digests: digest.map { [path: $0] } ?? [:])
        }
        if let joined = Self.readBack(pieces) {
            if let absolute, Self.isOnDisk([joined], at: absolute) {
                return Sorted(unchanged: [path], digests: digesting ? [path: FileDigest(joined)] : [:])
            }
            return Sorted(changed: [GeneratedFile(path: path, utf8: joined)])
        }
        let bytes = pieces.indices.map { index -> [UInt8] in
            if case .bytes(let bytes) = pieces[index] { return bytes }
            return resolve(index)
        }
        if let absolute, Self.isOnDisk(bytes, at: absolute) {
            return Sorted(unchanged: [path], digests: digesting ? [path: FileDigest(pieces: bytes)] : [:])
        }
        return Sorted(changed: [GeneratedFile(path: path, joining: bytes)])
    }

    /// The bytes of `pieces` in order, each piece on disk read back straight into its place (a
    /// migration's Swift file found up to date is one piece, 7 MB at 1,000 tables: read into
    /// pieces and then joined, it would be copied twice); `nil` when one cannot be
    /// read, or its file changed since it was opened (checked after the read: a check before
    /// would race with a write), and then each is resolved on its own.
    static func readBack(_ pieces: [Piece]) -> [UInt8]? {
        let count = pieces.reduce(0) { $0 + $1.count }
        var read: [OpenFile] = []
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var offset = 0
            for piece in pieces where !failed {
                switch piece {
                case .bytes(let bytes):
                    bytes.withUnsafeBytes { bytes in
                        guard let base = bytes.baseAddress else { return }
                        UnsafeMutableRawPointer(buffer.baseAddress! + offset).copyMemory(
                            from: base, byteCount: bytes.count)
                    }
                case .onDisk(let file, let at, let count):
                    failed = count > 0 && !file.read(into: buffer.baseAddress! + offset, count: count, at: at)
                    if !read.contains(where: { $0 === file }) { read.append(file) }
                }
                offset += piece.count
            }
            initialized = failed ? 0 : count
        }
        guard !failed, read.allSatisfy({ $0.isUnchanged(at: $0.path) }) else { return nil }
        return bytes
    }

    /// The file at `path` when it is the one every piece on disk was found in, unchanged, each at
    /// its place in `pieces`, and holds the other pieces at theirs and nothing more; `nil` also
    /// when it cannot tell (no piece on disk, one found elsewhere).
    static func fileHolding(_ pieces: [Piece], at path: String) -> OpenFile? {
        var disk: OpenFile?
        var position = 0
        for piece in pieces {
            if case .onDisk(let file, let offset, _) = piece {
                guard offset == position, disk == nil || disk === file else { return nil }
                disk = file
            }
            position += piece.count
        }
        guard let disk, disk.identity.size == position, disk.isUnchanged(at: path) else { return nil }
        position = 0
        for piece in pieces {
            if case .bytes(let bytes) = piece {
                guard bytes.withUnsafeBytes({ disk.holds($0, at: position) }) else { return nil }
            }
            position += piece.count
        }
        return disk
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
