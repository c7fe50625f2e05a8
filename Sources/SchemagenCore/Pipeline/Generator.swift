import Foundation

/// The whole pipeline for one project: config → schema files → graph → checks → rendered files.
///
/// It computes; it does not write. The CLI (or a plugin) decides whether to write the result with
/// `FileWriter`, compare it (`check`), or only print the findings (`lint`).
public struct Generator: Sendable {
    public var root: URL
    /// Overrides of the config, for plugins that direct output elsewhere.
    public var outputOverride: String?
    public var targetsOverride: Set<Config.Target>?
    /// `--accept-data-loss` and `--name`, for the migration this run plans.
    public var migrationOptions: MigrationOptions
    /// Where the up-to-date records are kept (`RunRecord`); `nil`, the default, keeps none: every
    /// run renders. The CLI's `check` and `generate` pass the user's cache.
    public var runRecords: RunRecordStore?
    /// The size from which a migration file is not read whole with the history but in blocks, or
    /// one at a time, where it is needed (`DeferredFile`); the tests set 0 to take that way with
    /// small files.
    var historyDeferringFrom = DeferredFile.threshold

    public init(
        root: URL, outputOverride: String? = nil, targetsOverride: Set<Config.Target>? = nil,
        migrationOptions: MigrationOptions = MigrationOptions(), runRecords: RunRecordStore? = nil
    ) {
        self.root = root
        self.outputOverride = outputOverride
        self.targetsOverride = targetsOverride
        self.migrationOptions = migrationOptions
        self.runRecords = runRecords
    }

    public struct Result: Sendable {
        public var config: Config
        public var sources: SchemaSources
        public var schema: Schema?
        /// Empty when there is any error: errors mean nothing is written at all. With
        /// `keepingOnlyChanges`, only the files whose bytes differ from the disk.
        public var files: [GeneratedFile]
        /// With `keepingOnlyChanges`: the paths of the files this run generates exactly as they are
        /// on disk, which `files` leaves out; pass them to the writer (`changes(for:unchanged:)`,
        /// `write(_:unchanged:)`), for which they are planned files, not extra ones.
        public var unchangedPaths: [String] = []
        public var diagnostics: [Diagnostic]
        /// The targets whose folders this run answers for: every target, so that turning one off in
        /// `schemagen.yaml` removes its old files, or only those `--target` names for this run.
        public var ownedTargets: Set<Config.Target> = Set(Config.Target.allCases)
        /// The migration this run planned (new, or the pending one rewritten); `nil` when the
        /// schema holds no change since the last migration.
        public var migration: PlannedMigration?
        /// True when the record of an earlier run answered (`runRecords`): the output directory
        /// holds what this run would render, byte for byte, so nothing was rendered (`files` is
        /// empty, `unchangedPaths` names every file, `migration` is `nil`).
        public var answeredFromRecord = false
        /// The record of this run, but the hashes of `files`, which `Generator.saveRecord(of:)`
        /// adds: only a clean run whose findings all come before the renderers has one, and only
        /// when it hashed its outputs (`RunRecord.partial`).
        var record: RunRecord?
        /// The part of the key the main thread computed, for a partial record.
        var recordInputs: String?

        /// How many files this run generates: `files` and `unchangedPaths`.
        public var fileCount: Int { files.count + unchangedPaths.count }

        /// The writer for this result's output directory. The migrations folder is the SQL
        /// targets' (`--target swift` leaves it alone).
        public func writer(root: URL) -> FileWriter {
            Generator.writer(config: config, ownedTargets: ownedTargets, root: root)
        }
    }

    static func writer(config: Config, ownedTargets: Set<Config.Target>, root: URL) -> FileWriter {
        // Each target's folder, but `SCHEMA.md`, which is one file at the top.
        var folders = ownedTargets.sorted().map { $0 == .markdown ? SchemaDocumentRenderer.path : $0.rawValue }
        if !ownedTargets.isDisjoint(with: MigrationLayout.dialects) { folders.append(MigrationLayout.folder) }
        return FileWriter(
            directory: ProjectPaths.resolve(config.outputDirectory, root: root),
            displayPrefix: config.outputDirectory, ownedFolders: folders)
    }

