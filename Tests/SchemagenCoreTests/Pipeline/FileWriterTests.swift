import Foundation
import Testing

@testable import SchemagenCore

@Suite struct FileWriterTests {
    private let header = "-- \(GeneratedFile.marker) from schema/. Do not edit.\n"

    private func writer(_ project: TemporaryProject, owning folders: [String] = ["postgres"]) -> FileWriter {
        FileWriter(
            directory: project.root.appendingPathComponent("Generated"), displayPrefix: "Generated",
            ownedFolders: folders)
    }

    @Test func writesOnlyWhatChangedAndRemovesOnlyItsOwnStaleFiles() throws {
        let project = try TemporaryProject(files: [
            "Generated/notes.md": "mine, not schemagen's\n",
            "Generated/postgres/README.md": "# About\nEverything here is \(GeneratedFile.marker).\n",
            "Generated/postgres/old/gone.sql": header + "SELECT 1;\n",
            "Generated/postgres/same.sql": header + "same\n",
            "Generated/sqlite/other-target.sql": header + "SELECT 2;\n",
        ])
        let writer = writer(project)
        let files = [
            GeneratedFile(path: "postgres/same.sql", contents: header + "same\n"),
            GeneratedFile(path: "postgres/new/file.sql", contents: header + "new\n"),
        ]
        let samePath = project.root.appendingPathComponent("Generated/postgres/same.sql").path
        let before = try FileManager.default.attributesOfItem(atPath: samePath)[.modificationDate] as? Date

        let expected: [FileWriter.Change] = [
            .missing("Generated/postgres/new/file.sql"), .extra("Generated/postgres/old/gone.sql"),
        ]
        #expect(writer.changes(for: files) == expected)
        Thread.sleep(forTimeInterval: 0.01)
        #expect(try writer.write(files) == expected)

        #expect(project.read("Generated/postgres/new/file.sql") == header + "new\n")
        #expect(!project.exists("Generated/postgres/old/gone.sql"))
        #expect(project.read("Generated/notes.md") == "mine, not schemagen's\n", "outside the target folders")
        #expect(project.exists("Generated/postgres/README.md"), "the marker is not on its first line")
        #expect(project.exists("Generated/sqlite/other-target.sql"), "a target this run does not generate")
        let after = try FileManager.default.attributesOfItem(atPath: samePath)[.modificationDate] as? Date
        #expect(before == after, "an unchanged file is not rewritten")
        #expect(writer.changes(for: files) == [])
        // No temporary files are left behind.
        #expect(
            project.files(under: "Generated") == [
                "notes.md", "postgres/README.md", "postgres/new/file.sql", "postgres/same.sql",
                "sqlite/other-target.sql",
            ])
    }

    /// A target that is one file (`SCHEMA.md`) is never extra while it is planned, changed or not:
    /// a merge once lost that, and each `generate` removed the file the one before had written.
    @Test func aOneFileTargetThatIsPlannedIsKept() throws {
        let document = "<!-- \(GeneratedFile.marker) from schema/. Do not edit. -->\n# Schema\n"
        let project = try TemporaryProject(files: ["Generated/SCHEMA.md": document])
        let writer = writer(project, owning: ["SCHEMA.md"])
        let planned = [GeneratedFile(path: "SCHEMA.md", contents: document)]
        #expect(writer.changes(for: planned) == [])
        #expect(writer.changes(for: []) == [.extra("Generated/SCHEMA.md")])
        #expect(try writer.write(planned) == [])
        #expect(project.read("Generated/SCHEMA.md") == document)
    }

    @Test func reportsStaleFiles() throws {
        let project = try TemporaryProject(files: ["Generated/postgres/a.sql": header + "old\n"])
        #expect(
            writer(project).changes(for: [GeneratedFile(path: "postgres/a.sql", contents: header + "new\n")])
                == [.stale("Generated/postgres/a.sql")])
    }

    @Test func twoFilesWithOnePathAreAnErrorNotACrash() throws {
        let project = try TemporaryProject()
        let file = GeneratedFile(path: "postgres/a.sql", contents: header)
        #expect(throws: FileWriter.Failure.self) { try writer(project).write([file, file]) }
        #expect(!project.exists("Generated/postgres/a.sql"))
    }

    /// The files of the three targets, as `generate` writes them.
    private var targetFiles: [GeneratedFile] {
        [
            GeneratedFile(path: "postgres/schema.sql", contents: header + "pg\n"),
            GeneratedFile(path: "sqlite/schema.sql", contents: header + "lite\n"),
            GeneratedFile(path: "swift/Project.swift", contents: "// \(GeneratedFile.marker). Do not edit.\n"),
            GeneratedFile(path: "swift/TimestampCoding.swift", contents: "// \(GeneratedFile.marker). Do not edit.\n"),
        ]
    }

    private func failure(_ body: () throws -> Void) -> [String] {
        do {
            try body()
            return []
        } catch let failure as FileWriter.Failure {
            return failure.diagnostics.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    /// The case: with `Generated/swift` a plain file, both `schema.sql` were written before
    /// the models failed, with a message that did not say why. Now nothing is written, and the
    /// finding names what is in the way.
    @Test func aFileWhereAFolderGoesStopsTheWriteBeforeAnythingIsWritten() throws {
        let project = try TemporaryProject(files: ["Generated/swift": "not a folder\n"])
        let writer = writer(project, owning: ["postgres", "sqlite", "swift"])
        #expect(
            failure { try writer.write(targetFiles) } == [
                "error: cannot write 'Generated/swift/Project.swift' and 1 more: 'Generated/swift' is a file, where schemagen needs a folder [io]"
            ])
        #expect(writer.obstacles(for: targetFiles).first?.fixes == ["move or remove 'Generated/swift'"])
        #expect(project.files(under: "Generated") == ["swift"])
    }

    @Test func aFolderWhereAFileGoesIsNamed() throws {
        let project = try TemporaryProject(files: ["Generated/sqlite/schema.sql/inside.txt": "x\n"])
        let writer = writer(project, owning: ["postgres", "sqlite", "swift"])
        #expect(
            failure { try writer.write(targetFiles) } == [
                "error: cannot write 'Generated/sqlite/schema.sql': 'Generated/sqlite/schema.sql' is a folder, where schemagen writes a file [io]"
            ])
        #expect(!project.exists("Generated/postgres"))
    }

    /// Above the output directory too: `--output out/gen` with `out` a file, or a link to nothing.
    @Test func whatIsInTheWayAboveTheOutputDirectoryIsNamed() throws {
        let project = try TemporaryProject(files: ["out": "a file\n"])
        let writer = FileWriter(
            directory: project.root.appendingPathComponent("out/gen"), displayPrefix: "out/gen",
            ownedFolders: ["postgres"])
        #expect(
            failure { try writer.write([targetFiles[0]]) } == [
                "error: cannot write 'out/gen/postgres/schema.sql': 'out' is a file, where schemagen needs a folder [io]"
            ])

        try FileManager.default.createSymbolicLink(
            atPath: project.root.appendingPathComponent("Generated").path, withDestinationPath: "/nonexistent/gen")
        #expect(
            failure { try self.writer(project).write([targetFiles[0]]) } == [
                "error: cannot write 'Generated/postgres/schema.sql': 'Generated' is a symbolic link to '/nonexistent/gen', which does not exist [io]"
            ])
    }

    /// A write that fails half-way (here the temporary file of the last model cannot be made, as a
    /// full disk would fail it) leaves the directory as it was: no file renamed into place, no
    /// temporary file, no folder made for the run.
    @Test func aWriteThatFailsHalfWayChangesNothing() throws {
        let project = try TemporaryProject(files: ["Generated/postgres/schema.sql": header + "old\n"])
        let blocker = "Generated/swift/.TimestampCoding.swift.schemagen-\(getpid()).tmp/x"
        try project.write(blocker, "in the way of the temporary file\n")
        let writer = writer(project, owning: ["postgres", "sqlite", "swift"])
        let problems = failure { try writer.write(targetFiles) }
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("error: cannot write 'Generated/swift/TimestampCoding.swift': ") == true)
        #expect(project.read("Generated/postgres/schema.sql") == header + "old\n")
        #expect(!project.exists("Generated/sqlite"), "the folder made for the run is removed again")
        #expect(project.files(under: "Generated") == ["postgres/schema.sql", String(blocker.dropFirst(10))])
    }
}
