import Foundation
import Testing

@testable import SchemagenCore

/// `SchemaDiffer.diff` skips the tables that are the same in both versions and that no rename
/// reaches (`isUnchanged`); the full comparison of every table (`skippingUnchangedTables: false`)
/// is the reference. Both must give the same changes, in the same order, for any pair of
/// versions: the migration history's fixtures, random schemas with random edits, and the cases
/// where a table equal in both versions still changes because a rename elsewhere reaches it.
@Suite struct SchemaDifferFastPathTests {
    /// Both diffs of `old` → `new`, and of the old version as a snapshot reads it back (no
    /// annotations: what the planner diffs).
    func expectSameChanges(
        _ old: Schema, _ new: Schema, _ comment: Comment? = nil,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let snapshot = try MigrationSnapshot.decode(MigrationSnapshot(schema: old).bytes).get().schema
        for from in [old, snapshot] {
            let fast = SchemaDiffer.diff(from: from, to: new)
            let full = SchemaDiffer.diff(from: from, to: new, skippingUnchangedTables: false)
            #expect(fast == full, comment, sourceLocation: sourceLocation)
        }
    }

    func schema(_ yaml: String) throws -> Schema { try requireSchema(yaml) }

    @Test func theHistoryFixturesDiffTheSameWay() throws {
        let fixtures = try HistoryFixtures.versions()
        let (steps, versions) = (fixtures.map(\.step), fixtures.map(\.schema))
        // Every step, each version against itself, and every pair in both directions.
        for (index, old) in versions.enumerated() {
            for new in versions[index...] {
                try expectSameChanges(old, new, "\(steps[index])")
                try expectSameChanges(new, old, "\(steps[index]) reversed")
            }
        }
    }

    @Test func randomEditsDiffTheSameWay() throws {
        for seed in UInt64(0)..<400 {
            var random = Random(seed: seed)
            let (old, new, edits) = RandomSchema.randomVersions(edits: 1...6, using: &random)
            try expectSameChanges(try self.schema(old), try self.schema(new), "seed \(seed): \(edits)")
            try expectSameChanges(try self.schema(new), try self.schema(old), "seed \(seed) reversed: \(edits)")
        }
    }

    /// `isUnchanged` also refuses a table equal in both versions whose foreign key a rename
    /// reaches. A valid schema never gets there (a key to a renamed table or column names the new
    /// name, so the table differs; a `renamed_from` whose old name is used again is no rename):
    /// these versions are made by hand: the new version's `tasks` replaced by the old one, whose
    /// keys still name the old table, or the old column.
    @Test func aKeyThatARenameReachesIsNotSkipped() throws {
        let old = try schema(
            """
            tables:
              projects:
                columns:
                  id: { type: uuid, primary_key: true }
                  code: { type: varchar(20), unique: true }
              tasks:
                columns:
                  id: { type: uuid, primary_key: true }
                  project_id: { type: uuid, references: projects.id }
                  project_code: { type: varchar(20), references: projects.code }
            """)
        var renamedTable = try schema(
            """
            tables:
              boards:
                renamed_from: projects
                columns:
                  id: { type: uuid, primary_key: true }
                  code: { type: varchar(20), unique: true }
              tasks:
                columns:
                  id: { type: uuid, primary_key: true }
                  project_id: { type: uuid, references: boards.id }
                  project_code: { type: varchar(20), references: boards.code }
            """)
        var renamedColumn = try schema(
            """
            tables:
              projects:
                columns:
                  id: { type: uuid, primary_key: true }
                  key: { type: varchar(20), unique: true, renamed_from: code }
              tasks:
                columns:
                  id: { type: uuid, primary_key: true }
                  project_id: { type: uuid, references: projects.id }
                  project_code: { type: varchar(20), references: projects.key }
            """)
        let oldTasks = try #require(old.table(named: "tasks"))
        for index in renamedTable.tables.indices where renamedTable.tables[index].name == "tasks" {
            renamedTable.tables[index] = oldTasks
        }
        for index in renamedColumn.tables.indices where renamedColumn.tables[index].name == "tasks" {
            renamedColumn.tables[index] = oldTasks
        }
        for new in [renamedTable, renamedColumn] {
            #expect(old.table(named: "tasks") == new.table(named: "tasks"))
            let full = SchemaDiffer.diff(from: old, to: new, skippingUnchangedTables: false).changes
            #expect(full.contains { if case .dropForeignKey(table: "tasks", _) = $0 { true } else { false } })
            try expectSameChanges(old, new)
        }
    }

    /// A table that holds a value of an enum that renames it takes the new name in its rows.
    /// (Its implicit check lists the values, so it differs anyway; `isUnchanged` does not rely
    /// on that.)
    @Test func aTableOfAnEnumThatRenamesAValueDiffsTheSameWay() throws {
        let old = try schema(
            """
            enums:
              state: [open, closed]
            tables:
              tasks:
                columns:
                  id: { type: uuid, primary_key: true }
                  state: state
            """)
        let new = try schema(
            """
            enums:
              state:
                values: [open, done]
                renamed_values: { done: closed }
            tables:
              tasks:
                columns:
                  id: { type: uuid, primary_key: true }
                  state: state
            """)
        let changes = SchemaDiffer.diff(from: old, to: new).changes
        #expect(changes.contains { if case .replaceValue(table: "tasks", _, _, _) = $0 { true } else { false } })
        try expectSameChanges(old, new)
    }

    /// Three hundred tables and one changed: one change (what the fast path is for).
    @Test func oneTableChangedOfManyIsOneChange() throws {
        let (old, new) = try oneTableChangedOfMany()
        #expect(SchemaDiffer.diff(from: old, to: new).changes.map(\.summary) == ["add column t137.note (text?)"])
        try expectSameChanges(old, new)
    }
}
