import Foundation
import Testing

@testable import SchemagenCore

/// The up-to-date record (`RunRecord`): a run that can use one gives exactly what a run without one
/// gives, after every kind of change, and a run with nothing to do is answered from it.
@Suite struct RunRecordTests {
    /// What a user sees of a run: its exit, its findings, the files it names or writes, and, after
    /// `generate`, every byte of the output directory.
    struct Outcome: Equatable, CustomStringConvertible {
        var failed: Bool
        var findings: [String]
        var changes: [String]
        var fileCount: Int
        var tree: [String: String] = [:]

        var description: String { "failed: \(failed), findings: \(findings), changes: \(changes), files: \(fileCount)" }
    }

    /// A project (in a git repository when `git`) with its own record store.
    final class Fixture {
        let project: TemporaryProject
        let cache: URL
        var store: RunRecordStore

        init(git: Bool = false, files: [String: String] = ["schema/projects.yaml": GeneratorTests.schema]) throws {
            project = try TemporaryProject(files: files)
            cache = FileManager.default.temporaryDirectory.appendingPathComponent(
                "schemagen-cache-\(UUID().uuidString)")
            store = RunRecordStore(directory: cache, binaryIdentity: "test binary")
            if git {
                try self.git("init", "-q")
                try self.git("config", "user.email", "test@example.com")
                try self.git("config", "user.name", "Test")
            }
        }

        deinit {
            try? FileManager.default.removeItem(at: cache)
        }

        var root: URL { project.root }

        @discardableResult
        func git(_ arguments: String...) throws -> String {
            try CommandRunner.run([try #require(GitCommits.executable(named: "git")), "-C", root.path] + arguments)
                .output
        }

        /// Every migration file read in blocks (`DeferredFile`), as a large project's are.
        var historyInBlocks = false

        func generator(records: Bool, targets: Set<Config.Target>? = nil) -> Generator {
            var generator = Generator(root: root, targetsOverride: targets, runRecords: records ? store : nil)
            if historyInBlocks { generator.historyDeferringFrom = 0 }
            return generator
        }

        /// `schemagen check`: writes nothing but the record.
        func check(records: Bool, targets: Set<Config.Target>? = nil) -> (Outcome, Generator.Result) {
            let generator = generator(records: records, targets: targets)
            let result = generator.run(keepingOnlyChanges: true)
            let changes =
                result.diagnostics.hasErrors
                ? [] : result.writer(root: root).changes(for: result.files, unchanged: result.unchangedPaths)
            if !result.diagnostics.hasErrors, changes.isEmpty { generator.saveRecord(of: result) }
            return (
                Outcome(
                    failed: result.diagnostics.hasErrors || !changes.isEmpty,
                    findings: result.diagnostics.map { "\($0)" }, changes: changes.map(\.description),
                    fileCount: result.fileCount), result
            )
        }

        /// `schemagen generate` in `directory` (the project's root, or a copy of it).
        func generate(records: Bool, targets: Set<Config.Target>? = nil, in directory: URL? = nil) -> Outcome {
            var generator = generator(records: records, targets: targets)
            generator.root = directory ?? root
            let result = generator.run(keepingOnlyChanges: true)
            var findings = result.diagnostics
            var changes: [FileWriter.Change] = []
            if !findings.hasErrors {
                do throws(FileWriter.Failure) {
                    changes = try result.writer(root: generator.root).write(
                        result.files, unchanged: result.unchangedPaths)
                    generator.saveRecord(of: result)
                } catch {
                    findings += error.diagnostics
                }
            }
            return Outcome(
                failed: findings.hasErrors, findings: findings.map { "\($0)" }, changes: changes.map(\.description),
                fileCount: result.fileCount, tree: Self.tree(under: generator.root.appendingPathComponent("Generated")))
        }

        static func tree(under directory: URL) -> [String: String] {
            var tree: [String: String] = [:]
            let base = directory.standardizedFileURL.path
            guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [:] }
            while let path = enumerator.nextObject() as? String {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: base + "/" + path, isDirectory: &isDirectory),
                    !isDirectory.boolValue
                {
                    tree[path] = String(
                        decoding: FileManager.default.contents(atPath: base + "/" + path)!, as: UTF8.self)
                }
            }
            return tree
        }

