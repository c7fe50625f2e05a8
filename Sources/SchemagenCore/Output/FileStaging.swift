import Foundation

/// New file contents written beside their places first and renamed into place together, so that a
/// write that fails half-way (a full disk, a quota) changes nothing: `rollBack()` removes the
/// temporary files and every folder that staging made.
///
/// A file goes to a hidden temporary file in its folder, renamed over its place at `commit()`. A
/// folder that is missing is staged whole instead: made under a hidden name beside its place, its
/// files written inside it under their own names, and renamed into place at `commit()` in one
/// step. A cold `generate` at 1,000 tables made that one rename of `Generated/` out of 1,016
/// renames of files (14 µs each here) and as many looks for a file to replace.
struct FileStaging {
    struct Failure: Error {
        /// The file or folder that could not be written.
        var path: String
        var reason: String
    }

    /// Paths as strings: a `URL` for each of a thousand files, and its `deletingLastPathComponent`,
    /// cost more than writing them.
    private var staged: [(temporary: String, destination: String)] = []
    /// The outermost folders that were missing, each made under a hidden name beside its place.
    private var stagedFolders: [(temporary: String, destination: String)] = []
    /// The files written inside `stagedFolders`, at their temporary paths.
    private var writtenInFolders: [String] = []
    /// Folders known to exist: each is looked for once, not once per file in it.
    private var existingFolders: Set<String> = []
    /// Where each missing folder's files go: its place inside the staged folder above it.
    private var stagedPlaces: [String: String] = [:]
    /// Every folder staging made inside `stagedFolders`, each synced in turn where the files are
    /// (with `syncfs`, one call syncs their entries with the files).
    private var madeInside: [String] = []
    /// In every temporary name, so that two processes never stage into one file.
    private let processID = getpid()
    /// Folders already cleared of what a run that ended before its commit left there.
    private var cleared: Set<String> = []

    /// Writes `file`'s bytes to a temporary file in the folder of `destination` (a path), or into
    /// the staged copy of its folder when that is missing.
    mutating func stage(_ file: GeneratedFile, at destination: String) throws(Failure) {
        try stage([(file, destination)])
    }

    /// `stage(_:at:)` of each file, the places found in turn and then the bytes written on two
    /// threads, each its share of them: after one table changed at 1,000 tables the run writes
    /// 19 MB, and the kernel's copy of them into the page cache was the writer's largest cost, on
    /// one core while the other waited. A file that cannot be written fails the call, after every
    /// file written is recorded (so that `rollBack()` removes it) and the failed one removed.
    mutating func stage(_ files: [(file: GeneratedFile, destination: String)]) throws(Failure) {
        var writes: [Write] = []
        writes.reserveCapacity(files.count)
        for (file, destination) in files {
            let (folder, name) = Self.split(destination)
            let place = try stagedPlace(of: folder)
            // Hidden, so that reading the folder never takes it for a generated file; inside a
            // staged folder, which is hidden itself, the file has its own name.
            let temporary =
                place.map { $0 + "/" + name } ?? Self.path(".\(name).schemagen-\(processID).tmp", in: folder)
            writes.append(Write(file: file, temporary: temporary, destination: destination, inFolder: place != nil))
        }
        let outcomes = Self.writeSideBySide(writes)
        var failure: Failure?
        for (write, outcome) in zip(writes, outcomes) {
            switch outcome {
            case .written where write.inFolder: writtenInFolders.append(write.temporary)
            case .written: staged.append((write.temporary, write.destination))
            case .failed(let reason):
                unlink(write.temporary)  // a file only: whatever else is at that name is not ours
                if failure == nil { failure = Failure(path: write.destination, reason: reason) }
            case .notWritten: break
            }
        }
        if let failure { throw failure }
    }

    /// A file to write at its temporary path.
    private struct Write: Sendable {
        var file: GeneratedFile
        var temporary: String
        var destination: String
        /// Inside a staged folder, renamed with it.
        var inFolder: Bool
    }

    /// What became of a write.
    private enum Outcome: Sendable {
        case written
        case failed(String)
        /// Not tried: another had failed (a full disk is not filled further).
        case notWritten
    }

