import Crypto
import Foundation
import Testing

@testable import SchemagenCore

/// `SchemaMigrations.swift` is written straight into bytes for a script that is all ASCII
/// (`SwiftMigrationsFile.render(_:bytes:)`), the integrity hash skips the CRs of CR LFs without a
/// copy, and the file is compared with the disk piece by piece (issue 11, third pass). Each is
/// compared here with the simple way it replaced: the lines of `scriptLines` joined, the file
/// normalized into a copy, the pieces joined and read whole; on every migration script of the
/// repository and on random scripts made of the corners.
@Suite struct SchemaMigrationsBytesTests {
    /// What `render(_:bytes:)` must equal: the lines of the text reader, each ended.
    private func expected(_ text: String, _ script: SwiftMigrationsFile.Script, file: SwiftMigrationsFile) -> [UInt8] {
        Array(
            file.scriptLines(
                text, dialect: script.dialect, label: script.direction.rawValue, isLast: script.direction == .down
            )
            .map { $0 + "\n" }.joined().utf8)
    }

    private func expectSameScript(_ text: String, _ comment: Comment) {
        var config = Config()
        config.targets = [.postgres, .sqlite, .swift]
        let file = SwiftMigrationsFile(config: config)
        for script in file.scripts(of: MigrationID(number: 1, name: "x")) {
            let whole = expected(text, script, file: file)
            #expect(file.render(script, bytes: Array(text.utf8)) == whole, comment)
        }
    }

    @Test func everyMigrationScriptIsWrittenAsItsLines() {
        #expect(ByteReaderEquivalenceTests.scripts.count >= 50)
        for (name, text) in ByteReaderEquivalenceTests.scripts {
            expectSameScript(text, "\(name)")
            // The same script with CR LF line ends, and without its last line feed.
            expectSameScript(text.replacingOccurrences(of: "\n", with: "\r\n"), "\(name), CR LF")
            expectSameScript(String(text.dropLast()), "\(name), no last line feed")
        }
    }

    static let lines = [
        "-- revision: 0002_x", "-- down_revision: none", "-- note", "", "  ", "\t", "BEGIN;", "begin immediate;",
        " BEGIN TRANSACTION; ", "START TRANSACTION;", "COMMIT;", "commit transaction;\r", "END;",
        "PRAGMA foreign_keys = OFF;", "PRAGMA foreign_keys = ON;", " PRAGMA foreign_keys = OFF;\t",
        "-- Fail, and so roll back, if a row breaks a foreign key", "CREATE TABLE t (a int);", "SELECT 1;\r", "\r",
        "CREATE TRIGGER t AFTER INSERT ON x BEGIN", "  UPDATE x SET a = 1;", "CREATE INDEX CONCURRENTLY i ON t (a);",
        "SELECT '\"#';", "SELECT \"a\"\"#\", '\\#';", "SELECT $$ ; \"\"\"## $$;", "SELECT E'\\'; ##';",
        "/* ; */ SELECT 2;",
        "SELECT '", "';", "(", ");", "SELECT 1; SELECT 2;", "x\r\ny;", "#", "\"\"\"#", "\\##", "\0;", ";",
    ]

    /// `holdsTriggerOrNUL` finds what the byte loop it replaced finds: random ranges of random
    /// text made of pieces of the word in both cases, NULs, and letters around them, the word
    /// across the eight-byte loads and at the range's ends.
    @Test func aTriggerOrANULIsFoundAsByTheByteLoop() {
        func byBytes(_ sql: UnsafeBufferPointer<UInt8>, in range: Range<Int>) -> Bool {
            let word = Array("trigger".utf8)
            for index in range {
                let byte = sql[index]
                if byte == 0 { return true }
                if byte | 0x20 == word[0], index + word.count <= range.upperBound {
                    var matched = 1
                    while matched < word.count, sql[index + matched] | 0x20 == word[matched] { matched += 1 }
                    if matched == word.count { return true }
                }
            }
            return false
        }
        let pieces = [
            "t", "T", "r", "R", "tr", "TR", "trigger", "TRIGGER", "TrIgGeR", "trigge", "rigger", "x", " ", "\0", "4",
            "T",
        ]
        var generator = SystemRandomNumberGenerator()
        var found = 0
        for _ in 0..<20_000 {
            let bytes = Array(
                (0..<Int.random(in: 0...30, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
                    .joined().utf8)
            let lower = Int.random(in: 0...bytes.count, using: &generator)
            let range = lower..<Int.random(in: lower...bytes.count, using: &generator)
            bytes.withUnsafeBufferPointer { sql in
                let expected = byBytes(sql, in: range)
                if expected { found += 1 }
                #expect(SwiftMigrationsFile.holdsTriggerOrNUL(sql, in: range) == expected, "\(bytes) \(range)")
            }
        }
        #expect(found > 1_000)
    }

    @Test func randomScriptsAreWrittenAsTheirLines() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            var text = ""
            for index in 0..<Int.random(in: 0...16, using: &generator) {
                if index > 0 { text += Int.random(in: 0..<4, using: &generator) == 0 ? "\r\n" : "\n" }
                text += Self.lines.randomElement(using: &generator)!
            }
            if Bool.random(using: &generator) { text += "\n" }
            expectSameScript(text, "\(text.debugDescription)")
        }
    }

    @Test func aScriptThatIsNotASCIIIsWrittenAsItsLines() {
        expectSameScript("BEGIN;\nSELECT 'é';\nCOMMIT\u{37E}\nSELECT 1;\n", "non-ASCII")
    }