    /// Runs every stage. `rendering: false` stops after the checks, for `lint`: the findings about a
    /// schema all come from loading and checking it, and rendering is most of the time of a run.
    ///
    /// `keepingOnlyChanges`, for `check` and `generate`: each file is compared with the output
    /// directory as soon as its renderer (or the migration planner) gives it, and only those that
    /// differ are kept in `files`; the others are only named, in `unchangedPaths`. The committed
    /// migrations are not even compared: the planner read them from there (and proved them).
    /// Holding every output at once was most of the peak memory of a large schema.
    public func run(rendering: Bool = true, keepingOnlyChanges: Bool = false) -> Result {
        let store = rendering && keepingOnlyChanges ? runRecords : nil
        // With a record, the config's bytes are read once, for the key and for the config.
        var configBytes: [UInt8]?
        var (config, diagnostics): (Config, [Diagnostic])
        if store != nil {
            configBytes = FileManager.default.contents(atPath: root.appendingPathComponent(ConfigLoader.fileName).path)
                .map(Array.init)
            (config, diagnostics) =
                configBytes.map { ConfigLoader.parse($0, file: ConfigLoader.fileName) } ?? (Config(), [])
        } else {
            (config, diagnostics) = ConfigLoader.load(root: root)
        }
        if let outputOverride { config.outputDirectory = outputOverride }
        // `--target` chooses what this run writes; the app's copy of the migrations still holds
        // every SQL target the project writes, so that its shape does not depend on the run.
        let configuredTargets = config.targets
        if let targetsOverride { config.targets = targetsOverride }
        let ownedTargets = targetsOverride ?? Set(Config.Target.allCases)
        let planner = MigrationPlanner(config: config, root: root, options: migrationOptions)
        // The app's copy of the migrations holds the one planned in this run too: the
        // models beside it are already this run's.
        var appConfig = config
        appConfig.targets = configuredTargets
        let migrationsConfig = config.targets.contains(.swift) ? appConfig : nil

        // The migration history needs no schema: it is read, proven, and its committed migrations'
        // Swift files checked by their fingerprints on a thread of its own while this one reads,
        // loads and checks the schema (mostly on one core). Nothing of it is reported before the
        // plan.
        // With a record store the job keys the run too (`recordOrHistory`): the schema's hash,
        // from this thread, tells it at once when the record cannot answer (docs/ci.md).
        let early: BackgroundJob<EarlyOutcome>?
        let (sources, problems): (SchemaSources, [Diagnostic])
        if let store {
            // The job reads the record, asks git and hashes the rest of the key while this thread
            // reads the schema files, whose hash it then waits for.
            let pendingInputs = Pending<String?>()
            early = BackgroundJob { [self, config] cancellation in
                recordOrHistory(
                    store: store, inputs: pendingInputs, config: config, ownedTargets: ownedTargets, planner: planner,
                    appConfig: migrationsConfig, cancellation: cancellation)
            }
            (sources, problems) = SchemaSources.read(directory: config.schemaDirectory, root: root)
            pendingInputs.fulfill(
                problems.isEmpty
                    ? RunKey.inputs(
                        binary: store.binaryIdentity, root: root, generator: self, configBytes: configBytes,
                        sources: sources) : nil)
        } else {
            early =
                rendering
                ? BackgroundJob { [self] cancellation in
                    .read(earlyMigrations(planner: planner, appConfig: migrationsConfig, cancellation: cancellation))
                } : nil
            (sources, problems) = SchemaSources.read(directory: config.schemaDirectory, root: root)
        }
        // A schema that could not be read whole is no schema: its missing tables would read as
        // dropped, and `generate` would delete their models.
        guard problems.isEmpty else {
            early?.cancel()
            return Result(
                config: config, sources: sources, schema: nil, files: [],
                diagnostics: (diagnostics + problems).sortedForOutput(), ownedTargets: ownedTargets)
        }
        let loaded = SchemaLoader(config: config).load(sources)
        diagnostics += loaded.diagnostics
        guard let schema = loaded.schema else {
            early?.cancel()
            return Result(
                config: config, sources: sources, schema: nil, files: [], diagnostics: diagnostics.sortedForOutput(),
                ownedTargets: ownedTargets)
        }
        if let empty = emptySchema(schema, sources: sources, directory: config.schemaDirectory),
            sources.files.isEmpty || !diagnostics.hasErrors  // a broken file explains its missing tables
        {
            diagnostics.append(empty)
        }
        let checked = Checks.runKeepingSwiftTypeNames(schema, config: config)
        diagnostics += checked.findings

        // Without rendering, a project's own templates are still loaded and parsed: a missing
        // directory or a broken template is a finding `lint` owes as much as `generate`.
        if !rendering, config.targets.contains(.swift), config.swift.templatesDirectory != nil {
            do {
                _ = try TemplateSet.load(config: config, projectRoot: root)
            } catch {
                diagnostics.append(error)
            }
        }

        var files: [GeneratedFile] = []
        var unchangedPaths: [String] = []
        var migration: PlannedMigration?
        // The history is taken apart so that the plan's job, to which it is handed, releases it;
        // the migrations' Swift files found up to date stay.
        var earlyHistory: MigrationPlanner.History?
        var swiftUpToDate: [MigrationID: FileIdentity] = [:]
        var recordKey: EarlyMigrations.RecordKey?
        // A schema with errors renders nothing: the history's scripts are not waited for.
        if diagnostics.hasErrors {
            early?.cancel()
        } else if let outcome = early?.wait() {
            switch outcome {
            case .upToDate(let record):
                // The front's findings are this run's; all else is what the record says.
                return Result(
                    config: config, sources: sources, schema: schema, files: [],
                    unchangedPaths: record.outputs.keys.sorted(), diagnostics: diagnostics.sortedForOutput(),
                    ownedTargets: ownedTargets, migration: nil, answeredFromRecord: true)
            case .read(let prepared):
                (earlyHistory, swiftUpToDate) = (prepared.history, prepared.swiftUpToDate)
                recordKey = prepared.recordKey
            }
        }
        let frontFindings = diagnostics.count
        var digests: [String: FileDigest] = [:]
        if rendering && !diagnostics.hasErrors, earlyHistory != nil {
            // The renderers and the migration planner read the same graph and nothing else of each
            // other: they run side by side, and their results are taken in this fixed order.
            let renderers = Renderers.enabled(
                config.targets, config: appConfig, root: root, swiftTypeNames: checked.swiftTypeNames)
            let output = OutputFiles(
                comparingWith: keepingOnlyChanges
                    ? Self.writer(config: config, ownedTargets: ownedTargets, root: root) : nil,
                digesting: recordKey?.digesting == true)
            // Each job hands on its files already sorted into changed and unchanged, so that a
            // renderer's output is released as soon as it is compared. The planner's job starts
            // first, while the other core takes the renderers; its outcome is still taken after
            // theirs. The history is handed to it, and released when it is done.
            let history = Handoff(earlyHistory)
            earlyHistory = nil
            // Each renderer in parts (`Renderer.parts(of:)`), every part a job of its own, so that
            // both cores stay busy to the end; a renderer that cannot start is one failed job.
            let partsOf = renderers.map { renderer in
                Swift.Result { () throws(Diagnostic) -> RenderParts in try renderer.parts(of: schema) }
            }
            // Comparing with the disk, the files that span parts are compared piece by piece as
            // the parts come, and dropped when found there (`SpanningFiles`).
            let spanning = renderers.map { _ in output.writer.map { SpanningFiles(writer: $0) } }
            let jobs = partsOf.enumerated().flatMap { renderer, parts in
                (0..<((try? parts.get())?.count ?? 1)).map { (renderer: renderer, part: $0) }
            }
            let results = concurrentMap(count: jobs.count + 1) { index -> Outcome in
                guard index > 0 else {
                    return planMigrations(
                        schema, planner: planner, history: history.take(), appConfig: migrationsConfig, output: output)
                }
                let job = jobs[index - 1]
                do throws(Diagnostic) {
                    let part = try partsOf[job.renderer].get().render(job.part)
                    guard let files = spanning[job.renderer] else { return .part(output.sort(part.files), part.pieces) }
                    files.add(part.pieces, ofPart: job.part)
                    return .part(output.sort(part.files), [])
                } catch {
                    return .failed(error)
                }
            }
            // Each renderer's parts in order: its first failure, or its files, with those that
            // span parts joined (and compared) here.
            var outcomes: [Outcome] = []
            var position = 1
            for renderer in renderers.indices {
                var sortedFiles = OutputFiles.Sorted()
                var pieces: [[GeneratedFile]] = []
                var failure: Diagnostic?
                while position < results.count, jobs[position - 1].renderer == renderer {
                    switch results[position] {
                    case .part(let files, let partPieces):
                        sortedFiles += files
                        pieces.append(partPieces)
                    case .failed(let error): if failure == nil { failure = error }
                    default: break
                    }
                    position += 1
                }
                if let failure {
                    outcomes.append(.failed(failure))
                } else if let files = spanning[renderer] {
                    do throws(Diagnostic) {
                        sortedFiles += try files.sorted(digesting: output.digesting) { index throws(Diagnostic) in
                            try partsOf[renderer].get().render(index).pieces
                        }
                        outcomes.append(.rendered(sortedFiles))
                    } catch {
                        outcomes.append(.failed(error))
                    }
                } else {
                    sortedFiles += output.sort(RenderParts.joinPieces(pieces))
                    outcomes.append(.rendered(sortedFiles))
                }
            }
            outcomes.append(results[0])
            // As one loop over the renderers did: the first failure stops the rendered files.
            var failed = false
            var sorted = OutputFiles.Sorted()
            for outcome in outcomes {
                switch outcome {
                case .rendered(let rendered): if !failed { sorted += rendered }
                case .part: break  // folded into `.rendered` above
                case .failed(let error):
                    if !failed { diagnostics.append(error) }
                    failed = true
                case .planned(let planned, let plannedFiles, let scripts):
                    if failed { sorted = OutputFiles.Sorted() }
                    sorted += plannedFiles
                    if let migrationsConfig, let scripts {
                        sorted += migrationsFile(
                            migrationsConfig, scripts: scripts, upToDate: swiftUpToDate, output: output)
                    }
                    diagnostics += planned.diagnostics
                    migration = planned.planned
                }
            }
            files = sorted.changed
            unchangedPaths = sorted.unchanged
            digests = sorted.digests
        }
        if diagnostics.hasErrors {
            files = []
            unchangedPaths = []
        }
        // A record only of a clean run whose findings all came before the renderers (which a run
        // answered from it repeats), with every unchanged file hashed: the committed migrations
        // by the history's hashes of the very bytes the planner kept.
        var record: RunRecord?
        // The templates, the hand-written SQL and the history's large files are read again after
        // the key was taken (by the renderers, the plan, `SchemaMigrations.swift`): one edited in
        // between would leave a record of the old bytes over output of the new ones, so the key's
        // late part is taken again, and no record is kept when anything moved.
        if let recordKey, recordKey.digesting, !diagnostics.hasErrors, diagnostics.count == frontFindings,
            recordKey.deferred.allSatisfy(\.isUnchanged),
            RunKey.rest(config: config, root: root, committed: recordKey.committed) == recordKey.rest
        {
            for path in unchangedPaths where digests[path] == nil { digests[path] = recordKey.historyDigests[path] }
            if unchangedPaths.allSatisfy({ digests[$0] != nil }) {
                record = RunRecord(
                    inputs: recordKey.inputs, key: recordKey.key, history: recordKey.history,
                    outputs: Dictionary(
                        unchangedPaths.map { ($0, digests[$0]!) }, uniquingKeysWith: { first, _ in first }))
            }
        }
        return Result(
            config: config, sources: sources, schema: schema, files: files.sorted { $0.path < $1.path },
            unchangedPaths: unchangedPaths.sorted(), diagnostics: diagnostics.sortedForOutput(),
            ownedTargets: ownedTargets, migration: diagnostics.hasErrors ? nil : migration, record: record,
            recordInputs: recordKey?.inputs)
    }