    /// Writes each file, without a sync of its own: `commit()` makes every staged file durable at
    /// once before any is renamed (`Data.write` would fsync each file, 1,000 journal commits for
    /// 1,000 tables, seconds on a busy disk), straight from the file's bytes (no copy). Two
    /// threads share them, largest first, when there is a megabyte to write, each file weighed by
    /// its size and a share of a file's system calls (a cold run's thousand small files weigh as
    /// much as its largest); after a failure no other write starts. The outcomes in the order of
    /// `writes`.
    private static func writeSideBySide(_ writes: [Write]) -> [Outcome] {
        let outcomes = Outcomes(count: writes.count)
        let write: @Sendable (Int) -> Void = { index in
            guard !outcomes.anyFailed else { return }
            let reason = writeUnsynced(writes[index].file, to: writes[index].temporary)
            outcomes.set(index, reason.map(Outcome.failed) ?? .written)
        }
        let sizes = writes.map(\.file.byteCount)
        guard writes.count > 1, sizes.reduce(0, +) >= 1 << 20 else {
            for index in writes.indices { write(index) }
            return outcomes.values
        }
        let weights = sizes.map { $0 + 8 * 1024 }
        var shares: [[Int]] = [[], []]
        var loads = [0, 0]
        for index in writes.indices.sorted(by: { weights[$0] > weights[$1] }) {
            let lighter = loads[0] <= loads[1] ? 0 : 1
            shares[lighter].append(index)
            loads[lighter] += weights[index]
        }
        waitingSideBySide(shares.map { share in { for index in share { write(index) } } })
        return outcomes.values
    }

    /// The outcome of each write, each set by the one thread that writes that file.
    private final class Outcomes: @unchecked Sendable {
        private let lock = NSLock()
        private var outcomes: [Outcome]
        private var failed = false

        init(count: Int) { outcomes = Array(repeating: .notWritten, count: count) }

        func set(_ index: Int, _ outcome: Outcome) {
            lock.withLock {
                outcomes[index] = outcome
                if case .failed = outcome { failed = true }
            }
        }

        var anyFailed: Bool { lock.withLock { failed } }
        var values: [Outcome] { lock.withLock { outcomes } }
    }

    /// Where the files of `folder` go when it is missing: its place inside the staged copy of the
    /// outermost missing folder above it (that copy, and the folders inside it, made when first
    /// asked); `nil` when `folder` is there.
    private mutating func stagedPlace(of given: String) throws(Failure) -> String? {
        if existingFolders.contains(given) { return nil }
        if let place = stagedPlaces[given] { return place }
        // Without `..`: the folders are made from the outermost missing one down, inside its copy.
        let folder = URL(fileURLWithPath: given, isDirectory: true).standardizedFileURL.path
        if let staged = stagedFolders.first(where: {
            folder == $0.destination || folder.hasPrefix($0.destination + "/")
        }) {
            let place = staged.temporary + folder.dropFirst(staged.destination.count)
            try makeFolders(place, below: staged.temporary)
            stagedPlaces[given] = place
            return place
        }
        var outermost: String?
        var current = folder
        while !FileManager.default.fileExists(atPath: current) {
            outermost = current
            let parent = Self.split(current).folder
            if parent == current { break }
            current = parent
        }
        guard let outermost else {
            existingFolders.insert(given)
            clearLeftovers(in: folder)
            return nil
        }
        let (parent, name) = Self.split(outermost)
        clearLeftovers(in: parent)
        // A name no one else has: `mkdir` makes it or fails. One taken (left by a run of this
        // process ID that ended before its commit or roll-back, or staged by another process of
        // it elsewhere) is left alone, and the next is tried.
        var temporary = ""
        for attempt in 0... {
            temporary =
                Self.path(".\(name).schemagen-\(processID)", in: parent)
                + (attempt == 0 ? "" : "-\(attempt)") + ".tmp"
            if mkdir(temporary, 0o777) == 0 { break }
            guard errno == EEXIST, attempt < 100 else {
                throw Failure(path: outermost, reason: String(cString: strerror(errno)))
            }
        }
        stagedFolders.append((temporary, outermost))
        madeInside.append(temporary)
        let place = temporary + folder.dropFirst(outermost.count)
        try makeFolders(place, below: temporary)
        stagedPlaces[given] = place
        return place
    }

