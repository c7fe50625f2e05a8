import Foundation

/// The migrations already in the output directory, as files on disk: what `generate` must keep
/// byte for byte, what `check` verifies against the integrity file, and the snapshot the next
/// migration is planned from.
struct MigrationHistory: Sendable {
    struct Migration: Sendable {
        var id: MigrationID
        /// Relative to the output directory → the file's bytes.
        var files: [String: [UInt8]]
        /// In `HEAD` (or outside git, where every migration is).
        var isCommitted: Bool
        /// Relative to the output directory → the file, not read whole (`read(deferringFrom:)`):
        /// the large ones, all ASCII. A path is in `files` or here, never in both.
        var deferred: [String: DeferredFile] = [:]
        /// Deferred files hashed as they were looked at, after the integrity file's line before
        /// their own (`after`): what `IntegrityVerifier` takes instead of reading them again.
        var hashes: [String: (after: String, hash: String)] = [:]

        var snapshotPath: String { MigrationLayout.snapshot(id) }

        /// Every file's path, read or deferred, in order.
        var paths: [String] { (Array(files.keys) + Array(deferred.keys)).sorted() }

        /// The bytes of the file at `path`, read now when it was deferred.
        func contents(of path: String) -> [UInt8]? {
            files[path] ?? deferred[path]?.read()
        }

        /// True while every deferred file is what it was when the history was read.
        var deferredUnchanged: Bool { deferred.values.allSatisfy(\.isUnchanged) }

        /// Its files as text, in path order: what a run kept before `asKept` (now the tests'
        /// reference for it).
        var asGenerated: [GeneratedFile] {
            paths.map { GeneratedFile(path: $0, contents: String(decoding: contents(of: $0) ?? [], as: UTF8.self)) }
        }

        /// Its files in path order, split into those a run keeps as the bytes read (valid UTF-8:
        /// the text a run generates for them is those very bytes, so they are neither copied as
        /// text nor compared with the disk they were just read from), and the others as text,
        /// where a byte that is not UTF-8 becomes a replacement character (and the file stale).
        var asKept: (kept: [KeptFile], text: [GeneratedFile]) {
            var kept: [KeptFile] = []
            var text: [GeneratedFile] = []
            for path in paths {
                guard let bytes = files[path] else {
                    // Deferred: all ASCII, kept as the file it is.
                    kept.append(KeptFile(path: path, deferred: deferred[path]!))
                    continue
                }
                if isUTF8(bytes) {
                    kept.append(KeptFile(path: path, bytes: bytes))
                } else {
                    text.append(GeneratedFile(path: path, contents: String(decoding: bytes, as: UTF8.self)))
                }
            }
            return (kept, text)
        }
    }

    /// In number order.
    var migrations: [Migration]
    /// The integrity file's bytes, when there is one.
    var integrityFile: [UInt8]?
    /// Findings about the folder itself: a name that is not a migration's, two migrations with one
    /// number, a gap.
    var problems: [Diagnostic]

    /// The last migration, when git has not committed it yet: the one `generate` rewrites.
    var pending: Migration? {
        guard let last = migrations.last, !last.isCommitted else { return nil }
        return last
    }

    var committed: [Migration] { pending == nil ? migrations : Array(migrations.dropLast()) }