    /// Keeps the record of `result` (see `Result.record`) in `runRecords`, once the output directory
    /// holds exactly what the run rendered: `check` found nothing to change, or `generate` wrote it.
    /// Silent: a record that cannot be written is a run that renders next time.
    public func saveRecord(of result: Result) {
        guard let store = runRecords, let inputs = result.recordInputs else { return }
        // A run that wrote the history leaves a record that cannot match it: a partial one.
        guard var record = result.record,
            !result.files.contains(where: { $0.path.hasPrefix(MigrationLayout.folder + "/") })
        else {
            let sum = result.files.first { $0.path == MigrationLayout.integrityFile }
            store.save(
                .partial(inputs: inputs, writtenIntegrityFile: sum.map { FileDigest($0).sha256 }), root: root,
                outputDirectory: result.config.outputDirectory)
            return
        }
        for file in result.files { record.outputs[file.path] = FileDigest(file) }
        store.save(record, root: root, outputDirectory: result.config.outputDirectory)
    }

    /// What the history's job gave: the record answered, or the history as read.
    private enum EarlyOutcome: Sendable {
        case upToDate(RunRecord)
        case read(EarlyMigrations)
    }

    /// The history's job with a record store: the rest of the key (`RunKey.key`), and, when the
    /// record's key is this one and the disk holds what it says, the record; otherwise (at once
    /// when `inputs` differ: the schema or the config changed) the history as without a record,
    /// with the key of the record this run may leave.
    private func recordOrHistory(
        store: RunRecordStore, inputs pendingInputs: Pending<String?>, config: Config,
        ownedTargets: Set<Config.Target>, planner: MigrationPlanner, appConfig: Config?,
        cancellation: BackgroundJob<EarlyOutcome>.Cancellation
    ) -> EarlyOutcome {
        let outputDirectory = ProjectPaths.resolve(config.outputDirectory, root: root)
        let stored = store.load(root: root, outputDirectory: config.outputDirectory)
        // Asked once, here: the history gets the same answer.
        let committed = GitCommits.committedFiles(
            under: outputDirectory.appendingPathComponent(MigrationLayout.folder, isDirectory: true))
        let rest = RunKey.rest(config: config, root: root, committed: committed)
        // No schema read whole (its run stops at once): nothing to key.
        guard let inputs = pendingInputs.wait() else {
            return .read(
                earlyMigrations(
                    planner: planner, appConfig: appConfig, cancellation: cancellation, committed: .some(committed)))
        }
        let key = RunKey.key(inputs: inputs, rest: rest)
        if let stored, stored.inputs == inputs, stored.key == key, !cancellation.isCancelled,
            RunKey.holds(stored, writer: Self.writer(config: config, ownedTargets: ownedTargets, root: root))
        {
            return .upToDate(stored)
        }
        var early = earlyMigrations(
            planner: planner, appConfig: appConfig, cancellation: cancellation, committed: .some(committed))
        // Hashing the outputs for a new record costs a fifth of a run: it is done only when the
        // last run saw these very inputs (`RunRecord.partial`), not while they keep changing, and
        // left the history as this run finds it.
        let digesting =
            stored?.inputs == inputs
            && stored?.historyIsAsWritten(
                integrityFile: ProjectPaths.resolve(config.outputDirectory, root: root)
                    .appendingPathComponent(MigrationLayout.integrityFile).path) == true
        guard !cancellation.isCancelled, digesting else {
            early.recordKey = EarlyMigrations.RecordKey(
                inputs: inputs, key: key, rest: rest, committed: committed, digesting: false)
            return .read(early)
        }
        let digests = RunKey.historyDigests(early.history.history)
        early.recordKey = EarlyMigrations.RecordKey(
            inputs: inputs, key: key, rest: rest, committed: committed, digesting: true,
            history: RunKey.history(digests),
            historyDigests: digests, deferred: early.history.history.migrations.flatMap { $0.deferred.values })
        return .read(early)
    }

