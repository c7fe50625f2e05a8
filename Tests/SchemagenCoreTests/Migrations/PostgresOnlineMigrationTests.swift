import Foundation
import Testing

@testable import SchemagenCore

/// The online forms that the ten-step history of `PostgresMigrationTests` does not reach, proven
/// the same way on the real server (rows kept, chain equal to the fresh DDL, every down), in both
/// modes, and linted by squawk like the history.
@Suite(.serialized) struct PostgresOnlineMigrationTests {
    static let v1 = """
        tables:
          accounts:
            columns:
              id: { type: uuid, primary_key: true, default: uuid() }
              email: varchar(100)
          orders:
            columns:
              id: { type: bigint, primary_key: true, identity: true }
              account_email: varchar(100)?
              total: { type: int, index: true }
              created_on: { type: date?, index: true }
          events:
            columns:
              code: varchar(40)
              note: text?

        """

    static let history: [(String, @Sendable (String) -> String)] = [
        (
            "add columns whose defaults are written row by row",
            {
                $0.replacing(
                    "      email: varchar(100)\n",
                    with: "      email: varchar(100)\n      token: { type: uuid?, default: uuid() }\n"
                ).replacing(
                    "      created_on: { type: date?, index: true }\n",
                    with:
                        "      created_on: { type: date?, index: true }\n      placed_on: { type: date, default: now() }\n"
                )
            }
        ),
        (
            "a unique key, and foreign keys onto it from an existing and a new table",
            {
                $0.replacing(
                    "      email: varchar(100)\n", with: "      email: { type: varchar(100), unique: true }\n"
                ).replacing(
                    "      account_email: varchar(100)?\n",
                    with:
                        "      account_email: { type: varchar(100)?, references: accounts.email, on_delete: set_null }\n"
                ) + """
                      invoices:
                        columns:
                          id: { type: bigint, primary_key: true, identity: true }
                          account_email: { type: varchar(100), references: accounts.email, on_delete: cascade }

                    """
            }
        ),
        (
            "NOT NULL without a default, on a column every row fills",
            { $0.replacing("      token: { type: uuid?, default: uuid() }\n", with: "      token: uuid\n") }
        ),
        (
            "drop an index with its column, and an index alone",
            {
                $0.replacing("      created_on: { type: date?, index: true }\n", with: "").replacing(
                    "      total: { type: int, index: true }\n", with: "      total: int\n")
            }
        ),
        (
            "a primary key on an existing table",
            {
                $0.replacing(
                    "      code: varchar(40)\n", with: "      code: { type: varchar(40), primary_key: true }\n")
            }
        ),
    ]

    static func versions() -> [(String, String)] {
        var versions = [("the first version", v1)]
        for (title, edit) in history { versions.append((title, edit(versions.last!.1))) }
        return versions
    }

    @Test(.postgresAvailable, arguments: [false, true])
    func everyStepAppliesAndEqualsTheFreshSchema(online: Bool) throws {
        var config = Config()
        config.postgres.online = online
        try PostgresMigrationTests.proveEveryStep(of: Self.versions(), config: config)
    }

    @Test(.squawkAvailable, arguments: [false, true]) func everyScriptPassesSquawk(online: Bool) throws {
        var config = Config()
        config.postgres.online = online
        let files = try PostgresSquawkTests.writeScripts(Self.versions(), config: config)
        defer { try? FileManager.default.removeItem(atPath: files.directory) }
        let findings = try Squawk.findings(
            in: files.paths, extraExclusions: online ? [] : PostgresSquawkTests.defaultModeLockingRules)
        #expect(findings == [], "online: \(online)")
    }

    /// What each online form is made of, where the proof above only sees that it works.
    @Test func theOnlineFormsKeepTheTablesAvailable() throws {
        var config = Config()
        config.postgres.online = true
        let renderer = PostgresMigrationRenderer(config: config)
        let versions = try Self.versions().map { try PostgresMigrationTests.schema($0.1, config: config) }
        func statements(_ step: Int) -> MigrationStatements {
            renderer.statements(for: SchemaDiffer.diff(from: versions[step - 1], to: versions[step]))
        }

        let volatile = statements(1)
        #expect(volatile.transactional.contains("ALTER TABLE accounts ADD COLUMN token uuid;"))
        #expect(
            volatile.laterTransactions.first?.first
                == "UPDATE accounts SET token = gen_random_uuid() WHERE token IS NULL;")

        let keys = statements(2)
        #expect(
            keys.afterTransaction.contains(
                "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS uq_accounts_email ON accounts (email);"))
        #expect(
            keys.laterTransactions.first?.contains {
                $0.hasPrefix("ALTER TABLE orders ADD CONSTRAINT fk_orders_account_email") && $0.hasSuffix(" NOT VALID;")
            } == true)
        #expect(
            keys.laterTransactions.last?.contains("ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_account_email;")
                == true)
        #expect(
            keys.laterTransactions.last?.contains(
                "ALTER TABLE accounts ADD CONSTRAINT uq_accounts_email UNIQUE USING INDEX uq_accounts_email;") == true)

        let notNull = statements(3)
        #expect(notNull.transactional.contains { $0.contains("CHECK (token IS NOT NULL) NOT VALID") })
        #expect(
            notNull.laterTransactions.last?.contains("ALTER TABLE accounts ALTER COLUMN token SET NOT NULL;") == true)

        let indexes = statements(4)
        // The dropped column takes its index along in the transaction; IF EXISTS finds it gone.
        #expect(indexes.transactional == ["ALTER TABLE orders DROP COLUMN created_on;"])
        #expect(
            Set(indexes.afterTransaction) == [
                "DROP INDEX CONCURRENTLY IF EXISTS ix_orders_created_on;",
                "DROP INDEX CONCURRENTLY IF EXISTS ix_orders_total;",
            ])
    }
}
