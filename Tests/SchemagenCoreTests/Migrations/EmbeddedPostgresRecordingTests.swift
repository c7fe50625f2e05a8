import Foundation
import Testing

@testable import SchemagenCore

/// The PostgresNIO sketch of docs/migrations.md, step for step, over the library's own Postgres
/// connection: it records a migration in its first transaction step (`recordingStep`), without a
/// duration while steps remain, or after its last step when it has none (QA 9, item 5: a
/// migration of only `CREATE INDEX CONCURRENTLY` was never recorded, so an app rebuilt the index
/// at every start). Every shape an online script takes, applied this way, reads to
/// `schemagen migrate` as applied and finished, and a second start applies nothing.
@Suite(.serialized) struct EmbeddedPostgresRecordingTests {
    static let versions = [
        """
        enums:
          status: [a, b]
        tables:
          items:
            columns:
              id: { type: uuid, primary_key: true, default: uuid() }
              status: status
              total: int

        """
    ]
    .flatMap { v1 in
        let v2 = v1.replacing("      total: int\n", with: "      total: { type: int, index: true }\n")
        let v3 = v2.replacing("[a, b]", with: "[a, b, c]") + "      code: { type: uuid, default: uuid() }\n"
        let v4 = v3 + "      note: text?\n"
        return [v1, v2, v3, v4]
    }

    /// One migration as `SchemaMigrations.swift` holds it for Postgres.
    struct Embedded {
        var version: Int
        var name: String
        var checksum: String
        var steps: [(inTransaction: Bool, statements: [String])]
        /// `Script.recordingStep`, as the generated file computes it.
        var recordingStep: Int? { steps.firstIndex { $0.inTransaction } }
    }

    @Test(.postgresAvailable) func everyShapeIsRecordedAsMigrateRecordsIt() throws {
        var config = Config()
        config.postgres.online = true
        config.postgres.nativeEnums = true
        let renderer = PostgresMigrationRenderer(config: config)
        var previous = Schema(tables: [])
        var folder: [MigrationFolder.Migration] = []
        for (index, yaml) in Self.versions.enumerated() {
            let schema = try MigrationVersionsProof.schema(yaml, config: config)
            let text = renderer.script(
                renderer.statements(for: SchemaDiffer.diff(from: previous, to: schema)), header: ["-- up"])
            let id = MigrationID(number: index + 1, name: "step")
            folder.append(.init(id: id, upPath: "\(id).up.sql", downPath: "\(id).down.sql", up: text, down: nil))
            previous = schema
        }
        let embedded = folder.map { migration in
            Embedded(
                version: migration.id.number, name: migration.id.name, checksum: migration.checksum,
                steps: MigrationScript(parsing: migration.up).parts.map {
                    ($0.kind == .transaction, SwiftMigrationsFile.statements(in: $0.sql, dialect: .postgres))
                })
        }
        // The shapes: no transaction at all; steps before and after the recording transaction;
        // the recording transaction last.
        #expect(embedded[1].recordingStep == nil)
        #expect(embedded[2].recordingStep.map { $0 > 0 && $0 < embedded[2].steps.count - 1 } == true)
        #expect(embedded[3].recordingStep == embedded[3].steps.count - 1)

        try PostgresServer.withDatabase { database in
            let connection = try database.connect()
            #expect(try Self.migrate(embedded, on: connection) == 4)
            let runner = MigrationRunner(
                connection: connection, folder: MigrationFolder(migrations: folder, displayPath: "embedded"))
            let state = try runner.state()
            #expect(state.refusals(folder: "embedded") == [])
            #expect(state.applied.map(\.number) == [1, 2, 3, 4])
            #expect(state.pending.isEmpty)
            #expect(try MigrationTable.records(connection).allSatisfy(\.isFinished))
            #expect(try Self.migrate(embedded, on: connection) == 0, "a second start applies nothing")
            #expect(try runner.up().steps.isEmpty)
        }
    }

    struct ChangedMigration: Error { var version: Int }
    struct UnfinishedMigration: Error { var version: Int }

    /// docs/migrations.md's PostgresNIO sketch, on a synchronous connection; returns how many
    /// migrations it applied.
    static func migrate(_ migrations: [Embedded], on connection: PostgresConnection) throws -> Int {
        _ = try connection.execute(
            """
            CREATE TABLE IF NOT EXISTS schemagen_migrations (
                version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now(), duration_ms integer)
            """)
        var applied: [Int: (checksum: String, finished: Bool)] = [:]
        for row in try connection.query("SELECT version, checksum, duration_ms FROM schemagen_migrations") {
            applied[Int(row[0] ?? "") ?? -1] = (row[1] ?? "", row[2] != nil)
        }
        var count = 0
        for migration in migrations {
            if let record = applied[migration.version] {
                guard record.checksum == migration.checksum else { throw ChangedMigration(version: migration.version) }
                guard record.finished else { throw UnfinishedMigration(version: migration.version) }
                continue
            }
            let started = ContinuousClock.now
            let milliseconds = { String(Int((ContinuousClock.now - started) / .milliseconds(1))) }
            let insert = { (duration: String?) in
                _ = try connection.query(
                    "INSERT INTO schemagen_migrations (version, name, checksum, duration_ms) VALUES ($1, $2, $3, $4)",
                    [String(migration.version), migration.name, migration.checksum, duration]
                )
            }
            let last = migration.steps.count - 1
            for (index, step) in migration.steps.enumerated() {
                if step.inTransaction { _ = try connection.execute("BEGIN") }
                do {
                    for statement in step.statements { _ = try connection.execute(statement) }
                    if index == migration.recordingStep { try insert(index == last ? milliseconds() : nil) }
                    if step.inTransaction { _ = try connection.execute("COMMIT") }
                } catch {
                    if step.inTransaction { _ = try? connection.execute("ROLLBACK") }
                    throw error
                }
            }
            if let recorded = migration.recordingStep {
                if recorded < last {
                    _ = try connection.query(
                        "UPDATE schemagen_migrations SET duration_ms = $1 WHERE version = $2",
                        [milliseconds(), String(migration.version)])
                }
            } else {
                try insert(milliseconds())
            }
            count += 1
        }
        return count
    }
}
