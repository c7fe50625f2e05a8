import Foundation

/// What a run asks of the migrations: whether destructive changes are acknowledged for it, and the
/// name of the migration it plans.
public struct MigrationOptions: Sendable, Hashable {
    /// `--accept-data-loss`: every destructive change of this run is acknowledged.
    public var acceptDataLoss: Bool
    /// `--name`: the planned migration's name instead of one derived from its changes.
    public var name: String?

    public init(acceptDataLoss: Bool = false, name: String? = nil) {
        self.acceptDataLoss = acceptDataLoss
        self.name = name
    }
}

/// The migration a run planned: the new one, or the pending one rewritten.
public struct PlannedMigration: Sendable, Hashable {
    public var id: MigrationID
    public var previous: MigrationID?
    public var changes: [SchemaChange]
    public var risks: [MigrationRisk]
    /// True when the migration git has not committed yet was planned again.
    public var rewritesPending: Bool

    /// The changes in one line for the terminal: the first three in plain words, then how many
    /// more (the script's header lists them all). Constraints and checks that follow a rename
    /// are left out, as the migration's name leaves them out.
    public var summary: String {
        let shown = changes.filter { MigrationName.name(of: $0) != nil }
        let listed = (shown.isEmpty ? changes : shown)
        var text = listed.prefix(3).map(\.summary).joined(separator: "; ")
        if listed.count > 3 { text += "; and \(listed.count - 3) more" }
        return text
    }
}

/// Plans the migrations of a project: keeps every committed migration byte for byte (after proving
/// it against the integrity file), and plans the changes since the last committed snapshot as one
/// migration, new or the pending one rewritten. It computes and never writes.
struct MigrationPlanner {
    var config: Config
    var root: URL
    var options: MigrationOptions

    struct Result: Sendable {
        var files: [GeneratedFile] = []
        /// The files kept as the bytes read from the output directory (`MigrationHistory.Migration.asKept`):
        /// not in `files`, so that a large history is neither copied as text nor compared with the
        /// disk it was just read from.
        var kept: [KeptFile] = []
        var diagnostics: [Diagnostic] = []
        var planned: PlannedMigration?
    }

    /// The SQL targets the config turns on, whose migrations are written.
    var dialects: [Config.Target] { MigrationLayout.dialects.filter(config.targets.contains) }

    /// What the planner reads of the output directory before it needs the schema: the history,
    /// and its proof against the integrity file (`nil` when not asked for). The generator reads
    /// them while the schema is loaded and checked (docs/performance.md).
    struct History: Sendable {
        var history: MigrationHistory
        var integrity: (findings: [Diagnostic], proven: [IntegrityFile.Entry])?
    }

    /// `committed`: git's answer, when the caller asked already. `deferringFrom`: the files of at
    /// least that size are only looked at, and read in blocks when needed
    /// (`MigrationHistory.read(deferringFrom:)`). `jobs`: what reads and hashes the files, each on
    /// its own (`IntegrityVerifier.verify(jobs:)`).
    func readHistory(
        verifying: Bool, committed: Set<String>?? = nil, deferringFrom: Int? = nil,
        jobs: any JobMap = JobsInTurn()
    ) -> History {
        let outputDirectory = ProjectPaths.resolve(config.outputDirectory, root: root)
        let history = MigrationHistory.read(
            outputDirectory: outputDirectory, displayPrefix: config.outputDirectory, committed: committed,
            deferringFrom: deferringFrom, jobs: jobs)
        return History(history: history, integrity: verifying ? verify(history, jobs: jobs) : nil)
    }

    private func verify(_ history: MigrationHistory, jobs: any JobMap = JobsInTurn()) -> (
        findings: [Diagnostic], proven: [IntegrityFile.Entry]
    ) {
        let verifier = IntegrityVerifier(history: history, display: display)
        let findings = verifier.verify(jobs: jobs)
        return (findings, findings.isEmpty ? verifier.provenEntries() : [])
    }

