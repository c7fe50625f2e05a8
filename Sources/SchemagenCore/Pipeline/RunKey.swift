import Foundation

/// The key of a run's record: a SHA-256 over everything the rendered output depends on, read before
/// the run uses it (so that a file edited during the run leaves a key that no longer matches), and
/// the proof that the disk still holds what a record says.
///
/// What `Generator.run` reads besides the schema: the config (`ConfigLoader`), the built-in and the
/// project's templates (`TemplateSet`), the hand-written SQL under `<schema>/migrations/`
/// (`HandWrittenSQL`: here every file under the schema directory), the migration history in the
/// output directory (`MigrationHistory`), and which of its files git has committed (`GitCommits`).
/// Its options (`--output`, `--target`, `--accept-data-loss`, `--name`) and the binary (its code,
/// and so every rule it applies) decide the rest.
enum RunKey {
    /// The format of the record and of this key: a new one makes every old record miss.
    static let version = "1"

    /// The part the main thread computes before the history's job starts: the binary, the project,
    /// the options, the config's bytes, and the schema files the run loads (the very bytes).
    static func inputs(
        binary: String, root: URL, generator: Generator, configBytes: [UInt8]?, sources: SchemaSources
    ) -> String {
        var hasher = KeyHasher()
        hasher.add("version", version)
        hasher.add("binary", binary)
        hasher.add("root", RunRecordStore.realPath(root.path))
        hasher.add("output", generator.outputOverride.map { "=" + $0 } ?? "-")
        hasher.add(
            "targets", generator.targetsOverride.map { $0.map(\.rawValue).sorted().joined(separator: ",") } ?? "-")
        hasher.add("accept-data-loss", generator.migrationOptions.acceptDataLoss ? "1" : "0")
        hasher.add("name", generator.migrationOptions.name.map { "=" + $0 } ?? "-")
        hasher.add("config", configBytes.map { [1] + $0 } ?? [0])
        hasher.add("schema files", String(sources.files.count))
        for file in sources.files {
            hasher.add("path", file.path)
            hasher.add("bytes", file.bytes)
        }
        return hasher.value
    }

    /// The whole key: `inputs` and `rest`.
    static func key(inputs: String, rest: String) -> String {
        var hasher = KeyHasher()
        hasher.add("inputs", inputs)
        hasher.add("rest", rest)
        return hasher.value
    }