        /// Generates, then checks with the record store so that a record is written.
        func recorded() throws {
            let first = generate(records: true)
            #expect(!first.failed, "\(first)")
            let (check, _) = self.check(records: true)
            #expect(!check.failed, "\(check)")
            let (again, result) = self.check(records: true)
            #expect(again == check)
            #expect(result.answeredFromRecord, "the second check is answered from the record")
        }

        /// Makes `change`, then compares `check` and `generate` with the record and without it:
        /// `generate` without it runs in a copy of the project, which has no record.
        func expectSameOutcome(
            targets: Set<Config.Target>? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation,
            _ change: () throws -> Void
        ) throws {
            try recorded()
            try change()
            let (without, _) = check(records: false, targets: targets)
            let (with, result) = check(records: true, targets: targets)
            #expect(with == without, sourceLocation: sourceLocation)
            #expect(!result.answeredFromRecord, sourceLocation: sourceLocation)

            let copy = FileManager.default.temporaryDirectory.appendingPathComponent(
                "schemagen-copy-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: copy) }
            try FileManager.default.copyItem(at: root, to: copy)
            let generatedWithout = generate(records: false, targets: targets, in: copy)
            let generatedWith = generate(records: true, targets: targets)
            #expect(generatedWith == generatedWithout, sourceLocation: sourceLocation)
        }

        func edit(_ path: String, _ transform: (String) -> String) throws {
            let old = try #require(project.read(path), "\(path) is there")
            let new = transform(old)
            #expect(new != old)
            try project.write(path, new)
        }
    }

    @Test func aSecondRunIsAnsweredFromTheRecordAndSaysTheSame() throws {
        let fixture = try Fixture()
        try fixture.recorded()
        let (without, plain) = fixture.check(records: false)
        let (with, answered) = fixture.check(records: true)
        #expect(with == without)
        #expect(!plain.answeredFromRecord)
        #expect(answered.answeredFromRecord)
        #expect(answered.unchangedPaths == plain.unchangedPaths)
        // `generate` too: nothing written, the same count.
        let before = Fixture.tree(under: fixture.root.appendingPathComponent("Generated"))
        let generated = fixture.generate(records: true)
        #expect(generated.changes.isEmpty && !generated.failed)
        #expect(generated.tree == before)
        // After an edit, `generate` leaves a partial record (its inputs); the next run with
        // nothing to do hashes its outputs for a whole one, and the one after is answered.
        try fixture.edit("schema/projects.yaml") { $0.replacingOccurrences(of: "varchar(100)", with: "text") }
        #expect(!fixture.generate(records: true).changes.isEmpty)
        #expect(fixture.store.load(root: fixture.root, outputDirectory: "Generated")?.outputs.isEmpty == true)
        #expect(!fixture.check(records: true).1.answeredFromRecord)
        #expect(fixture.check(records: true).1.answeredFromRecord)
        // No record is read or written without a store: the library's default.
        #expect(!Generator(root: fixture.root).run(keepingOnlyChanges: true).answeredFromRecord)
    }

