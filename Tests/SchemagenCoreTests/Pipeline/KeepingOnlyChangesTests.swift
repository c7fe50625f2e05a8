import Foundation
import Testing

@testable import SchemagenCore

/// `Generator.run(keepingOnlyChanges:)`, the way `check` and `generate` run: each file is compared
/// with the disk as soon as it is rendered and only those that differ are kept. It must find what
/// comparing the whole output finds, in every state of a project's history.
@Suite struct KeepingOnlyChangesTests {
    typealias Repository = MigrationWorkflowTests.Repository

    /// The streamed run against the run that keeps every file, in the project as it is now.
    func expectSameAsWholeOutput(
        _ repo: Repository, _ generator: Generator, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let whole = generator.run()
        let streamed = generator.run(keepingOnlyChanges: true)
        #expect(streamed.diagnostics == whole.diagnostics, sourceLocation: sourceLocation)
        #expect(streamed.migration == whole.migration, sourceLocation: sourceLocation)
        #expect(streamed.fileCount == whole.files.count, sourceLocation: sourceLocation)
        #expect(
            (streamed.files.map(\.path) + streamed.unchangedPaths).sorted() == whole.files.map(\.path),
            sourceLocation: sourceLocation)
        let differing = whole.files.filter { repo.project.read("Generated/\($0.path)") != $0.contents }
        #expect(streamed.files == differing, sourceLocation: sourceLocation)
        let writer = whole.writer(root: repo.root)
        #expect(
            writer.changes(for: streamed.files, unchanged: streamed.unchangedPaths)
                == writer.changes(for: whole.files), sourceLocation: sourceLocation)
    }

    @Test func findsWhatTheWholeOutputFindsThroughAProjectsHistory() throws {
        let repo = try Repository(schema: MigrationWorkflowTests.v1)
        let generator = Generator(root: repo.root)
        expectSameAsWholeOutput(repo, generator)  // nothing generated yet: every file is missing
        try repo.generate()
        expectSameAsWholeOutput(repo, generator)  // up to date, the migration pending
        #expect(generator.run(keepingOnlyChanges: true).files == [])
        try repo.commit()
        expectSameAsWholeOutput(repo, generator)  // up to date, the migration committed
        #expect(generator.run(keepingOnlyChanges: true).files == [])

        // An edit: a new migration, the models, the SQL; the committed files stay unchanged.
        let v2 = MigrationWorkflowTests.v1.replacing(
            "title: text", with: "title: text\n      priority: { type: bigint, default: 0 }")
        try repo.project.write("schema/app.yaml", v2)
        expectSameAsWholeOutput(repo, generator)
        let streamed = generator.run(keepingOnlyChanges: true)
        #expect(streamed.unchangedPaths.contains("migrations/snapshots/0001_create_schema.json"))
        #expect(streamed.files.contains { $0.path == SwiftMigrationsFile.path })

        // Written the streamed way, the output is what the whole run writes.
        let result = generator.run(keepingOnlyChanges: true)
        #expect(!result.diagnostics.hasErrors)
        try result.writer(root: repo.root).write(result.files, unchanged: result.unchangedPaths)
        expectSameAsWholeOutput(repo, generator)
        #expect(generator.run(keepingOnlyChanges: true).files == [])
        try repo.commit()

        // A stale file, a removed one, and an extra one.
        try repo.project.write("Generated/postgres/schema.sql", "-- \(GeneratedFile.marker)\nhand edit\n")
        try FileManager.default.removeItem(at: repo.root.appendingPathComponent("Generated/SCHEMA.md"))
        try repo.project.write("Generated/swift/Gone.swift", "// \(GeneratedFile.marker)\n")
        expectSameAsWholeOutput(repo, generator)

        // `--target swift` plans the app's migrations with the project's own targets.
        expectSameAsWholeOutput(repo, Generator(root: repo.root, targetsOverride: [.swift]))
        // A project whose SQL targets are off keeps its migrations as they are.
        try repo.project.write("schemagen.yaml", "targets: [swift]\nrules:\n  timestamps: off\n")
        expectSameAsWholeOutput(repo, generator)
        #expect(generator.run(keepingOnlyChanges: true).unchangedPaths.contains(MigrationLayout.integrityFile))
    }

    /// An edited committed migration is an integrity error either way; nothing is kept.
    @Test func anIntegrityErrorKeepsNothing() throws {
        let repo = try Repository(schema: MigrationWorkflowTests.v1)
        try repo.generate()
        try repo.commit()
        let path = "Generated/migrations/postgres/0001_create_schema.up.sql"
        try repo.project.write(path, (repo.project.read(path) ?? "") + "-- edited\n")
        let streamed = Generator(root: repo.root).run(keepingOnlyChanges: true)
        #expect(streamed.diagnostics.hasErrors)
        #expect(streamed.files == [] && streamed.unchangedPaths == [])
        expectSameAsWholeOutput(repo, Generator(root: repo.root))
    }

    /// Two planned files with one path are reported even when one of them is unchanged.
    @Test func aDuplicateAmongUnchangedFilesIsStillAnError() throws {
        let project = try TemporaryProject(files: ["Generated/postgres/a.sql": "-- \(GeneratedFile.marker)\n"])
        let writer = FileWriter(
            directory: project.root.appendingPathComponent("Generated"), displayPrefix: "Generated",
            ownedFolders: ["postgres"])
        #expect(throws: FileWriter.Failure.self) {
            try writer.write([GeneratedFile(path: "postgres/a.sql", contents: "x")], unchanged: ["postgres/a.sql"])
        }
        #expect(writer.changes(for: [], unchanged: ["postgres/a.sql"]) == [], "an unchanged file is not extra")
        #expect(writer.changes(for: []) == [.extra("Generated/postgres/a.sql")])
    }

    @Test func comparesTheBytesOnDisk() throws {
        let project = try TemporaryProject(files: [
            "Generated/a.sql": "same\n", "Generated/b.sql": "sane\n", "Generated/folder/x": "",
            "Generated/empty": "",
        ])
        let writer = FileWriter(
            directory: project.root.appendingPathComponent("Generated"), displayPrefix: "", ownedFolders: [])
        #expect(writer.isUnchanged(GeneratedFile(path: "a.sql", contents: "same\n")))
        #expect(!writer.isUnchanged(GeneratedFile(path: "b.sql", contents: "same\n")), "same size, other bytes")
        #expect(!writer.isUnchanged(GeneratedFile(path: "a.sql", contents: "same\n\n")), "another size")
        #expect(!writer.isUnchanged(GeneratedFile(path: "c.sql", contents: "")), "missing")
        #expect(!writer.isUnchanged(GeneratedFile(path: "folder", contents: "")), "a folder")
        #expect(writer.isUnchanged(GeneratedFile(path: "empty", contents: "")))
        let large = String(repeating: "é0123456789\n", count: 50_000)
        try project.write("Generated/large", large)
        #expect(writer.isUnchanged(GeneratedFile(path: "large", contents: large)))
        #expect(readBytes(atPath: project.root.appendingPathComponent("Generated/large").path) == Array(large.utf8))
        #expect(readBytes(atPath: project.root.appendingPathComponent("Generated/empty").path) == [])
        #expect(readBytes(atPath: project.root.appendingPathComponent("Generated/folder").path) == nil)
        #expect(readBytes(atPath: project.root.appendingPathComponent("Generated/none").path) == nil)
    }

    /// A link at a file's place is compared as the writer's plan compares it: through the link;
    /// a link to nothing is a file to write.
    @Test func comparesThroughLinksAsTheWriterDoes() throws {
        let project = try TemporaryProject(files: ["Generated/a.sql": "same\n", "elsewhere/b.sql": "same\n"])
        let generated = project.root.appendingPathComponent("Generated")
        try FileManager.default.createSymbolicLink(
            atPath: generated.appendingPathComponent("link.sql").path, withDestinationPath: "../elsewhere/b.sql")
        try FileManager.default.createSymbolicLink(
            atPath: generated.appendingPathComponent("dangling.sql").path, withDestinationPath: "../nowhere.sql")
        let writer = FileWriter(directory: generated, displayPrefix: "", ownedFolders: [])
        for (path, contents) in [("link.sql", "same\n"), ("link.sql", "sane\n"), ("dangling.sql", "")] {
            let file = GeneratedFile(path: path, contents: contents)
            #expect(writer.isUnchanged(file) == writer.changes(for: [file]).isEmpty, "\(path): \(contents)")
        }
        #expect(writer.isUnchanged(GeneratedFile(path: "link.sql", contents: "same\n")))
    }

    /// A committed file that is not UTF-8 is passed on as text (with replacement characters), as
    /// before; every other one is kept as its bytes.
    @Test func onlyUTF8FilesAreKeptAsBytes() {
        let latin1: [UInt8] = Array("-- caf".utf8) + [0xE9] + Array("\n".utf8)
        let migration = MigrationHistory.Migration(
            id: MigrationID(number: 1, name: "a"),
            files: ["b.sql": Array("é\n".utf8), "a.sql": latin1, "c.json": Array("{}\n".utf8)], isCommitted: true)
        let (kept, text) = migration.asKept
        #expect(kept.map(\.path) == ["b.sql", "c.json"])
        #expect(kept.map(\.asGenerated) == migration.asGenerated.filter { $0.path != "a.sql" })
        #expect(text == [GeneratedFile(path: "a.sql", contents: "-- caf\u{FFFD}\n")])
    }

    /// The eight-bytes-at-a-time ASCII test and the decoder agree with the standard library on
    /// random bytes: ASCII, valid UTF-8, and broken sequences at every offset.
    @Test func isUTF8AgreesWithTheStandardLibrary() {
        var random = SystemRandomNumberGenerator()
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("é".utf8), Array("€".utf8), Array("😀".utf8), [0x80], [0xC3], [0xFF],
            [0xED, 0xA0, 0x80],
        ]
        for _ in 0..<2_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...40, using: &random) {
                bytes += Bool.random(using: &random) ? pieces[0] : pieces.randomElement(using: &random)!
            }
            #expect(isUTF8(bytes) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
        #expect(isUTF8(Array(String(repeating: "schema ", count: 1000).utf8)))
        #expect(!isUTF8(Array(String(repeating: "schema ", count: 1000).utf8) + [0x80]))
    }

    /// The integrity file over lazily given bytes is the one over all bytes at once.
    @Test func theLazyIntegrityChainIsTheSame() {
        let files: [(path: String, bytes: [UInt8])] = (1...5).map { ("f\($0)", Array("file \($0)\r\n".utf8)) }
        let whole = IntegrityFile(files: files)
        var asked: [Int] = []
        let lazy = IntegrityFile(paths: files.map(\.path), proven: Array(whole.entries.prefix(2))) {
            asked.append($0)
            return files[$0].bytes
        }
        #expect(lazy == whole)
        #expect(asked == [2, 3, 4], "the proven lines are not hashed again")
    }
}
