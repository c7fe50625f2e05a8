import Foundation
import PropertyBased
import Testing

@testable import SchemagenCore

/// Online, a script's later phases (concurrent index builds, rows filled, constraints validated,
/// `SET NOT NULL`) run after the first transaction, so after every rename in it: they must name
/// a table and a column as the transaction leaves them. In an up script the renames come first,
/// in a down script last, so a down that rebuilds what its up removed from a renamed table is
/// where a name taken before the rename back would break (QA issue 9, defect 2: `VALIDATE
/// CONSTRAINT` on `lendings` after `RENAME TO loans`).
@Suite(.serialized) struct PostgresOnlineRenameTests {
    static let v1 = """
        enums:
          loan_state: [active, returned, lost]
        tables:
          books:
            columns:
              id: { type: bigint, primary_key: true, identity: true }
              isbn: varchar(40)
              title: varchar(100)?
          loans:
            columns:
              id: { type: bigint, primary_key: true, identity: true }
              state: loan_state
              due_on: date?
              book_isbn: varchar(40)?

        """

    static let history: [(String, @Sendable (String) -> String)] = [
        (
            "a table and an enum value renamed (QA 0009)",
            {
                $0.replacing(
                    "  loan_state: [active, returned, lost]\n",
                    with: "  loan_state: { values: [active, returned, missing], renamed_values: { missing: lost } }\n"
                ).replacing("  loans:\n", with: "  lendings:\n    renamed_from: loans\n")
            }
        ),
        (
            "a table renamed, with an index, a unique key, a foreign key onto it and a filled column",
            {
                $0.replacing("  books:\n", with: "  volumes:\n    renamed_from: books\n")
                    .replacing("      isbn: varchar(40)\n", with: "      isbn: { type: varchar(40), unique: true }\n")
                    .replacing(
                        "      title: varchar(100)?\n",
                        with:
                            "      title: { type: varchar(100)?, index: true }\n      shelved_on: { type: date, default: now() }\n"
                    )
                    .replacing(
                        "      book_isbn: varchar(40)?\n",
                        with: "      book_isbn: { type: varchar(40)?, references: volumes.isbn }\n")
            }
        ),
        (
            "renamed back, without them: the down builds them again before the rename",
            { _ in
                v1.replacing(
                    "  loan_state: [active, returned, lost]\n", with: "  loan_state: [active, returned, missing]\n"
                )
                .replacing("  loans:\n", with: "  lendings:\n")
                .replacing("  books:\n", with: "  books:\n    renamed_from: volumes\n")
            }
        ),
        (
            "a table and a column renamed, the column made NOT NULL with a default",
            {
                $0.replacing("  lendings:\n", with: "  loans:\n    renamed_from: lendings\n")
                    .replacing("    renamed_from: volumes\n", with: "")
                    .replacing(
                        "      due_on: date?\n",
                        with: "      due_date: { type: date, default: now(), renamed_from: due_on }\n")
            }
        ),
        (
            "both renamed back, the column nullable again: the down fills and sets NOT NULL before the renames",
            {
                $0.replacing("  loans:\n    renamed_from: lendings\n", with: "  lendings:\n    renamed_from: loans\n")
                    .replacing(
                        "      due_date: { type: date, default: now(), renamed_from: due_on }\n",
                        with: "      due_on: { type: date?, renamed_from: due_date }\n")
            }
        ),
    ]

    static func versions() -> [(String, String)] {
        var versions = [("the first version", v1)]
        for (title, edit) in history { versions.append((title, edit(versions.last!.1))) }
        return versions
    }

    /// Up, the catalog equal to the fresh DDL's, down back to the catalog before, up again.
    @Test(.postgresAvailable, arguments: [false, true])
    func everyStepAppliesBothWays(nativeEnums: Bool) throws {
        var config = Config()
        config.postgres.online = true
        config.postgres.nativeEnums = nativeEnums
        try PostgresMigrationTests.proveEveryStep(of: Self.versions(), config: config)
    }

