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

    @Test func reportsStaleFiles() throws {
        let project = try TemporaryProject(files: ["Generated/postgres/a.sql": header + "old\n"])
        #expect(
            writer(project).changes(for: [GeneratedFile(path: "postgres/a.sql", contents: header + "new\n")])
                == [.stale("Generated/postgres/a.sql")])
    }

    @Test func twoFilesWithOnePathAreAnErrorNotACrash() throws {
        let project = try TemporaryProject()
        let file = GeneratedFile(path: "postgres/a.sql", contents: header)
        #expect(throws: Diagnostic.self) { try writer(project).write([file, file]) }
        #expect(!project.exists("Generated/postgres/a.sql"))
    }
}
