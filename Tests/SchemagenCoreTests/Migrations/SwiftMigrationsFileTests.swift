import Foundation
import Testing

@testable import SchemagenCore

/// `swift/SchemaMigrations.swift`: the migrations an app applies itself. A history of the example
/// laid into git (five committed versions, the sixth generated and pending), its file compiled
/// with a small program that prints the SQLite steps, and those steps applied as an app would
/// (foreign keys off around a migration that asks for it, each transaction step in a transaction)
/// on an in-process SQLite: the result equals the fresh DDL, catalog fact by catalog fact.
@Suite(.enabled(if: SwiftToolchain.isAvailable, "needs swiftc and swift-format on PATH"), .serialized)
struct SwiftMigrationsFileTests {
    static let versions = [
        "01-example", "02-add-columns", "03-create-tables", "04-rename-columns", "05-rename-table", "06-change-types",
    ]

    /// Prints each migration's SQLite up script as JSON, so that the test applies what the
    /// compiled file holds, not what it was rendered from.
    static let printer = """
        import Foundation

        struct Printed: Codable {
            var identifier: String
            var needsForeignKeysOff: Bool
            var steps: [[String]]
        }

        let printed = SchemaMigrations.all.map { migration in
            Printed(
                identifier: migration.identifier, needsForeignKeysOff: migration.sqlite.up.needsForeignKeysOff,
                steps: migration.sqlite.up.steps.map { [$0.inTransaction ? "transaction" : "outside"] + $0.statements })
        }
        let data = try JSONEncoder().encode(printed)
        print(String(decoding: data, as: UTF8.self))
        """

    struct Printed: Codable {
        var identifier: String
        var needsForeignKeysOff: Bool
        var steps: [[String]]
    }

    @Test func theEmbeddedSQLiteMigrationsBuildTheFreshSchema() throws {
        let repository = try HistoryRepository()
        for (index, version) in Self.versions.enumerated() {
            let result = try repository.generate(
                step: MigrationHistoryReplayTests.history.appendingPathComponent(version))
            try #require(!result.diagnostics.hasErrors, "\(version): \(result.diagnostics.map(\.description))")
            if index < Self.versions.count - 1 { try repository.commit(version) }
        }
        let files = try Self.migrationsFiles(of: repository)
        // `SchemaMigrations.swift` and one file for each migration, the pending one included.
        #expect(files.count == Self.versions.count + 1)

        let directory = try SwiftToolchain.write(files, extra: ["main.swift": Self.printer])
        defer { try? FileManager.default.removeItem(at: directory) }
        let compiled = try SwiftToolchain.run(
            ["swiftc", "-swift-version", "6", "-module-name", "Printer", "-o", "printer"] + files.map(\.path)
                + ["main.swift"], in: directory)
        try #require(compiled.status == 0, "swiftc failed:\n\(compiled.output)")
        let ran = try SwiftToolchain.run(
            [directory.appending(path: "printer").path(percentEncoded: false)], in: directory)
        try #require(ran.status == 0, "\(ran.output)")
        let printed = try JSONDecoder().decode([Printed].self, from: Data(ran.output.utf8))

        // Every migration, the pending one (planned in the last run) included, in order.
        #expect(printed.map { $0.identifier.prefix(4) } == ["0001", "0002", "0003", "0004", "0005", "0006"])
        #expect(repository.project.exists("Generated/migrations/sqlite/\(printed[5].identifier).up.sql"))
        // The type changes rebuild tables on SQLite: that one needs foreign keys off.
        #expect(printed.last?.needsForeignKeysOff == true)
        // GRDB runs a migration in one transaction of its own (docs/migrations.md): SQLite's are one.
        #expect(printed.allSatisfy { $0.steps.map(\.[0]) == ["transaction"] })
        let statements = printed.flatMap { $0.steps.flatMap { $0.dropFirst() } }
        #expect(!statements.contains { $0.hasPrefix("BEGIN") || $0.hasPrefix("COMMIT") || $0.hasPrefix("PRAGMA") })
        // A trigger is one statement, its body's `;`s and all.
        #expect(statements.contains { $0.hasPrefix("CREATE TRIGGER") && $0.hasSuffix("END;") })

        let chain = try SQLiteConnection(path: repository.scratch.appendingPathComponent("app.db").path)
        for migration in printed {
            if migration.needsForeignKeysOff { try chain.execute("PRAGMA foreign_keys = OFF;") }
            for step in migration.steps {
                let inTransaction = step[0] == "transaction"
                if inTransaction { try chain.execute("BEGIN IMMEDIATE;") }
                for statement in step.dropFirst() { try chain.execute(statement) }
                if inTransaction { try chain.execute("COMMIT;") }
            }
            if migration.needsForeignKeysOff { try chain.execute("PRAGMA foreign_keys = ON;") }
        }
        let fresh = try SQLiteConnection(path: repository.scratch.appendingPathComponent("fresh.db").path)
        try fresh.execute(try #require(repository.project.read("Generated/sqlite/schema.sql")))
        let difference = try SQLiteCatalog.read(chain).differences(from: SQLiteCatalog.read(fresh))
        #expect(difference == [], "\(difference.joined(separator: "\n"))")
    }

    @Test func swiftFormatLeavesTheFileAsItIs() throws {
        let repository = try HistoryRepository()
        for version in Self.versions.prefix(2) {
            let result = try repository.generate(
                step: MigrationHistoryReplayTests.history.appendingPathComponent(version))
            try #require(!result.diagnostics.hasErrors)
            try repository.commit(version)
        }
        let files = try Self.migrationsFiles(of: repository)
        #expect(files.count == 3)
        let directory = try SwiftToolchain.write(files)
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = SwiftFixtures.packageRoot.appending(path: ".swift-format").path(percentEncoded: false)
        let result = try SwiftToolchain.run(
            ["swift", "format", "--in-place", "--configuration", configuration] + files.map(\.path), in: directory)
        try #require(result.status == 0, "swift format failed:\n\(result.output)")
        for file in files {
            let formatted = try String(contentsOf: directory.appending(path: file.path), encoding: .utf8)
            #expect(
                formatted == file.contents,
                "swift format changes \(file.path):\n\(SwiftFixtures.lineDiff(file.contents, formatted))")
        }
    }

