import Foundation
import Testing

@testable import SchemagenCore

/// `SpanningFiles` compares the files that span a renderer's parts piece by piece as the parts
/// come, in any order, and drops what it finds on disk: it must sort them as the simple way did,
/// the pieces joined (`RenderParts.joinPieces`) and compared whole (`OutputFiles.sort`), with the
/// same texts and digests, whatever is on disk (nothing, the file, a byte changed anywhere, cut
/// short, longer, a folder) and when the file changes while it is compared.
@Suite struct SpanningFilesTests {
    private static let paths = ["postgres/schema.sql", "SCHEMA.md", "sqlite/schema.sql"]
    private static let words = ["", "a", "CREATE TABLE t (\n", "é", "→ x\n", "\r\n", "0123456789", ";\n"]

    /// Random pieces of `parts` parts over up to three files; a part may hold no piece of a file.
    private static func randomParts(_ random: inout Random) -> [[GeneratedFile]] {
        let paths = random.pick(Self.paths, count: random.int(1...3))
        return (0..<random.int(1...12)).map { _ in
            paths.compactMap { path -> GeneratedFile? in
                guard random.int(0...4) > 0 else { return nil }
                let text = (0..<random.int(0...6)).map { _ in Self.words[random.int(0...(Self.words.count - 1))] }
                return GeneratedFile(path: path, contents: text.joined())
            }
        }
    }

    private static func writer(_ project: TemporaryProject) -> FileWriter {
        FileWriter(
            directory: project.root.appendingPathComponent("Generated"), displayPrefix: "Generated",
            ownedFolders: ["postgres", "sqlite", "SCHEMA.md"])
    }

    /// What is on disk at `path` for the joined `text`: one of the cases, chosen at random.
    private static func placeOnDisk(
        _ text: String, at path: String, in project: TemporaryProject, _ random: inout Random
    ) throws {
        var bytes = Array(text.utf8)
        switch random.int(0...6) {
        case 0: return  // nothing there
        case 1:
            try FileManager.default.createDirectory(
                at: project.root.appendingPathComponent("Generated/" + path), withIntermediateDirectories: true)
            return
        case 2 where !bytes.isEmpty: bytes[random.int(0...(bytes.count - 1))] ^= 0x01
        case 3 where !bytes.isEmpty: bytes.removeLast(random.int(1...bytes.count))
        case 4: bytes += Array("x".utf8)
        default: break  // the file as it is rendered
        }
        let url = project.root.appendingPathComponent("Generated/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    private static func simple(_ parts: [[GeneratedFile]], _ writer: FileWriter) -> OutputFiles.Sorted {
        OutputFiles(comparingWith: writer, digesting: true).sort(RenderParts.joinPieces(parts))
    }

    private static func spanning(_ parts: [[GeneratedFile]], _ writer: FileWriter, _ random: inout Random)
        -> OutputFiles.Sorted
    {
        let files = SpanningFiles(writer: writer)
        // In any order, as the jobs finish.
        for part in Array(parts.indices).shuffled(using: &random.generator) { files.add(parts[part], ofPart: part) }
        return try! files.sorted(digesting: true) { parts[$0] }
    }

    /// The same files in the same order as the simple way gives them.
    private static func expectSame(_ left: OutputFiles.Sorted, _ right: OutputFiles.Sorted, _ comment: Comment) {
        // Byte for byte: `==` of files compares their text as strings.
        #expect(left.changed.map(\.path) == right.changed.map(\.path), comment)
        #expect(left.changed.map(\.bytes) == right.changed.map(\.bytes), comment)
        #expect(left.unchanged == right.unchanged, comment)
        #expect(left.digests == right.digests, comment)
    }

    @Test func randomPiecesAreSortedAsTheJoinedFiles() throws {
        for seed in UInt64(0)..<400 {
            var random = Random(seed: seed &* 0x51_7CC1 &+ 3)
            let parts = Self.randomParts(&random)
            let project = try TemporaryProject()
            for file in RenderParts.joinPieces(parts) {
                try Self.placeOnDisk(file.contents, at: file.path, in: project, &random)
            }
            let writer = Self.writer(project)
            Self.expectSame(Self.spanning(parts, writer, &random), Self.simple(parts, writer), "seed \(seed)")
        }
    }

    /// A file found in part, then changed in place or replaced before the run sorts it: the bytes
    /// found are not read back from a file that changed, but rendered again.
    @Test func aFileThatChangesWhileItIsComparedIsRenderedAgain() throws {
        let parts: [[GeneratedFile]] = [
            [GeneratedFile(path: "SCHEMA.md", contents: "# One\n")],
            [GeneratedFile(path: "SCHEMA.md", contents: "two\n")],
            [GeneratedFile(path: "SCHEMA.md", contents: "three → 3\n")],
        ]
        for replacing in [false, true] {
            for onDisk in ["# One\ntwo\nthree → 3\n", "# One\ntwo\nTHREE\n"] {
                let project = try TemporaryProject(files: ["Generated/SCHEMA.md": onDisk])
                let writer = Self.writer(project)
                let files = SpanningFiles(writer: writer)
                for part in parts.indices { files.add(parts[part], ofPart: part) }
                let url = project.root.appendingPathComponent("Generated/SCHEMA.md")
                if replacing {
                    // Renamed over it, as a writer does: the file held open is as it was.
                    try Data("# Ono\n".utf8).write(to: url, options: .atomic)
                } else {
                    let handle = try FileHandle(forWritingTo: url)
                    try handle.write(contentsOf: Data("# Ono".utf8))
                    try handle.close()
                }
                var rerendered = 0
                let sorted = try files.sorted(digesting: true) { part in
                    rerendered += 1
                    return parts[part]
                }
                let comment: Comment = "replacing \(replacing), \(onDisk.debugDescription)"
                #expect(
                    sorted.changed == [GeneratedFile(path: "SCHEMA.md", contents: "# One\ntwo\nthree → 3\n")], comment)
                #expect(sorted.unchanged.isEmpty && sorted.digests.isEmpty, comment)
                #expect(rerendered == parts.count, comment)
            }
        }
    }

    /// The pieces found on disk before the first difference are read back from it, not rendered.
    @Test func theBytesFoundBeforeADifferenceAreReadBack() throws {
        let parts: [[GeneratedFile]] = [
            [GeneratedFile(path: "sqlite/schema.sql", contents: "A;\n")],
            [GeneratedFile(path: "sqlite/schema.sql", contents: "B;\n")],
            [GeneratedFile(path: "sqlite/schema.sql", contents: "C;\n")],
        ]
        let project = try TemporaryProject(files: ["Generated/sqlite/schema.sql": "A;\nB;\nX;\n"])
        let files = SpanningFiles(writer: Self.writer(project))
        for part in parts.indices.reversed() { files.add(parts[part], ofPart: part) }
        let sorted = try files.sorted(digesting: true) { _ in
            Issue.record("rendered again")
            return []
        }
        #expect(sorted.changed == [GeneratedFile(path: "sqlite/schema.sql", contents: "A;\nB;\nC;\n")])
    }
}