    /// Removes from `folder`, once, the temporary files and staged folders of runs that ended
    /// before their commit or roll-back (killed, or the machine stopped): hidden names of this
    /// type's making (`.<name>.schemagen-<pid>[-<n>].tmp`) whose process is gone. A crash during a
    /// cold `generate` left a hidden copy of `Generated/` beside it, which `git add -A` would take.
    /// A name whose process runs (this one, or another of that ID) is left alone.
    private mutating func clearLeftovers(in folder: String) {
        guard cleared.insert(folder).inserted, let stream = opendir(folder) else { return }
        var gone: [String] = []
        while let entry = readdir(stream) {
            let name = entry.pointee.name
            guard let owner = Self.stagingProcess(of: name), owner != processID,
                kill(owner, 0) != 0, errno == ESRCH
            else { continue }
            gone.append(Self.path(name, in: folder))
        }
        closedir(stream)
        for path in gone {
            var status = stat()
            guard lstat(path, &status) == 0 else { continue }
            if status.st_mode & S_IFMT == S_IFDIR {
                try? FileManager.default.removeItem(atPath: path)
            } else if status.st_mode & S_IFMT == S_IFREG {
                unlink(path)
            }
        }
    }

    /// The process ID in a name that staging makes (`.<name>.schemagen-<pid>[-<n>].tmp`), or `nil`
    /// for any other name.
    static func stagingProcess(of name: String) -> pid_t? {
        guard name.hasPrefix("."), name.hasSuffix(".tmp"),
            let marker = name.range(of: ".schemagen-", options: .backwards)
        else { return nil }
        let tail = name[marker.upperBound..<name.index(name.endIndex, offsetBy: -4)]
        let parts = tail.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count),
            parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let owner = pid_t(parts[0]), owner > 0
        else { return nil }
        return owner
    }

    /// Makes `folder` and the folders between it and `top` (which is there), one by one.
    private mutating func makeFolders(_ folder: String, below top: String) throws(Failure) {
        guard folder != top else { return }
        try makeFolders(Self.split(folder).folder, below: top)
        if mkdir(folder, 0o777) == 0 {
            madeInside.append(folder)
        } else if errno != EEXIST {
            throw Failure(path: folder, reason: String(cString: strerror(errno)))
        }
    }

    /// Makes every staged file durable, then renames each staged folder and then each file into
    /// place, then makes the renames durable. A folder's rename fails when something made its
    /// place meanwhile (no longer empty), before anything else changed; a file's rename within
    /// one folder fails only when the place is taken by something a file cannot replace, which
    /// the writer checks beforehand.
    ///
    /// A crash never leaves a torn file: until the renames, only hidden temporary files and
    /// folders are new, and a rename happens only after every staged byte is on the disk, so a
    /// name shows the old file or the whole new one. See docs/performance.md ("Durability").
    mutating func commit() throws(Failure) {
        if let (path, reason) = Self.sync(staged.map(\.temporary) + writtenInFolders, folders: madeInside) {
            throw Failure(path: destination(ofStaged: path), reason: reason)
        }
        // Each staged folder in one step, first: a place taken meanwhile fails it while
        // everything is still as it was.
        var folders: [String] = []
        var renamedFolders = 0
        defer {
            stagedFolders.removeFirst(renamedFolders)
            if stagedFolders.isEmpty {
                writtenInFolders = []
                stagedPlaces = [:]
                madeInside = []
            }
        }
        for (temporary, destination) in stagedFolders {
            if rename(temporary, destination) != 0 {
                throw Failure(path: destination, reason: String(cString: strerror(errno)))
            }
            renamedFolders += 1
            let folder = Self.split(destination).folder
            if !folders.contains(folder) { folders.append(folder) }
        }
        // The files the renames replace, held open across the renames: a rename that drops the
        // last name of a file frees its blocks then and there, which on this VM's ext4 (no
        // journal, mounted `discard`) is a discard request waited for, 4–12 ms per file; held,
        // every rename takes microseconds, so the moment in which some names show new files and
        // some old ones shrinks to that, and the old files are freed beside the folders' syncs.
        let replaced = Self.holdReplaced(staged.map(\.destination))
        var renamed = 0
        defer { staged.removeFirst(renamed) }
        for (temporary, destination) in staged {
            if rename(temporary, destination) != 0 {
                let reason = String(cString: strerror(errno))
                for descriptor in replaced { close(descriptor) }
                throw Failure(path: destination, reason: reason)
            }
            renamed += 1
            let folder = Self.split(destination).folder
            if folders.last != folder, !folders.contains(folder) { folders.append(folder) }
        }
        // The new names: one fsync per folder (a handful), not per file, and of the folder above
        // each staged folder. A failure here leaves complete files in place, so it is not
        // reported. Each fsync waits for the disk, not the CPU: they run side by side, each on a
        // thread of its own (one after the other they were 8 × 8 ms after one table changed),
        // and the replaced files are let go meanwhile.
        var waits: [@Sendable () -> Void] = folders.map { folder in
            {
                let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                if descriptor >= 0 {
                    _ = fsync(descriptor)
                    close(descriptor)
                }
            }
        }
        if !replaced.isEmpty { waits.append { for descriptor in replaced { close(descriptor) } } }
        Self.waitingSideBySide(waits)
    }

    /// A descriptor for each file at `paths` that is there, which keeps it from being freed while
    /// it is open (`O_PATH`: nothing is read, a FIFO does not block); none where `O_PATH` is
    /// missing.
    private static func holdReplaced(_ paths: [String]) -> [Int32] {
        #if os(Linux) && (arch(x86_64) || arch(arm64))
            // Linux's `O_PATH` on these architectures, which Swift's Glibc module does not
            // declare (`_GNU_SOURCE`).
            let pathOnly: Int32 = 0o10000000
            return paths.compactMap { path in
                let descriptor = open(path, pathOnly | O_NOFOLLOW | O_CLOEXEC)
                return descriptor >= 0 ? descriptor : nil
            }
        #else
            return []
        #endif
    }

    /// Runs every job, each but the first on a thread of its own, and returns when all are done:
    /// for calls that wait for the disk, where two cores are no limit.
    private static func waitingSideBySide(_ jobs: [@Sendable () -> Void]) {
        guard let first = jobs.first else { return }
        let done = DispatchGroup()
        for job in jobs.dropFirst() {
            done.enter()
            Thread {
                job()
                done.leave()
            }.start()
        }
        first()
        done.wait()
    }

    /// The folder of `path` and its last component, as `URL.deletingLastPathComponent()` and
    /// `lastPathComponent` give them for the absolute, standardized paths the writer passes.
    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = slash == path.startIndex ? "/" : String(path[..<slash])
        return (folder, String(path[path.index(after: slash)...]))
    }

    /// The path of `name` in `folder`, `split`'s inverse.
    private static func path(_ name: String, in folder: String) -> String {
        (folder == "/" ? "/" : folder + "/") + name
    }

    /// Writes `file`'s bytes (piece by piece, for a file of pieces) to a new file at `path`,
    /// without syncing it; the reason on failure.
    private static func writeUnsynced(_ file: GeneratedFile, to path: String) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        var failure: String?
        _ = file.forEachPiece { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return false
                }
                offset += written
            }
            return true
        }
        // The disk starts on the file now, while the next ones are written, rather than when
        // `commit()` syncs them: only a start (`WRITE`, no wait), so the guarantee is still
        // `commit()`'s sync.
        if failure == nil, let startWriteback { _ = startWriteback(descriptor, 0, 0, 2) }
        if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        return failure
    }

    /// Linux's `sync_file_range(2)` (flag 2: `SYNC_FILE_RANGE_WRITE`), which Swift's Glibc module
    /// does not declare (`_GNU_SOURCE`); `nil` elsewhere.
    private static let startWriteback: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32)? = {
        #if os(Linux)
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sync_file_range") else { return nil }
            return unsafeBitCast(symbol, to: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32).self)
        #else
            return nil
        #endif
    }()

    /// Where the staged file or folder at `temporary` goes: a file's destination, or the place of
    /// a file or folder inside a staged folder.
    private func destination(ofStaged temporary: String) -> String {
        if let file = staged.first(where: { $0.temporary == temporary }) { return file.destination }
        for folder in stagedFolders where temporary == folder.temporary || temporary.hasPrefix(folder.temporary + "/") {
            return folder.destination + temporary.dropFirst(folder.temporary.count)
        }
        return temporary
    }

    /// Puts the files at `paths`, and the entries of the staged `folders`, on the disk. A few files
    /// (a run after one table changed writes a dozen) are synced each, side by side, their data only
    /// (`fdatasync`): the disk has been writing them since `writeUnsynced` started it, so each
    /// call mostly waits for its own last pages. Many files (a cold `generate` writes a thousand)
    /// take one `syncfs` of their file system on Linux (one journal commit instead of one per
    /// file). `syncfs` also waits for every other process's unwritten data on that file system
    /// (a checkout just made, a build beside it), which a few files need not. On failure, the
    /// path whose sync failed, and why.
    private static func sync(_ paths: [String], folders stagedFolders: [String]) -> (path: String, reason: String)? {
        #if os(Linux)
            if paths.count + stagedFolders.count > Self.mostSyncedOneByOne,
                let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs")
            {
                // glibc's `syncfs(2)`, which Swift's Glibc module does not declare (`_GNU_SOURCE`).
                let syncfs = unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Int32).self)
                // One call per file system: a folder mounted inside the output directory is
                // another one. (A second call on the same one finds nothing of ours left to write,
                // but still waits for whatever else is being written there, and flushes the disk's
                // cache again: it was one call per folder, eight for a cold `generate`.)
                var folders: Set<String> = []
                var devices: Set<UInt64> = []
                for path in paths {
                    guard folders.insert(split(path).folder).inserted else { continue }
                    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
                    guard descriptor >= 0 else { return Self.failure(path) }
                    defer { close(descriptor) }
                    var status = stat()
                    guard fstat(descriptor, &status) == 0 else { return Self.failure(path) }
                    guard devices.insert(UInt64(status.st_dev)).inserted else { continue }
                    if syncfs(descriptor) != 0 { return Self.failure(path) }
                }
                return nil
            }
        #endif
        // A file's data and size are what a reader needs after a crash (`fdatasync`); a folder's
        // entries are its data, and `fsync` is what syncs a folder everywhere. Side by side, a
        // share of them on each of a few threads: on a file system with a journal, calls that wait
        // together share its commits, and the disk's cache flushes asked for together are merged
        // (one after the other, each would wait for its own); this VM's disk, without a journal,
        // took the same either way.
        let jobs: [(path: String, data: Bool)] = paths.map { ($0, true) } + stagedFolders.map { ($0, false) }
        let failures = SyncFailures()
        let threads = min(8, jobs.count)
        waitingSideBySide(
            (0..<threads).map { thread in
                {
                    for index in stride(from: thread, to: jobs.count, by: threads) {
                        let (path, data) = jobs[index]
                        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
                        guard descriptor >= 0 else {
                            failures.add(index, Self.failure(path))
                            continue
                        }
                        if (data ? dataSync(descriptor) : fsync(descriptor)) != 0 {
                            failures.add(index, Self.failure(path))
                        }
                        close(descriptor)
                    }
                }
            })
        return failures.first
    }

    /// `path` and the reason `errno` gives, read on the thread whose call just failed.
    private static func failure(_ path: String) -> (path: String, reason: String) {
        (path, String(cString: strerror(errno)))
    }

    /// The syncs that failed, from any thread: the first in the order they were asked for.
    private final class SyncFailures: @unchecked Sendable {
        private let lock = NSLock()
        private var failures: [Int: (path: String, reason: String)] = [:]

        func add(_ index: Int, _ failure: (path: String, reason: String)) {
            lock.withLock { failures[index] = failure }
        }

        var first: (path: String, reason: String)? {
            lock.withLock { failures.min { $0.key < $1.key }?.value }
        }
    }

    /// Up to this many files and folders are synced each on its own, more with one `syncfs`. After
    /// one table changed at 1,000 tables (12 files, 12 MB, and a checkout's 8 MB unwritten beside
    /// them) the files each on its own took 10 ms less than `syncfs` (docs/performance.md,
    /// eleventh pass); each call costs a system call and a flush of the disk's cache, a thousand
    /// of them far more than one `syncfs`.
    static let mostSyncedOneByOne = 64

    /// `fdatasync(2)` where the system has it, `fsync(2)` elsewhere.
    private static func dataSync(_ descriptor: Int32) -> Int32 {
        #if os(Linux)
            fdatasync(descriptor)
        #else
            fsync(descriptor)
        #endif
    }

    /// Removes what staging wrote and has not renamed yet: the temporary files, and the staged
    /// folders with what was written inside them.
    mutating func rollBack() {
        for (temporary, _) in staged { unlink(temporary) }
        for (temporary, _) in stagedFolders { try? FileManager.default.removeItem(atPath: temporary) }
        staged = []
        stagedFolders = []
        writtenInFolders = []
        stagedPlaces = [:]
        madeInside = []
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