    /// `committed`: git's answer when the caller asked already (`GitCommits.committedFiles`);
    /// `nil` asks here. `deferringFrom`: the files of at least that size that are all ASCII are
    /// only looked at (`DeferredFile`), read later in blocks or one at a time by what needs them,
    /// and hashed for the integrity proof in that look. `jobs` reads the files, each on its own.
    static func read(
        outputDirectory: URL, displayPrefix: String, committed: Set<String>?? = nil, deferringFrom: Int? = nil,
        jobs: any JobMap = JobsInTurn()
    ) -> MigrationHistory {
        let folder = outputDirectory.appendingPathComponent(MigrationLayout.folder, isDirectory: true)
        let display = { (path: String) in displayPrefix.isEmpty ? path : "\(displayPrefix)/\(path)" }
        let sum = readBytes(atPath: outputDirectory.appendingPathComponent(MigrationLayout.integrityFile).path)
        // The line each listed file is hashed after, when the integrity file is one.
        let previous =
            deferringFrom == nil
            ? [:]
            : sum.flatMap { IntegrityFile.parse(String(decoding: $0, as: UTF8.self)) }.map { parsed in
                parsed.positions.mapValues(parsed.previous)
            } ?? [:]
        var problems: [Diagnostic] = []
        var found: [(id: MigrationID, path: String, absolute: String)] = []
        for subfolder in MigrationLayout.dialects.map(\.rawValue) + ["snapshots"] {
            let base = folder.appendingPathComponent(subfolder, isDirectory: true)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? []
            for name in names.sorted() where !name.hasPrefix(".") {
                let path = "\(MigrationLayout.folder)/\(subfolder)/\(name)"
                let expectedEnding = subfolder == "snapshots" ? [".json"] : [".up.sql", ".down.sql"]
                guard let id = MigrationID(fileName: name), expectedEnding.contains(where: name.hasSuffix) else {
                    problems.append(
                        .error(
                            "\(display(path)) is not a migration file: names are NNNN_name\(expectedEnding.joined(separator: " or "))",
                            rule: RuleCatalogue.migrationIntegrity.id,
                            at: SourceLocation(file: display(path), line: 1, column: 1),
                            fixes: ["move it out of \(display(MigrationLayout.folder))/"]))
                    continue
                }
                found.append((id, path, base.appendingPathComponent(name).path))
            }
        }
        let committedFiles = committed ?? GitCommits.committedFiles(under: folder)
        let isCommitted = { (id: MigrationID) in
            committedFiles.map {
                $0.contains(String(MigrationLayout.snapshot(id).dropFirst(MigrationLayout.folder.count + 1)))
            }
                ?? true
        }
        // The pending migration (the last, when git has not committed it) is not proven: its
        // files are not hashed.
        let pending = found.map(\.id).max().flatMap { isCommitted($0) ? nil : $0 }
        let reads = jobs.map(found.count) { [found, previous] index -> FileRead in
            let (id, path, absolute) = found[index]
            if let deferringFrom,
                let (file, hash) = DeferredFile.look(
                    atPath: absolute, from: deferringFrom, hashingAfter: id == pending ? nil : previous[path])
            {
                return .deferred(file, hash: hash.map { (previous[path]!, $0) })
            }
            return .whole(readBytes(atPath: absolute))
        }
        var byID: [MigrationID: [String: [UInt8]]] = [:]
        var deferredByID: [MigrationID: [String: DeferredFile]] = [:]
        var hashesByID: [MigrationID: [String: (after: String, hash: String)]] = [:]
        for ((id, path, _), read) in zip(found, reads) {
            switch read {
            case .deferred(let file, let hash):
                deferredByID[id, default: [:]][path] = file
                if let hash { hashesByID[id, default: [:]][path] = hash }
            case .whole(let bytes):
                guard let bytes else { continue }
                byID[id, default: [:]][path] = bytes
            }
        }
        let migrations = Set(byID.keys).union(deferredByID.keys).sorted().map { id in
            Migration(
                id: id, files: byID[id] ?? [:], isCommitted: isCommitted(id),
                deferred: deferredByID[id] ?? [:], hashes: hashesByID[id] ?? [:])
        }
        problems += missingCommitted(committedFiles, found: Set(migrations.map(\.id)), display: display)
        problems += numberingProblems(migrations, display: display)
        return MigrationHistory(migrations: migrations, integrityFile: sum, problems: problems)
    }