    /// The hash as it was: the file copied with each CR of a CR LF left out.
    private static func normalizedHash(_ bytes: [UInt8], after previous: String) -> String {
        var normalized: [UInt8] = []
        for (index, byte) in bytes.enumerated() where !(byte == 13 && index + 1 < bytes.count && bytes[index + 1] == 10)
        {
            normalized.append(byte)
        }
        var hasher = SHA256()
        hasher.update(data: Array(previous.utf8))
        hasher.update(data: normalized)
        return "sha256:" + Data(hasher.finalize()).base64EncodedString()
    }

    @Test func theHashSkipsTheCRsOfCRLFsAsTheCopyDid() {
        var generator = SystemRandomNumberGenerator()
        let pieces: [[UInt8]] = [[13], [10], [13, 10], [13, 13, 10], [10, 13], [65], [66, 67], [0], [0xC3, 0xA9]]
        for _ in 0..<3_000 {
            let bytes = (0..<Int.random(in: 0...20, using: &generator)).flatMap { _ in
                pieces.randomElement(using: &generator)!
            }
            let previous = Bool.random(using: &generator) ? "" : "sha256:abc"
            #expect(
                IntegrityFile.hash(bytes, after: previous) == Self.normalizedHash(bytes, after: previous), "\(bytes)")
        }
        for (name, text) in ByteReaderEquivalenceTests.scripts.prefix(10) {
            let bytes = Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
            #expect(IntegrityFile.fileHash(bytes) == Self.normalizedHash(bytes, after: ""), "\(name)")
            #expect(IntegrityFile.fileHash(bytes) == IntegrityFile.fileHash(Array(text.utf8)), "\(name)")
        }
    }

    @Test func piecesAreComparedWithTheDiskAsTheWholeFileWas() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "pieces-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appending(path: "file").path
        var generator = SystemRandomNumberGenerator()
        // Every piece is cut from one pattern, made once: made byte by byte for each piece, the
        // pieces took this test 200 s in a debug build.
        let sizes = [0, 1, 7, (1 << 20) - 1, 1 << 20, (1 << 20) + 3]
        // Pseudo-random, so that no two megabytes of it are alike: a block compared with the
        // wrong one differs.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let pattern = (0..<(sizes.max()! + 256)).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        for round in 0..<400 {
            // Pieces of every size around the block of a megabyte, empty ones among them.
            let pieces = (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                let start = Int.random(in: 0..<256, using: &generator)
                return Array(pattern[start..<start + sizes.randomElement(using: &generator)!])
            }
            var disk: [UInt8] = []
            for piece in pieces { disk += piece }
            var same = true
            switch Int.random(in: 0..<5, using: &generator) {
            case 0 where !disk.isEmpty:
                disk[Int.random(in: 0..<disk.count, using: &generator)] ^= 1
                same = false
            case 1:
                disk.append(0)
                same = false
            case 2 where !disk.isEmpty:
                disk.removeLast()
                same = false
            default: break
            }
            try Data(disk).write(to: URL(fileURLWithPath: path))
            #expect(OutputFiles.isOnDisk(pieces, at: path) == same, "round \(round)")
        }
        #expect(!OutputFiles.isOnDisk([], at: directory.appending(path: "absent").path))
        #expect(!OutputFiles.isOnDisk([], at: directory.path))
    }

    /// A migration's Swift file found up to date ahead: unchanged while it is that very file
    /// (neither read nor rendered); read back from where it was found when every file is kept;
    /// rendered again, and compared, once it was replaced, even by one of the same size.
    @Test func aFileFoundUpToDateIsTakenAsItIsWhileItIsThere() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "found-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appending(path: "0001_x.swift").path
        let found = Array("head\nfirst script\nmiddle\nsecond script\n".utf8)
        try Data(found).write(to: URL(fileURLWithPath: path))
        let disk = try #require(OpenFile(path: path))
        let comparing = OutputFiles(
            comparingWith: FileWriter(directory: directory, displayPrefix: "", ownedFolders: []), digesting: true)
        let keeping = OutputFiles(comparingWith: nil)
        var rendered = 0
        let render = { () -> [UInt8] in
            rendered += 1
            return Array("HEAD\nFIRST SCRIPT\nMIDDLE\nSECOND SCRIPT\n".utf8)
        }

        let unchanged = comparing.sort(path: "0001_x.swift", foundAs: disk, render: render)
        #expect(unchanged.unchanged == ["0001_x.swift"] && unchanged.changed.isEmpty)
        #expect(unchanged.digests["0001_x.swift"] == FileDigest(found))
        let kept = keeping.sort(path: "0001_x.swift", foundAs: disk, render: render)
        #expect(kept.changed.map(\.bytes) == [found])
        #expect(rendered == 0)

        // Replaced by a file of the same size: the file found is no longer the one at its place,
        // so none of its bytes are used, and the rendered ones are compared with the new one.
        try Data(render()).write(to: URL(fileURLWithPath: path), options: .atomic)
        rendered = 0
        let again = comparing.sort(path: "0001_x.swift", foundAs: disk, render: render)
        #expect(again.unchanged == ["0001_x.swift"] && rendered == 1)
        #expect(keeping.sort(path: "0001_x.swift", foundAs: disk, render: render).changed.map(\.bytes) == [render()])
        try Data(Array("other\n".utf8)).write(to: URL(fileURLWithPath: path), options: .atomic)
        #expect(comparing.sort(path: "0001_x.swift", foundAs: disk, render: render).changed.map(\.bytes) == [render()])
    }

    @Test func theFileOfPiecesIsThemJoined() {
        let pieces: [[UInt8]] = [Array("a\n".utf8), [], Array("é\n".utf8), Array("z".utf8)]
        #expect(GeneratedFile(path: "a", joining: pieces).bytes == Array("a\né\nz".utf8))
        #expect(GeneratedFile(path: "a", joining: [[UInt8]]()).bytes == [])
    }
}
