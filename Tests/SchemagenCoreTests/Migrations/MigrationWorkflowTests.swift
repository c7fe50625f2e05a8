import Foundation
import Testing

@testable import SchemagenCore

/// The migration workflow as a user lives it, in a real git repository: generate, edit, generate
/// again while the migration is pending, commit, edit; the risk gate; the integrity checks.
@Suite struct MigrationWorkflowTests {
    static let v1 = """
        tables:
          projects:
            columns:
              id: { type: uuid, primary_key: true, default: uuid() }
              name: varchar(100)
          tasks:
            columns:
              id: { type: uuid, primary_key: true, default: uuid() }
              title: text
              legacy: text?
              project_id: { type: uuid, references: projects.id, on_delete: cascade, index: true }
        """

    /// A project in a git repository of its own.
    final class Repository {
        let project: TemporaryProject
        var root: URL { project.root }

        init(schema: String) throws {
            // Tables without created_at and updated_at keep the scripts short.
            project = try TemporaryProject(files: [
                "schema/app.yaml": schema, "schemagen.yaml": "rules:\n  timestamps: off\n",
            ])
            try git("init", "-q")
            try git("config", "user.email", "test@example.com")
            try git("config", "user.name", "Test")
        }

        @discardableResult
        func git(_ arguments: String...) throws -> String {
            try CommandRunner.run([try #require(GitCommits.executable(named: "git")), "-C", root.path] + arguments)
                .output
        }

        func commit(_ message: String = "step") throws {
            try git("add", "-A")
            try git("commit", "-q", "-m", message)
        }

        /// `schemagen generate`: the result, written when it has no error.
        @discardableResult
        func generate(_ options: MigrationOptions = MigrationOptions()) throws -> Generator.Result {
            let result = Generator(root: root, migrationOptions: options).run()
            if !result.diagnostics.hasErrors {
                try result.writer(root: root).write(result.files)
            }
            return result
        }

        func migrations(_ dialect: String = "postgres") -> [String] {
            project.files(under: "Generated/migrations/\(dialect)")
        }

        func errors(_ result: Generator.Result) -> [String] {
            result.diagnostics.filter { $0.severity == .error }.map { "\($0.rule): \($0.message)" }
        }
    }

    @Test func aPendingMigrationIsRewrittenUntilItIsCommitted() throws {
        let repo = try Repository(schema: Self.v1)
        #expect(try repo.generate().migration?.id.description == "0001_create_schema")
        #expect(repo.migrations() == ["0001_create_schema.down.sql", "0001_create_schema.up.sql"])
        #expect(try repo.generate().migration?.rewritesPending == true, "the same migration, planned again")

        // Not committed yet: an edit goes into 0001, no 0002.
        try repo.project.write(
            "schema/app.yaml",
            Self.v1.replacing(
                "      title: text\n", with: "      title: text\n      priority: { type: bigint, default: 0 }\n"))
        try repo.generate()
        #expect(repo.migrations() == ["0001_create_schema.down.sql", "0001_create_schema.up.sql"])
        #expect(
            repo.project.read("Generated/migrations/postgres/0001_create_schema.up.sql")?.contains("priority bigint")
                == true)

        // Committed: the next edit starts 0002, named for its change.
        try repo.commit()
        #expect(try repo.generate().migration == nil, "no change, no migration")
        let v2 = try #require(repo.project.read("schema/app.yaml"))
        try repo.project.write("schema/app.yaml", v2.replacing("name: varchar(100)", with: "name: varchar(200)"))
        let second = try repo.generate()
        #expect(second.migration?.id.description == "0002_change_projects_name")
        let up = try #require(repo.project.read("Generated/migrations/postgres/0002_change_projects_name.up.sql"))
        #expect(up.contains("-- revision: 0002_change_projects_name\n-- down_revision: 0001_create_schema\n"))
        #expect(up.contains("ALTER TABLE projects ALTER COLUMN name TYPE varchar(200);"))

        // Another edit while 0002 is pending: 0002 holds both, under a name that says so.
        try repo.project.write(
            "schema/app.yaml",
            v2.replacing("name: varchar(100)", with: "name: varchar(200)")
                .replacing(
                    "      title: text\n", with: "      title: text\n      done: { type: bool, default: false }\n"))
        try repo.generate()
        #expect(
            repo.migrations() == [
                "0001_create_schema.down.sql", "0001_create_schema.up.sql", "0002_changes.down.sql",
                "0002_changes.up.sql",
            ])
        #expect(
            repo.project.files(under: "Generated/migrations/snapshots") == [
                "0001_create_schema.json", "0002_changes.json",
            ])
        // And `check` (the files as planned, compared with disk) finds nothing stale.
        let check = Generator(root: repo.root).run()
        #expect(repo.errors(check) == [])
        #expect(check.writer(root: repo.root).changes(for: check.files) == [])
    }

    @Test func aDestructiveChangeStopsUntilItIsAcknowledged() throws {
        let repo = try Repository(schema: Self.v1)
        try repo.generate()
        try repo.commit()
        let dropped = Self.v1.replacing("      legacy: text?\n", with: "")
        try repo.project.write("schema/app.yaml", dropped)
        let stopped = try repo.generate()
        #expect(
            repo.errors(stopped) == [
                "destructive-change: the migration drops column tasks.legacy and its values (data loss)"
            ])
        let finding = try #require(stopped.diagnostics.first)
        #expect(finding.location?.file == "schema/app.yaml")
        #expect(finding.location?.line == 6, "at the table that loses the column")
        #expect(repo.migrations().count == 2, "nothing written")

        let accepted = try repo.generate(MigrationOptions(acceptDataLoss: true))
        #expect(repo.errors(accepted) == [])
        let up = try #require(repo.project.read("Generated/migrations/postgres/0002_drop_tasks_legacy.up.sql"))
        #expect(
            up.contains("--   data loss, acknowledged (--accept-data-loss): drops column tasks.legacy and its values"))
        // Acknowledged once, it stays so while the migration is pending, in the same words: a
        // `check` without the flag finds the pending migration as written, not stale.
        let check = Generator(root: repo.root).run()
        #expect(repo.errors(check) == [])
        #expect(check.writer(root: repo.root).changes(for: check.files) == [])
        #expect(repo.errors(try repo.generate()) == [])
        #expect(repo.project.read("Generated/migrations/postgres/0002_drop_tasks_legacy.up.sql") == up)

        // In the schema instead of on the command line.
        try FileManager.default.removeItem(
            at: repo.root.appendingPathComponent("Generated/migrations/postgres/0002_drop_tasks_legacy.up.sql"))
        try repo.project.write(
            "schema/app.yaml",
            dropped.replacing(
                "  tasks:\n", with: "  tasks:\n    exceptions: { destructive-change: legacy is unused since 2024 }\n"))
        let excused = try repo.generate()
        #expect(repo.errors(excused) == [])
        #expect(
            repo.project.read("Generated/migrations/postgres/0002_drop_tasks_legacy.up.sql")?.contains(
                "acknowledged (exception: legacy is unused since 2024)") == true)
    }

    @Test func aRenameWithoutRenamedFromSuggestsIt() throws {
        let repo = try Repository(schema: Self.v1)
        try repo.generate()
        try repo.commit()
        try repo.project.write("schema/app.yaml", Self.v1.replacing("legacy: text?", with: "old_notes: text?"))
        let stopped = try repo.generate()
        let finding = try #require(stopped.diagnostics.first { $0.rule == "destructive-change" })
        #expect(finding.fixes.first == "if tasks.old_notes is legacy renamed, write `renamed_from: legacy` on it")
        try repo.project.write(
            "schema/app.yaml",
            Self.v1.replacing("legacy: text?", with: "old_notes: { type: text?, renamed_from: legacy }"))
        #expect(try repo.generate().migration?.id.description == "0002_rename_tasks_legacy_to_old_notes")
    }

    @Test func anEditedCommittedMigrationIsAnIntegrityError() throws {
        let repo = try Repository(schema: Self.v1)
        try repo.generate()
        try repo.commit()
        let path = "Generated/migrations/sqlite/0001_create_schema.up.sql"
        let original = try #require(repo.project.read(path))
        try repo.project.write(path, original.replacing("COMMIT;", with: "-- a hand edit\nCOMMIT;"))
        let result = Generator(root: repo.root).run()
        #expect(
            repo.errors(result) == [
                "migration-integrity: Generated/\(path.dropFirst("Generated/".count)) was edited after it was committed: a database that applied it would not hold what it now says"
            ])
        #expect(result.files.isEmpty, "nothing is written over it")
        try repo.project.write(path, original)

        // A removed file, and two migrations that claim one number.
        try FileManager.default.removeItem(
            at: repo.root.appendingPathComponent("Generated/migrations/postgres/0001_create_schema.down.sql"))
        #expect(
            repo.errors(Generator(root: repo.root).run()) == [
                "migration-integrity: Generated/migrations/postgres/0001_create_schema.down.sql was removed: the integrity file lists it"
            ])
        try repo.git("checkout", "--", ".")
        try repo.project.write("Generated/migrations/snapshots/0001_other.json", "{}")
        #expect(
            repo.errors(Generator(root: repo.root).run()).contains {
                $0.contains("migrations 0001_create_schema and 0001_other claim the same number")
            })
    }

    /// A history whose snapshots schemagen wrote in format 1 (twice the bytes) goes on: an
    /// unchanged schema is no migration, and the next migration's snapshot is written in format 2,
    /// the committed one left as it was.
    @Test func aHistoryInSnapshotFormatOneGoesOnInFormatTwo() throws {
        let repo = try Repository(schema: Self.v1)
        try repo.generate()
        let path = "Generated/migrations/snapshots/0001_create_schema.json"
        let written = try #require(repo.project.read(path))
        var first = try MigrationSnapshot.decode(Array(written.utf8)).get()
        #expect(first.format == 2)
        first.format = 1
        let formatOne = first.bytes
        #expect(String(decoding: formatOne, as: UTF8.self).contains("\"format\" : 1,\n"))
        try repo.project.write(path, String(decoding: formatOne, as: UTF8.self))
        // The integrity file as the schemagen that wrote format 1 wrote it.
        let sumPath = "Generated/migrations/schemagen.sum"
        let sumText = try #require(repo.project.read(sumPath))
        let sum = try #require(IntegrityFile.parse(sumText))
        let files = try sum.entries.map { entry in
            let text = try #require(repo.project.read("Generated/" + entry.path))
            return (path: entry.path, bytes: Array(text.utf8))
        }
        try repo.project.write(sumPath, IntegrityFile(files: files).text)
        try repo.commit()
        // The migration's Swift file as that schemagen wrote it: its fingerprint covers the
        // scripts' lines in the integrity file, which follow the snapshot's.
        #expect(repo.errors(try repo.generate()).isEmpty)
        try repo.commit()

        // The planner compares this schema with the committed snapshot in that snapshot's format
        // (`format(ofTextStartingWith:)`): its bytes, so the snapshot is not read at all.
        #expect(MigrationSnapshot.format(ofTextStartingWith: formatOne) == 1)
        let schema = try #require(loadSchema(["schema/app.yaml": Self.v1]).schema)
        #expect(MigrationSnapshot(schema: schema, format: 1).isEncoded(in: formatOne))
        #expect(!MigrationSnapshot(schema: schema).isEncoded(in: formatOne))
        let unchanged = try repo.generate()
        #expect(repo.errors(unchanged).isEmpty)
        #expect(unchanged.migration == nil)
        #expect(try repo.git("status", "--porcelain").isEmpty, "nothing rewritten")
        // The same with the history's files read in blocks, as large ones are.
        var blocks = Generator(root: repo.root)
        blocks.historyDeferringFrom = 0
        let inBlocks = blocks.run()
        #expect(repo.errors(inBlocks).isEmpty)
        #expect(inBlocks.migration == nil)

        try repo.project.write("schema/app.yaml", Self.v1 + "\n      note: text?\n")
        let next = try repo.generate()
        #expect(repo.errors(next).isEmpty)
        #expect(next.migration?.id.description == "0002_add_tasks_note")
        let committed = try #require(repo.project.read(path))
        #expect(Array(committed.utf8) == formatOne, "the committed snapshot as it was")
        let second = try #require(repo.project.read("Generated/migrations/snapshots/0002_add_tasks_note.json"))
        let snapshot = try MigrationSnapshot.decode(Array(second.utf8)).get()
        #expect(snapshot.format == 2)
        #expect(Array(second.utf8) == snapshot.bytes)
        let nextSchema = try requireSchema(Self.v1 + "\n      note: text?\n")
        #expect(SchemaDiffer.diff(from: snapshot.schema, to: nextSchema).isEmpty)
        #expect(repo.errors(Generator(root: repo.root).run()).isEmpty)
    }

    /// A checkout with CR LF line ends (git's `core.autocrlf`) holds the same migrations: the
    /// integrity file's lines are read by any line end, the proof holds, and nothing is stale
    /// or written (the integrity file kept as it is, as the migrations' own files are).
    @Test func aCheckoutWithCRLFLineEndsHoldsTheSameMigrations() throws {
        let repo = try Repository(schema: Self.v1)
        try repo.generate()
        try repo.commit()
        let text = try #require(repo.project.read("Generated/migrations/schemagen.sum"))
        let lf = try #require(IntegrityFile.parse(text))
        #expect(IntegrityFile.parse(text.replacing("\n", with: "\r\n")) == lf)
        for path in repo.project.files(under: "Generated/migrations") {
            let file = "Generated/migrations/" + path
            try repo.project.write(file, try #require(repo.project.read(file)).replacing("\n", with: "\r\n"))
        }
        let result = Generator(root: repo.root).run(keepingOnlyChanges: true)
        #expect(repo.errors(result).isEmpty)
        #expect(result.files.map(\.path) == [])
        #expect(result.migration == nil)
    }

    /// `Generated/` deleted (or emptied) under committed migrations: not a first migration to plan
    /// again over the committed one, but an error that names it, and nothing written; the
    /// migration's files restored, the run goes on as before.
    @Test func aDeletedGeneratedFolderDoesNotPlanTheCommittedMigrationAgain() throws {
        let repo = try Repository(schema: Self.v1)
        try repo.generate()
        try repo.commit()
        try repo.project.write(
            "schema/app.yaml", Self.v1.replacing("legacy: text?", with: "legacy: text?\n      note: text?"))
        let expected = [
            "migration-integrity: migration 0001_create_schema is committed but not on disk (Generated/migrations/snapshots/0001_create_schema.json is missing): the next migration would be planned without it"
        ]
        try FileManager.default.removeItem(at: repo.root.appendingPathComponent("Generated"))
        let deleted = try repo.generate()
        #expect(repo.errors(deleted) == expected)
        #expect(!repo.project.exists("Generated"), "nothing is written")
        try FileManager.default.createDirectory(
            at: repo.root.appendingPathComponent("Generated/migrations"), withIntermediateDirectories: true)
        #expect(repo.errors(try repo.generate()) == expected, "an empty migrations folder")

        try repo.git("checkout", "HEAD", "--", "Generated")
        let restored = try repo.generate()
        #expect(repo.errors(restored) == [])
        #expect(restored.migration?.id.description == "0002_add_tasks_note")
    }

    @Test func twoBranchesThatBothAddAMigrationConflictInGit() throws {
        let repo = try Repository(schema: Self.v1)
        try repo.generate()
        try repo.commit()
        try repo.git("checkout", "-q", "-b", "other")
        try repo.project.write("schema/app.yaml", Self.v1.replacing("name: varchar(100)", with: "name: varchar(150)"))
        try repo.generate()
        try repo.commit("other")
        try repo.git("checkout", "-q", "-")
        try repo.project.write(
            "schema/app.yaml", Self.v1.replacing("      title: text\n", with: "      title: text\n      note: text?\n"))
        try repo.generate()
        try repo.commit("main")
        let merge = #expect(throws: CommandError.self) { try repo.git("merge", "-q", "other") }
        #expect(
            merge?.output.contains("CONFLICT (content): Merge conflict in Generated/migrations/schemagen.sum") == true)
    }

    @Test func handWrittenSQLIsWovenIntoThePendingMigration() throws {
        let repo = try Repository(schema: Self.v1)
        try repo.generate()
        try repo.commit()
        try repo.project.write(
            "schema/app.yaml",
            Self.v1.replacing("      title: text\n", with: "      title: text\n      summary: text?\n"))
        try repo.project.write("schema/migrations/0002/up.after.sql", "UPDATE tasks SET summary = left(title, 20);\n")
        try repo.project.write(
            "schema/migrations/0002/up.after.sqlite.sql", "UPDATE tasks SET summary = substr(title, 1, 20);\n")
        try repo.generate()
        let postgres = try #require(repo.project.read("Generated/migrations/postgres/0002_add_tasks_summary.up.sql"))
        #expect(
            postgres.contains(
                "-- From schema/migrations/0002/up.after.sql:\nUPDATE tasks SET summary = left(title, 20);\n\nCOMMIT;"))
        let sqlite = try #require(repo.project.read("Generated/migrations/sqlite/0002_add_tasks_summary.up.sql"))
        #expect(sqlite.contains("UPDATE tasks SET summary = left(title, 20);"))
        #expect(sqlite.contains("UPDATE tasks SET summary = substr(title, 1, 20);"))
    }

    /// Two `generate` at once (a build plugin and a terminal) plan one migration, not two with one
    /// number: each holds the project's lock while it plans and writes.
    @Test func twoRunsAtOnceWriteOneMigration() throws {
        let executable = try #require(CommandLineTests.executable, "build the schemagen executable first")
        let repo = try Repository(schema: Self.v1)
        try repo.generate()
        try repo.commit()
        try repo.project.write("schema/app.yaml", Self.v1.replacing("name: varchar(100)", with: "name: varchar(120)"))
        // Each run names the migration its own way: unserialized, each would write its own 0002.
        let names = ["first", "second", "third", "fourth"]
        let runs = try names.map { name in
            try CommandRunner.spawn([executable, "generate", "--quiet", "--name", name, "--project", repo.root.path])
        }
        #expect(runs.map(CommandRunner.wait(for:)) == [0, 0, 0, 0])
        let migrations = repo.migrations()
        #expect(migrations.count == 4, "0001 and one 0002: \(migrations)")
        #expect(migrations.filter { $0.hasPrefix("0002_") }.count == 2)
        #expect(repo.errors(Generator(root: repo.root, migrationOptions: MigrationOptions(name: "first")).run()) == [])
    }

    /// One rule id, one level: `destructive-change` follows `rules:`; `migration-integrity` is
    /// always an error, and a level for it is a config error.
    @Test func theGateFollowsItsLevelAndIntegrityIsAlwaysAnError() throws {
        let repo = try Repository(schema: Self.v1)
        try repo.generate()
        try repo.commit()
        try repo.project.write("schema/app.yaml", Self.v1.replacing("      legacy: text?\n", with: ""))
        try repo.project.write("schemagen.yaml", "rules:\n  timestamps: off\n  destructive-change: warning\n")
        let warned = try repo.generate()
        #expect(
            warned.diagnostics.filter { $0.rule == "destructive-change" }.map(\.description) == [
                "schema/app.yaml:6:3: warning: the migration drops column tasks.legacy and its values (data loss) [destructive-change]"
            ])
        #expect(warned.migration?.id.description == "0002_drop_tasks_legacy")

        try repo.project.write("schemagen.yaml", "rules:\n  timestamps: off\n  migration-integrity: off\n")
        #expect(
            repo.errors(Generator(root: repo.root).run()) == [
                "config: migration-integrity is always an error: a committed migration that changed is never written over"
            ])
    }

    /// An exception acknowledges the change it was written for: once its migration is committed,
    /// it no longer waves a later risk of its table through.
    @Test func aSpentExceptionDoesNotAcknowledgeTheNextRisk() throws {
        let repo = try Repository(schema: Self.v1)
        try repo.generate()
        try repo.commit()
        let excused = Self.v1.replacing("      legacy: text?\n", with: "").replacing(
            "  tasks:\n", with: "  tasks:\n    exceptions: { destructive-change: legacy is unused }\n")
        try repo.project.write("schema/app.yaml", excused)
        #expect(repo.errors(try repo.generate()) == [])
        try repo.commit()
        try repo.project.write(
            "schema/app.yaml", excused.replacing("      title: text\n", with: "      title: varchar(20)\n"))
        let stopped = try repo.generate()
        #expect(
            repo.errors(stopped) == [
                "destructive-change: the migration changes tasks.title from text to varchar(20): longer values fail (data loss)"
            ])
        #expect(
            stopped.diagnostics.first { $0.rule == "destructive-change" }?.fixes.contains(
                "the exception 'legacy is unused' acknowledged an earlier, committed migration: give this change a reason of its own, or remove it"
            ) == true)
    }

    /// Migrations are history: a config that turns the SQL targets off keeps them, and `check`
    /// still proves them; turning the targets back on goes on from the last one.
    @Test func turningTheSQLTargetsOffKeepsTheMigrations() throws {
        let repo = try Repository(schema: Self.v1)
        try repo.generate()
        try repo.commit()
        let before = repo.project.files(under: "Generated/migrations")
        for targets in ["[swift]", "[]"] {
            try repo.project.write("schemagen.yaml", "targets: \(targets)\nrules:\n  timestamps: off\n")
            let result = try repo.generate()
            #expect(repo.errors(result) == [])
            #expect(repo.project.files(under: "Generated/migrations") == before, "targets: \(targets)")
        }
        try repo.project.write("schemagen.yaml", "rules:\n  timestamps: off\n")
        try repo.project.write("schema/app.yaml", Self.v1.replacing("name: varchar(100)", with: "name: varchar(120)"))
        #expect(try repo.generate().migration?.id.description == "0002_change_projects_name")
    }
}

