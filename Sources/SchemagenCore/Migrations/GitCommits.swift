import Foundation

/// Which migration files git has committed: a migration that is not yet in `HEAD` is still the
/// user's work in progress, and `generate` rewrites it with every change since the last committed
/// one instead of stacking a new migration per run.
enum GitCommits {
    /// The paths under `folder` (relative to it) that `HEAD` holds; `nil` outside a git work tree
    /// or without git, where every migration counts as committed. An empty set in a repository
    /// with no commit yet.
    static func committedFiles(under folder: URL) -> Set<String>? {
        guard let git = executable(named: "git") else { return nil }
        guard FileManager.default.fileExists(atPath: folder.path) else {
            // No migrations on disk: what `HEAD` holds there, asked from the nearest folder that
            // is there (a deleted `Generated/` whose migrations are committed is an error, not a
            // first migration), or whether this is a repository at all.
            let parent = nearestExistingFolder(of: folder)
            let relative = String(folder.standardizedFileURL.path.dropFirst(parent.standardizedFileURL.path.count))
                .trimmingPrefix("/")
            if !relative.isEmpty,
                let listing = try? CommandRunner.run(
                    [
                        git, "-C", parent.path, "-c", "core.quotePath=false", "ls-tree", "-r", "--name-only", "HEAD",
                        "--", String(relative),
                    ])
            {
                return Set(listing.output.split(separator: "\n").map { String($0.dropFirst(relative.count + 1)) })
            }
            return (try? CommandRunner.run([git, "-C", parent.path, "rev-parse", "--is-inside-work-tree"])) == nil
                ? nil : []
        }
        // One git process in the common case (a repository with commits): every run of `generate`
        // and `check` asks, and starting git costs more than all the rest at a few tables. Only
        // when the listing fails is git asked why: no work tree (nil) or no commit yet (empty).
        if let listing = try? CommandRunner.run(
            [git, "-C", folder.path, "-c", "core.quotePath=false", "ls-tree", "-r", "--name-only", "HEAD", "."])
        {
            return Set(listing.output.split(separator: "\n").map(String.init))
        }
        do {
            _ = try CommandRunner.run([git, "-C", folder.path, "rev-parse", "--is-inside-work-tree"])
        } catch {
            return nil
        }
        return []  // A repository without a commit.
    }

    private static func nearestExistingFolder(of url: URL) -> URL {
        var current = url
        while !FileManager.default.fileExists(atPath: current.path), current.pathComponents.count > 1 {
            current = current.deletingLastPathComponent()
        }
        return current
    }

    static func executable(named name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin:/usr/local/bin"
        return CommandRunner.executable(path.split(separator: ":").map { "\($0)/\(name)" })
    }
}
