import Foundation

/// Proves a project's chain of migrations on one database kind, in scratch databases: every up
/// from an empty database, each version compared fact by fact with that version's snapshot built
/// fresh (its DDL as the renderer writes it today), so the last version is built twice; then every
/// down back to empty, each compared with the state its version's up left. The first difference
/// stops it, with a readable account of what differs.
public struct ChainVerifier {
    /// One migration of the chain, read from the output folder.
    struct Step {
        var id: MigrationID
        var up: (path: String, text: String)
        var down: (path: String, text: String)
        var snapshot: Schema
    }

    public struct Outcome: Sendable, Hashable {
        public var dialect: Config.Target
        /// How many migrations were applied up and down.
        public var migrations: Int
        /// What differs or failed, in words; `nil` when the chain holds.
        public var failure: String?
        public var seconds: Double
    }

    public var config: Config
    /// The output folder (`Generated/`) and how it is shown (`Generated`).
    public var outputDirectory: URL
    public var displayPrefix: String

    public init(config: Config, root: URL) {
        self.config = config
        self.outputDirectory = ProjectPaths.resolve(config.outputDirectory, root: root)
        self.displayPrefix = config.outputDirectory
    }

    /// The integrity file's findings about the committed migrations (an edited, removed or
    /// unlisted file), as `check` reports them, as warnings: `file:1:1: warning: …`.
    public func integrityFindings() -> [String] {
        let history = MigrationHistory.read(outputDirectory: outputDirectory, displayPrefix: displayPrefix)
        return IntegrityVerifier(history: history, display: display).verify().map { finding in
            (finding.location.map { "\($0): " } ?? "") + "warning: \(finding.message) (verified as it is now; "
                + "`schemagen check` fails on it) [\(finding.rule)]"
        }
    }

    /// The migrations in the folder, committed or not, in number order; or why they cannot be
    /// verified (a gap, two with one number, a missing file or snapshot).
    func steps(for dialect: Config.Target) -> Result<[Step], VerificationFailure> {
        let history = MigrationHistory.read(outputDirectory: outputDirectory, displayPrefix: displayPrefix)
        if let problem = history.problems.first { return .failure(VerificationFailure(problem.description)) }
        var steps: [Step] = []
        var chain = SnapshotChain()
        for migration in history.migrations {
            var texts: [String] = []
            for direction in MigrationLayout.Direction.allCases {
                let path = MigrationLayout.script(migration.id, dialect: dialect, direction: direction)
                guard let bytes = migration.files[path] else {
                    return .failure(VerificationFailure("\(display(path)) is missing"))
                }
                texts.append(String(decoding: bytes, as: UTF8.self))
            }
            guard let bytes = migration.files[migration.snapshotPath] else {
                return .failure(VerificationFailure("\(display(migration.snapshotPath)) is missing"))
            }
            // Whole, or the changes since the migration before, folded onto its snapshot.
            switch chain.add(migration.id, bytes: bytes) {
            case .success(let snapshot):
                steps.append(
                    Step(
                        id: migration.id,
                        up: (MigrationLayout.script(migration.id, dialect: dialect, direction: .up), texts[0]),
                        down: (MigrationLayout.script(migration.id, dialect: dialect, direction: .down), texts[1]),
                        snapshot: snapshot.schema))
            case .failure(let error):
                return .failure(
                    VerificationFailure("\(display(migration.snapshotPath)) cannot be read: \(error.reason)"))
            }
        }
        return .success(steps)
    }

