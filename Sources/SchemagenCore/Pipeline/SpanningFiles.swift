import Foundation

/// The files of one renderer that span its parts (`RenderParts`: `postgres/schema.sql`,
/// `sqlite/schema.sql`, `SCHEMA.md`), compared with the output directory piece by piece, in part
/// order, as the parts come from any job; each piece is dropped once it is found where the file
/// puts it. At 10,000 tables these files are 71 MB, which the run held until every part was
/// rendered, then joined (a second copy) and read from disk (a third) to compare.
///
/// Only a file that differs is kept: its pieces from the first difference on, and, when it is
/// written, the bytes before it read back from the very file they were found in (unchanged since:
/// a file renamed over it leaves the one held open as it was), or rendered again when that file
/// changed. What `sorted(digesting:rerender:)` gives is what `OutputFiles.sort` gives of the
/// joined pieces (`SpanningFilesTests`).
final class SpanningFiles: @unchecked Sendable {
    private let writer: FileWriter
    private let lock = NSLock()
    /// The next part whose pieces are compared; later parts wait in `waiting`.
    private var next = 0
    private var waiting: [Int: [GeneratedFile]] = [:]
    /// The paths in the order of their first piece, as `RenderParts.joinPieces` orders them.
    private var order: [String] = []
    private var files: [String: File] = [:]

    private struct File {
        /// The file at the path, opened at its first piece; `nil` when there is none.
        var disk: OpenFile?
        /// How many bytes from the start were found on disk.
        var found = 0
        /// From the first piece not found on disk on: the pieces, in order.
        var rest: [GeneratedFile]?
    }

    init(writer: FileWriter) {
        self.writer = writer
    }

    /// Part `part`'s pieces (`RenderedPart.pieces`), from any thread, each part once.
    func add(_ pieces: [GeneratedFile], ofPart part: Int) {
        lock.withLock {
            waiting[part] = pieces
            while let pieces = waiting.removeValue(forKey: next) {
                for piece in pieces { compare(piece) }
                next += 1
            }
        }
    }

    private func compare(_ piece: GeneratedFile) {
        // Taken out of the dictionary, so that `rest` is appended to in place.
        var file: File
        if let known = files.removeValue(forKey: piece.path) {
            file = known
        } else {
            order.append(piece.path)
            file = File(disk: OpenFile(path: writer.path(of: piece.path)))
        }
        if file.rest != nil {
            file.rest!.append(piece)
        } else {
            let (there, count) = piece.withBytes { bytes in
                (file.disk?.holds(bytes, at: file.found) ?? false, bytes.count)
            }
            if there { file.found += count } else { file.rest = [piece] }
        }
        files[piece.path] = file
    }

    /// Every file, once every part was added: unchanged when the file on disk is the one its
    /// pieces were all found in, unchanged since, and holds nothing more (hashed from it with
    /// `digesting`); otherwise its text. `rerender` gives a part's pieces again, for a file whose
    /// bytes found on disk cannot be read back as they were.
    func sorted(digesting: Bool, rerender: (Int) throws(Diagnostic) -> [GeneratedFile]) throws(Diagnostic)
        -> OutputFiles.Sorted
    {
        lock.lock()
        defer { lock.unlock() }
        var sorted = OutputFiles.Sorted()
        for path in order {
            let file = files.removeValue(forKey: path)!
            let absolute = writer.path(of: path)
            if file.rest == nil, let disk = file.disk, disk.identity.size == file.found, disk.isUnchanged(at: absolute)
            {
                sorted.unchanged.append(path)
                if digesting, let digest = FileDigest(file: disk, at: absolute) { sorted.digests[path] = digest }
                continue
            }
            if let joined = Self.file(file, path: path, at: absolute) {
                sorted.changed.append(joined)
                continue
            }
            var pieces: [GeneratedFile] = []
            for part in 0..<next {
                pieces += try rerender(part).filter { $0.path == path }
            }
            sorted.changed.append(GeneratedFile(path: path, joining: pieces))
        }
        return sorted
    }

    /// The file `path`: the bytes found on disk (at `absolute`), read back, then the rest, as
    /// pieces (the writer writes them one after another, never joined); `nil` when the file they
    /// were found in changed. Its bytes are valid UTF-8: those read back are the pieces' own,
    /// found there.
    private static func file(_ file: File, path: String, at absolute: String) -> GeneratedFile? {
        let rest = file.rest ?? []
        guard file.found > 0 else { return GeneratedFile(path: path, pieces: rest) }
        guard let disk = file.disk else { return nil }
        var failed = false
        let found = [UInt8](unsafeUninitializedCapacity: file.found) { bytes, initialized in
            failed = !disk.read(into: bytes.baseAddress!, count: file.found, at: 0)
            initialized = failed ? 0 : file.found
        }
        // Read after the check would race with a write; checked after the read, the bytes are
        // those found, as the file has not changed since it was opened.
        guard !failed, disk.isUnchanged(at: absolute) else { return nil }
        return GeneratedFile(path: path, pieces: [GeneratedFile(path: path, utf8: found)] + rest)
    }
}
