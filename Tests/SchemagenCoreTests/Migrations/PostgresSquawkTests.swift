import Foundation
import Testing

@testable import SchemagenCore

/// Every Postgres script of the migration history (up and down, text and native enums) through
/// squawk with the committed `.squawk.toml`: with `postgres.online`, nothing may fire; in the
/// default mode, which runs each migration in one transaction on purpose, only the rules about
/// the locks that transaction takes are left out as well (`defaultModeLockingRules`).
@Suite(.serialized) struct PostgresSquawkTests {
    /// The rules that the default mode breaks by design, and that `online: true` exists to keep:
    /// docs/migrations-postgres.md says which form each one asks for.
    static let defaultModeLockingRules = [
        "require-concurrent-index-creation", "require-concurrent-index-deletion", "constraint-missing-not-valid",
        "adding-foreign-key-constraint", "disallowed-unique-constraint", "adding-not-nullable-field",
        "adding-serial-primary-key-field", "adding-field-with-default", "require-lock-timeout",
        "require-statement-timeout",
    ]

    @Test(.squawkAvailable, arguments: [false, true], [false, true])
    func everyScriptOfTheHistoryPassesSquawk(online: Bool, nativeEnums: Bool) throws {
        var config = Config()
        config.postgres.online = online
        config.postgres.nativeEnums = nativeEnums
        let files = try Self.writeScripts(PostgresMigrationTests.versions(), config: config)
        defer { try? FileManager.default.removeItem(atPath: files.directory) }
        let findings = try Squawk.findings(
            in: files.paths, extraExclusions: online ? [] : Self.defaultModeLockingRules)
        #expect(findings == [], "online: \(online), native_enums: \(nativeEnums)")
    }

    /// `.squawk.toml` may leave out the schema's own choices, never a rule about locks.
    @Test func theConfigurationLeavesNoLockingRuleOut() throws {
        let locking = Set(
            Self.defaultModeLockingRules + [
                "ban-concurrent-index-creation-in-transaction", "prefer-robust-stmts", "transaction-nesting",
                "require-timeout-settings",
            ])
        #expect(locking.intersection(try Squawk.excludedRules()) == [])
        #expect(try Squawk.excludedRules().count >= 10)
    }

    /// The up and down script of every step of a history, as files.
    static func writeScripts(_ versions: [(String, String)], config: Config) throws -> (
        directory: String, paths: [String]
    ) {
        let renderer = PostgresMigrationRenderer(config: config)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "schemagen-squawk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var paths: [String] = []
        var previous = Schema(tables: [])
        for (number, (title, yaml)) in versions.enumerated() {
            let schema = try PostgresMigrationTests.schema(yaml, config: config)
            let diff = SchemaDiffer.diff(from: previous, to: schema)
            for (direction, changes) in [("up", diff), ("down", diff.reversed)] {
                let name = String(format: "%04d_step.%@.sql", number + 1, direction)
                let script = renderer.script(renderer.statements(for: changes), header: ["-- \(direction): \(title)"])
                let url = directory.appendingPathComponent(name)
                try Data(script.utf8).write(to: url)
                paths.append(url.path)
            }
            previous = schema
        }
        return (directory.path, paths)
    }
}