    /// What the run reads of the migrations before the schema is there: the history (proven when
    /// a config writes SQL; its large files not read whole), and the committed migrations whose
    /// Swift file for `appConfig` holds their fingerprint, each file as it was then (not held
    /// open: a history of a thousand migrations would run out of descriptors).
    private struct EarlyMigrations: Sendable {
        var history: MigrationPlanner.History
        var swiftUpToDate: [MigrationID: FileIdentity] = [:]
        /// With a record store: the key of the record this run may leave, and the history's
        /// files hashed as read.
        var recordKey: RecordKey?

        struct RecordKey: Sendable {
            var inputs: String
            var key: String
            /// `RunKey.rest`, and git's answer it was taken with: taken again before the record
            /// is kept.
            var rest: String
            var committed: Set<String>?
            /// Whether this run hashes its outputs for a record (`RunRecord.partial`).
            var digesting: Bool
            var history = ""
            var historyDigests: [String: FileDigest] = [:]
            /// The history's files not read whole, which must be unchanged when the record is kept.
            var deferred: [DeferredFile] = []
        }
    }

    private func earlyMigrations(
        planner: MigrationPlanner, appConfig: Config?, cancellation: BackgroundJob<EarlyOutcome>.Cancellation,
        committed: Set<String>?? = nil
    ) -> EarlyMigrations {
        let file = appConfig.map(SwiftMigrationsFile.init(config:))
        let history = planner.readHistory(
            verifying: !planner.dialects.isEmpty || !(file?.dialects.isEmpty ?? true), committed: committed,
            deferringFrom: historyDeferringFrom, jobs: ConcurrentJobs())
        var early = EarlyMigrations(history: history)
        guard let file, !file.dialects.isEmpty else { return early }
        // The committed migrations that `SchemaMigrations.all` lists (those with a snapshot), each
        // with a Swift file of its own, up to date when it holds the fingerprint of its scripts'
        // lines in the integrity file, which the proof has just found to hash them, and the file
        // hashed, instead of the scripts rendered again. Any other (missing, edited, a script the
        // proof did not take) is rendered after the plan.
        let output = ProjectPaths.resolve(file.config.outputDirectory, root: root)
        let proven = IntegrityFile(entries: history.integrity?.proven ?? []).hashes
        let listed = history.history.committed.filter { $0.paths.contains($0.snapshotPath) }
        for migration in listed where !cancellation.isCancelled {
            let scripts = file.scripts(of: migration.id)
            let hashes = scripts.compactMap { proven[$0.path] }
            guard hashes.count == scripts.count,
                let disk = OpenFile(
                    path: output.appendingPathComponent(SwiftMigrationsFile.path(of: migration.id)).path),
                file.holdsFingerprint(disk, of: migration.id, scriptHashes: hashes)
            else { continue }
            early.swiftUpToDate[migration.id] = disk.identity
        }
        return early
    }

