import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One `generate` at a time per project: an exclusive `flock` on the project's root directory for
/// the whole plan-and-write. A build plugin and a terminal that run at once would otherwise plan
/// the same migration number twice, or leave a set of files from two runs. A lock on the directory
/// itself leaves no lock file behind, and the system drops it when the process ends, however it ends.
public enum ProjectLock {
    public static func withLock<T>(_ root: URL, _ body: () throws -> T) rethrows -> T {
        let descriptor = open(root.path, O_RDONLY)
        // Without a descriptor (an unreadable root) there is nothing to lock; the run itself will
        // report what it cannot read.
        if descriptor >= 0 { _ = flock(descriptor, LOCK_EX) }
        defer {
            if descriptor >= 0 {
                _ = flock(descriptor, LOCK_UN)
                close(descriptor)
            }
        }
        return try body()
    }
}