    /// `SchemaMigrations.swift` and the migrations' own files, by their paths under `swift/`.
    static func migrationsFiles(of repository: HistoryRepository) throws -> [GeneratedFile] {
        let index = try #require(repository.project.read("Generated/" + SwiftMigrationsFile.path))
        let folder = "Generated/" + SwiftMigrationsFile.folder
        let migrations = try repository.project.files(under: folder).map { name in
            GeneratedFile(
                path: "SchemaMigrations/" + name, contents: try #require(repository.project.read("\(folder)/\(name)")))
        }
        return [GeneratedFile(path: "SchemaMigrations.swift", contents: index)] + migrations
    }

    @Test func aLiteralTakesAsManyHashesAsItsTextNeeds() {
        let oneLine = "SELECT '\"#' AS a, '\\#' AS b;"
        #expect(SwiftMigrationsFile.literalLines(oneLine, indent: 0, comma: false) == ["##\"" + oneLine + "\"##"])
        let lines = SwiftMigrationsFile.literalLines("SELECT\n'\"\"\"#';", indent: 4, comma: true)
        #expect(lines == ["    ##\"\"\"", "    SELECT", "    '\"\"\"#';", "    \"\"\"##,"])
    }

    @Test func aSQLiteTriggerIsOneStatementAndAPostgresFunctionToo() {
        let sqlite = """
            CREATE TABLE a (x INTEGER);
            -- keeps x current
            CREATE TRIGGER t AFTER UPDATE ON a BEGIN
                UPDATE a SET x = 1;
                UPDATE a SET x = 2;
            END;
            DROP TABLE b;
            """
        #expect(
            SwiftMigrationsFile.statements(in: sqlite, dialect: .sqlite) == [
                "CREATE TABLE a (x INTEGER);",
                "CREATE TRIGGER t AFTER UPDATE ON a BEGIN\n    UPDATE a SET x = 1;\n    UPDATE a SET x = 2;\nEND;",
                "DROP TABLE b;",
            ])
        let postgres =
            "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    RETURN NEW;\nEND;\n$$;\nSELECT 1;"
        #expect(SwiftMigrationsFile.statements(in: postgres, dialect: .postgres).count == 2)
    }