    /// The planner's job: the migrations, sorted by `output`, and the inputs of
    /// `SchemaMigrations.swift` for `appConfig` (the project's own targets, when `--target` narrows
    /// the run) when the Swift target is on.
    private func planMigrations(
        _ schema: Schema, planner: MigrationPlanner, history: MigrationPlanner.History?, appConfig: Config?,
        output: OutputFiles
    ) -> Outcome {
        var planned = planner.plan(schema, history: history)
        let sorted = output.sort(planned)
        var scripts: OutputFiles.ScriptInputs?
        if let appConfig, !planned.diagnostics.hasErrors {
            scripts = OutputFiles.scriptInputs(
                of: appConfig == planner.config
                    ? planned
                    : MigrationPlanner(config: appConfig, root: root, options: migrationOptions)
                        .plan(schema, history: history))
        }
        planned.files = []
        planned.kept = []
        return .planned(planned, sorted, scripts)
    }

    /// `SchemaMigrations.swift` and each migration's file, sorted by `output`: the files of
    /// committed migrations found `upToDate` ahead (when the plan kept their scripts as the
    /// history read them) as they are on disk, read back only when a file is written; the others
    /// (the planned migration's, all of a first one, one edited or missing) rendered here on both
    /// cores, after the other jobs, and compared.
    private func migrationsFile(
        _ appConfig: Config, scripts inputs: OutputFiles.ScriptInputs, upToDate: [MigrationID: FileIdentity],
        output: OutputFiles
    ) -> OutputFiles.Sorted {
        let file = SwiftMigrationsFile(config: appConfig)
        let ids = SwiftMigrationsFile.ids(among: inputs.paths)
        let found: [FileIdentity?] = ids.map { id in
            file.scripts(of: id).allSatisfy { inputs.kept.contains($0.path) } ? upToDate[id] : nil
        }
        let directory = ProjectPaths.resolve(appConfig.outputDirectory, root: root)
        // Script by script, so that both cores take the megabytes of a first migration.
        let scripts = ids.indices.filter { found[$0] == nil }.flatMap { file.scripts(of: ids[$0]) }
        let rendered = concurrentMap(count: scripts.count) { index in
            file.render(scripts[index], bytes: inputs.scripts[scripts[index].path]?.bytes ?? [])
        }
        // The fingerprints cover the scripts' lines in the integrity file the plan wrote or kept.
        let integrity =
            inputs.scripts[MigrationLayout.integrityFile]
            .flatMap { IntegrityFile.parse(String(decoding: $0.bytes, as: UTF8.self)) }?.hashes ?? [:]
        let perMigration = file.scriptsPerMigration
        func render(_ id: MigrationID) -> [[UInt8]] {
            file.pieces(
                of: id, rendering: file.scripts(of: id).map { inputs.scripts[$0.path]?.bytes ?? [] },
                scriptHashes: file.scriptHashes(of: id, in: integrity))
        }
        var sorted = output.sort([file.index(ids: ids)])
        var next = 0
        for (index, id) in ids.enumerated() {
            let path = SwiftMigrationsFile.path(of: id)
            guard let identity = found[index] else {
                let mine = rendered[next..<next + perMigration]
                next += perMigration
                sorted += output.sort(
                    path: path,
                    pieces: file.pieces(
                        of: id, scripts: Array(mine), scriptHashes: file.scriptHashes(of: id, in: integrity)))
                continue
            }
            // Found up to date ahead: opened again (one at a time) and taken when it is still that
            // file; rendered here when it changed since.
            guard let disk = OpenFile(path: directory.appendingPathComponent(path).path), disk.identity == identity
            else {
                sorted += output.sort(path: path, pieces: render(id))
                continue
            }
            // Read back from there when every file is kept (or rendered again when it cannot be).
            sorted += output.sort(path: path, foundAs: disk) { Array(render(id).joined()) }
        }
        return sorted
    }

