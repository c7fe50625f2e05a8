import Foundation
import Testing

@testable import SchemagenCore

/// A file made from its UTF-8 bytes (a migration's snapshot, `SchemaMigrations.swift`) is the file
/// made from their text: the same text, equality, hash, digest and bytes written, compared and
/// hashed; random texts with non-ASCII letters, combining marks and line breaks.
@Suite struct GeneratedFileTests {
    private static let pieces = ["a", "é", "e\u{301}", "\n", "\r\n", "\u{1F600}", " ", "{", "\"", "ß", "\u{0}"]

    private func randomText(_ generator: inout some RandomNumberGenerator) -> String {
        (0..<Int.random(in: 0...40, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }
            .joined()
    }

    @Test func aFileOfBytesIsTheFileOfTheirText() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let text = randomText(&generator)
            let fromText = GeneratedFile(path: "swift/A.swift", contents: text)
            let fromBytes = GeneratedFile(path: "swift/A.swift", utf8: Array(text.utf8))
            #expect(fromBytes.contents == text)
            #expect(fromBytes == fromText)
            #expect(fromBytes.hashValue == fromText.hashValue)
            #expect(fromBytes.bytes == Array(text.utf8))
            #expect(fromText.bytes == Array(text.utf8))
            #expect(fromBytes.withBytes { Array($0) } == Array(text.utf8))
            #expect(FileDigest(fromBytes) == FileDigest(text: text))
            #expect(FileDigest(fromText) == FileDigest(text: text))
            // Joined from pieces, as `SchemaMigrations.swift` is.
            let cut = Int.random(in: 0...text.utf8.count, using: &generator)
            let joined = GeneratedFile(
                path: "swift/A.swift", joining: [Array(text.utf8.prefix(cut)), Array(text.utf8.dropFirst(cut))])
            #expect(joined.bytes == Array(text.utf8))
        }
    }

    /// A file of pieces (`init(path:pieces:)`, a file that spans a renderer's parts, written
    /// unjoined) is the file of their bytes joined, every way it is read: random texts cut at
    /// random character boundaries, each piece text or bytes, pieces of pieces, empty ones too.
    @Test func aFileOfPiecesIsTheFileOfTheirBytesJoined() {
        var generator = SystemRandomNumberGenerator()
        func piecesFile(_ text: String, depth: Int) -> GeneratedFile {
            let characters = Array(text)
            var cuts = (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                Int.random(in: 0...characters.count, using: &generator)
            }
            cuts = [0] + cuts.sorted() + [characters.count]
            let pieces = zip(cuts, cuts.dropFirst()).map { start, end in
                let piece = String(characters[start..<end])
                switch Int.random(in: 0..<(depth < 2 ? 3 : 2), using: &generator) {
                case 0: return GeneratedFile(path: "ignored", contents: piece)
                case 1: return GeneratedFile(path: "ignored", utf8: Array(piece.utf8))
                default: return piecesFile(piece, depth: depth + 1)
                }
            }
            return GeneratedFile(path: "postgres/schema.sql", pieces: pieces)
        }
        for _ in 0..<500 {
            let text = randomText(&generator)
            let whole = GeneratedFile(path: "postgres/schema.sql", contents: text)
            let file = piecesFile(text, depth: 0)
            #expect(file.contents == text)
            #expect(file == whole)
            #expect(file.hashValue == whole.hashValue)
            #expect(file.bytes == Array(text.utf8))
            #expect(file.byteCount == text.utf8.count)
            #expect(file.withBytes { Array($0) } == Array(text.utf8))
            #expect(FileDigest(file) == FileDigest(text: text))
            var written: [UInt8] = []
            #expect(
                file.forEachPiece { piece in
                    written += piece
                    return true
                })
            #expect(written == Array(text.utf8))
        }
    }

    /// The writer writes a file of pieces as their bytes joined.
    @Test func theWriterWritesAFileOfPieces() throws {
        let project = try TemporaryProject(files: [:])
        let writer = FileWriter(
            directory: project.root.appendingPathComponent("Generated"), displayPrefix: "Generated",
            ownedFolders: [])
        let text = "-- \(GeneratedFile.marker).\nCREATE TABLE a ();\n\nCREATE TABLE é ();\n"
        let file = GeneratedFile(
            path: "postgres/schema.sql",
            pieces: [
                GeneratedFile(path: "postgres/schema.sql", contents: String(text.prefix(20))),
                GeneratedFile(path: "postgres/schema.sql", utf8: []),
                GeneratedFile(path: "postgres/schema.sql", utf8: Array(text.dropFirst(20).utf8)),
            ])
        #expect(try writer.write([file]) == [.missing("Generated/postgres/schema.sql")])
        #expect(project.read("Generated/postgres/schema.sql") == text)
        #expect(writer.isUnchanged(file))
    }

    /// Setting the text of a file made from bytes makes it that text.
    @Test func settingTheTextReplacesTheBytes() {
        var file = GeneratedFile(path: "a.sql", utf8: Array("old".utf8))
        file.contents = "new é"
        #expect(file.bytes == Array("new é".utf8))
        #expect(file == GeneratedFile(path: "a.sql", contents: "new é"))
    }

    /// The writer writes, and compares with the disk, the bytes as they are.
    @Test func theWriterWritesAndComparesTheBytes() throws {
        let project = try TemporaryProject(files: [:])
        let writer = FileWriter(
            directory: project.root.appendingPathComponent("Generated"), displayPrefix: "Generated",
            ownedFolders: ["migrations"])
        let text = "{\n  \"comment\" : \"\(GeneratedFile.marker) é\"\n}\n"
        let file = GeneratedFile(path: "migrations/snapshots/0001_a.json", utf8: Array(text.utf8))
        #expect(try writer.write([file]) == [.missing("Generated/migrations/snapshots/0001_a.json")])
        #expect(project.read("Generated/migrations/snapshots/0001_a.json") == text)
        #expect(writer.isUnchanged(file))
        #expect(writer.changes(for: [file]).isEmpty)
        #expect(!writer.isUnchanged(GeneratedFile(path: file.path, utf8: Array((text + " ").utf8))))
    }
}
