import Foundation

/// Where the up-to-date records live: a folder of the user's cache, never the project's tree, one
/// file per project and output directory. It is a cache: a record that cannot be read is no
/// record, one that cannot be written is not written, and neither ever fails a run.
public struct RunRecordStore: Sendable {
    public var directory: URL
    /// What identifies the running schemagen: a record written by another build is no record.
    public var binaryIdentity: String

    public init(directory: URL, binaryIdentity: String = RunRecordStore.currentBinaryIdentity) {
        self.directory = directory
        self.binaryIdentity = binaryIdentity
    }

    /// `$SCHEMAGEN_CACHE_DIR`, else `$XDG_CACHE_HOME/schemagen`, else `~/.cache/schemagen`
    /// (`~/Library/Caches/schemagen` on macOS); `nil` without any of them.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> RunRecordStore?
    {
        if let explicit = environment["SCHEMAGEN_CACHE_DIR"], !explicit.isEmpty {
            return RunRecordStore(directory: URL(fileURLWithPath: explicit, isDirectory: true))
        }
        #if os(macOS)
            guard let home = environment["HOME"], !home.isEmpty else { return nil }
            return RunRecordStore(
                directory: URL(fileURLWithPath: home).appendingPathComponent("Library/Caches/schemagen"))
        #else
            if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") {
                return RunRecordStore(directory: URL(fileURLWithPath: cache).appendingPathComponent("schemagen"))
            }
            guard let home = environment["HOME"], !home.isEmpty else { return nil }
            return RunRecordStore(directory: URL(fileURLWithPath: home).appendingPathComponent(".cache/schemagen"))
        #endif
    }

    /// The schemagen version and the running executable's device, inode, size and modification
    /// time. The version alone does not change between two builds of a checkout: any rebuild that
    /// changes the code relinks the executable, which gives it a new modification time (and, written
    /// anew, mostly a new inode), so a record of an older build never answers for a newer one. (The
    /// built-in templates, read from the resources beside it, are in the key by their bytes.)
    public static let currentBinaryIdentity: String = {
        #if os(Linux)
            // The link's target, then that file: stat of the link itself is the loader's file
            // under valgrind (where `make bench` counts a run answered from the record), while
            // its target is the program's.
            let path =
                (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "/proc/self/exe"
        #else
            let path = Bundle.main.executablePath ?? CommandLine.arguments[0]
        #endif
        var status = stat()
        guard stat(path, &status) == 0 else { return "\(SchemagenVersion.current) unknown \(UUID())" }
        // The change time too: a copy that keeps the modification time (`cp -p`, rsync, an image
        // layer) sets it anew, and nothing a user runs can set it back.
        #if os(Linux)
            let modified = "\(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
            let changed = "\(status.st_ctim.tv_sec).\(status.st_ctim.tv_nsec)"
        #else
            let modified = "\(status.st_mtimespec.tv_sec).\(status.st_mtimespec.tv_nsec)"
            let changed = "\(status.st_ctimespec.tv_sec).\(status.st_ctimespec.tv_nsec)"
        #endif
        return
            "\(SchemagenVersion.current) \(status.st_dev) \(status.st_ino) \(status.st_size) \(modified) \(changed)"
    }()

    /// The record's file for the project at `root` writing to `outputDirectory` (as the config or
    /// `--output` gave it): named by a hash of the root's real path and the output directory.
    func fileURL(root: URL, outputDirectory: String) -> URL {
        var hasher = KeyHasher()
        hasher.add("root", Self.realPath(root.path))
        hasher.add("output", outputDirectory)
        return directory.appendingPathComponent("record-" + hasher.value.prefix(32) + ".txt")
    }

    func load(root: URL, outputDirectory: String) -> RunRecord? {
        guard let bytes = readBytes(atPath: fileURL(root: root, outputDirectory: outputDirectory).path) else {
            return nil
        }
        return RunRecord(text: bytes)
    }

    /// Writes the record through a temporary file and a rename, so that a reader sees the old
    /// record or the new one, never part of one. Silent when it cannot.
    func save(_ record: RunRecord, root: URL, outputDirectory: String) {
        guard let text = record.text else { return }
        let url = fileURL(root: root, outputDirectory: outputDirectory)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(getpid()).\(UUID().uuidString.prefix(8))")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: temporary)
            if rename(temporary.path, url.path) != 0 { try? FileManager.default.removeItem(at: temporary) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
        }
    }

    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