    @Test func withoutSQLTargetsTheListIsEmptyAndTheFileStillThere() throws {
        let project = try TemporaryProject(files: [
            "schema/projects.yaml": GeneratorTests.schema, "schemagen.yaml": "targets: [swift]\n",
        ])
        let result = Generator(root: project.root).run()
        let file = try #require(result.files.first { $0.path == SwiftMigrationsFile.path })
        #expect(file.contents.contains("static let all: [Migration] = []"))
        #expect(!file.contents.contains("let sqlite: Scripts"))
    }

    /// A committed migration's own file is output like any other: missing or edited, `check`
    /// names it (and nothing else), and `generate` writes it back as it was, the history untouched.
    /// It is how a project whose `SchemaMigrations.swift` held every migration moves to a file each.
    @Test func aMigrationsOwnFileMissingOrEditedIsWrittenBack() throws {
        let project = try TemporaryProject(files: ["schema/projects.yaml": GeneratorTests.schema])
        let first = Generator(root: project.root).run()
        try first.writer(root: project.root).write(first.files)
        let path = "Generated/" + SwiftMigrationsFile.folder + "/0001_create_schema.swift"
        let written = try #require(project.read(path))
        #expect(written.contains("    public static let migration0001 = Migration(\n"))
        let history = project.files(under: "Generated/migrations").map { project.read("Generated/migrations/\($0)") }

        for edit in [
            "", written.replacingOccurrences(of: "needsForeignKeysOff: false", with: "needsForeignKeysOff: true"),
        ] {
            if edit.isEmpty {
                try FileManager.default.removeItem(at: project.root.appendingPathComponent(path))
            } else {
                try project.write(path, edit)
            }
            let result = Generator(root: project.root).run()
            #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
            let changes = result.writer(root: project.root).changes(for: result.files)
            #expect(changes.map(\.description) == [(edit.isEmpty ? "missing: " : "stale: ") + path])
            try result.writer(root: project.root).write(result.files)
            #expect(project.read(path) == written)
        }
        #expect(
            project.files(under: "Generated/migrations").map { project.read("Generated/migrations/\($0)") } == history)
    }

    /// `--target swift` writes the same file as a full run: every SQL target the project writes,
    /// and the migration a full run would plan.
    @Test func aSwiftOnlyRunWritesTheFileAFullRunWrites() throws {
        let project = try TemporaryProject(files: ["schema/projects.yaml": GeneratorTests.schema])
        let first = Generator(root: project.root).run()
        try first.writer(root: project.root).write(first.files)
        try project.write(
            "schema/projects.yaml", GeneratorTests.schema.replacingOccurrences(of: "varchar(100)", with: "text"))
        let full = Generator(root: project.root).run(keepingOnlyChanges: true)
        let swiftOnly = Generator(root: project.root, targetsOverride: [.swift]).run(keepingOnlyChanges: true)
        func swiftFiles(_ result: Generator.Result) -> [GeneratedFile] {
            result.files.filter {
                $0.path == SwiftMigrationsFile.path || $0.path.hasPrefix(SwiftMigrationsFile.folder + "/")
            }
        }
        // The list, and the new migration's own file: the first one's is unchanged.
        #expect(swiftFiles(swiftOnly) == swiftFiles(full))
        #expect(
            swiftFiles(swiftOnly).map(\.path) == [
                SwiftMigrationsFile.path, SwiftMigrationsFile.folder + "/0002_change_projects_name.swift",
            ])
        let file = try #require(swiftOnly.files.first { $0.path == SwiftMigrationsFile.path })
        #expect(
            file.contents.contains(
                "        migration0001,\n        migration0002,\n    ]"))
        #expect(file.contents.contains("let sqlite: Scripts"))
        let migration = try #require(swiftFiles(swiftOnly).last)
        #expect(migration.contents.contains("name: \"change_projects_name\""))
        #expect(migration.contents.contains("        sqlite: Scripts(\n"))
        #expect(!swiftOnly.files.contains { $0.path.hasPrefix("migrations/") && $0.path.contains("0002") })
    }
}
