import Foundation

/// New file contents written beside their places first and renamed into place together, so that a
/// write that fails half-way (a full disk, a quota) changes nothing: `rollBack()` removes the
/// temporary files and every folder that staging made.
struct FileStaging {
    struct Failure: Error {
        /// The file or folder that could not be written.
        var url: URL
        var reason: String
    }

    private var staged: [(temporary: URL, destination: URL)] = []
    /// Folders made for the staged files, outermost first.
    private var madeFolders: [URL] = []

    /// Writes `data` to a temporary file in the folder of `destination`, making the folder if needed.
    mutating func stage(_ data: Data, at destination: URL) throws(Failure) {
        let folder = destination.deletingLastPathComponent()
        try makeFolder(folder)
        // Hidden, so that reading the folder never takes it for a generated file.
        let temporary = folder.appendingPathComponent(".\(destination.lastPathComponent).schemagen-\(getpid()).tmp")
        // Written without a sync of its own: `commit()` makes every staged file durable at once
        // before any is renamed (`Data.write` would fsync each file, 1,000 journal commits for
        // 1,000 tables, seconds on a busy disk).
        if let reason = Self.writeUnsynced(data, to: temporary.path) {
            unlink(temporary.path)  // a file only: whatever else is at that name is not ours
            throw Failure(url: destination, reason: reason)
        }
        staged.append((temporary, destination))
    }

    /// Makes every staged file durable, then renames each into place, then makes the renames
    /// durable. A rename within one folder fails only when the place is taken by something a file
    /// cannot replace, which the writer checks beforehand.
    ///
    /// A crash never leaves a torn file: until the renames, only hidden temporary files are new,
    /// and a rename happens only after every staged byte is on the disk, so a name shows the old
    /// file or the whole new one. See docs/performance.md ("Durability").
    mutating func commit() throws(Failure) {
        if let first = staged.first, let reason = Self.sync(staged.map(\.temporary.path)) {
            throw Failure(url: first.destination, reason: reason)
        }
        var folders: [String] = []
        while let (temporary, destination) = staged.first {
            if rename(temporary.path, destination.path) != 0 {
                throw Failure(url: destination, reason: String(cString: strerror(errno)))
            }
            let folder = destination.deletingLastPathComponent().path
            if folders.last != folder, !folders.contains(folder) { folders.append(folder) }
            staged.removeFirst()
        }
        // The new names: one fsync per folder (a handful), not per file, and of the folder above
        // each folder staging made. A failure here leaves complete files in place, so it is not
        // reported.
        for made in madeFolders.map({ $0.deletingLastPathComponent().path }) where !folders.contains(made) {
            folders.append(made)
        }
        for folder in folders {
            let descriptor = open(folder, O_RDONLY | O_DIRECTORY)
            if descriptor >= 0 {
                _ = fsync(descriptor)
                close(descriptor)
            }
        }
        madeFolders = []
    }

    /// Writes `data` to a new file at `path`, without syncing it; the reason on failure.
    private static func writeUnsynced(_ data: Data, to path: String) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        var failure: String?
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += written
            }
        }
        if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        return failure
    }

    /// Puts the files at `paths` on the disk. On Linux one `syncfs` of their file system does it
    /// for all of them at once (one journal commit instead of one per file); elsewhere, or when
    /// `syncfs` is missing, each file is synced in turn. The reason on failure.
    private static func sync(_ paths: [String]) -> String? {
        #if os(Linux)
            if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs") {
                // glibc's `syncfs(2)`, which Swift's Glibc module does not declare (`_GNU_SOURCE`).
                let syncfs = unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Int32).self)
                // One call per folder: a folder mounted inside the output directory is another
                // file system (a second call on the same one finds nothing left to write).
                var folders: [String] = []
                for path in paths {
                    let folder = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
                    guard folders.last != folder, !folders.contains(folder) else { continue }
                    folders.append(folder)
                    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
                    guard descriptor >= 0 else { return String(cString: strerror(errno)) }
                    defer { close(descriptor) }
                    if syncfs(descriptor) != 0 { return String(cString: strerror(errno)) }
                }
                return nil
            }
        #endif
        for path in paths {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return String(cString: strerror(errno)) }
            defer { close(descriptor) }
            if fsync(descriptor) != 0 { return String(cString: strerror(errno)) }
        }
        return nil
    }

    /// Removes what staging wrote and has not renamed yet, and the folders it made that are empty.
    mutating func rollBack() {
        for (temporary, _) in staged { unlink(temporary.path) }
        for folder in madeFolders.reversed() { rmdir(folder.path) }
        staged = []
        madeFolders = []
    }

    /// Makes `folder` and the folders above it that are missing, one by one, remembering each.
    private mutating func makeFolder(_ folder: URL) throws(Failure) {
        var missing: [URL] = []
        var current = folder.standardizedFileURL
        while !FileManager.default.fileExists(atPath: current.path) {
            missing.append(current)
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { break }
            current = parent
        }
        for url in missing.reversed() {
            guard mkdir(url.path, 0o777) == 0 || errno == EEXIST else {
                throw Failure(url: url, reason: String(cString: strerror(errno)))
            }
            madeFolders.append(url)
        }
    }
}

/// The system's own words for a failed file operation ("No space left on device"), without
/// Foundation's wrapping sentence when the underlying POSIX error is known.
func systemReason(_ error: any Error) -> String {
    let nsError = error as NSError
    if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
        return String(cString: strerror(Int32(underlying.code)))
    }
    return nsError.localizedDescription
}