    /// `read`: what `readHistory` gave for this output directory, or `nil` to read it here.
    func plan(_ schema: Schema, history read: History? = nil) -> Result {
        var result = Result()
        let read = read ?? readHistory(verifying: false)
        let history = read.history
        // Migrations are history: a config without SQL targets plans none, but keeps every one
        // there is, and the integrity file, byte for byte; the writer would remove them otherwise.
        guard !dialects.isEmpty else {
            for migration in history.migrations {
                let (kept, text) = migration.asKept
                result.kept += kept
                result.files += text
            }
            if let sum = history.integrityFile {
                let file = KeptFile(path: MigrationLayout.integrityFile, bytes: sum)
                if isUTF8(sum) { result.kept.append(file) } else { result.files.append(file.asGenerated) }
            }
            result.diagnostics += changedWhileRead(history)
            return result
        }
        let (integrityFindings, provenEntries) = read.integrity ?? verify(history)
        result.diagnostics = history.problems + integrityFindings
        let base = baseSchema(history, schema: schema, diagnostics: &result.diagnostics)
        guard !result.diagnostics.hasErrors, let base else { return result }

        var kept: [KeptFile] = []
        var files: [GeneratedFile] = []
        for migration in history.committed {
            let (keptFiles, text) = migration.asKept
            kept += keptFiles
            files += text
        }
        // A snapshot that is this schema's encoding holds this schema: nothing changed.
        let diff =
            base.isCurrent
            ? nil : SchemaDiffer.diff(from: base.snapshot.schema, to: schema, unchangedTables: base.unchangedTables)
        if let diff, !diff.isEmpty {
            let snapshot = base.snapshot
            let previous = history.committed.last?.id
            let id = MigrationID(
                number: (previous?.number ?? 0) + 1, name: name(for: diff, from: base.snapshot, history: history))
            let risks = MigrationRisk.risks(of: diff)
            let gate = RiskGate(
                options: options, schema: schema, tableFiles: snapshot.tableFiles,
                acknowledgedBefore: history.pending.map(RiskGate.acknowledged(in:)) ?? [:], changes: diff.changes,
                spentReasons: RiskGate.exceptionReasons(in: history.committed),
                severity: RuleCatalogue.destructiveChange.severity(in: config.rules))
            result.diagnostics += gate.findings(for: risks)
            if result.diagnostics.hasErrors { return result }
            let writer = MigrationScriptWriter(
                config: config, id: id, previous: previous, diff: diff, risks: risks, gate: gate,
                handWritten: HandWrittenSQL.read(revision: id.revision, config: config, root: root))
            for dialect in dialects {
                files += writer.scripts(for: dialect)
            }
            let snapshotFile = base.snapshotFile ?? MigrationSnapshot(schema: schema).bytes
            files.append(GeneratedFile(path: MigrationLayout.snapshot(id), utf8: snapshotFile))
            result.planned = PlannedMigration(
                id: id, previous: previous, changes: diff.changes, risks: risks, rewritesPending: history.pending != nil
            )
        }
        // Every file in history order, kept and planned alike; only the files past the proven
        // lines are hashed, a planned one's text copied as bytes just while it is.
        let listed = (kept.indices.map { (kept[$0].path, $0) } + files.indices.map { (files[$0].path, -1 - $0) })
            .sorted { GeneratedFile.precedesInMigrationOrder($0.0, $1.0) }
        let sum = IntegrityFile(
            paths: listed.map(\.0), proven: provenEntries
        ) { index in
            let position = listed[index].1
            if position >= 0 { return kept[position].bytes }
            return files[-1 - position].bytes
        }
        let text = sum.text
        if let onDisk = history.integrityFile, onDisk.contains(UInt8(ascii: "\r")), isUTF8(onDisk),
            String(decoding: onDisk, as: UTF8.self).replacing("\r\n", with: "\n") == text
        {
            // The same lines with CR LF ends (a checkout with `core.autocrlf`): kept as they are,
            // as the migrations' own files are.
            kept.append(KeptFile(path: MigrationLayout.integrityFile, bytes: onDisk))
        } else {
            files.append(GeneratedFile(path: MigrationLayout.integrityFile, contents: text))
        }
        result.diagnostics += changedWhileRead(history)
        result.files = files
        result.kept = kept
        return result
    }

