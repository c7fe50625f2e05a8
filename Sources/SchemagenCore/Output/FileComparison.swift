import Foundation

extension FileWriter {
    /// True when the file at `file`'s path holds exactly its bytes: nothing to write.
    ///
    /// For `Generator.run(keepingOnlyChanges:)`, which compares each file as soon as it is
    /// rendered and keeps only those that differ: holding every output of a large schema at once
    /// (330 MB at 10,000 tables) was most of a run's peak memory. A size that differs answers
    /// without reading, and the bytes are compared in place, without a copy of either side.
    func isUnchanged(_ file: GeneratedFile) -> Bool {
        file.isOnDisk(atPath: path(of: file.path))
    }

    /// How the file on disk at `file`'s path stands to it, for `plan`.
    enum Comparison {
        /// Nothing there that can be read (`FileManager.contents(atPath:)` gave `nil`).
        case missing
        case differs
        case same
    }

    /// `file` compared with what is at its path, as `FileManager.contents(atPath:)` and `==` would
    /// compare them, without copying either side: a readable regular file of another size differs
    /// without being read (the files `generate` writes are mostly those, already known to differ:
    /// a migration's snapshot alone is 5 MB at 1,000 tables). `FileWriterTests` compares both.
    func compare(_ file: GeneratedFile) -> Comparison {
        file.comparison(atPath: path(of: file.path))
    }

    /// The path of `relative` (a generated file's path) inside the directory, as
    /// `directory.appendingPathComponent(relative).path` spells it, without building a URL for each
    /// of a thousand files.
    func path(of relative: String) -> String {
        let base = directory.path
        if relative.isEmpty { return base }
        return base.hasSuffix("/") ? base + relative : base + "/" + relative
    }
}

extension GeneratedFile {
    /// How the file at `path` (absolute) stands to this one, as `FileWriter.compare` says it.
    func comparison(atPath path: String) -> FileWriter.Comparison {
        var status = stat()
        // Anything but a regular file is what `readBytes` cannot read, found without opening it
        // (opening a FIFO waits for a writer).
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return .missing }
        // The size first: a file of pieces is joined only when the sizes are equal.
        if Int(status.st_size) != byteCount, access(path, R_OK) == 0 { return .differs }
        guard let existing = readBytes(atPath: path) else { return .missing }
        return withBytes { new in
            existing.withUnsafeBufferPointer { old in
                old.count == new.count && (new.isEmpty || memcmp(old.baseAddress!, new.baseAddress!, new.count) == 0)
            }
        } ? .same : .differs
    }

    /// True when the regular file at `path` (absolute) holds exactly this file's bytes: a size that
    /// differs answers without reading, and the bytes are compared in place.
    func isOnDisk(atPath path: String) -> Bool {
        comparison(atPath: path) == .same
    }
}

/// The bytes of the regular file at `path`, read straight into an array (`FileManager`'s `Data`
/// and a copy into `[UInt8]` held a large file twice); `nil` when it cannot be read.
func readBytes(atPath path: String) -> [UInt8]? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
    // One byte more than the size, to see the end of the file without a second call.
    let capacity = max(Int(status.st_size), 0) + 1
    var failed = false
    var bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
        while initialized < capacity {
            let count = read(descriptor, buffer.baseAddress! + initialized, capacity - initialized)
            if count < 0 && errno == EINTR { continue }
            if count < 0 { failed = true }
            if count <= 0 { return }
            initialized += count
        }
    }
    if failed { return nil }
    // The file grew while it was read: the rest, in pieces.
    if bytes.count == capacity {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { return nil }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
        }
    }
    return bytes
}
