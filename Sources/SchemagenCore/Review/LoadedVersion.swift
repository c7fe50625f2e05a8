import Foundation

/// A version of a project read whole: its config, its schema, and the migrations its output
/// folder holds (identities in number order, each snapshot read on demand).
struct LoadedVersion {
    var version: SchemaVersion
    var config: Config
    var schema: Schema
    /// The migrations whose snapshots this version holds, in number order.
    var migrations: [MigrationID]

    /// Reads the version: `schemagen.yaml` (the defaults without one), the schema it names, and
    /// the snapshot names under the output it names. Findings carry the version's file names
    /// (`HEAD~1:schema/tasks.yaml`); `nil` when any is an error.
    static func load(_ version: SchemaVersion) -> (LoadedVersion?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        do throws(Diagnostic) {
            var config = Config()
            if let bytes = try version.file(ConfigLoader.fileName) {
                let parsed = ConfigLoader.parse(bytes, file: version.display(ConfigLoader.fileName))
                config = parsed.config
                diagnostics += parsed.diagnostics
            }
            guard !diagnostics.hasErrors else { return (nil, diagnostics) }
            let sources = try version.schemaSources(directory: config.schemaDirectory)
            let loaded = SchemaLoader(config: config).load(sources)
            diagnostics += loaded.diagnostics
            guard let schema = loaded.schema else { return (nil, diagnostics) }
            let snapshots = try version.files(
                under: ProjectPaths.normalize(
                    config.outputDirectory + "/" + MigrationLayout.snapshotFolder))
            let migrations = snapshots.filter { $0.hasSuffix(".json") }.compactMap(MigrationID.init(path:)).sorted()
            return (
                LoadedVersion(version: version, config: config, schema: schema, migrations: migrations), diagnostics
            )
        } catch {
            return (nil, diagnostics + [error])
        }
    }

    /// The schemas migrations `first` through `last` lead to (in `migrations` order), from their
    /// snapshots: whole, or folded in one pass from the last whole one before them
    /// (`SnapshotChain`).
    func snapshots(from first: MigrationID, through last: MigrationID) throws(Diagnostic) -> [Schema] {
        func path(_ id: MigrationID) -> String {
            ProjectPaths.normalize(config.outputDirectory + "/" + MigrationLayout.snapshot(id))
        }
        guard let from = migrations.firstIndex(of: first), let to = migrations.firstIndex(of: last), from <= to else {
            throw .error(
                "\(version.display(path(first))) is missing", rule: RuleCatalogue.migrationIntegrity.id, at: nil)
        }
        // A whole snapshot does not name the migration before it: a snapshot missing before one
        // would go unseen, and its changes would be told as the next migration's.
        for (before, after) in zip(migrations[...to], migrations[...to].dropFirst())
        where after.number != before.number + 1 {
            let missing = MigrationID(number: before.number + 1, name: "").revision
            throw .error(
                "\(version.display(ProjectPaths.normalize(config.outputDirectory + "/" + MigrationLayout.snapshotFolder))) has no snapshot of migration \(missing)",
                rule: RuleCatalogue.migrationIntegrity.id, at: nil)
        }
        let folded = try SnapshotChain.snapshots(from...to, of: migrations) { (id) throws(Diagnostic) in
            try version.file(path(id))
        }
        switch folded {
        case .success(let snapshots): return snapshots.map(\.schema)
        case .failure(let failure):
            throw .error(
                "\(version.display(path(failure.id))) \(failure.error.map { "cannot be read: \($0.reason)" } ?? "is missing")",
                rule: RuleCatalogue.migrationIntegrity.id, at: nil)
        }
    }

    /// True when the config writes migrations (a SQL target is on).
    var hasMigrations: Bool { !config.targets.isDisjoint(with: MigrationLayout.dialects) }

    /// The migrations git has not committed yet, for a folder in a work tree (`generate` rewrites
    /// the last of these); none for a revision.
    var pending: Set<MigrationID> {
        guard case .folder(let root) = version.location else { return [] }
        let folder = ProjectPaths.resolve(config.outputDirectory, root: root)
            .appendingPathComponent(MigrationLayout.folder, isDirectory: true)
        guard let committed = GitCommits.committedFiles(under: folder) else { return [] }
        return Set(migrations.filter { !committed.contains("snapshots/\($0).json") })
    }
}
