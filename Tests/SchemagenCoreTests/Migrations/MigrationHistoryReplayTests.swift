import Foundation
import Testing

@testable import SchemagenCore

/// The example schema through a history of versions (`Fixtures/history/NN-<what>/`), replayed as a
/// team lives it: in a git repository, each version's `schema/` laid down, `schemagen generate`
/// (the real `Generator`), a commit, the next version. Every kind of change a migration can make is
/// in it at least once (`everyKindOfChange`).
///
/// Each migration is proven on real SQLite and real Postgres (`MigrationStepProof`): rows in every
/// table before the up, the scripts applied as written, every row still there after the up, the
/// database equal to one built from that version's fresh DDL, the down back to the catalog before
/// (the first down to an empty database). Then the whole `Generated/migrations/` is compared with
/// `Fixtures/history-expected/`, byte for byte: the scripts directly, the snapshots through
/// `schemagen.sum`, whose every line hashes its file and the lines before it.
///
/// `SCHEMAGEN_UPDATE_REFERENCES=1 swift test --filter MigrationHistoryReplayTests` rewrites
/// `history-expected/`; review the diff before committing it.
@Suite struct MigrationHistoryReplayTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures", isDirectory: true)
    static let history = fixtures.appendingPathComponent("history", isDirectory: true)
    static let expected = fixtures.appendingPathComponent("history-expected", isDirectory: true)

    static var steps: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: history.path)) ?? []
        return names.filter { $0.first?.isNumber == true }.sorted()
    }

    /// The kinds of change the history must make, by the first words of their summaries.
    static let requiredKinds: [String] = [
        "create table", "drop table", "rename table", "add column", "drop column", "rename column",
        "change column type (with USING)", "change column type", "make column NOT NULL (filling NULLs)",
        "make column nullable", "change column default", "add primary key", "drop primary key",
        "add unique", "drop unique", "add check", "drop check", "add foreign key", "drop foreign key",
        "change on_delete", "add partial index", "add composite index", "add expression index",
        "add index with a method", "drop index", "add enum value to a shared enum",
        "remove enum value from a shared enum", "create enum", "drop enum", "set comment",
        "add auto_update", "drop auto_update", "rename derived names",
    ]

    @Test func theHistoryHasTwentyVersions() {
        #expect(Self.steps.count >= 20)
        #expect(Self.steps.first == "01-example")
    }

    @Test func everyVersionIsReplayedAndProvenAndTheMigrationsAreTheGoldenOnes() throws {
        try replay(nativeEnums: false)
    }

    /// The same history with `postgres.native_enums: true`: enum types created, given a value
    /// before the transaction, stripped of one by the rename-create-cast-drop dance, dropped. Only
    /// Postgres differs, so only Postgres is proven, and the scripts are not golden files.
    @Test(.postgresAvailable) func theHistoryHoldsWithNativeEnums() throws {
        try replay(nativeEnums: true)
    }

    func replay(nativeEnums: Bool) throws {
        let clock = ContinuousClock()
        let started = clock.now
        let repository = try HistoryRepository()
        repository.config = nativeEnums ? "postgres:\n  native_enums: true\n" : nil
        let postgres: PostgresChainPair? = PostgresServer.shouldRun ? try PostgresChainPair() : nil
        defer { postgres?.drop() }
        let sqlite = SQLiteChain(path: repository.scratch.appendingPathComponent("chain.db").path)
        var sqliteRows = MigrationRows(dialect: .sqlite)
        var postgresRows = MigrationRows(dialect: .postgres)
        var previous = Schema(tables: [])
        var sqliteFresh: [String]? = []
        var postgresFresh: [String]? = []
        var kinds: Set<String> = []
        var timings: [String] = []

        for step in Self.steps {
            let stepStarted = clock.now
            let result = try repository.generate(step: Self.history.appendingPathComponent(step))
            let errors = result.diagnostics.filter { $0.severity == .error }.map(\.description)
            #expect(errors == [], "\(step): generate failed")
            guard errors.isEmpty, let schema = result.schema, let migration = result.migration else {
                Issue.record("\(step): no migration planned")
                return
            }
            try repository.commit(step)
            let generated = clock.now
            let diff = SchemaDiff(from: previous, to: schema, changes: migration.changes)
            kinds.formUnion(Self.kinds(of: diff))

            let scripts = repository.root.appendingPathComponent("Generated/migrations")
            let file = { (dialect: String, direction: String) in
                scripts.appendingPathComponent("\(dialect)/\(migration.id).\(direction).sql")
            }
            let sqliteProof = MigrationStepProof(
                diff: diff, up: file("sqlite", "up"), down: file("sqlite", "down"),
                freshDDL: repository.root.appendingPathComponent("Generated/sqlite/schema.sql"),
                label: "\(step) (SQLite)")
            if !nativeEnums {
                let sqliteResult = try sqliteProof.run(on: sqlite, rows: &sqliteRows, expectedBefore: sqliteFresh)
                for failure in sqliteResult.failures { Issue.record(Comment(rawValue: failure)) }
                sqliteFresh = sqliteResult.fresh
            }
            let sqliteDone = clock.now

            if let postgres {
                let postgresProof = MigrationStepProof(
                    diff: diff, up: file("postgres", "up"), down: file("postgres", "down"),
                    freshDDL: repository.root.appendingPathComponent("Generated/postgres/schema.sql"),
                    label: "\(step) (Postgres)")
                let postgresResult = try postgresProof.run(
                    on: postgres.chain, rows: &postgresRows, expectedBefore: postgresFresh)
                for failure in postgresResult.failures { Issue.record(Comment(rawValue: failure)) }
                postgresFresh = postgresResult.fresh
            }
            timings.append(
                "\(step): generate \(Self.ms(generated - stepStarted)), SQLite \(Self.ms(sqliteDone - generated)), "
                    + "Postgres \(Self.ms(clock.now - sqliteDone))")
            previous = schema
        }
        // The last up, applied again after its down, holds the last fresh DDL too.
        if !nativeEnums, let sqliteFresh {
            #expect(PostgresCatalog.difference(sqliteFresh, try sqlite.catalog()) == [], "SQLite: the last up again")
        }
        if let postgres, let postgresFresh {
            #expect(
                PostgresCatalog.difference(postgresFresh, try postgres.chain.catalog()) == [],
                "Postgres: the last up again")
        }
        let missing = Self.requiredKinds.filter { !kinds.contains($0) }
        #expect(missing == [], "kinds of change the history never makes")
        if !nativeEnums {
            try Self.compareWithGolden(repository.root.appendingPathComponent("Generated/migrations"))
        }
        // The timings per step, for `SCHEMAGEN_TIMINGS=1 swift test …`: `make test`'s log stays short.
        guard ProcessInfo.processInfo.environment["SCHEMAGEN_TIMINGS"] != nil else { return }
        print(
            "MigrationHistoryReplayTests\(nativeEnums ? " (native enums)" : ""): \(Self.steps.count) steps in "
                + Self.ms(clock.now - started))
        for line in timings { print("  \(line)") }
    }

    static func ms(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return "\(seconds * 1000 + attoseconds / 1_000_000_000_000_000) ms"
    }

    // MARK: Golden files

    /// The migration scripts and `schemagen.sum`; the snapshots are covered by the sum's hashes.
    static func compareWithGolden(_ migrations: URL) throws {
        var actual: [String: Data] = [:]
        for folder in ["postgres", "sqlite"] {
            let directory = migrations.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
                actual["\(folder)/\(name)"] = try Data(contentsOf: directory.appendingPathComponent(name))
            }
        }
        actual["schemagen.sum"] = try Data(contentsOf: migrations.appendingPathComponent("schemagen.sum"))

        if ProcessInfo.processInfo.environment["SCHEMAGEN_UPDATE_REFERENCES"] == "1" {
            try? FileManager.default.removeItem(at: expected)
            for (path, data) in actual {
                let url = expected.appendingPathComponent(path)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            return
        }
        var golden: [String: Data] = [:]
        let base = expected.path
        if let enumerator = FileManager.default.enumerator(atPath: base) {
            while let relative = enumerator.nextObject() as? String {
                var isDirectory: ObjCBool = false
                let path = base + "/" + relative
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    golden[relative] = FileManager.default.contents(atPath: path)
                }
            }
        }
        for path in Set(golden.keys).union(actual.keys).sorted() {
            switch (golden[path], actual[path]) {
            case (let want?, let got?) where want != got:
                Issue.record(
                    Comment(
                        rawValue: "history-expected/\(path) differs (- expected, + generated):\n"
                            + LineDiff.render(
                                expected: String(decoding: want, as: UTF8.self),
                                actual: String(decoding: got, as: UTF8.self))))
            case (nil, _?):
                Issue.record("history-expected/\(path) is missing; run with SCHEMAGEN_UPDATE_REFERENCES=1")
            case (_?, nil):
                Issue.record("history-expected/\(path) is no longer generated")
            default:
                break
            }
        }
    }

    // MARK: Kinds of change

    /// The kinds of change (`requiredKinds`) that `diff` makes.
    static func kinds(of diff: SchemaDiff) -> Set<String> {
        var kinds: Set<String> = []
        let postgres = PostgresMigrationRenderer(config: Config())
        for change in diff.changes {
            switch change {
            case .createTable: kinds.insert("create table")
            case .renameEnumValue: kinds.insert("rename enum value")
            case .replaceValue: break
            case .dropTable: kinds.insert("drop table")
            case .renameTable: kinds.insert("rename table")
            case .addColumn: kinds.insert("add column")
            case .dropColumn: kinds.insert("drop column")
            case .renameColumn: kinds.insert("rename column")
            case .alterColumn(_, let from, let to):
                if from.type != to.type {
                    kinds.insert(
                        postgres.castClause(from: from, to: to) == nil
                            ? "change column type" : "change column type (with USING)")
                }
                if from.isNullable && !to.isNullable && to.defaultValue != nil {
                    kinds.insert("make column NOT NULL (filling NULLs)")
                }
                if !from.isNullable && to.isNullable { kinds.insert("make column nullable") }
                if from.defaultValue != to.defaultValue { kinds.insert("change column default") }
            case .addPrimaryKey: kinds.insert("add primary key")
            case .dropPrimaryKey: kinds.insert("drop primary key")
            case .addUnique: kinds.insert("add unique")
            case .dropUnique: kinds.insert("drop unique")
            case .addCheck: kinds.insert("add check")
            case .dropCheck: kinds.insert("drop check")
            case .addForeignKey(let table, let key):
                kinds.insert("add foreign key")
                let dropped = diff.changes.contains {
                    if case .dropForeignKey(_, let old) = $0 {
                        old.name == key.name && old.onDelete != key.onDelete
                    } else {
                        false
                    }
                }
                if dropped { kinds.insert("change on_delete") }
                _ = table
            case .dropForeignKey: kinds.insert("drop foreign key")
            case .addIndex(_, let index):
                if index.predicate != nil { kinds.insert("add partial index") }
                if index.columns.count > 1 { kinds.insert("add composite index") }
                if index.hasExpressions { kinds.insert("add expression index") }
                if index.method != .btree { kinds.insert("add index with a method") }
            case .dropIndex: kinds.insert("drop index")
            case .alterEnum(let from, let to):
                let users = diff.to.tables.filter { SQLiteMigrationSteps.uses($0, enum: to.name) }.count
                if users > 1, to.values.contains(where: { !from.values.contains($0) }) {
                    kinds.insert("add enum value to a shared enum")
                }
                if users > 1, from.values.contains(where: { !to.values.contains($0) }) {
                    kinds.insert("remove enum value from a shared enum")
                }
            case .createEnum: if !diff.from.tables.isEmpty { kinds.insert("create enum") }
            case .dropEnum: kinds.insert("drop enum")
            case .setTableComment, .setColumnComment: kinds.insert("set comment")
            case .addTrigger: if !diff.from.tables.isEmpty { kinds.insert("add auto_update") }
            case .dropTrigger: kinds.insert("drop auto_update")
            case .renameConstraint, .renameIndex, .renameImplicitCheck, .renameTrigger:
                kinds.insert("rename derived names")
            case .addImplicitCheck, .dropImplicitCheck: break
            }
        }
        return kinds
    }
}

