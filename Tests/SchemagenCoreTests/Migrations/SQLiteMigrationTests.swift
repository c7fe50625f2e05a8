import Foundation
import Testing

@testable import SchemagenCore

/// Each kind of change, proven on real SQLite files (`SQLiteMigrationProof`): rows of parents
/// and children of every `on_delete` kind in, the up through the `sqlite3` shell, every row
/// still there, the catalog equal to the fresh DDL's, and the down back to the old catalog.
@Suite struct SQLiteMigrationTests {
    static let base = """
        enums:
          status: [draft, active, done, archived]
        tables:
          users:
            columns:
              id: { type: uuid, primary_key: true, default: uuid() }
              email: { type: varchar(255), unique: true }
              name: text
              nickname: text?
              created_at: { type: timestamptz, default: now() }
              updated_at: { type: timestamptz, default: now(), auto_update: true }
            indexes:
              - columns: ["lower(name)"]
          projects:
            columns:
              id: { type: int, primary_key: true, identity: true }
              owner_id: { type: uuid, references: users.id, on_delete: cascade, index: true }
              title: varchar(100)
              status: { type: status, default: draft }
              budget: { type: int?, check: "budget >= 0" }
              updated_at: { type: timestamptz, default: now(), auto_update: true }
            indexes:
              - columns: [title]
                where: "status <> 'done'"
          tasks:
            columns:
              id: { type: int, primary_key: true, identity: true }
              project_id: { type: int, references: projects.id, on_delete: cascade, index: true }
              assignee_id: { type: uuid?, references: users.id, on_delete: set_null, index: true }
              reviewer_id: { type: uuid?, references: users.id, index: true }
              status: status
              done: { type: bool, default: false }
              note: text?
              updated_at: { type: timestamptz, default: now(), auto_update: true }
            checks:
              - { name: ck_tasks_reviewer, expr: "reviewer_id IS NULL OR reviewer_id <> assignee_id" }
        """

    /// Parents and children of every kind: projects cascade from users, tasks cascade from
    /// projects, set their assignee to NULL and keep their reviewer with no action.
    static let rows = """
        INSERT INTO users (id, email, name, nickname) VALUES
            ('00000000-0000-4000-8000-000000000001', 'ann@example.com', 'Ann', NULL), ('00000000-0000-4000-8000-000000000002', 'bob@example.com', 'Bob', 'bobby'),
            ('00000000-0000-4000-8000-000000000003', 'cy@example.com', 'Cy', NULL);
        INSERT INTO projects (owner_id, title, status, budget) VALUES
            ('00000000-0000-4000-8000-000000000001', 'Alpha', 'active', 10), ('00000000-0000-4000-8000-000000000002', 'Beta', 'draft', NULL), ('00000000-0000-4000-8000-000000000003', 'Gamma', 'done', 0);
        INSERT INTO tasks (project_id, assignee_id, reviewer_id, status, done, note) VALUES
            (1, '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003', 'draft', 0, NULL), (1, '00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000002', 'active', 1, 'read it'),
            (2, '00000000-0000-4000-8000-000000000001', NULL, 'done', 0, 'x'), (3, NULL, '00000000-0000-4000-8000-000000000001', 'active', 1, NULL);
        """

    func edit(_ replacements: [(String, String)]) -> String {
        var text = Self.base
        for (old, new) in replacements {
            #expect(text.contains(old), "not in the base schema: \(old)")
            text = text.replacing(old, with: new)
        }
        return text
    }