    /// A run that wrote a migration leaves a partial record that names the `schemagen.sum` it
    /// wrote: the next run with the same inputs hashes its outputs for a record only while the
    /// folder holds that file, not after a checkout put the old history back (then it writes the
    /// migration again, and a record would be partial anyway).
    @Test func aRunAfterTheHistoryWasPutBackDoesNotHashForARecord() throws {
        let fixture = try Fixture()
        try fixture.recorded()
        let generated = fixture.root.appendingPathComponent("Generated")
        let saved = FileManager.default.temporaryDirectory.appendingPathComponent(
            "schemagen-saved-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: saved) }
        try FileManager.default.copyItem(at: generated, to: saved)
        try fixture.edit("schema/projects.yaml") { $0.replacingOccurrences(of: "varchar(100)", with: "text") }
        let written = fixture.generate(records: true)
        #expect(written.changes.contains { $0.contains("schemagen.sum") }, "\(written)")
        let partial = try #require(fixture.store.load(root: fixture.root, outputDirectory: "Generated"))
        #expect(partial.outputs.isEmpty && partial.history != "-")

        // The old output put back: the same inputs, but not the history that run wrote.
        try FileManager.default.removeItem(at: generated)
        try FileManager.default.copyItem(at: saved, to: generated)
        #expect(fixture.generator(records: true).run(keepingOnlyChanges: true).record == nil)
        let again = fixture.generate(records: true)
        #expect(again.tree == written.tree)

        // As that run left it: the next run with nothing to do hashes, and the one after is answered.
        #expect(fixture.generator(records: true).run(keepingOnlyChanges: true).record != nil)
        #expect(!fixture.check(records: true).1.answeredFromRecord)
        #expect(fixture.check(records: true).1.answeredFromRecord)
    }

    @Test func aGeneratedFileEditedToTheSameSize() throws {
        let fixture = try Fixture()
        try fixture.expectSameOutcome {
            try fixture.edit("Generated/postgres/schema.sql") {
                $0.replacingOccurrences(of: "projects", with: "projectz")
            }
        }
    }

    @Test func aGeneratedFileDeleted() throws {
        let fixture = try Fixture()
        try fixture.expectSameOutcome {
            try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("Generated/sqlite/schema.sql"))
        }
    }

    @Test func anExtraFileInAnOwnedFolder() throws {
        for contents in ["// Generated by schemagen. Do not edit.\nstruct Old {}\n", "struct Mine {}\n"] {
            let fixture = try Fixture()
            try fixture.expectSameOutcome { try fixture.project.write("Generated/swift/Extra.swift", contents) }
        }
    }

    /// What the record's walk of the owned folders must see besides files: a link (to a file, to
    /// a folder) and a file in a folder of its own.
    @Test func anExtraLinkOrFolderInAnOwnedFolder() throws {
        let changes: [(Fixture) throws -> Void] = [
            {
                try FileManager.default.createSymbolicLink(
                    atPath: $0.root.appendingPathComponent("Generated/swift/Link.swift").path,
                    withDestinationPath: "../../schema/projects.yaml")
            },
            {
                try FileManager.default.createSymbolicLink(
                    atPath: $0.root.appendingPathComponent("Generated/swift/Linked").path,
                    withDestinationPath: "../postgres")
            },
            { try $0.project.write("Generated/swift/Inner/Extra.swift", "struct Mine {}\n") },
        ]
        for change in changes {
            let fixture = try Fixture()
            try fixture.expectSameOutcome { try change(fixture) }
        }
    }

    /// An owned folder that is a link to a folder elsewhere (an app that links `Generated/swift`
    /// into its sources): the record answers, as it did through `FileManager`'s enumerator, and
    /// says what a run without it says.
    @Test func anOwnedFolderLinkedElsewhereIsAnswered() throws {
        let fixture = try Fixture()
        _ = fixture.generate(records: false)
        let swift = fixture.root.appendingPathComponent("Generated/swift")
        let elsewhere = fixture.root.appendingPathComponent("Models")
        try FileManager.default.moveItem(at: swift, to: elsewhere)
        try FileManager.default.createSymbolicLink(atPath: swift.path, withDestinationPath: "../Models")
        try fixture.recorded()
        let (with, answered) = fixture.check(records: true)
        #expect(answered.answeredFromRecord)
        #expect(with == fixture.check(records: false).0)
    }

    /// Read whole, and in blocks as a large project's history is (with the migration's Swift file
    /// found up to date by its fingerprint): a record is left either way, answers the next run,
    /// and misses after an edit.
    @Test(arguments: [false, true]) func aMigrationFileEdited(historyInBlocks: Bool) throws {
        for path in [
            "Generated/migrations/postgres/0001_create_schema.up.sql",
            "Generated/migrations/snapshots/0001_create_schema.json", "Generated/migrations/schemagen.sum",
            "Generated/swift/SchemaMigrations.swift", "Generated/swift/SchemaMigrations/0001_create_schema.swift",
        ] {
            let fixture = try Fixture()
            fixture.historyInBlocks = historyInBlocks
            try fixture.expectSameOutcome { try fixture.edit(path) { $0 + "\n" } }
        }
    }