    /// Online, nothing may fire, as for the other histories (the renames' rules are left out by
    /// `.squawk.toml`, each a choice of the schema).
    @Test(.squawkAvailable) func everyScriptPassesSquawk() throws {
        var config = Config()
        config.postgres.online = true
        let files = try PostgresSquawkTests.writeScripts(Self.versions(), config: config)
        defer { try? FileManager.default.removeItem(atPath: files.directory) }
        #expect(try Squawk.findings(in: files.paths, extraExclusions: []) == [])
    }

    /// Each step changes what it says, so the proof above proves something.
    @Test func everyStepRenamesAndMovesAStatementToALaterPhase() throws {
        var config = Config()
        config.postgres.online = true
        let renderer = PostgresMigrationRenderer(config: config)
        let versions = try Self.versions().map { try PostgresMigrationTests.schema($0.1, config: config) }
        for step in 1..<versions.count {
            let diff = SchemaDiffer.diff(from: versions[step - 1], to: versions[step])
            #expect(diff.changes.contains { if case .renameTable = $0 { true } else { false } }, "step \(step)")
            let later = [diff, diff.reversed].map { renderer.statements(for: $0) }
                .map { $0.afterTransaction + $0.laterTransactions.joined() }
            #expect(later.contains { !$0.isEmpty }, "step \(step)")
        }
    }

    /// The QA case, as written: the down's later transaction validates on the table's old name.
    @Test func theDownValidatesUnderTheNameTheRenameBackGives() throws {
        var config = Config()
        config.postgres.online = true
        let versions = try Self.versions().prefix(2).map { try PostgresMigrationTests.schema($0.1, config: config) }
        let down = PostgresMigrationRenderer(config: config).statements(
            for: SchemaDiffer.diff(from: versions[0], to: versions[1]).reversed)
        #expect(down.transactional.contains("ALTER TABLE lendings RENAME TO loans;"))
        #expect(down.laterTransactions == [["ALTER TABLE loans VALIDATE CONSTRAINT ck_loans_state_values;"]])
    }

    /// Over random edits (`MigrationPropertyTests`' cases, renames among them), up and down:
    /// every statement after the first transaction names a table the target version has, and a
    /// column that table has. Cheap, so it runs many cases; the history above runs them for real.
    @Test func laterPhasesNameWhatTheTransactionLeaves() async {
        await propertyCheck(count: 300, input: MigrationPropertyTests.cases) { item in
            var config = Config()
            config.postgres.online = true
            config.postgres.nativeEnums = item.nativeEnums
            let renderer = PostgresMigrationRenderer(config: config)
            let diff = SchemaDiffer.diff(
                from: try MigrationVersionsProof.schema(item.old, config: config),
                to: try MigrationVersionsProof.schema(item.new, config: config))
            for direction in [diff, diff.reversed] {
                let statements = renderer.statements(for: direction)
                for statement in statements.afterTransaction + statements.laterTransactions.joined() {
                    #expect(Self.unknownNames(in: statement, of: direction.to) == [], "\(statement)\n\(item)")
                }
            }
        }
    }

    /// The tables (`ALTER TABLE t`, `ON t`, `UPDATE t`, `REFERENCES t`) and columns (`ALTER COLUMN c`, `SET c`)
    /// a statement names that `schema` does not have.
    static func unknownNames(in statement: String, of schema: Schema) -> [String] {
        let words = statement.split(separator: " ").map {
            String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\";("))
        }
        var unknown: [String] = []
        var table: Table?
        for (index, word) in words.enumerated().dropLast() {
            let next = words[index + 1]
            switch word {
            case "TABLE" where index > 0 && words[index - 1] == "ALTER", "UPDATE" where index == 0, "REFERENCES",
                "ON" where !["DELETE", "UPDATE"].contains(next):
                table = schema.table(named: next)
                if table == nil { unknown.append("table \(next)") }
            case "COLUMN",
                "SET" where index > 0 && words[index - 1] == table?.name:
                if let table, table.column(named: next) == nil { unknown.append("column \(table.name).\(next)") }
            default:
                continue
            }
        }
        return unknown
    }
}