    /// Proves `base` → `edited` and back; returns the proof for assertions on its scripts.
    @discardableResult
    func prove(
        _ replacements: [(String, String)], sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> (proof: SQLiteMigrationProof, rows: [String: [String: [String]]]) {
        let proof = try SQLiteMigrationProof(from: Self.base, to: edit(replacements))
        defer { proof.removeFiles() }
        #expect(!proof.diff.isEmpty, sourceLocation: sourceLocation)
        let rows = try proof.prove(rows: Self.rows, sourceLocation: sourceLocation)
        return (proof, rows)
    }

    // MARK: Tables

    @Test func aCreatedTableHasItsKeysIndexesAndTrigger() throws {
        let (proof, _) = try prove([
            (
                "  tasks:\n",
                """
                  comments:
                    columns:
                      id: { type: uuid, primary_key: true, default: uuid() }
                      task_id: { type: int, references: tasks.id, on_delete: cascade, index: true }
                      author_id: { type: uuid?, references: users.id, on_delete: set_null, index: true }
                      body: text
                      updated_at: { type: timestamptz, default: now(), auto_update: true }
                  tasks:

                """
            )
        ])
        #expect(proof.up.contains("CONSTRAINT fk_comments_task_id FOREIGN KEY (task_id) REFERENCES tasks (id)"))
        #expect(proof.up.contains("CREATE TRIGGER trg_comments_updated_at"))
        #expect(!proof.up.contains("PRAGMA foreign_keys"))
        #expect(proof.down.contains("DROP TABLE comments;"))
    }

    @Test func aDroppedChildTableIsDropped() throws {
        let base = Self.base
        let cut = try #require(base.range(of: "  tasks:\n"))
        let proof = try SQLiteMigrationProof(from: base, to: String(base[..<cut.lowerBound]))
        defer { proof.removeFiles() }
        try proof.prove(rows: Self.rows)
        #expect(proof.upStatements.transactional == ["DROP TABLE tasks;"])
    }

    /// Dropping `projects` takes `tasks.project_id` with it: tasks is rebuilt without the key, and
    /// dropping a parent with foreign keys on would have deleted (cascade) every task. (The key is
    /// nullable here so that the down can add it back to rows that exist.)
    @Test func aDroppedParentTableLeavesItsChildrenRows() throws {
        let base = Self.base.replacing("project_id: { type: int,", with: "project_id: { type: int?,")
        let start = try #require(base.range(of: "  projects:\n"))
        let end = try #require(base.range(of: "  tasks:\n"))
        var new = base
        new.removeSubrange(start.lowerBound..<end.lowerBound)
        new = new.replacing(
            "      project_id: { type: int?, references: projects.id, on_delete: cascade, index: true }\n", with: "")
        let proof = try SQLiteMigrationProof(from: base, to: new)
        defer { proof.removeFiles() }
        let rows = try proof.prove(rows: Self.rows)
        #expect(rows["tasks"]?["id"]?.count == 4)
        #expect(proof.up.contains("PRAGMA foreign_keys = OFF;\n\nBEGIN IMMEDIATE;"))
    }

    /// The derived names follow the table: the primary key, the foreign key, the index, the enum's
    /// CHECK and the trigger are all `boards`' in the end, as the fresh DDL has them.
    @Test func aRenamedTableTakesItsDerivedNames() throws {
        let (proof, rows) = try prove([
            ("  projects:\n", "  boards:\n    renamed_from: projects\n"),
            ("references: projects.id", "references: boards.id"),
        ])
        #expect(rows["boards"]?["title"] == ["'Alpha'", "'Beta'", "'Gamma'"])
        #expect(rows["tasks"]?["project_id"] == ["1", "1", "2", "3"])
        #expect(proof.up.contains("ALTER TABLE projects RENAME TO boards;"))
        #expect(proof.down.contains("ALTER TABLE boards RENAME TO projects;"))
    }

    /// Without derived names to rename, a table rename is one ALTER TABLE.
    @Test func aRenamedPlainTableIsOneStatement() throws {
        let old = "tables:\n  notes:\n    columns:\n      body: text\n      color: varchar(20)?\n"
        let new =
            "tables:\n  memos:\n    renamed_from: notes\n    columns:\n      body: text\n      color: varchar(20)?\n"
        let proof = try SQLiteMigrationProof(from: old, to: new)
        defer { proof.removeFiles() }
        try proof.prove(rows: "INSERT INTO notes (body, color) VALUES ('a', NULL), ('b', 'red');")
        #expect(proof.upStatements.transactional == ["ALTER TABLE notes RENAME TO memos;"])
    }

    // MARK: Columns

    @Test func aColumnThatALTERCanAddIsAdded() throws {
        let (proof, rows) = try prove([
            (
                "      note: text?\n",
                "      note: text?\n      priority: { type: bigint, default: 0 }\n      label: varchar(20)?\n"
            )
        ])
        #expect(
            proof.upStatements.transactional == [
                "ALTER TABLE tasks ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;",
                "ALTER TABLE tasks ADD COLUMN label TEXT;",
            ])
        #expect(!proof.up.contains("PRAGMA"))
        #expect(rows["tasks"]?["priority"] == ["0", "0", "0", "0"])
    }

