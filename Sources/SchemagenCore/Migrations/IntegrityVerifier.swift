/// Proves the committed migrations against the integrity file: every committed file is listed,
/// unchanged since its line was written, and every listed file is still there. Each finding names
/// the file. The pending migration (not yet committed) is not judged: `generate` rewrites it.
struct IntegrityVerifier {
    var history: MigrationHistory
    var display: (String) -> String

    /// `jobs` hashes the committed files: the generator passes `ConcurrentJobs`, so that both
    /// cores take the history's megabytes (every snapshot is the whole schema: 9 MB each at 1,000
    /// tables). The findings are the same whatever runs the jobs.
    func verify(jobs: any JobMap = JobsInTurn()) -> [Diagnostic] {
        let committed = history.committed.flatMap { migration in migration.paths.map { (migration, $0) } }
        guard !committed.isEmpty else { return [] }
        let sumLocation = SourceLocation(file: display(MigrationLayout.integrityFile), line: 1, column: 1)
        guard let bytes = history.integrityFile else {
            return [
                finding(
                    "\(display(MigrationLayout.integrityFile)) is missing: the committed migrations cannot be proven",
                    at: sumLocation, fix: "restore it from git")
            ]
        }
        guard let sum = IntegrityFile.parse(String(decoding: bytes, as: UTF8.self)) else {
            return [
                finding(
                    "\(display(MigrationLayout.integrityFile)) is not an integrity file (a merge conflict between two branches that each added a migration?)",
                    at: sumLocation,
                    fix:
                        "take the integrity file of the branch merged first, remove the other branch's new migration files, and run `schemagen generate` to plan its changes again as the next migration"
                )
            ]
        }
        var findings: [Diagnostic] = []
        let position = sum.positions
        let onDisk = Set(committed.map(\.1))
        let hashes = self.hashes(of: committed, in: sum, position: position, jobs: jobs)
        for (offset, (_, path)) in committed.enumerated() {
            let location = SourceLocation(file: display(path), line: 1, column: 1)
            guard let index = position[path] else {
                findings.append(
                    finding(
                        "\(display(path)) is not in the integrity file: committed migrations are never added, renamed or renumbered by hand",
                        at: location,
                        fix: "restore the migrations from git, and let `schemagen generate` write new ones"))
                continue
            }
            if hashes[offset] != sum.entries[index].hash {
                findings.append(
                    finding(
                        "\(display(path)) was edited after it was committed: a database that applied it would not hold what it now says",
                        at: location,
                        fix:
                            "restore it with `git checkout -- \(display(path))`; put a further change in a new migration"
                    ))
            }
        }
        // The pending migration's lines are written anew, whatever became of its files.
        let pending = history.pending?.id
        let isPending = { (path: String) in
            pending != nil && MigrationID(path: path) == pending
        }
        for (index, entry) in sum.entries.enumerated() where !onDisk.contains(entry.path) && !isPending(entry.path) {
            findings.append(
                finding(
                    "\(display(entry.path)) was removed: the integrity file lists it",
                    at: SourceLocation(file: display(MigrationLayout.integrityFile), line: index + 2, column: 1),
                    fix: "restore it from git: committed migrations are never removed"))
        }
        return findings
    }

    /// The hash of each of `committed` that the integrity file lists, after the line before its
    /// own there (`nil` for the others, and for a file that cannot be read), in `committed`'s
    /// order. A file's hash needs only its bytes and that line, not the hash of the file before
    /// it, so the files are hashed each on its own: the largest first, so that the cores finish
    /// together (a snapshot is thousands of times the size of a small script). A deferred file
    /// hashed after that very line as the history was read (`MigrationHistory.read`, in the pass
    /// that saw it is ASCII) is not read again.
    private func hashes(
        of committed: [(MigrationHistory.Migration, String)], in sum: IntegrityFile, position: [String: Int],
        jobs: any JobMap
    ) -> [String?] {
        var hashes = [String?](repeating: nil, count: committed.count)
        var work: [HashJob?] = Array(repeating: nil, count: committed.count)
        for (offset, (migration, path)) in committed.enumerated() {
            guard let index = position[path] else { continue }
            let previous = sum.previous(index)
            if let bytes = migration.files[path] {
                work[offset] = HashJob(previous: previous, bytes: bytes)
            } else if let read = migration.hashes[path], read.after == previous {
                hashes[offset] = read.hash
            } else if let file = migration.deferred[path] {
                work[offset] = HashJob(previous: previous, deferred: file)
            }
        }
        let order = work.indices.filter { work[$0] != nil }.sorted { (work[$0]!.size, $1) > (work[$1]!.size, $0) }
        let hashed = jobs.map(order.count) { [work] in work[order[$0]]!.hash() }
        for (rank, offset) in order.enumerated() { hashes[offset] = hashed[rank] }
        return hashes
    }
    /// A committed file to hash after the integrity file's line before its own.
    private struct HashJob: Sendable {
        var previous: String
        var bytes: [UInt8]?
        var deferred: DeferredFile?

        var size: Int { bytes?.count ?? deferred?.size ?? 0 }

        /// A deferred file is hashed in blocks, never held whole.
        func hash() -> String? {
            if let bytes { return IntegrityFile.hash(bytes, after: previous) }
            return deferred.flatMap { IntegrityFile.hash($0, after: previous) }
        }
    }

    /// The integrity file's first lines, as long as each names a committed file: after `verify()`
    /// found nothing, each of them is proven to hash its file after the line before it, so the
    /// planner's new integrity file takes them as they are (`IntegrityFile(files:proven:)`).
    func provenEntries() -> [IntegrityFile.Entry] {
        guard let bytes = history.integrityFile, let sum = IntegrityFile.parse(String(decoding: bytes, as: UTF8.self))
        else { return [] }
        // A file that is not UTF-8 is passed on as text with replacement characters (other
        // bytes, another hash), so the proven lines stop before it.
        // A deferred file is all ASCII.
        var utf8 = Set<String>()
        for migration in history.committed {
            for (path, bytes) in migration.files where isUTF8(bytes) { utf8.insert(path) }
            utf8.formUnion(migration.deferred.keys)
        }
        return Array(sum.entries.prefix { utf8.contains($0.path) })
    }

    private func finding(_ message: String, at location: SourceLocation, fix: String) -> Diagnostic {
        .error(message, rule: RuleCatalogue.migrationIntegrity.id, at: location, fixes: [fix])
    }
}