/// A project in a git repository of its own, into which each version of the history is laid.
final class HistoryRepository {
    let project: TemporaryProject
    /// Beside the repository, for files that are not the project's (the SQLite chain).
    let scratch: URL
    var root: URL { project.root }
    /// A `schemagen.yaml` laid into every version that has none of its own.
    var config: String?

    init() throws {
        project = try TemporaryProject()
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "schemagen-history-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try git("init", "-q")
        try git("config", "user.email", "test@example.com")
        try git("config", "user.name", "Test")
    }

    deinit {
        try? FileManager.default.removeItem(at: scratch)
    }

    @discardableResult
    func git(_ arguments: String...) throws -> String {
        try CommandRunner.run([try #require(GitCommits.executable(named: "git")), "-C", root.path] + arguments).output
    }

    /// Lays down the step's `schema/` and `schemagen.yaml` (removing the previous ones), and runs
    /// `schemagen generate`, with `--accept-data-loss` when the step has an `accept-data-loss` file;
    /// writes the result when it has no error.
    func generate(step: URL) throws -> Generator.Result {
        let manager = FileManager.default
        for name in ["schema", "schemagen.yaml"] {
            try? manager.removeItem(at: root.appendingPathComponent(name))
            let source = step.appendingPathComponent(name)
            if manager.fileExists(atPath: source.path) {
                try manager.copyItem(at: source, to: root.appendingPathComponent(name))
            }
        }
        if let config, !manager.fileExists(atPath: step.appendingPathComponent("schemagen.yaml").path) {
            try Data(config.utf8).write(to: root.appendingPathComponent("schemagen.yaml"))
        }
        let accept = manager.fileExists(atPath: step.appendingPathComponent("accept-data-loss").path)
        let result = Generator(root: root, migrationOptions: MigrationOptions(acceptDataLoss: accept)).run()
        if !result.diagnostics.hasErrors {
            try result.writer(root: root).write(result.files)
        }
        return result
    }

    func commit(_ message: String) throws {
        try git("add", "-A")
        try git("commit", "-q", "-m", message)
    }
}

/// Two databases of the shared Postgres server: the chain, and one for the fresh DDL.
struct PostgresChainPair {
    let chain: PostgresChain

    init() throws {
        let cluster = try PostgresServer.cluster()
        let suffix = UUID().uuidString.lowercased().replacing("-", with: "").prefix(12)
        let chainName = "chain_\(suffix)"
        let freshName = "fresh_\(suffix)"
        try cluster.createDatabase(named: chainName)
        try cluster.createDatabase(named: freshName)
        chain = PostgresChain(
            database: PostgresDatabase(cluster: cluster, name: chainName),
            fresh: PostgresDatabase(cluster: cluster, name: freshName))
    }

    func drop() {
        try? chain.database.cluster.dropDatabase(named: chain.database.name)
        try? chain.database.cluster.dropDatabase(named: chain.fresh.name)
    }
}