    /// `now()` and `uuid()` are expressions, which ADD COLUMN refuses: the table is rebuilt and
    /// each existing row gets the default (its own uuid).
    @Test func aColumnWithAnExpressionDefaultRebuildsTheTable() throws {
        let (proof, rows) = try prove([
            (
                "      note: text?\n",
                "      note: text?\n      public_id: { type: uuid, default: uuid() }\n"
                    + "      created_at: { type: timestamptz, default: now() }\n"
            )
        ])
        #expect(proof.up.contains("-- Rebuild tasks (add column public_id (its default is an expression)"))
        #expect(Set(rows["tasks"]?["public_id"] ?? []).count == 4)
        #expect(rows["tasks"]?["created_at"]?.allSatisfy { $0.hasPrefix("'20") } == true)
    }

    @Test func aPlainColumnIsDroppedByALTER() throws {
        let (proof, _) = try prove([("      note: text?\n", "")])
        #expect(proof.upStatements.transactional == ["ALTER TABLE tasks DROP COLUMN note;"])
        #expect(proof.downStatements.transactional == ["ALTER TABLE tasks ADD COLUMN note TEXT;"])
    }

    /// A column in a foreign key cannot be dropped by ALTER TABLE.
    @Test func aKeyColumnIsDroppedByARebuild() throws {
        let (proof, rows) = try prove([
            ("      reviewer_id: { type: uuid?, references: users.id, index: true }\n", ""),
            (
                "\n    checks:\n      - { name: ck_tasks_reviewer, expr: \"reviewer_id IS NULL OR reviewer_id <> assignee_id\" }",
                ""
            ),
        ])
        #expect(proof.up.contains("-- Rebuild tasks"))
        #expect(
            rows["tasks"]?["assignee_id"] == [
                "'00000000-0000-4000-8000-000000000001'", "'00000000-0000-4000-8000-000000000002'",
                "'00000000-0000-4000-8000-000000000003'", "NULL",
            ])
    }

    @Test func aRenamedColumnIsRenamedByALTER() throws {
        let (proof, rows) = try prove([("      note: text?\n", "      remark: { type: text?, renamed_from: note }\n")])
        #expect(proof.upStatements.transactional == ["ALTER TABLE tasks RENAME COLUMN note TO remark;"])
        #expect(rows["tasks"]?["remark"] == ["'read it'", "'x'", "NULL", "NULL"])
    }

    /// `ck_tasks_status_values` becomes `ck_tasks_state_values`: only a rebuild renames a check.
    @Test func aRenamedEnumColumnRenamesItsCheck() throws {
        let (proof, rows) = try prove([
            ("      status: status\n", "      state: { type: status, renamed_from: status }\n")
        ])
        #expect(proof.up.contains("ALTER TABLE tasks RENAME COLUMN status TO state;"))
        #expect(proof.up.contains("rename check ck_tasks_status_values to ck_tasks_state_values"))
        #expect(rows["tasks"]?["state"] == ["'active'", "'active'", "'done'", "'draft'"])
    }

    /// A renamed primary key column: the children's foreign keys follow it.
    @Test func aRenamedKeyColumnKeepsItsChildren() throws {
        let (proof, _) = try prove([
            (
                "      id: { type: uuid, primary_key: true, default: uuid() }\n",
                "      uid: { type: uuid, primary_key: true, default: uuid(), renamed_from: id }\n"
            ),
            ("references: users.id", "references: users.uid"),
        ])
        #expect(proof.up.contains("ALTER TABLE users RENAME COLUMN id TO uid;"))
    }

    @Test func aTypeChangeRebuilds() throws {
        let (proof, rows) = try prove([
            (
                "      budget: { type: int?, check: \"budget >= 0\" }\n",
                "      budget: { type: text?, check: \"budget >= 0\" }\n"
            )
        ])
        #expect(proof.up.contains("-- Rebuild projects (change check ck_projects_budget_range; change column budget)"))
        #expect(rows["projects"]?["budget"] == ["'0'", "'10'", "NULL"])
    }

    /// varchar(20) and text are both TEXT in SQLite, with no length check unless the config asks
    /// for one: nothing to do.
    @Test func aTypeChangeSQLiteCannotSeeChangesNothing() throws {
        let (proof, _) = try prove([("      note: text?\n", "      note: varchar(20)?\n")])
        #expect(proof.upStatements.transactional == ["-- tasks.note: no change that SQLite sees."])
    }

    /// int and bigint are both INTEGER in SQLite, but an int keeps its 32-bit range by a check:
    /// widening drops the check, which only a rebuild can do.
    @Test func anIntWidenedToBigintDropsItsRangeCheck() throws {
        let (proof, _) = try prove([("      budget: { type: int?,", "      budget: { type: bigint?,")])
        #expect(proof.up.contains("-- Rebuild projects (change check ck_projects_budget_range)"))
        #expect(!proof.up.contains("CONSTRAINT ck_projects_budget_range"))
    }

    /// A column that becomes NOT NULL with a default: its NULLs take the default.
    @Test func aColumnThatBecomesNotNullIsFilledWithItsDefault() throws {
        let (proof, rows) = try prove([("      note: text?\n", "      note: { type: text, default: \"\" }\n")])
        #expect(
            proof.up.contains(
                "SELECT id, project_id, assignee_id, reviewer_id, status, done, coalesce(note, ''), updated_at FROM tasks;"
            ))
        #expect(rows["tasks"]?["note"] == ["''", "''", "'read it'", "'x'"])
    }

    @Test func aChangedDefaultRebuilds() throws {
        let (proof, _) = try prove([
            ("      done: { type: bool, default: false }\n", "      done: { type: bool, default: true }\n")
        ])
        #expect(proof.up.contains("done INTEGER NOT NULL DEFAULT 1"))
    }

    // MARK: Constraints and indexes

    @Test func anAddedAndADroppedPrimaryKey() throws {
        let old = "tables:\n  tags:\n    columns:\n      name: text\n      color: text?\n"
        let new = "tables:\n  tags:\n    columns:\n      name: { type: text, primary_key: true }\n      color: text?\n"
        let proof = try SQLiteMigrationProof(from: old, to: new)
        defer { proof.removeFiles() }
        try proof.prove(rows: "INSERT INTO tags (name, color) VALUES ('a', NULL), ('b', 'red');")
        #expect(proof.up.contains("CONSTRAINT pk_tags PRIMARY KEY (name)"))
    }

    @Test func anAddedAndADroppedUniqueConstraint() throws {
        try prove([
            ("      name: text\n", "      name: { type: text, unique: true }\n"),
            ("      email: { type: varchar(255), unique: true }\n", "      email: varchar(255)\n"),
        ])
    }

    @Test func anAddedAndADroppedCheck() throws {
        try prove([
            ("      budget: { type: int?, check: \"budget >= 0\" }\n", "      budget: int?\n"),
            ("      title: varchar(100)\n", "      title: { type: varchar(100), check: \"length(title) > 0\" }\n"),
        ])
    }

    @Test func anAddedAndADroppedForeignKey() throws {
        try prove([
            (
                "      reviewer_id: { type: uuid?, references: users.id, index: true }\n",
                "      reviewer_id: { type: uuid?, index: true }\n"
            ),
            (
                "      note: text?\n",
                "      note: text?\n      parent_id: { type: int?, references: tasks.id, on_delete: set_null, index: true }\n"
            ),
        ])
    }

    @Test func aForeignKeyWithAnotherActionRebuilds() throws {
        let (proof, rows) = try prove([
            (
                "      reviewer_id: { type: uuid?, references: users.id, index: true }\n",
                "      reviewer_id: { type: uuid?, references: users.id, on_delete: set_null, index: true }\n"
            )
        ])
        #expect(proof.up.contains("-- Rebuild tasks (change foreign key fk_tasks_reviewer_id)"))
        #expect(
            rows["tasks"]?["reviewer_id"] == [
                "'00000000-0000-4000-8000-000000000001'", "'00000000-0000-4000-8000-000000000002'",
                "'00000000-0000-4000-8000-000000000003'", "NULL",
            ])
    }

    /// Indexes, partial and on an expression, are created and dropped without a rebuild.
    @Test func indexesAreAddedAndDroppedByThemselves() throws {
        let (proof, _) = try prove([
            ("      - columns: [\"lower(name)\"]\n", "      - columns: [\"lower(email)\"]\n        unique: true\n"),
            ("        where: \"status <> 'done'\"\n", "        where: \"status <> 'archived'\"\n"),
            (
                "    checks:\n",
                "    indexes:\n      - columns: [status, \"done desc\"]\n        where: \"note IS NOT NULL\"\n    checks:\n"
            ),
        ])
        #expect(!proof.up.contains("Rebuild"))
        #expect(proof.up.contains("CREATE UNIQUE INDEX uq_users_lower_email ON users ((lower(email)));"))
        #expect(proof.up.contains("DROP INDEX ix_projects_title;"))
    }

    // MARK: Enums, triggers, comments

    /// The enum's values are in a CHECK on each of its columns: both tables that use it are rebuilt.
    @Test func anEnumValueAddedRebuildsEveryTableThatUsesIt() throws {
        let (proof, rows) = try prove([
            ("status: [draft, active, done, archived]", "status: [draft, active, blocked, done, archived]")
        ])
        #expect(proof.up.contains("-- Rebuild projects"))
        #expect(proof.up.contains("-- Rebuild tasks"))
        #expect(
            rows["tasks"]?["assignee_id"] == [
                "'00000000-0000-4000-8000-000000000001'", "'00000000-0000-4000-8000-000000000002'",
                "'00000000-0000-4000-8000-000000000003'", "NULL",
            ])
    }

    @Test func anEnumValueRemovedRebuildsEveryTableThatUsesIt() throws {
        let (proof, _) = try prove([("status: [draft, active, done, archived]", "status: [draft, active, done]")])
        #expect(proof.up.components(separatedBy: "-- Rebuild").count == 3)
    }

    @Test func autoUpdateAddedAndRemoved() throws {
        let (proof, _) = try prove([
            (
                "      updated_at: { type: timestamptz, default: now(), auto_update: true }\n    checks:",
                "      updated_at: { type: timestamptz, default: now() }\n    checks:"
            ),
            (
                "      nickname: text?\n",
                "      nickname: text?\n      seen_at: { type: timestamptz?, auto_update: true }\n"
            ),
        ])
        #expect(proof.upStatements.transactional.contains("DROP TRIGGER trg_tasks_updated_at;"))
        // The down rebuilds users without seen_at: dropping the old table took its trigger along.
        #expect(!proof.down.contains("CREATE TRIGGER trg_users_seen_at"))
        // tasks loses its trigger by ALTER alone; users is rebuilt for seen_at's timestamp check.
        #expect(!proof.up.contains("Rebuild tasks"))
    }

    @Test func aCommentChangeRebuildsNothing() throws {
        let (proof, _) = try prove([("      note: text?\n", "      note: { type: text?, comment: Free text }\n")])
        #expect(proof.upStatements.transactional.count == 1)
        #expect(proof.upStatements.transactional[0].hasPrefix("-- tasks.note: comment changed"))
    }

    // MARK: Several changes at once

    /// A child rebuilt first (it drops a key, which comes before any rename) already points at its
    /// parent's new name; the parent's rename and rebuild come after, and the chain still ends
    /// where the fresh DDL starts.
    @Test func aChildRebuiltBeforeItsParentIsRenamed() throws {
        let (proof, rows) = try prove([
            ("  projects:\n", "  boards:\n    renamed_from: projects\n"),
            ("references: projects.id", "references: boards.id"),
            (
                "      reviewer_id: { type: uuid?, references: users.id, index: true }\n",
                "      reviewer_id: { type: uuid?, index: true }\n"
            ),
        ])
        let up = proof.up
        let child = try #require(up.range(of: "-- Rebuild tasks"))
        let parent = try #require(up.range(of: "ALTER TABLE projects RENAME TO boards;"))
        #expect(child.lowerBound < parent.lowerBound)
        #expect(rows["tasks"]?["project_id"] == ["1", "1", "2", "3"])
    }

    /// Two new tables that reference each other: each is created with both keys inline.
    @Test func newTablesInACycle() throws {
        let (proof, _) = try prove([
            (
                "  tasks:\n",
                """
                  teams:
                    columns:
                      id: { type: int, primary_key: true, identity: true }
                      lead_id: { type: int?, references: members.id, on_delete: set_null, index: true }
                  members:
                    columns:
                      id: { type: int, primary_key: true, identity: true }
                      team_id: { type: int, references: teams.id, on_delete: cascade, index: true }
                  tasks:

                """
            )
        ])
        #expect(proof.up.contains("CONSTRAINT fk_teams_lead_id FOREIGN KEY (lead_id) REFERENCES members (id)"))
        #expect(!proof.up.contains("Rebuild"))
    }

    /// A table without derived check names (no column whose type SQLite checks): renamed, a
    /// column added, an index whose derived name follows, all by ALTER TABLE, CREATE and DROP. (A
    /// trigger's column is a timestamp, whose check's name follows the table: that is a rebuild.)
    @Test func aPlainTableRenamedWithItsIndexAndTrigger() throws {
        let old = """
            tables:
              notes:
                columns:
                  body: text
                  color: varchar(20)?
                indexes:
                  - columns: [color]
            """
        let new = """
            tables:
              memos:
                renamed_from: notes
                columns:
                  text: { type: text, renamed_from: body }
                  color: varchar(20)?
                  pinned: { type: bigint, default: 0 }
                indexes:
                  - columns: [color]
                  - columns: ["lower(text)"]
            """
        let proof = try SQLiteMigrationProof(from: old, to: new)
        defer { proof.removeFiles() }
        try proof.prove(rows: "INSERT INTO notes (body, color) VALUES ('a', NULL), ('b', 'red');")
        #expect(
            proof.upStatements.transactional == [
                "DROP INDEX ix_notes_color;",
                "ALTER TABLE notes RENAME TO memos;",
                "ALTER TABLE memos RENAME COLUMN body TO text;",
                "ALTER TABLE memos ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;",
                "CREATE INDEX ix_memos_color ON memos (color);",
                "CREATE INDEX ix_memos_lower_text ON memos ((lower(text)));",
            ])
    }

    /// An index SQLite does not have (gin) is neither dropped nor made; the script says so.
    @Test func aPostgresOnlyIndexIsLeftOut() throws {
        let (proof, _) = try prove([
            ("      nickname: text?\n", "      nickname: text?\n      tags: { type: json, default: [] }\n"),
            (
                "      - columns: [\"lower(name)\"]\n",
                "      - columns: [\"lower(name)\"]\n      - { columns: [tags], using: gin }\n"
            ),
        ])
        #expect(proof.up.contains("-- idx_users_tags skipped: gin indexes are Postgres-only"))
        #expect(!proof.down.contains("DROP INDEX idx_users_tags"))
    }

    /// Two dropped tables that reference each other go with foreign keys off, so neither's
    /// implicit DELETE fails on or cascades into the other.
    @Test func droppedTablesInACycle() throws {
        let cycle = """
              teams:
                columns:
                  id: { type: int, primary_key: true, identity: true }
                  lead_id: { type: int?, references: members.id, index: true }
              members:
                columns:
                  id: { type: int, primary_key: true, identity: true }
                  team_id: { type: int, references: teams.id, index: true }

            """
        let old = Self.base.replacing("  tasks:\n", with: cycle + "  tasks:\n")
        let proof = try SQLiteMigrationProof(from: old, to: Self.base)
        defer { proof.removeFiles() }
        try proof.prove(
            rows: Self.rows + """

                INSERT INTO teams (id, lead_id) VALUES (1, NULL);
                INSERT INTO members (id, team_id) VALUES (1, 1);
                UPDATE teams SET lead_id = 1;
                """)
        #expect(proof.upStatements.needsForeignKeysOff)
    }

    // MARK: The traps of MIGRATIONS.md

    /// Rebuilding a parent with `cascade`, `set_null` and no-action children keeps every child row
    /// and every reference: the foreign keys are off outside the transaction.
    @Test func aRebuiltParentKeepsItsChildren() throws {
        let (proof, rows) = try prove([("      name: text\n", "      name: { type: text, default: anonymous }\n")])
        #expect(proof.up.contains("-- Rebuild users"))
        #expect(
            rows["projects"]?["owner_id"] == [
                "'00000000-0000-4000-8000-000000000001'", "'00000000-0000-4000-8000-000000000002'",
                "'00000000-0000-4000-8000-000000000003'",
            ])
        #expect(
            rows["tasks"]?["assignee_id"] == [
                "'00000000-0000-4000-8000-000000000001'", "'00000000-0000-4000-8000-000000000002'",
                "'00000000-0000-4000-8000-000000000003'", "NULL",
            ])
        #expect(
            rows["tasks"]?["reviewer_id"] == [
                "'00000000-0000-4000-8000-000000000001'", "'00000000-0000-4000-8000-000000000002'",
                "'00000000-0000-4000-8000-000000000003'", "NULL",
            ])
    }

    /// The script applies exactly as `sqlite3 -bail DB < FILE`, on a shell connection that has not
    /// turned foreign keys on itself.
    @Test func theScriptAppliesWithThePlainShell() throws {
        let proof = try SQLiteMigrationProof(
            from: Self.base, to: edit([("      name: text\n", "      name: { type: text, default: anonymous }\n")]))
        defer { proof.removeFiles() }
        try proof.create(rows: Self.rows)
        try proof.runShell(proof.up, name: "up.sql", foreignKeysOn: false)
        #expect(try SQLiteCatalog.read(proof.open()) == SQLiteMigrationProof.freshCatalog(proof.diff.to))
        #expect(try proof.rows(proof.diff.to)["tasks"]?["id"]?.count == 4)
    }

    /// A row that breaks a new foreign key fails the script before COMMIT: the database is left
    /// exactly as it was.
    @Test func aBrokenForeignKeyFailsTheScriptAndChangesNothing() throws {
        let old = edit([("      note: text?\n", "      note: text?\n      owner_id: uuid?\n")])
        let new = edit([
            (
                "      note: text?\n",
                "      note: text?\n      owner_id: { type: uuid?, references: users.id, index: true }\n"
            )
        ])
        let proof = try SQLiteMigrationProof(from: old, to: new)
        defer { proof.removeFiles() }
        try proof.create(
            rows: Self.rows + "\nUPDATE tasks SET owner_id = '00000000-0000-4000-8000-00000000dead' WHERE id = 2;")
        let catalog = try SQLiteCatalog.read(proof.open())
        let before = try proof.rows(proof.diff.from)
        let failure = #expect(throws: CommandError.self) { try proof.runShell(proof.up, name: "up.sql") }
        #expect(failure?.errorOutput.contains("CHECK constraint failed: no_row_may_break_a_foreign_key") == true)
        #expect(try SQLiteCatalog.read(proof.open()) == catalog)
        #expect(try proof.rows(proof.diff.from) == before)
    }

    /// The first migration creates the whole example schema, as its fresh DDL does; its down
    /// leaves an empty database.
    @Test func theFirstMigrationCreatesTheExample() throws {
        let schema = try Self.exampleSchema()
        let proof = try SQLiteMigrationProof(from: Schema(tables: []), to: schema)
        defer { proof.removeFiles() }
        try proof.prove(rows: "")
        #expect(proof.downStatements.transactional.allSatisfy { $0.hasPrefix("DROP TABLE ") })
    }

    static func exampleFiles() throws -> [String: String] {
        let root = ExampleSchemaDatabaseTests.repositoryRoot.appendingPathComponent("schema")
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: root.path) where name.hasSuffix(".yaml") {
            files["schema/\(name)"] = try String(contentsOf: root.appendingPathComponent(name), encoding: .utf8)
        }
        return files
    }

    static func exampleSchema() throws -> Schema {
        try #require(loadSchema(exampleFiles()).schema)
    }

    /// The example schema's trap: a value added to `agent_kind` rebuilds agents, token_usage and
    /// budget_limits; agent_memory (cascade) and token_usage's agent_id (set_null) keep their rows.
    @Test func theExampleSchemasSharedEnum() throws {
        var files = try Self.exampleFiles()
        let old = try #require(loadSchema(files).schema)
        let enums = try #require(files["schema/00-enums.yaml"])
        files["schema/00-enums.yaml"] = enums.replacing(
            "agent_kind: [orchestrator, architect, coder, tester, reviewer]",
            with: "agent_kind: [orchestrator, architect, coder, tester, reviewer, writer]")
        let new = try #require(loadSchema(files).schema)
        let proof = try SQLiteMigrationProof(from: old, to: new)
        defer { proof.removeFiles() }
        let rows = try proof.prove(rows: ExampleSchemaDatabaseTests.rows)
        for table in ["agents", "token_usage", "budget_limits"] {
            #expect(proof.up.contains("-- Rebuild \(table) ("), "\(table)")
        }
        #expect(rows["agent_memory"]?["agent_id"] == ["'00000000-0000-4000-8000-000000000003'"])
        #expect(rows["token_usage"]?["agent_id"] == ["'00000000-0000-4000-8000-000000000003'"])
    }
}
