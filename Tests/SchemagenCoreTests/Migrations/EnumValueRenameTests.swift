import Testing

@testable import SchemagenCore

/// `renamed_values` on a named enum: a value renamed keeps the rows that hold it, in every table
/// that uses the enum, on both databases and both Postgres storages, up and down.
@Suite(.serialized) struct EnumValueRenameTests {
    static let old = """
        enums:
          task_status: [todo, in_progress, done]
        tables:
          tasks:
            columns:
              id: { type: uuid, primary_key: true, default: uuid() }
              status: { type: task_status, default: todo }
          reviews:
            columns:
              id: { type: uuid, primary_key: true, default: uuid() }
              outcome: task_status?
        """
    static let new = """
        enums:
          task_status:
            values: [todo, doing, done]
            renamed_values: { doing: in_progress }
        tables:
          tasks:
            columns:
              id: { type: uuid, primary_key: true, default: uuid() }
              status: { type: task_status, default: todo }
          reviews:
            columns:
              id: { type: uuid, primary_key: true, default: uuid() }
              outcome: task_status?
        """
    static let rows = """
        INSERT INTO tasks (status) VALUES ('todo'), ('in_progress'), ('done');
        INSERT INTO reviews (outcome) VALUES ('in_progress'), (NULL);
        """

    @Test func theDifferRenamesTheValueAndTheRowsFollow() throws {
        let diff = SchemaDiffer.diff(
            from: try #require(loadSchema(Self.old).schema), to: try #require(loadSchema(Self.new).schema))
        let summaries = diff.changes.map(\.summary)
        #expect(summaries.first == "enum task_status: rename 'in_progress' to 'doing'")
        #expect(summaries.contains("rows of tasks.status with 'in_progress' take 'doing'"))
        #expect(summaries.contains("rows of reviews.outcome with 'in_progress' take 'doing'"))
        #expect(!diff.changes.contains { if case .alterEnum = $0 { true } else { false } }, "no value removed")
        #expect(MigrationRisk.risks(of: diff).filter(\.kind.isDestructive).isEmpty)
        #expect(MigrationName.derive(for: diff) == "rename_task_status_in_progress_to_doing")
        // Once renamed, `renamed_values` left in the schema changes nothing.
        let done = try #require(loadSchema(Self.new).schema)
        #expect(SchemaDiffer.diff(from: done, to: done).isEmpty)
    }

    @Test func aRenamedValueIsAnError_whenItIsNotAValue() throws {
        let wrong = Self.new.replacing(
            "renamed_values: { doing: in_progress }", with: "renamed_values: { in_progress: doing }")
        let findings = loadSchema(wrong).diagnostics.map(\.message)
        #expect(findings.contains("renamed value 'in_progress' is not a value of enum 'task_status'"))
    }

    @Test func sqliteRowsTakeTheNewName() throws {
        let proof = try SQLiteMigrationProof(from: Self.old, to: Self.new)
        defer { proof.removeFiles() }
        let rows = try proof.prove(rows: Self.rows)
        #expect(rows["tasks"]?["status"] == ["'doing'", "'done'", "'todo'"])
        #expect(rows["reviews"]?["outcome"] == ["'doing'", "NULL"])
        #expect(try proof.rows(proof.diff.from)["tasks"]?["status"] == ["'done'", "'in_progress'", "'todo'"], "down")
    }

    @Test(.postgresAvailable, arguments: [false, true]) func postgresRowsTakeTheNewName(nativeEnums: Bool) throws {
        var config = Config()
        config.postgres.nativeEnums = nativeEnums
        let (up, _) = try PostgresMigrationTrapTests().prove(Self.old, Self.new, config: config, rows: Self.rows)
        #expect(
            up.contains(
                nativeEnums
                    ? "ALTER TYPE task_status RENAME VALUE 'in_progress' TO 'doing';"
                    : "UPDATE tasks SET status = 'doing' WHERE status = 'in_progress';"))
    }
}