    @Test func aSchemaFileEdited() throws {
        let fixture = try Fixture()
        try fixture.expectSameOutcome {
            try fixture.edit("schema/projects.yaml") {
                $0.replacingOccurrences(of: "varchar(100)", with: "varchar(120)")
            }
        }
    }

    @Test func aHandWrittenSQLFileAddedForThePendingMigration() throws {
        let fixture = try Fixture(git: true)
        _ = fixture.generate(records: false)
        try fixture.git("add", "-A")
        try fixture.git("commit", "-q", "-m", "first")
        try fixture.edit("schema/projects.yaml") { $0.replacingOccurrences(of: "varchar(100)", with: "text") }
        try fixture.expectSameOutcome {
            try fixture.project.write("schema/migrations/0002/up.after.sql", "UPDATE projects SET name = '';\n")
        }
    }

    @Test func thePendingMigrationCommitted() throws {
        let fixture = try Fixture(git: true)
        _ = fixture.generate(records: false)
        try fixture.git("add", "-A")
        try fixture.git("commit", "-q", "-m", "first")
        try fixture.edit("schema/projects.yaml") { $0.replacingOccurrences(of: "varchar(100)", with: "text") }
        try fixture.expectSameOutcome {
            try fixture.git("add", "-A")
            try fixture.git("commit", "-q", "-m", "second")
        }
    }

    @Test func aProjectTemplateChanged() throws {
        let files = try TemplateSet.builtinTemplateFiles()
        let template = try #require(files.first { $0.path.hasSuffix("/model.mustache") })
        let fixture = try Fixture(files: [
            "schema/projects.yaml": GeneratorTests.schema, "schemagen.yaml": "swift:\n  templates: templates\n",
            "templates/model.mustache": template.text,
        ])
        try fixture.expectSameOutcome {
            try fixture.edit("templates/model.mustache") { $0 + "// one more line\n" }
        }
    }

    @Test func theConfigChanged() throws {
        let fixture = try Fixture(files: [
            "schema/projects.yaml": GeneratorTests.schema,
            "schemagen.yaml": "targets: [postgres, sqlite, swift, markdown]\n",
        ])
        try fixture.expectSameOutcome {
            try fixture.project.write("schemagen.yaml", "targets: [postgres, swift]\n")
        }
    }

    @Test func aTargetGiven() throws {
        let fixture = try Fixture()
        try fixture.expectSameOutcome(targets: [Config.Target.postgres]) {}
    }

    @Test func theRecordCorruptOrTruncated() throws {
        for damage in [{ (text: String) in String(text.dropLast(20)) }, { _ in "garbage\n" }, { $0 + "1 x extra\n" }] {
            let fixture = try Fixture()
            try fixture.expectSameOutcome {
                let file = fixture.store.fileURL(root: fixture.root, outputDirectory: "Generated")
                let text = String(decoding: try Data(contentsOf: file), as: UTF8.self)
                try Data(damage(text).utf8).write(to: file)
                // The record now reads as none.
                #expect(fixture.store.load(root: fixture.root, outputDirectory: "Generated") == nil)
            }
        }
    }

    @Test func anotherBinary() throws {
        let fixture = try Fixture()
        try fixture.expectSameOutcome { fixture.store.binaryIdentity = "another build" }
    }

    @Test func aRecordThatCannotBeWrittenFailsNothing() throws {
        let fixture = try Fixture()
        // The cache "directory" is a file: nothing can be written under it.
        try Data("x".utf8).write(to: fixture.cache)
        let first = fixture.generate(records: true)
        #expect(!first.failed)
        let (check, result) = fixture.check(records: true)
        #expect(!check.failed && !result.answeredFromRecord)
    }

    @Test func theRecordRoundTripsAsText() throws {
        let record = RunRecord(
            inputs: "a", key: "b", history: "c",
            outputs: ["x y/z.sql": FileDigest(Array("x".utf8)), "a.swift": FileDigest(text: "")])
        let text = try #require(record.text)
        #expect(RunRecord(text: Array(text.utf8)) == record)
        #expect(RunRecord(text: Array(text.utf8).dropLast(1).map { $0 }) == nil)
    }
}