    /// An error when the schema defines no table: no file in the directory (a wrong `schema:`, a
    /// link or a mount that is not there), or files that define nothing but enums and mixins. Read
    /// as a schema, that would be one whose tables were all dropped, and `generate` would remove
    /// every model; so nothing is written, and the user says what they meant. (A project that really
    /// wants no tables deletes `Generated/` itself.)
    private func emptySchema(_ schema: Schema, sources: SchemaSources, directory: String) -> Diagnostic? {
        guard schema.tables.isEmpty else { return nil }
        guard let first = sources.files.first else {
            return .error(
                "schema directory '\(directory)' holds no .yaml or .yml file: nothing to generate",
                rule: FormatRule.emptySchema, at: nil,
                fixes: [
                    "write the tables in `\(directory)/*.yaml`, or set `schema:` in schemagen.yaml "
                        + "(names that start with '.' are skipped)"
                ])
        }
        let count = sources.files.count
        return .error(
            "the schema defines no table (\(count == 1 ? "1 file" : "\(count) files") read): nothing to generate",
            rule: FormatRule.emptySchema, at: SourceLocation(file: first.path, line: 1, column: 1),
            fixes: ["define a table under `tables:`; see docs/schema-format.md"])
    }

    /// What one of the jobs of `run` gave.
    private enum Outcome: Sendable {
        case rendered(OutputFiles.Sorted)
        /// One part of a renderer: its whole files, sorted, and its pieces of the files that span
        /// parts.
        case part(OutputFiles.Sorted, [GeneratedFile])
        case failed(Diagnostic)
        /// The plan (its files are in the sorted ones), and what `SchemaMigrations.swift` reads of
        /// it when the Swift target is on.
        case planned(MigrationPlanner.Result, OutputFiles.Sorted, OutputFiles.ScriptInputs?)
    }
}
