import ExampleModels
import Foundation
import SchemagenCore
import Testing

/// The example's `SchemaMigrations`, applied as an app applies them at start-up: every SQLite up,
/// foreign keys off around one that asks for it, each transaction step in a transaction, on an
/// in-process SQLite. The result equals `Generated/sqlite/schema.sql`, catalog fact by fact.
@Suite struct EmbeddedMigrationsTests {
    static let generated = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Generated")

    @Test func theEmbeddedSQLiteMigrationsBuildTheFreshSchema() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "schemagen-embedded-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let app = try SQLiteConnection(path: directory.appendingPathComponent("app.db").path)
        for migration in SchemaMigrations.all {
            let script = migration.sqlite.up
            if script.needsForeignKeysOff { try app.execute("PRAGMA foreign_keys = OFF;") }
            for step in script.steps {
                if step.inTransaction { try app.execute("BEGIN IMMEDIATE;") }
                for statement in step.statements { try app.execute(statement) }
                if step.inTransaction { try app.execute("COMMIT;") }
            }
            if script.needsForeignKeysOff { try app.execute("PRAGMA foreign_keys = ON;") }
        }
        let fresh = try SQLiteConnection(path: directory.appendingPathComponent("fresh.db").path)
        try fresh.execute(
            try String(contentsOf: Self.generated.appendingPathComponent("sqlite/schema.sql"), encoding: .utf8))
        let difference = try SQLiteCatalog.read(app).differences(from: SQLiteCatalog.read(fresh))
        #expect(difference == [], "\(difference.joined(separator: "\n"))")
        #expect(try SQLiteCatalog.read(app).facts.count > 100)
    }

    @Test func identifiersAndChecksumsAreThoseOfTheFiles() throws {
        for migration in SchemaMigrations.all {
            let path = Self.generated.appendingPathComponent("migrations/sqlite/\(migration.identifier).up.sql")
            let bytes = try Data(contentsOf: path)
            #expect(migration.sqlite.up.checksum == IntegrityFile.fileHash(Array(bytes)))
        }
        #expect(SchemaMigrations.all.first?.identifier == "0001_create_schema")
    }
}
