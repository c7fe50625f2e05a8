import Testing

@testable import SchemagenCore

/// The bugs that the replayed history (`MigrationHistoryReplayTests`) and the property test
/// (`MigrationPropertyTests`) found in the differ and the renderers, each as the smallest pair of
/// versions that showed it, proven on real SQLite and (when installed) Postgres.
@Suite(.serialized) struct MigrationFindingsTests {
    func prove(_ yaml: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let versions = try yaml.map { try MigrationVersionsProof.schema($0, sourceLocation: sourceLocation) }
        let failures = try MigrationVersionsProof(postgres: PostgresServer.shouldRun).prove(versions)
        #expect(failures == [], sourceLocation: sourceLocation)
    }

    static let notes = """
        tables:
          notes:
            columns:
              id: { type: uuid, primary_key: true, default: uuid() }
              body: text
              updated_at: { type: timestamptz, default: now(), auto_update: true }
        """

    /// Postgres kept `trg_notes_updated_at` on the renamed table, where the fresh DDL has
    /// `trg_memos_updated_at`: the trigger's derived name follows the table as the constraints' do.
    @Test func theAutoUpdateTriggerFollowsARenamedTable() throws {
        try prove([Self.notes, Self.notes.replacing("  notes:\n", with: "  memos:\n    renamed_from: notes\n")])
    }

    /// A renamed `auto_update` column needs a trigger of its new name that calls the function of
    /// its new name (`schemagen_set_touched_at`); the old function goes once no trigger uses it.
    @Test func theAutoUpdateTriggerFollowsARenamedColumn() throws {
        try prove([
            Self.notes,
            Self.notes.replacing(
                "      updated_at: { type: timestamptz, default: now(), auto_update: true }",
                with:
                    "      touched_at: { type: timestamptz, default: now(), auto_update: true, renamed_from: updated_at }"
            ),
        ])
    }

    /// The same column renamed while `auto_update` is dropped, and the table renamed too.
    @Test func aRenamedColumnLosesItsAutoUpdateOnARenamedTable() throws {
        try prove([
            Self.notes,
            Self.notes.replacing("  notes:\n", with: "  memos:\n    renamed_from: notes\n").replacing(
                "      updated_at: { type: timestamptz, default: now(), auto_update: true }",
                with: "      touched_at: { type: timestamptz, default: now(), renamed_from: updated_at }"),
        ])
    }
}
