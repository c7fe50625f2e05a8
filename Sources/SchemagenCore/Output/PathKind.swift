import Foundation

/// What a path is once symbolic links are followed, and why it is nothing usable when it is not:
/// what reading the schema directory and checking the output directory both need to say exactly
/// what is in the way.
enum PathKind: Sendable, Hashable {
    /// A folder's identity on disk, whatever path reaches it: how a loop of links is recognised.
    struct FolderID: Sendable, Hashable {
        var device: UInt64
        var inode: UInt64
    }

    case directory(FolderID)
    case file
    /// A pipe, socket or device.
    case other
    case missing
    /// A link to nothing: its target as written.
    case danglingLink(String)
    /// A link that leads back to itself through other links: its target as written.
    case linkLoop(String)
    /// `stat` failed for another reason (a folder on the way that cannot be searched): why.
    case unreadable(String)

    init(path: String) {
        var info = stat()
        if stat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFDIR: self = .directory(FolderID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)))
            case S_IFREG: self = .file
            default: self = .other
            }
            return
        }
        let reason = errno
        var linkInfo = stat()
        guard lstat(path, &linkInfo) == 0, linkInfo.st_mode & S_IFMT == S_IFLNK else {
            self = reason == ENOENT || reason == ENOTDIR ? .missing : .unreadable(String(cString: strerror(reason)))
            return
        }
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
        self = reason == ELOOP ? .linkLoop(target) : .danglingLink(target)
    }

    var isDirectory: Bool {
        if case .directory = self { return true }
        return false
    }

    /// Why `shown` is no file or folder at all, or `nil` when it is one (or nothing).
    func problem(shownAs shown: String) -> String? {
        switch self {
        case .danglingLink(let target): "'\(shown)' is a symbolic link to '\(target)', which does not exist"
        case .linkLoop(let target): "'\(shown)' is a symbolic link that leads to itself (through '\(target)')"
        case .unreadable(let reason): "cannot read '\(shown)': \(reason)"
        case .directory, .file, .other, .missing: nil
        }
    }
}
