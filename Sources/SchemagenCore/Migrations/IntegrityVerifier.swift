/// Proves the committed migrations against the integrity file: every committed file is listed,
/// unchanged since its line was written, and every listed file is still there. Each finding names
/// the file. The pending migration (not yet committed) is not judged: `generate` rewrites it.
struct IntegrityVerifier {
    var history: MigrationHistory
    var display: (String) -> String

    func verify() -> [Diagnostic] {
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
        let position = Dictionary(
            sum.entries.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { first, _ in first })
        let onDisk = Set(committed.map(\.1))
        for (migration, path) in committed {
            let location = SourceLocation(file: display(path), line: 1, column: 1)
            guard let index = position[path] else {
                findings.append(
                    finding(
                        "\(display(path)) is not in the integrity file: committed migrations are never added, renamed or renumbered by hand",
                        at: location,
                        fix: "restore the migrations from git, and let `schemagen generate` write new ones"))
                continue
            }
            let previous = index == 0 ? "" : sum.entries[index - 1].hash
            // A deferred file is hashed in blocks, never held whole.
            let hash =
                migration.files[path].map { IntegrityFile.hash($0, after: previous) }
                ?? migration.deferred[path].flatMap { IntegrityFile.hash($0, after: previous) }
            if hash != sum.entries[index].hash {
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