    public func verify(on scratch: any ScratchDatabases) -> Outcome {
        let clock = ContinuousClock()
        let start = clock.now
        var count = 0
        let failure: String?
        do {
            switch steps(for: scratch.dialect) {
            case .failure(let problem): throw problem
            case .success(let steps):
                count = steps.count
                try prove(steps, on: scratch)
            }
            failure = nil
        } catch let problem as VerificationFailure {
            failure = problem.message
        } catch {
            failure = "\(error)"
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Outcome(dialect: scratch.dialect, migrations: count, failure: failure, seconds: seconds)
    }

    private func prove(_ steps: [Step], on scratch: any ScratchDatabases) throws {
        let dialect = scratch.dialect.rawValue
        let chain = try scratch.create("chain")
        defer { scratch.drop("chain") }
        // The state each version's up left, the empty database first: what each down must restore.
        var states = [try scratch.catalog(of: chain)]
        for step in steps {
            try run(step.up, on: chain)
            let after = try scratch.catalog(of: chain)
            let fresh = try freshCatalog(step.snapshot, version: step.id, on: scratch)
            let difference = Self.difference(expected: fresh, actual: after)
            if !difference.isEmpty {
                throw VerificationFailure(
                    "\(dialect): after \(display(step.up.path)), the database differs from \(step.id)'s snapshot "
                        + "built from fresh DDL:\n"
                        + Self.describe(difference, expected: "the fresh DDL", actual: "the migrated database"))
            }
            states.append(after)
        }
        for (index, step) in steps.enumerated().reversed() {
            try run(step.down, on: chain)
            let after = try scratch.catalog(of: chain)
            let difference = Self.difference(expected: states[index], actual: after)
            if !difference.isEmpty {
                let before = index == 0 ? "the empty database" : "version \(steps[index - 1].id) as its up left it"
                throw VerificationFailure(
                    "\(dialect): after \(display(step.down.path)), the database differs from \(before):\n"
                        + Self.describe(
                            difference, expected: "the version before", actual: "the database after the down"))
            }
        }
    }

    /// Runs a migration file as written (its own transactions and pragmas); a failure names the
    /// file, line and column of the statement that failed.
    private func run(_ script: (path: String, text: String), on connection: any DatabaseConnection) throws {
        do {
            try connection.execute(script.text)
        } catch {
            let (line, column) = DatabaseError.lineAndColumn(of: error.statementOffset ?? 0, in: script.text)
            throw VerificationFailure("\(display(script.path)):\(line):\(column): \(error.description)")
        }
    }

    /// The catalog of `schema` built from its fresh DDL in a database of its own.
    private func freshCatalog(_ schema: Schema, version: MigrationID, on scratch: any ScratchDatabases) throws
        -> [String]
    {
        let ddl: String
        do {
            ddl =
                scratch.dialect == .postgres
                ? try PostgresRenderer(config: config).script(for: schema)
                : try SQLiteRenderer(config: config).script(for: schema)
        } catch {
            throw VerificationFailure("\(version)'s snapshot cannot be rendered: \(error.message)")
        }
        let name = "fresh_\(version.number)"
        let fresh = try scratch.create(name)
        defer { scratch.drop(name) }
        do {
            try fresh.execute(ddl)
        } catch {
            throw VerificationFailure("\(version)'s snapshot as fresh DDL fails: \(error.description)")
        }
        return try scratch.catalog(of: fresh)
    }

    /// The facts only one side holds.
    struct Difference {
        /// `expected`'s facts that `actual` lacks.
        var missing: [String]
        /// `actual`'s facts that `expected` lacks.
        var extra: [String]
        var isEmpty: Bool { missing.isEmpty && extra.isEmpty }
    }

    static func difference(expected: [String], actual: [String]) -> Difference {
        let have = Set(actual)
        let want = Set(expected)
        return Difference(missing: expected.filter { !have.contains($0) }, extra: actual.filter { !want.contains($0) })
    }

    static func describe(_ difference: Difference, expected: String, actual: String) -> String {
        var lines: [String] = []
        if !difference.missing.isEmpty {
            lines.append("  \(expected) has, \(actual) lacks:")
            lines += difference.missing.map { "    \($0)" }
        }
        if !difference.extra.isEmpty {
            lines.append("  \(actual) has, \(expected) lacks:")
            lines += difference.extra.map { "    \($0)" }
        }
        return lines.joined(separator: "\n")
    }

    func display(_ path: String) -> String {
        displayPrefix.isEmpty ? path : "\(displayPrefix)/\(path)"
    }
}

/// Why a chain does not hold, in words for the terminal.
struct VerificationFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