    /// The migrations git has committed (their snapshots in `HEAD`) that are not on disk: a
    /// deleted `Generated/` would otherwise plan its first migration again over the committed one.
    private static func missingCommitted(
        _ committedFiles: Set<String>?, found: Set<MigrationID>, display: (String) -> String
    ) -> [Diagnostic] {
        let snapshots = "snapshots/"
        let committed = (committedFiles ?? []).filter { $0.hasPrefix(snapshots) && $0.hasSuffix(".json") }
            .compactMap { MigrationID(fileName: String($0.dropFirst(snapshots.count))) }
        return committed.filter { !found.contains($0) }.sorted().map { id in
            let path = MigrationLayout.snapshot(id)
            return .error(
                "migration \(id) is committed but not on disk (\(display(path)) is missing): the next migration would be planned without it",
                rule: RuleCatalogue.migrationIntegrity.id, at: SourceLocation(file: display(path), line: 1, column: 1),
                fixes: [
                    "restore it from git (`git checkout HEAD -- \(display(MigrationLayout.folder))`): committed migrations are never removed"
                ])
        }
    }

    /// One migration file as `read` found it.
    private enum FileRead: Sendable {
        case deferred(DeferredFile, hash: (after: String, hash: String)?)
        /// `nil` when it cannot be read.
        case whole([UInt8]?)
    }

    /// Two migrations that claim one number (two branches that each added one), and numbers
    /// that skip one (a migration removed or renumbered).
    private static func numberingProblems(_ migrations: [Migration], display: (String) -> String) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        var expected = 1
        for (index, migration) in migrations.enumerated() {
            let location = SourceLocation(file: display(migration.snapshotPath), line: 1, column: 1)
            if index > 0, migrations[index - 1].id.number == migration.id.number {
                problems.append(
                    .error(
                        "migrations \(migrations[index - 1].id) and \(migration.id) claim the same number",
                        rule: RuleCatalogue.migrationIntegrity.id, at: location,
                        fixes: [
                            "keep the one that was merged first; remove the other's files and run `schemagen generate`, which plans its changes again as the next migration"
                        ]))
                continue
            }
            if migration.id.number != expected {
                problems.append(
                    .error(
                        "migration \(migration.id) follows \(expected == 1 ? "nothing" : "number \(expected - 1)"): migration \(MigrationID(number: expected, name: "").revision) is missing",
                        rule: RuleCatalogue.migrationIntegrity.id, at: location,
                        fixes: [
                            "restore the missing migration from git: committed migrations are never removed or renumbered"
                        ]))
            }
            expected = migration.id.number + 1
        }
        return problems
    }
}

/// A migration file a run keeps as it is on disk: its path and the bytes read from there, or the
/// file not read whole (`DeferredFile`), read when its bytes are asked for.
struct KeptFile: Sendable {
    /// Relative to the output directory.
    var path: String
    private var read: [UInt8]?
    private(set) var deferred: DeferredFile?

    init(path: String, bytes: [UInt8]) {
        self.path = path
        self.read = bytes
    }

    init(path: String, deferred: DeferredFile) {
        self.path = path
        self.deferred = deferred
    }

    /// The bytes; a deferred file's read now (empty when it cannot be: the planner's check of the
    /// deferred files then fails the run).
    var bytes: [UInt8] { read ?? deferred?.read() ?? [] }

    var asGenerated: GeneratedFile { GeneratedFile(path: path, contents: String(decoding: bytes, as: UTF8.self)) }
}

/// True when `bytes` are valid UTF-8. ASCII (every snapshot and script schemagen writes from an
/// ASCII schema) is seen eight bytes at a time without a copy; only other text is decoded.
func isUTF8(_ bytes: [UInt8]) -> Bool {
    allASCII(bytes) || String(validating: bytes, as: UTF8.self) != nil
}

/// True when every byte is below 0x80, seen eight at a time.
func allASCII(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { asciiHighBits($0) & 0x80 == 0 }
}
