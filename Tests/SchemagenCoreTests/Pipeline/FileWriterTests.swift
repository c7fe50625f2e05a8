import Foundation
import Testing

@testable import SchemagenCore

@Suite struct FileWriterTests {
    private let marker = "-- \(GeneratedFile.marker) from schema/. Do not edit.\n"

    @Test func writesOnlyWhatChangedAndRemovesOnlyItsOwnStaleFiles() throws {
        let project = try TemporaryProject(files: [
            "Generated/notes.md": "mine, not schemagen's\n",
            "Generated/old/gone.sql": marker + "SELECT 1;\n",
            "Generated/same.sql": marker + "same\n",
        ])
        let writer = FileWriter(directory: project.root.appendingPathComponent("Generated"), displayPrefix: "Generated")
        let files = [
            GeneratedFile(path: "same.sql", contents: marker + "same\n"),
            GeneratedFile(path: "new/file.sql", contents: marker + "new\n"),
        ]
        let before = try FileManager.default.attributesOfItem(
            atPath: project.root.appendingPathComponent("Generated/same.sql").path)[.modificationDate] as? Date

        #expect(writer.changes(for: files) == [.missing("Generated/new/file.sql"), .extra("Generated/old/gone.sql")])
        Thread.sleep(forTimeInterval: 0.01)
        let changes = try writer.write(files)
        #expect(changes == [.missing("Generated/new/file.sql"), .extra("Generated/old/gone.sql")])

        #expect(project.read("Generated/new/file.sql") == marker + "new\n")
        #expect(!project.exists("Generated/old/gone.sql"))
        #expect(project.read("Generated/notes.md") == "mine, not schemagen's\n")
        let after = try FileManager.default.attributesOfItem(
            atPath: project.root.appendingPathComponent("Generated/same.sql").path)[.modificationDate] as? Date
        #expect(before == after, "an unchanged file is not rewritten")
        #expect(writer.changes(for: files) == [])
        // No temporary files are left behind.
        #expect(project.files(under: "Generated") == ["new/file.sql", "notes.md", "same.sql"])
    }

    @Test func reportsStaleFiles() throws {
        let project = try TemporaryProject(files: ["Generated/a.sql": marker + "old\n"])
        let writer = FileWriter(directory: project.root.appendingPathComponent("Generated"), displayPrefix: "Generated")
        #expect(writer.changes(for: [GeneratedFile(path: "a.sql", contents: marker + "new\n")]) == [.stale("Generated/a.sql")])
    }
}