    /// The schema of the last committed migration, or an empty one before the first, as its
    /// snapshot reads back; `isCurrent` when it is this schema's (then `snapshotFile` is `nil`).
    /// Otherwise `snapshotFile` is the new migration's snapshot file: the change since the last
    /// (`SnapshotChange`), or this schema whole before the first migration or once half of its
    /// tables differ from the last whole snapshot; and `unchangedTables` the tables known equal in both
    /// (`SchemaDiffer.diff(from:to:unchangedTables:)` does not compare them again).
    ///
    /// The last whole snapshot is compared with this schema's encoding, not decoded: writing and
    /// comparing costs less than reading and diffing (docs/performance.md, issue 11), and only
    /// the tables that differ are read (`SnapshotDelta`). The changes after it are folded on.
    private func baseSchema(
        _ history: MigrationHistory, schema: Schema, diagnostics: inout [Diagnostic]
    ) -> (snapshot: MigrationSnapshot, isCurrent: Bool, snapshotFile: [UInt8]?, unchangedTables: Set<String>)? {
        let committed = history.committed
        guard let last = committed.last else {
            return (MigrationSnapshot(schema: Schema(tables: [])), false, nil, [])
        }
        // The changes since the last whole snapshot, newest first.
        var changes: [(id: MigrationID, change: SnapshotChange)] = []
        var wholeIndex = committed.count - 1
        walk: while true {
            let migration = committed[wholeIndex]
            switch link(migration) {
            case .whole:
                break walk
            case .unreadable(let finding):
                diagnostics.append(finding)
                return nil
            case .change(let change):
                guard wholeIndex > 0 else {
                    diagnostics.append(
                        unreadable(
                            migration.snapshotPath,
                            SnapshotError(reason: "it holds changes, and no snapshot comes before it")))
                    return nil
                }
                changes.append((migration.id, change))
                wholeIndex -= 1
            }
        }
        let whole = committed[wholeIndex]
        guard let compared = compare(schema, with: whole, diagnostics: &diagnostics) else { return nil }
        if changes.isEmpty, compared.isCurrent { return (compared.snapshot, true, nil, []) }

        /// This schema whole, in the current format: the comparison's encoding when it is in it.
        func wholeSnapshot() -> [UInt8] {
            if let encoding = compared.encoding, encoding.format == MigrationSnapshot.currentFormat {
                return encoding.bytes
            }
            return MigrationSnapshot(schema: schema).bytes
        }

        // The last whole snapshot as it reads back, and the tables known to be this schema's.
        var base = compared.snapshot
        var unchanged = compared.unchangedTables
        if compared.isCurrent {
            base = MigrationSnapshot(
                comment: base.comment, format: base.format,
                schema: Schema(tables: schema.tables.map(\.asReadBack), enums: schema.enums.map(\.asReadBack)),
                tableFiles: base.tableFiles)
            unchanged = Set(schema.tables.map(\.name))
        }
        var chain = SnapshotChain()
        chain.start(at: whole.id, with: base)
        for (id, change) in changes.reversed() {
            switch chain.add(id, file: .change(change)) {
            case .success(let folded):
                base = folded
                // A table removed and given back later is not the whole snapshot's any more either.
                unchanged.subtract(change.tables.map(\.name) + change.removedTables)
            case .failure(let error):
                diagnostics.append(unreadable(MigrationLayout.snapshot(id), error))
                return nil
            }
        }
        guard
            let change = SnapshotChange.between(
                base, and: MigrationSnapshot(schema: schema), previous: last.id, unchangedTables: unchanged)
        else {
            // Names that are not distinct: compared whole, written whole.
            return (base, false, wholeSnapshot(), [])
        }
        if change.isEmpty { return (base, true, nil, []) }
        let changedNow = Set(change.tables.map(\.name))
        let unchangedNow = Set(schema.tables.map(\.name)).subtracting(changedNow)
        // Once half of the tables differ from the last whole snapshot (in this change or the ones
        // before it), the next snapshot is written whole: a change would be about as large, and
        // the runs after it would read most of the whole snapshot's tables and fold every change.
        let sinceWhole = schema.tables.count { !unchanged.contains($0.name) || changedNow.contains($0.name) }
        guard sinceWhole * 2 < schema.tables.count else { return (base, false, wholeSnapshot(), unchangedNow) }
        var writer = SnapshotJSONWriter()
        return (base, false, writer.write(change), unchangedNow)
    }

