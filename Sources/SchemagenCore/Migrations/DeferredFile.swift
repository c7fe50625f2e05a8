import Foundation

/// A migration file that a run did not read whole when it read the history: where it is, and what
/// it was then (its identity, size and modification time; all ASCII, so valid UTF-8). At 10,000
/// tables the committed history is 140 MB, 88 MB of it the last snapshot: the integrity proof, the
/// snapshot compare and the migrations' Swift files' fingerprints each read it in blocks, or one
/// script at a time, when they need it, so the run never holds it whole (docs/performance.md,
/// "Fourth pass: the history").
struct DeferredFile: Sendable, Hashable {
    /// Absolute.
    var path: String
    var identity: FileIdentity

    var size: Int { identity.size }

    /// Smaller files are read whole, as before: a block read of each costs more than it spares.
    static let threshold = 64 * 1024
    static let blockSize = 1 << 20

    /// The file at `path` when it is a regular file of at least `minimum` bytes, all ASCII (seen
    /// in one pass of blocks); `nil` for any other, which the history reads whole.
    static func look(atPath path: String, from minimum: Int = threshold) -> DeferredFile? {
        look(atPath: path, from: minimum, hashingAfter: nil)?.file
    }

    /// `look(atPath:from:)`, and with `previous`, the file's hash after it
    /// (`IntegrityFile.hash(_:after:)`) from the same blocks: the integrity proof then needs no
    /// second read of the file (`MigrationHistory.read`).
    static func look(
        atPath path: String, from minimum: Int = threshold, hashingAfter previous: String?
    ) -> (file: DeferredFile, hash: String?)? {
        guard let file = OpenFile(path: path), file.identity.size >= minimum else { return nil }
        var high: UInt8 = 0
        var hasher = previous.map(LineFeedHasher.init(after:))
        let read = file.forEachBlock { block in
            high |= asciiHighBits(block)
            guard high & 0x80 == 0 else { return false }
            hasher?.update(block)
            return true
        }
        guard read, high & 0x80 == 0 else { return nil }
        return (DeferredFile(path: path, identity: file.identity), hasher?.finalize())
    }

    /// The file's bytes, whole; `nil` when it cannot be read.
    func read() -> [UInt8]? {
        readBytes(atPath: path)
    }

    /// Calls `body` with the file's bytes in order, a block at a time, while it returns true.
    /// False when the file cannot be read (or no longer has its size), or `body` stopped.
    func forEachBlock(_ body: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        guard let file = OpenFile(path: path), file.identity.size == size else { return false }
        return file.forEachBlock(body)
    }

    /// True while the path names the very file that was looked at, unchanged since.
    var isUnchanged: Bool {
        FileIdentity(path: path) == identity
    }
}

/// What tells a file from its later versions: the inode, the size and the modification time (as
/// git's index tells them).
struct FileIdentity: Sendable, Hashable {
    var device: UInt64
    var inode: UInt64
    var size: Int
    var modified: Int64
    var modifiedNanoseconds: Int

    init(_ status: stat) {
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        size = Int(status.st_size)
        modified = Int64(status.st_mtim.tv_sec)
        modifiedNanoseconds = Int(status.st_mtim.tv_nsec)
    }

    /// The identity of the regular file at `path`, or `nil`.
    init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        self.init(status)
    }
}

/// A regular file open for reading, closed when released.
final class OpenFile: Sendable {
    let descriptor: Int32
    let identity: FileIdentity
    /// As opened.
    let path: String

    init?(path: String) {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        identity = FileIdentity(status)
    }

    deinit { close(descriptor) }

    /// True while the file is what it was when opened, and `path` still names it.
    func isUnchanged(at path: String) -> Bool {
        var status = stat()
        return fstat(descriptor, &status) == 0 && FileIdentity(status) == identity
            && FileIdentity(path: path) == identity
    }

    /// Reads exactly `count` bytes at `offset` into `buffer`; false at the end of the file or an error.
    func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) -> Bool {
        var filled = 0
        while filled < count {
            let got = pread(descriptor, buffer + filled, count - filled, off_t(offset + filled))
            if got < 0 && errno == EINTR { continue }
            if got <= 0 { return false }
            filled += got
        }
        return true
    }

    /// `count` bytes at `offset`, or `nil`.
    func bytes(at offset: Int, count: Int) -> [UInt8]? {
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            failed = count > 0 && !read(into: buffer.baseAddress!, count: count, at: offset)
            initialized = failed ? 0 : count
        }
        return failed ? nil : bytes
    }

    /// True when the `count` bytes at `offset` are those of `expected`.
    func holds(_ expected: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        guard offset + expected.count <= identity.size else { return false }
        let block = min(expected.count, DeferredFile.blockSize)
        guard block > 0 else { return true }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: block, alignment: 16)
        defer { buffer.deallocate() }
        var done = 0
        while done < expected.count {
            let count = min(block, expected.count - done)
            guard read(into: buffer, count: count, at: offset + done),
                memcmp(buffer, expected.baseAddress! + done, count) == 0
            else { return false }
            done += count
        }
        return true
    }

    /// The file's `identity.size` bytes in order, a block at a time, while `body` returns true.
    func forEachBlock(_ body: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        let size = identity.size
        guard size > 0 else { return true }
        let block = min(size, DeferredFile.blockSize)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: block, alignment: 16)
        defer { buffer.deallocate() }
        var offset = 0
        while offset < size {
            let count = min(block, size - offset)
            guard read(into: buffer, count: count, at: offset),
                body(UnsafeRawBufferPointer(start: buffer, count: count))
            else { return false }
            offset += count
        }
        return true
    }
}

/// The high bits of every byte of `bytes`, or-ed: below 0x80 when all are ASCII.
func asciiHighBits(_ raw: UnsafeRawBufferPointer) -> UInt8 {
    var index = 0
    var high: UInt64 = 0
    while index + 8 <= raw.count {
        high |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        index += 8
    }
    var tail: UInt8 = 0
    while index < raw.count {
        tail |= raw[index]
        index += 1
    }
    return (high & 0x8080_8080_8080_8080 != 0 ? 0x80 : 0) | (tail & 0x80)
}
