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
        do {
            try data.write(to: temporary)
        } catch {
            unlink(temporary.path)  // a file only: whatever else is at that name is not ours
            throw Failure(url: destination, reason: systemReason(error))
        }
        staged.append((temporary, destination))
    }

    /// Renames every staged file into place. A rename within one folder fails only when the place
    /// is taken by something a file cannot replace, which the writer checks beforehand.
    mutating func commit() throws(Failure) {
        while let (temporary, destination) = staged.first {
            if rename(temporary.path, destination.path) != 0 {
                throw Failure(url: destination, reason: String(cString: strerror(errno)))
            }
            staged.removeFirst()
        }
        madeFolders = []
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
