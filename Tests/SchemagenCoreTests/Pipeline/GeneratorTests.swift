import Foundation
import Testing

@testable import SchemagenCore

@Suite struct GeneratorTests {
    static let schema = """
        tables:
          projects:
            columns:
              id: { type: uuid, primary_key: true, default: uuid() }
              name: varchar(100)
              created_at: { type: timestamptz, default: now() }
              updated_at: { type: timestamptz, default: now(), auto_update: true }
        """

    @Test func generateIsIdempotentAndCheckNamesStaleFiles() throws {
        let project = try TemporaryProject(files: ["schema/projects.yaml": Self.schema])
        let generator = Generator(root: project.root)

        let first = generator.run()
        #expect(!first.diagnostics.hasErrors, "\(first.diagnostics)")
        #expect(!first.files.isEmpty)
        try first.writer(root: project.root).write(first.files)
        let written = project.files(under: "Generated")
        let bytes = written.map { project.read("Generated/\($0)") }

        // A second run changes nothing, byte for byte.
        let second = generator.run()
        #expect(second.files == first.files)
        #expect(second.writer(root: project.root).changes(for: second.files) == [])
        try second.writer(root: project.root).write(second.files)
        #expect(written.map { project.read("Generated/\($0)") } == bytes)

        // A one-line edit makes `check` name the files it changes.
        try project.write(
            "schema/projects.yaml", Self.schema.replacingOccurrences(of: "varchar(100)", with: "varchar(120)"))
        let edited = generator.run()
        let stale = edited.writer(root: project.root).changes(for: edited.files)
        #expect(!stale.isEmpty)
        // The DDL is stale; outside git every migration counts as committed, so the edit is a new
        // migration, and the integrity file gains its lines.
        let (migrations, others) = (
            stale.filter { $0.path.hasPrefix("Generated/migrations/") },
            stale.filter { !$0.path.hasPrefix("Generated/migrations/") }
        )
        // The new migration has a Swift file of its own; the other files are stale.
        #expect(
            others.filter { if case .stale = $0 { false } else { true } }.map(\.description) == [
                "missing: Generated/swift/SchemaMigrations/0002_change_projects_name.swift"
            ])
        #expect(
            migrations.map(\.description) == [
                "missing: Generated/migrations/postgres/0002_change_projects_name.down.sql",
                "missing: Generated/migrations/postgres/0002_change_projects_name.up.sql",
                "stale: Generated/migrations/schemagen.sum",
                "missing: Generated/migrations/snapshots/0002_change_projects_name.json",
                "missing: Generated/migrations/sqlite/0002_change_projects_name.down.sql",
                "missing: Generated/migrations/sqlite/0002_change_projects_name.up.sql",
            ])
    }

    /// The config's storage choices reach the graph, whose implicit checks the clash is found in.
    @Test func strictVarcharFromTheConfigNamesALengthCheck() throws {
        let checks = "\n    checks:\n      - { name: ck_projects_name_length, expr: \"name <> ''\" }\n"
        let project = try TemporaryProject(files: [
            "schema/projects.yaml": Self.schema + checks, "schemagen.yaml": "sqlite:\n  strict_varchar: true\n",
        ])
        let result = Generator(root: project.root).run()
        #expect(
            result.diagnostics.map(\.description) == [
                "schema/projects.yaml:9:17: error: the name 'ck_projects_name_length' is already taken [duplicate-name]"
            ])
        let lenient = try TemporaryProject(files: ["schema/projects.yaml": Self.schema + checks])
        #expect(!Generator(root: lenient.root).run().diagnostics.hasErrors)
    }

    @Test func errorsMeanNothingIsWritten() throws {
        let project = try TemporaryProject(files: ["schema/projects.yaml": Self.schema + "\n      broken: txt\n"])
        let result = Generator(root: project.root).run()
        #expect(result.diagnostics.hasErrors)
        #expect(result.files.isEmpty)
        #expect(
            result.diagnostics.first?.description
                == "schema/projects.yaml:8:15: error: unknown type 'txt'; did you mean 'text'? [unknown-type]")
    }

    @Test func configChangesDirectoriesAndTargets() throws {
        let project = try TemporaryProject(files: [
            "db/projects.yaml": Self.schema,
            "schemagen.yaml": "schema: db\noutput: Out\ntargets: [postgres]\n",
        ])
        let result = Generator(root: project.root).run()
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        #expect(
            result.files.map(\.path) == [
                "migrations/postgres/0001_create_schema.down.sql", "migrations/postgres/0001_create_schema.up.sql",
                "migrations/schemagen.sum", "migrations/snapshots/0001_create_schema.json", "postgres/schema.sql",
            ])
        #expect(result.config.outputDirectory == "Out")
    }

    /// Turning a target off in the config removes its old files (and `check` names them until then);
    /// `--target` on the command line answers for its own targets only.
    @Test func aTargetTurnedOffLeavesNoFilesBehind() throws {
        let project = try TemporaryProject(files: ["schema/projects.yaml": Self.schema])
        let all = Generator(root: project.root).run()
        try all.writer(root: project.root).write(all.files)
        #expect(project.files(under: "Generated").contains("swift/Project.swift"))

        let postgresForOneRun = Generator(root: project.root, targetsOverride: [.postgres]).run()
        #expect(postgresForOneRun.writer(root: project.root).changes(for: postgresForOneRun.files) == [])

        try project.write("schemagen.yaml", "targets: [postgres]\n")
        let postgresOnly = Generator(root: project.root).run()
        let writer = postgresOnly.writer(root: project.root)
        #expect(
            writer.changes(for: postgresOnly.files).map(\.description) == [
                "extra: Generated/SCHEMA.md", "extra: Generated/sqlite/schema.sql",
                "extra: Generated/swift/Project.swift", "extra: Generated/swift/SchemaMigrations.swift",
                "extra: Generated/swift/SchemaMigrations/0001_create_schema.swift",
                "extra: Generated/swift/TimestampCoding.swift",
            ])
        try writer.write(postgresOnly.files)
        // A dialect's migrations are history: turning its target off keeps them.
        #expect(project.files(under: "Generated").filter { !$0.hasPrefix("migrations/") } == ["postgres/schema.sql"])
        #expect(project.files(under: "Generated/migrations/sqlite").count == 2)
    }

    /// `--target` narrows what a run writes, not what it writes into a file: each target alone
    /// renders its files byte for byte as the full run does (`SCHEMA.md` still links the DDL of
    /// the targets the project writes), so a full `check` after it finds nothing stale.
    @Test func eachTargetAloneWritesWhatTheFullRunWrites() throws {
        let project = try TemporaryProject(files: ["schema/projects.yaml": Self.schema])
        let full = Generator(root: project.root).run()
        #expect(!full.diagnostics.hasErrors, "\(full.diagnostics)")
        try full.writer(root: project.root).write(full.files)
        for target in Config.Target.allCases {
            let alone = Generator(root: project.root, targetsOverride: [target]).run()
            #expect(!alone.files.isEmpty, "\(target)")
            for file in alone.files {
                #expect(full.files.first { $0.path == file.path } == file, "\(target): \(file.path)")
            }
            let changes = alone.writer(root: project.root).changes(for: alone.files)
            #expect(changes.isEmpty, "\(target): \(changes)")
        }
    }

    /// A finding about a foreign key or a named index underlines all of what is written, so that a
    /// SARIF viewer highlights the reference, not its first character.
    @Test func keyAndIndexFindingsSpanWhatIsWritten() throws {
        let project = try TemporaryProject(files: [
            "schema/a.yaml": """
            tables:
              users:
                columns:
                  id: { type: uuid, primary_key: true, default: uuid() }
              notes:
                columns:
                  id: { type: uuid, primary_key: true, default: uuid() }
                  user_id: { type: uuid, references: users.id }
                indexes:
                  - { columns: [id, user_id], name: notes_by_user }
            """,
            "schemagen.yaml": "rules: { timestamps: off }\n",
        ])
        let findings = Generator(root: project.root).run(rendering: false).diagnostics
        let spans = findings.filter { ["fk-index", "index-name"].contains($0.rule) }.map {
            "\($0.rule) \($0.location.map { "\($0.line):\($0.column)" } ?? "") +\($0.length)"
        }
        #expect(spans == ["fk-index 8:42 +8", "index-name 10:41 +13"])
    }

    /// `lint` renders nothing, but a broken templates setting is its finding too.
    @Test func lintReportsAMissingTemplatesDirectory() throws {
        let project = try TemporaryProject(files: [
            "schema/projects.yaml": Self.schema, "schemagen.yaml": "swift: { templates: Templates/none }\n",
        ])
        let lint = Generator(root: project.root).run(rendering: false)
        #expect(lint.diagnostics.map(\.rule) == ["template"])
        // At the value in schemagen.yaml that names the directory.
        #expect(lint.diagnostics.first?.location?.description == "schemagen.yaml:1:21")
        #expect(Generator(root: project.root).run().diagnostics.map(\.rule) == ["template"])
    }

    /// `swift.templates` may name a folder outside the project by its absolute path, as the config
    /// docs say: it was once joined to the project root and reported as unreadable.
    @Test func anAbsoluteTemplatesDirectoryIsReadWhereItIs() throws {
        let templates = try TemporaryProject(files: [:])
        let source = SwiftFixtures.packageRoot.appending(path: "Templates/swift")
        for name in TemplateSet.Name.allCases {
            try FileManager.default.copyItem(
                at: source.appending(path: name.fileName), to: templates.root.appending(path: name.fileName))
        }
        let project = try TemporaryProject(files: [
            "schema/projects.yaml": Self.schema,
            "schemagen.yaml": "swift: { templates: \"\(templates.root.path(percentEncoded: false))\" }\n",
        ])
        let result = Generator(root: project.root).run()
        #expect(result.diagnostics.filter { $0.severity == .error }.map(\.description) == [])
        #expect(result.files.contains { $0.path == "swift/Project.swift" })
    }

    /// A schema with no table is an error, not a schema to generate: read as one, it would remove
    /// every model. An empty directory has no position to point at; files that define no table
    /// are named at the first.
    @Test func anEmptySchemaIsAnErrorAndGeneratesNothing() throws {
        let empty = try TemporaryProject(files: ["schema/README.md": "notes\n"])
        let result = Generator(root: empty.root).run()
        #expect(result.files.isEmpty)
        #expect(
            result.diagnostics.map(\.description) == [
                "error: schema directory 'schema' holds no .yaml or .yml file: nothing to generate [empty-schema]"
            ])
        let nothing = try TemporaryProject(files: [
            "schema/a.yaml": "tables:\n", "schema/b.yaml": "enums: { e: [x] }\n",
        ])
        #expect(
            Generator(root: nothing.root).run().diagnostics.map(\.description) == [
                "schema/a.yaml:1:1: error: the schema defines no table (2 files read): nothing to generate [empty-schema]",
                "schema/a.yaml:1:1: warning: schema file defines no table, enum or mixin [empty-file]",
            ])
        // A file that does not parse explains the missing tables by itself.
        let broken = try TemporaryProject(files: ["schema/a.yaml": "tables: [\n"])
        #expect(Generator(root: broken.root).run().diagnostics.map(\.rule) == ["yaml-syntax"])
    }

    @Test func missingSchemaDirectoryIsAClearError() throws {
        let project = try TemporaryProject()
        let result = Generator(root: project.root).run()
        #expect(result.diagnostics.map(\.description) == ["error: schema directory 'schema' does not exist [io]"])
    }

    /// One table with `swift_name` and one more column, generated without the timestamps rule.
    private func generate(table: String, swiftName: String, column: String) throws -> Generator.Result {
        let project = try TemporaryProject(files: [
            "schema/a.yaml":
                "tables:\n  \(table):\n    swift_name: \(swiftName)\n    columns:\n      id: { type: uuid, primary_key: true, default: uuid() }\n      \(column)\n",
            "schemagen.yaml": "rules: { timestamps: off }\n",
        ])
        return Generator(root: project.root).run()
    }

    @Test func aTableCannotTakeTheNameOfASupportType() throws {
        let result = try generate(table: "days", swiftName: "DateOnly", column: "day: date")
        #expect(result.files.isEmpty)
        #expect(
            result.diagnostics.contains {
                $0.rule == "swift-collision" && $0.message.contains("whose file schemagen generates for date columns")
            })
    }

    /// A written `swift_name` gets no `Record` suffix, so one that shadows a standard type is an
    /// error: a model named `Date` holding a `Date` property would not compile.
    @Test func aWrittenSwiftNameCannotShadowAStandardType() throws {
        let result = try generate(table: "appointments", swiftName: "Date", column: "at: timestamptz")
        #expect(result.files.isEmpty)
        #expect(
            result.diagnostics.map(\.description) == [
                "schema/a.yaml:3:17: error: swift_name `Date` of table `appointments` would shadow the standard type `Date` [swift-collision]"
            ])
    }

    @Test func lintReportsEverySwiftNameCollisionWithoutRendering() throws {
        let project = try TemporaryProject(files: [
            "schema/a.yaml": """
            tables:
              user_tags:
                columns:
                  id: { type: uuid, primary_key: true, default: uuid() }
                  tag_name: text
                  tagName: text
              user_tag:
                swift_name: UserTag
                columns:
                  id: { type: uuid, primary_key: true, default: uuid() }
            """,
            "schemagen.yaml": "rules: { timestamps: off, column-name: off, table-name: off }\n",
        ])
        for rendering in [false, true] {
            let result = Generator(root: project.root).run(rendering: rendering)
            #expect(result.files.isEmpty)
            let collisions = result.diagnostics.filter { $0.rule == "swift-collision" && $0.severity == .error }
            #expect(
                collisions.map(\.message) == [
                    "columns `tag_name` and `tagName` of table `user_tags` both become the Swift property `tagName`",
                    "table `user_tag` and table `user_tags` both become the Swift type `UserTag`",
                ])
            #expect(collisions.map { $0.location?.line } == [6, 8], "the written swift_name")
        }
        // Without the Swift target the names do not matter.
        try project.write(
            "schemagen.yaml",
            "targets: [postgres, sqlite]\nrules: { timestamps: off, column-name: off, table-name: off }\n")
        #expect(!Generator(root: project.root).run(rendering: false).diagnostics.hasErrors)
    }

    /// One rule id, one level: every `swift-name` finding takes the level `rules:` gives it, `off`
    /// included. What would break the models (two types of one name, two properties of one name)
    /// is `swift-collision`, an error at every level.
    @Test func everySwiftNameFindingTakesTheConfiguredLevel() throws {
        let project = try TemporaryProject(files: [
            "schema/a.yaml": """
            tables:
              tasks:
                columns:
                  id: { type: uuid, primary_key: true, default: uuid() }
              user_tags:
                columns:
                  id: { type: uuid, primary_key: true, default: uuid() }
                  tag_name: text
                  tagName: text
              user_tag:
                swift_name: UserTag
                columns:
                  id: { type: uuid, primary_key: true, default: uuid() }
              appointments:
                swift_name: Date
                columns:
                  id: { type: uuid, primary_key: true, default: uuid() }
            """
        ])
        for level in ["error", "warning", "off"] {
            try project.write(
                "schemagen.yaml",
                "rules: { timestamps: off, column-name: off, table-name: off, swift-name: \(level) }\n")
            let findings = Generator(root: project.root).run(rendering: false).diagnostics
            let swiftName = findings.filter { $0.rule == "swift-name" }
            #expect(swiftName.map(\.severity.rawValue) == (level == "off" ? [] : [level]), "level \(level)")
            let collisions = findings.filter { $0.rule == "swift-collision" }
            #expect(collisions.count == 3, "level \(level): \(findings)")
            #expect(collisions.allSatisfy { $0.severity == .error })
        }
    }

    /// Two Swift files whose names differ only in letter case are one file on macOS's and Windows's
    /// disks: a finding at the second name, with a note at the first.
    @Test func swiftFilesThatDifferOnlyInCaseAreAFinding() throws {
        let project = try TemporaryProject(files: [
            "schema/a.yaml": """
            tables:
              items:
                columns:
                  id: { type: uuid, primary_key: true, default: uuid() }
              legacy_items:
                swift_name: ITEM
                columns:
                  id: { type: uuid, primary_key: true, default: uuid() }
              json_values:
                swift_name: JsonValue
                columns:
                  id: { type: uuid, primary_key: true, default: uuid() }
            """,
            "schemagen.yaml": "rules: { timestamps: off }\n",
        ])
        let result = Generator(root: project.root).run()
        #expect(result.files.isEmpty)
        let collisions = result.diagnostics.filter { $0.rule == "swift-collision" }
        #expect(
            collisions.map(\.description) == [
                "schema/a.yaml:6:17: error: table `legacy_items` becomes the Swift type `ITEM` and table `items` `Item`: "
                    + "`ITEM.swift` and `Item.swift` are one file on a case-insensitive disk (macOS, Windows) [swift-collision]",
                "schema/a.yaml:10:17: error: table `json_values` would become the Swift type `JsonValue`, whose file "
                    + "`JsonValue.swift` is `JSONValue.swift` on a case-insensitive disk (macOS, Windows), the file "
                    + "schemagen generates for json columns [swift-collision]",
            ])
        #expect(collisions.first?.notes.first?.location?.description == "schema/a.yaml:2:3")
    }
}