    /// A committed snapshot as a link of the chain.
    private enum ChainLink {
        case whole
        case change(SnapshotChange)
        case unreadable(Diagnostic)
    }

    /// `migration`'s snapshot: a change (format 3), read; or whole, left to `compare`, which reads
    /// it only where it differs, and says why one does not read. Told by its first bytes, as the
    /// writer lays them out; one laid out otherwise (reformatted by hand) is read to be told.
    private func link(_ migration: MigrationHistory.Migration) -> ChainLink {
        let format = snapshotFormat(of: migration)
        guard format == SnapshotChange.format || format == nil else { return .whole }
        guard let bytes = migration.contents(of: migration.snapshotPath) else {
            return format == nil ? .whole : .unreadable(changed(migration.snapshotPath))
        }
        switch MigrationSnapshot.read(bytes) {
        case .success(.change(let change)): return .change(change)
        case .success(.whole): return .whole
        case .failure(let error): return format == nil ? .whole : .unreadable(unreadable(migration.snapshotPath, error))
        }
    }

    /// The format of `migration`'s snapshot as its first bytes say it; `nil` when it is missing,
    /// or says none.
    private func snapshotFormat(of migration: MigrationHistory.Migration) -> Int? {
        if let bytes = migration.files[migration.snapshotPath] {
            return MigrationSnapshot.format(ofTextStartingWith: bytes)
        }
        guard let deferred = migration.deferred[migration.snapshotPath], let file = OpenFile(path: deferred.path),
            let start = file.bytes(at: 0, count: min(1024, file.identity.size))
        else { return nil }
        return MigrationSnapshot.format(ofTextStartingWith: start)
    }

    /// `whole`'s snapshot (a whole one) compared with `schema`'s encoding: `isCurrent` when they
    /// are the same bytes, and the snapshot is then `schema`'s own, not read. Otherwise the
    /// snapshot as it reads back, `encoding` `schema`'s encoding as the comparison wrote it, and
    /// `unchangedTables` the tables the snapshot holds as `schema`'s own bytes (`SnapshotDelta`).
    private func compare(
        _ schema: Schema, with whole: MigrationHistory.Migration, diagnostics: inout [Diagnostic]
    ) -> (snapshot: MigrationSnapshot, isCurrent: Bool, encoding: SnapshotEncoding?, unchangedTables: Set<String>)? {
        let location = SourceLocation(file: display(whole.snapshotPath), line: 1, column: 1)
        if let deferred = whole.deferred[whole.snapshotPath] {
            // Compared with the file read in blocks; read whole only to be decoded.
            guard let file = OpenFile(path: deferred.path), file.identity == deferred.identity else {
                diagnostics.append(changed(whole.snapshotPath))
                return nil
            }
            let current = snapshot(inTheFormatOf: file.bytes(at: 0, count: min(1024, file.identity.size)) ?? [])
            guard let encoding = current.differingEncoding(unlessIn: file) else { return (current, true, nil, []) }
            guard let bytes = file.bytes(at: 0, count: file.identity.size) else {
                diagnostics.append(changed(whole.snapshotPath))
                return nil
            }
            return decode(bytes, differingFrom: current, as: encoding)
                .map { ($0.snapshot, false, encoding, $0.unchangedTables) }
        }
        guard let bytes = whole.files[whole.snapshotPath] else {
            diagnostics.append(
                .error(
                    "\(display(whole.snapshotPath)) is missing: the next migration is planned from it",
                    rule: RuleCatalogue.migrationIntegrity.id, at: location, fixes: ["restore it from git"]))
            return nil
        }
        let current = snapshot(inTheFormatOf: bytes)
        guard let encoding = current.differingEncoding(unlessIn: bytes) else { return (current, true, nil, []) }
        return decode(bytes, differingFrom: current, as: encoding)
            .map { ($0.snapshot, false, encoding, $0.unchangedTables) }

        /// This schema's snapshot in the format of the committed one (whose text starts with
        /// `start`), so that an unchanged schema is its bytes whatever schemagen wrote them; in
        /// the current format when that one says no format of a whole snapshot this schemagen reads.
        func snapshot(inTheFormatOf start: [UInt8]) -> MigrationSnapshot {
            let format = MigrationSnapshot.format(ofTextStartingWith: start)
            guard let format, MigrationSnapshot.wholeFormats.contains(format) else {
                return MigrationSnapshot(schema: schema)
            }
            return MigrationSnapshot(schema: schema, format: format)
        }

        /// Only the tables whose bytes differ from this schema's are read, when the snapshot is
        /// laid out as the writer lays it out (`SnapshotDelta`), the others known unchanged; the
        /// whole text otherwise.
        func decode(
            _ bytes: [UInt8], differingFrom current: MigrationSnapshot, as encoding: SnapshotEncoding
        ) -> (snapshot: MigrationSnapshot, unchangedTables: Set<String>)? {
            if let read = SnapshotDelta.read(bytes, current: current, encoding: encoding) {
                return (read.snapshot, read.unchangedTables)
            }
            switch MigrationSnapshot.decode(bytes) {
            case .success(let decoded):
                return (decoded, [])
            case .failure(let error):
                diagnostics.append(unreadable(whole.snapshotPath, error))
                return nil
            }
        }
    }

