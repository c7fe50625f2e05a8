import Foundation
import Testing

@testable import SchemagenCore

/// `schemagen verify` on real databases: the example's chain and the 23-version history hold on
/// SQLite and Postgres; a chain whose last migration forgets an index, a default or a trigger
/// fails, and the failure names what is missing.
@Suite struct ChainVerifierTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The scratch databases of the test's Postgres server.
    static func postgresScratch() throws -> PostgresScratch {
        let cluster = try PostgresServer.cluster()
        return try PostgresScratch(
            server: PostgresAddress(host: cluster.socketDirectory, user: "postgres", database: "postgres"))
    }

    static func verifier(_ root: URL) -> ChainVerifier {
        ChainVerifier(config: ConfigLoader.load(root: root).config, root: root)
    }

    /// A project whose migrations lead through `versions` of the history, the last generated
    /// (and not committed).
    static func project(_ versions: [String]) throws -> HistoryRepository {
        let repository = try HistoryRepository()
        for (index, version) in versions.enumerated() {
            let result = try repository.generate(
                step: MigrationHistoryReplayTests.history.appendingPathComponent(version))
            try #require(!result.diagnostics.hasErrors, "\(version): \(result.diagnostics.map(\.description))")
            if index < versions.count - 1 { try repository.commit(version) }
        }
        return repository
    }

    @Test func theExampleHoldsOnSQLite() throws {
        let outcome = Self.verifier(Self.packageRoot).verify(on: try SQLiteScratch())
        #expect(outcome.failure == nil, "\(outcome.failure ?? "")")
        #expect(outcome.migrations >= 1)
    }

    @Test(.postgresAvailable) func theExampleHoldsOnPostgres() throws {
        let outcome = Self.verifier(Self.packageRoot).verify(on: try Self.postgresScratch())
        #expect(outcome.failure == nil, "\(outcome.failure ?? "")")
    }

    @Test func theHistoryHolds() throws {
        let versions = try FileManager.default.contentsOfDirectory(atPath: MigrationHistoryReplayTests.history.path)
            .filter { $0.first?.isNumber == true }.sorted()
        #expect(versions.count == 23)
        let repository = try Self.project(versions)
        let verifier = Self.verifier(repository.root)
        let sqlite = verifier.verify(on: try SQLiteScratch())
        #expect(sqlite.failure == nil, "\(sqlite.failure ?? "")")
        #expect(sqlite.migrations == 23)
        if PostgresServer.shouldRun {
            let postgres = verifier.verify(on: try Self.postgresScratch())
            #expect(postgres.failure == nil, "\(postgres.failure ?? "")")
            #expect(postgres.migrations == 23)
        }
    }

    /// A broken chain: the last migration's up file of each dialect edited by `edit`.
    struct Breakage: CustomStringConvertible, Sendable {
        var name: String
        var versions: [String]
        /// Dialect → (text to find, as a regular expression; its replacement).
        var edits: [String: (String, String)]
        /// What the failure must name.
        var named: String
        var description: String { name }
    }

    static let breakages = [
        Breakage(
            name: "forgets an index", versions: ["12-change-foreign-keys", "13-change-indexes"],
            edits: [
                "postgres": (#"CREATE INDEX ix_tasks_status ON[^;]*;\n"#, ""),
                "sqlite": (#"CREATE INDEX ix_tasks_status ON[^;]*;\n"#, ""),
            ], named: "ix_tasks_status"),
        Breakage(
            name: "forgets a default", versions: ["07-change-nullability", "08-change-defaults"],
            edits: [
                "postgres": (#"ALTER TABLE webhooks ALTER COLUMN max_retries SET DEFAULT 10;\n"#, ""),
                "sqlite": (#"max_retries INTEGER NOT NULL DEFAULT 10,"#, "max_retries INTEGER NOT NULL DEFAULT 5,"),
            ], named: "max_retries"),
        Breakage(
            name: "forgets a trigger", versions: ["16-change-comments", "17-change-auto-update"],
            edits: [
                "postgres": (#"CREATE TRIGGER trg_conversation_participants_joined_at [^;]*;\n"#, ""),
                "sqlite": (#"(?s)CREATE TRIGGER trg_conversation_participants_joined_at .*?END;\n"#, ""),
            ], named: "trg_conversation_participants_joined_at"),
    ]

    @Test(arguments: breakages)
    func aBrokenLastMigrationFailsNamingWhatDiffers(_ breakage: Breakage) throws {
        let repository = try Self.project(breakage.versions)
        for (dialect, edit) in breakage.edits {
            let folder = "Generated/migrations/\(dialect)"
            let last = try #require(repository.project.files(under: folder).filter { $0.hasSuffix(".up.sql") }.last)
            let text = try #require(repository.project.read("\(folder)/\(last)"))
            let edited = text.replacing(try Regex(edit.0), with: edit.1)
            try #require(edited != text, "\(breakage.name): the edit of \(last) found nothing")
            try repository.project.write("\(folder)/\(last)", edited)
        }
        let verifier = Self.verifier(repository.root)
        var scratches: [any ScratchDatabases] = [try SQLiteScratch()]
        if PostgresServer.shouldRun { scratches.append(try Self.postgresScratch()) }
        for scratch in scratches {
            let outcome = verifier.verify(on: scratch)
            let failure = try #require(outcome.failure, "\(breakage.name): \(scratch.dialect) passed")
            #expect(failure.contains(breakage.named), "\(failure)")
            #expect(failure.contains("after Generated/migrations/\(scratch.dialect.rawValue)/0002_"), "\(failure)")
            #expect(failure.contains("the fresh DDL has, the migrated database lacks:"), "\(failure)")
        }
    }

    @Test func aFailingStatementIsNamedByFileAndLine() throws {
        let repository = try Self.project(["01-example", "02-add-columns"])
        let folder = "Generated/migrations/sqlite"
        let last = try #require(repository.project.files(under: folder).filter { $0.hasSuffix(".up.sql") }.last)
        let text = try #require(repository.project.read("\(folder)/\(last)"))
        try repository.project.write(
            "\(folder)/\(last)", text.replacingOccurrences(of: "COMMIT;", with: "SELECT * FROM nowhere;\nCOMMIT;"))
        let outcome = Self.verifier(repository.root).verify(on: try SQLiteScratch())
        let failure = try #require(outcome.failure)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == "COMMIT;" }! + 1
        #expect(
            failure.hasPrefix("Generated/migrations/sqlite/\(last):\(line):1: no such table: nowhere"), "\(failure)")
    }
}

/// `Verification.run`, which the CLI calls: which databases it verifies on, from the options.
@Suite struct VerificationRunTests {
    /// A committed migration edited since `schemagen.sum` listed it: verified as it is, with the
    /// warning `check` would make an error of.
    @Test func aCommittedFileThatNoLongerMatchesTheSumIsAWarning() throws {
        let repository = try ChainVerifierTests.project(["01-example", "02-add-columns"])
        let clean = Verification.run(
            root: repository.root, options: Verification.Options(environment: ["DATABASE_URL": "sqlite:x.db"]))
        #expect(clean.warnings == [])
        let file = "Generated/migrations/sqlite/0001_create_schema.up.sql"
        try repository.project.write(file, try #require(repository.project.read(file)) + "-- an edit\n")
        let report = Verification.run(
            root: repository.root, options: Verification.Options(environment: ["DATABASE_URL": "sqlite:x.db"]))
        #expect(!report.failed, "\(report)")
        #expect(report.warnings.count == 1)
        #expect(report.warnings.first?.hasPrefix("\(file):1:1: warning: ") == true, "\(report.warnings)")
        #expect(report.warnings.first?.contains("`schemagen check` fails on it") == true)
    }

    @Test(.postgresAvailable) func aServerNamedByDatabaseURLAndATemporaryOne() throws {
        let root = ChainVerifierTests.packageRoot
        let cluster = try PostgresServer.cluster()
        // A role of this test's own: the cluster is shared with tests that run verify at the same
        // time, so only the scratch databases this role owns are this run's.
        let role = "verify_" + UUID().uuidString.lowercased().replacing("-", with: "").prefix(12)
        try cluster.execute("CREATE ROLE \(role) LOGIN SUPERUSER;", database: "postgres")
        let url = "postgres:///postgres?host=\(cluster.socketDirectory)&user=\(role)"
        let named = Verification.run(
            root: root, options: Verification.Options(environment: ["DATABASE_URL": url]))
        #expect(!named.failed, "\(named)")
        #expect(named.outcomes.map(\.dialect) == [.sqlite, .postgres])
        // No scratch database is left behind on the server.
        let left = try cluster.query(
            """
            SELECT datname FROM pg_database JOIN pg_roles ON pg_roles.oid = pg_database.datdba
            WHERE rolname = '\(role)' AND datname LIKE 'schemagen_verify_%'
            """, database: "postgres")
        #expect(left.isEmpty, "\(left)")
        let owned = try cluster.query(
            "SELECT count(*) FROM pg_database JOIN pg_roles ON pg_roles.oid = pg_database.datdba WHERE rolname = '\(role)'",
            database: "postgres")
        #expect(owned == [["0"]], "the role owns no database once verify is done")

        let temporary = Verification.run(
            root: root, options: Verification.Options(postgresTemp: true, environment: [:]))
        #expect(!temporary.failed, "\(temporary)")
        #expect(temporary.outcomes.map(\.dialect) == [.sqlite, .postgres])
    }

    /// A role that may not create databases: the error names the server, what verify was doing,
    /// and the CREATEDB it needs.
    @Test(.postgresAvailable) func aRoleWithoutCreateDBIsToldWhatVerifyNeeds() throws {
        let cluster = try PostgresServer.cluster()
        let role = "verify_" + UUID().uuidString.lowercased().prefix(8)
        _ = try cluster.query("CREATE ROLE \(role) LOGIN NOCREATEDB", database: "postgres")
        defer { _ = try? cluster.query("DROP ROLE \(role)", database: "postgres") }
        let url = "postgres:///postgres?host=\(cluster.socketDirectory)&user=\(role)"
        let report = Verification.run(
            root: ChainVerifierTests.packageRoot, options: Verification.Options(database: url, environment: [:]))
        #expect(report.failed)
        let failure = try #require(report.outcomes.first { $0.dialect == .postgres }?.failure)
        #expect(failure.hasPrefix("postgres: verify creates scratch databases on postgres://\(role)@/postgres?host="))
        #expect(failure.contains("permission denied to create database"))
        #expect(failure.contains("HINT: the role needs CREATEDB (ALTER ROLE \(role) CREATEDB)"))
    }

    @Test func withoutAServerPostgresIsNotVerifiedAndSaysSo() {
        let report = Verification.run(
            root: ChainVerifierTests.packageRoot,
            options: Verification.Options(environment: ["DATABASE_URL": "sqlite:app.db"]))
        #expect(!report.failed)
        #expect(report.outcomes.map(\.dialect) == [.sqlite])
        #expect(
            report.notes == [
                "postgres: not verified: $DATABASE_URL names a SQLite file (verify never touches it; SQLite is verified in scratch files)"
            ])
    }
}
