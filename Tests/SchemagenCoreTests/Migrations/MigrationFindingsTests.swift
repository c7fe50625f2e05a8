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

extension MigrationFindingsTests {
    static let kinds = """
        enums:
          kind: [a, b]
        tables:
          items:
            columns:
              id: { type: uuid, primary_key: true, default: uuid() }
              kind: kind
          parts:
            columns:
              id: { type: uuid, primary_key: true, default: uuid() }
              kind: { type: kind?, default: a }
        """

    /// A value added to a named enum changed the columns that use it too ("change column
    /// items.kind from kind to kind"), and each such change claimed a lock that rewrites the table,
    /// though no statement touches the column: the column names the enum, whose values are the
    /// enum's change (its CHECKs, or the native type).
    @Test func aNamedEnumsNewValueIsNoChangeOfItsColumns() throws {
        let old = try MigrationVersionsProof.schema(Self.kinds)
        let new = try MigrationVersionsProof.schema(Self.kinds.replacing("[a, b]", with: "[a, b, c]"))
        let diff = SchemaDiffer.diff(from: old, to: new)
        #expect(!diff.changes.contains { if case .alterColumn = $0 { true } else { false } })
        #expect(!MigrationRisk.risks(of: diff).contains { $0.kind == .lock && $0.message.hasPrefix("rewrites") })
        #expect(MigrationName.derive(for: diff) == "alter_enum_kind")
        try prove([Self.kinds, Self.kinds.replacing("[a, b]", with: "[a, b, c]")])
    }

    /// Every change that scans or rewrites a table with rows under a lock says so, and what the
    /// lock blocks, in the one message the Postgres headers and `schemagen diff` print (QA 9:
    /// `SET NOT NULL` was missing); online scripts avoid all but the rewrites.
    @Test func everyLockingChangeSaysWhatItBlocks() throws {
        let old = """
            tables:
              parents:
                columns:
                  id: { type: uuid, primary_key: true, default: uuid() }
                  code: varchar(20)
              children:
                columns:
                  id: { type: uuid, primary_key: true, default: uuid() }
                  parent_id: uuid?
                  note: text?
                  total: int
            """
        let new =
            old.replacing("      code: varchar(20)\n", with: "      code: { type: varchar(20), unique: true }\n")
            .replacing("      parent_id: uuid?\n", with: "      parent_id: { type: uuid?, references: parents.id }\n")
            .replacing("      note: text?\n", with: "      note: { type: text, default: '' }\n")
            .replacing(
                "      total: int",
                with: "      total: { type: bigint, index: true }\n      token: { type: uuid, default: uuid() }")
        let diff = SchemaDiffer.diff(
            from: try MigrationVersionsProof.schema(old), to: try MigrationVersionsProof.schema(new))
        let locks = MigrationRisk.risks(of: diff).filter { $0.kind == .lock }
        #expect(
            Set(locks.map(\.message)) == [
                "builds the index of unique constraint uq_parents_code, blocking reads and writes of parents",
                "scans children to check foreign key fk_children_parent_id, blocking writes to children and parents",
                "scans children to make note NOT NULL, blocking reads and writes of children",
                "rewrites children to change the type of total, blocking reads and writes of children",
                "builds index ix_children_total, blocking writes to children",
                "rewrites children to give every row a uuid() in token, blocking reads and writes of children",
            ])
        #expect(
            locks.filter { !$0.isAvoidedOnline }.map(\.message).allSatisfy {
                $0.hasPrefix("rewrites children to change")
            })
        #expect(locks.first { $0.message.contains("NOT NULL") }?.column == "note")
    }
}