    private func unreadable(_ path: String, _ error: SnapshotError) -> Diagnostic {
        .error(
            "\(display(path)) cannot be read: \(error.reason)", rule: RuleCatalogue.migrationIntegrity.id,
            at: SourceLocation(file: display(path), line: 1, column: 1),
            fixes: ["restore it from git, or run the schemagen that wrote it"])
    }

    /// The files of the history that were not read whole (`MigrationHistory.read(deferringFrom:)`) and
    /// changed while this run read them: its proof and its plan may have read two versions.
    private func changedWhileRead(_ history: MigrationHistory) -> [Diagnostic] {
        history.migrations.flatMap { migration in
            migration.deferred.filter { !$0.value.isUnchanged }.keys.sorted().map(changed)
        }
    }

    private func changed(_ path: String) -> Diagnostic {
        .error(
            "\(display(path)) changed while schemagen read it", rule: RuleCatalogue.migrationIntegrity.id,
            at: SourceLocation(file: display(path), line: 1, column: 1), fixes: ["run schemagen again"])
    }

    /// `--name`, or the name the pending migration was given by hand, or one derived from the
    /// changes.
    private func name(for diff: SchemaDiff, from base: MigrationSnapshot, history: MigrationHistory) -> String {
        if let name = options.name { return name }
        // The pending migration's own changes run from the same base as `diff` (the last
        // committed snapshot, `base`): a name that is not theirs was given by hand.
        if let pending = history.pending, let bytes = pending.contents(of: pending.snapshotPath) {
            var chain = SnapshotChain()
            if let last = history.committed.last { chain.start(at: last.id, with: base) }
            if let snapshot = try? chain.add(pending.id, bytes: bytes).get() {
                let ownDiff = SchemaDiffer.diff(from: diff.from, to: snapshot.schema)
                if MigrationName.derive(for: ownDiff) != pending.id.name { return pending.id.name }
            }
        }
        return MigrationName.derive(for: diff)
    }

    func display(_ path: String) -> String {
        config.outputDirectory.isEmpty ? path : "\(config.outputDirectory)/\(path)"
    }
}

extension GeneratedFile {
    /// Migration files sort by number first, so the integrity file lists them in history order.
    static func migrationOrder(of path: String) -> Int {
        MigrationID(path: path)?.number ?? Int.max
    }

    /// The integrity file's order: by migration number, then by path.
    static func precedesInMigrationOrder(_ a: String, _ b: String) -> Bool {
        (migrationOrder(of: a), a) < (migrationOrder(of: b), b)
    }
}