    /// The rest of the key, which the history's job computes while the schema is read: the
    /// templates, every other file under the schema directory, and git's answer (`committed`, as
    /// `GitCommits.committedFiles` gave it).
    static func rest(config: Config, root: URL, committed: Set<String>?) -> String {
        var hasher = KeyHasher()
        hasher.add("version", version)
        if let builtin = try? TemplateSet.builtinFiles() {
            for (name, file) in builtin.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                hasher.add("builtin " + name.rawValue, file.text)
            }
        } else {
            hasher.add("builtin", "missing")
        }
        if let templates = config.swift.templatesDirectory {
            let url = ProjectPaths.resolve(templates, root: root)
            hasher.add("templates", templates)
            if let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) {
                for name in names.sorted() {
                    hasher.add("template", name)
                    hasher.add(
                        "bytes", readBytes(atPath: url.appendingPathComponent(name).path).map { [1] + $0 } ?? [0])
                }
            } else {
                hasher.add("templates", "unreadable")
            }
        }
        var walk = OtherFiles(hasher: hasher)
        walk.visit(ProjectPaths.resolve(config.schemaDirectory, root: root).path, shownAs: "")
        hasher = walk.hasher
        hasher.add("git", committed.map { $0.sorted().joined(separator: "\n") } ?? "none")
        return hasher.value
    }

    /// The history's hash: each file's path, size and SHA-256, in path order.
    static func history(_ digests: [String: FileDigest]) -> String {
        var hasher = KeyHasher()
        for (path, digest) in digests.sorted(by: { $0.key < $1.key }) {
            hasher.add("file", "\(digest.size) \(digest.sha256) \(path)")
        }
        return hasher.value
    }

    /// The files of the history as `MigrationHistory.read` read them, by path.
    static func historyDigests(_ history: MigrationHistory) -> [String: FileDigest] {
        var digests: [String: FileDigest] = [:]
        for migration in history.migrations {
            for (path, bytes) in migration.files { digests[path] = FileDigest(bytes) }
            // Not read whole (`DeferredFile`): hashed from the disk in blocks. One that cannot be
            // read leaves its path out, and the record can never match the disk.
            for (path, file) in migration.deferred { digests[path] = FileDigest(deferred: file) }
        }
        if let sum = history.integrityFile { digests[MigrationLayout.integrityFile] = FileDigest(sum) }
        return digests
    }

    /// True when the output directory holds exactly what `record` says: every output with its
    /// bytes, no other file in the folders the writer owns (enumerated as `FileWriter` does), and
    /// the migration history `record.history` names (listed as `MigrationHistory.read` lists it).
    /// The files are hashed on both cores.
    static func holds(_ record: RunRecord, writer: FileWriter) -> Bool {
        var paths = Set(record.outputs.keys)
        for folder in writer.ownedFolders {
            // Through a link, as the writer writes there (an app may link `Generated/swift` into its
            // sources); the walk, as the writer's own for extra files, does not enter a linked
            // folder, and its files are the record's outputs, hashed below like every other.
            var status = stat()
            guard stat(writer.path(of: folder), &status) == 0 else { continue }
            guard status.st_mode & S_IFMT == S_IFDIR else {
                if record.outputs[folder] == nil { return false }
                continue
            }
            // Every entry but the folders, as `readdir` gives it: a `URL` and its resource values
            // for each of a thousand models cost milliseconds of a run with nothing to do.
            var unknown = false
            FileWriter.forEachEntry(in: writer.path(of: folder), as: folder) { path, _ in
                if record.outputs[path] == nil { unknown = true }
            }
            if unknown { return false }
        }
        // The history, as `MigrationHistory.read` lists it.
        var history: [String] = []
        let migrations = writer.directory.appendingPathComponent(MigrationLayout.folder)
        for subfolder in MigrationLayout.dialects.map(\.rawValue) + ["snapshots"] {
            let names =
                (try? FileManager.default.contentsOfDirectory(atPath: migrations.appendingPathComponent(subfolder).path))
                ?? []
            history += names.filter { !$0.hasPrefix(".") }.map { "\(MigrationLayout.folder)/\(subfolder)/\($0)" }
        }
        if FileManager.default.fileExists(atPath: writer.path(of: MigrationLayout.integrityFile)) {
            history.append(MigrationLayout.integrityFile)
        }
        paths.formUnion(history)
        let list = paths.sorted()
        let digests = concurrentMap(count: list.count) { FileDigest(atPath: writer.path(of: list[$0])) }
        var byPath: [String: FileDigest] = [:]
        for (path, digest) in zip(list, digests) {
            guard let digest else { return false }
            byPath[path] = digest
        }
        for (path, digest) in record.outputs where byPath[path] != digest { return false }
        return Self.history(byPath.filter { history.contains($0.key) }) == record.history
    }
}

/// A value one thread hands another once, which the other waits for.
final class Pending<Value: Sendable>: @unchecked Sendable {
    private let ready = DispatchSemaphore(value: 0)
    private var value: Value?

    func fulfill(_ value: Value) {
        self.value = value
        ready.signal()
    }

    /// Call once.
    func wait() -> Value {
        ready.wait()
        return value!
    }
}

/// Every file under the schema directory that is not a schema file (those are in `inputs`, byte
/// for byte), following links as the schema's own walk does: the hand-written SQL, and anything a
/// later version may read. Each by path and bytes; anything else by path and kind. Hidden names
/// are left out, folders too, as every reader of the schema directory leaves them out: a schema
/// kept in a clone of its own has a `.git` that changes with every git command.
private struct OtherFiles {
    var hasher: KeyHasher
    private var visited: Set<[UInt64]> = []

    init(hasher: KeyHasher) {
        self.hasher = hasher
    }

    mutating func visit(_ path: String, shownAs shown: String) {
        var status = stat()
        guard stat(path, &status) == 0 else {
            hasher.add("missing", shown)
            return
        }
        switch status.st_mode & S_IFMT {
        case S_IFDIR:
            guard visited.insert([UInt64(status.st_dev), UInt64(status.st_ino)]).inserted else {
                hasher.add("again", shown)
                return
            }
            hasher.add("folder", shown)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            for name in names.sorted() where !name.hasPrefix(".") {
                visit(path + "/" + name, shownAs: shown + "/" + name)
            }
        case S_IFREG:
            let name = String(shown.split(separator: "/").last ?? "")
            if SchemaSources.isSchemaFileName(name) { return }
            hasher.add("file", shown)
            hasher.add("bytes", readBytes(atPath: path).map { [1] + $0 } ?? [0])
        default:
            hasher.add("other", shown)
        }
    }
}
