import Foundation

/// One dialect's committed migrations, as files on disk (`Generated/migrations/postgres/`): the
/// runner applies these texts, and records each up file's checksum.
public struct MigrationFolder: Sendable, Hashable {
    public struct Migration: Sendable, Hashable {
        public var id: MigrationID
        /// The files as a message names them (`Generated/migrations/postgres/0007_x.up.sql`).
        public var upPath: String
        public var downPath: String
        public var up: String
        /// `nil` when the folder has no down file for it.
        public var down: String?
        /// The up file's hash, as the integrity file hashes a file (`IntegrityFile.fileHash`).
        public var checksum: String
        /// In git's `HEAD` (or outside git, where every file counts as committed). One that is not
        /// is work in progress: `generate` plans it again with every schema change.
        public var isCommitted: Bool
        /// The folder is in a git work tree: `git checkout` can restore the file.
        public var isInGit: Bool

        public init(
            id: MigrationID, upPath: String, downPath: String, up: String, down: String?, isCommitted: Bool = true,
            isInGit: Bool = true
        ) {
            self.id = id
            self.upPath = upPath
            self.downPath = downPath
            self.up = up
            self.down = down
            self.checksum = IntegrityFile.fileHash(Array(up.utf8))
            self.isCommitted = isCommitted
            self.isInGit = isInGit
        }
    }

    /// In order of their numbers.
    public var migrations: [Migration]
    /// The folder as messages name it.
    public var displayPath: String

    public init(migrations: [Migration], displayPath: String) {
        self.migrations = migrations.sorted { $0.id < $1.id }
        self.displayPath = displayPath
    }

    /// Reads `directory`'s `NNNN_name.up.sql` and `.down.sql` files. `displayPath` is how messages
    /// name the folder. Two migrations with one number are refused: the order would be a guess.
    public static func load(directory: URL, displayPath: String) throws(MigrationRunError) -> MigrationFolder {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw .folder("\(displayPath) cannot be read: there are no migrations to apply (run `schemagen generate`)")
        }
        var ups: [MigrationID: String] = [:]
        var downs: [MigrationID: String] = [:]
        for name in names {
            guard let id = MigrationID(fileName: name) else { continue }
            if name == "\(id).up.sql" { ups[id] = name } else if name == "\(id).down.sql" { downs[id] = name }
        }
        let byNumber = Dictionary(grouping: ups.keys, by: \.number)
        if let clash = byNumber.values.first(where: { $0.count > 1 }) {
            throw .folder(
                "\(displayPath) has two migrations numbered \(clash[0].revision): "
                    + clash.sorted().map { "\($0)" }.joined(separator: " and ")
                    + "; two branches each added one. Keep one, and let `schemagen generate` renumber the other")
        }
        let committed = GitCommits.committedFiles(under: directory)
        var migrations: [Migration] = []
        for (id, name) in ups {
            let read = { (file: String) throws(MigrationRunError) -> String in
                guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(file).path)
                else {
                    throw .folder("\(displayPath)/\(file) cannot be read")
                }
                return String(decoding: data, as: UTF8.self)
            }
            let downName = "\(id).down.sql"
            migrations.append(
                Migration(
                    id: id, upPath: "\(displayPath)/\(name)", downPath: "\(displayPath)/\(downName)",
                    up: try read(name),
                    down: downs[id] == nil ? nil : try read(downName),
                    isCommitted: committed.map { $0.contains(name) } ?? true, isInGit: committed != nil))
        }
        return MigrationFolder(migrations: migrations, displayPath: displayPath)
    }
}