@Suite struct MigrationSnapshotTests {
    /// The format a snapshot says it is in, read from its first bytes as the writer lays them out;
    /// anything else says no format (and is then compared in the current one, and read whole).
    @Test func aSnapshotsFormatIsReadFromItsFirstBytes() throws {
        let schema = try #require(loadSchema(MigrationWorkflowTests.v1).schema)
        for format in MigrationSnapshot.wholeFormats {
            let bytes = MigrationSnapshot(schema: schema, format: format).bytes
            #expect(MigrationSnapshot.format(ofTextStartingWith: bytes) == format)
            #expect(MigrationSnapshot.format(ofTextStartingWith: bytes.prefix(200)) == format)
        }
        for text in [
            "", "{}", "{\"format\":2}", "{\n  \"format\" : \"2\"\n}", "{\n  \"format\" : -1\n}",
            "{\n  \"format\" : 1234567\n}", String(repeating: " ", count: 1024) + "\"format\" : 1,",
        ] {
            #expect(MigrationSnapshot.format(ofTextStartingWith: Array(text.utf8)) == nil, "\(text.prefix(40))")
        }
    }

    @Test func aSnapshotSaysWhyItCannotBeRead() throws {
        let schema = try #require(loadSchema(MigrationWorkflowTests.v1).schema)
        let text = MigrationSnapshot(schema: schema).text
        #expect(try MigrationSnapshot.decode(Array(text.utf8)).get().schema == schema)
        for format in ["0", "4"] {
            let other = text.replacing("\"format\" : 2", with: "\"format\" : \(format)")
            #expect(
                MigrationSnapshot.decode(Array(other.utf8)).failure?.reason
                    == "it is in snapshot format \(format), and this schemagen reads formats 1, 2 and 3")
        }
        let first = text.replacing("\"format\" : 2", with: "\"format\" : 1")
        #expect(try MigrationSnapshot.decode(Array(first.utf8)).get().schema == schema)
        #expect(MigrationSnapshot.decode(Array("<<<<<<< HEAD".utf8)).failure?.reason == "it is not JSON")
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let failure) = self { failure } else { nil }
    }
}
