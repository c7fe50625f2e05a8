import Testing

@testable import SchemagenCore

/// `TextBuffer` gives back exactly the strings appended to it, joined, whatever their sizes (past
/// its capacity, so that it grows), and a copy of a buffer is a value: writing to one leaves the
/// other as it was.
@Suite struct TextBufferTests {
    @Test func theTextIsThePiecesJoined() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["", "a", "\n", "CREATE TABLE ", "é", "日本", "👍🏽", String(repeating: "x", count: 40), "\r\n"]
        for round in 0..<300 {
            var buffer = TextBuffer(capacity: round % 7)
            var expected = ""
            for _ in 0..<Int.random(in: 0...60, using: &generator) {
                switch Int.random(in: 0...3, using: &generator) {
                case 0:
                    let byte = UInt8.random(in: 0x20...0x7E, using: &generator)
                    buffer.append(ascii: byte)
                    expected += String(UnicodeScalar(byte))
                case 1:
                    let number = Int.random(in: -20...20_000, using: &generator)
                    buffer.append(decimal: number)
                    expected += String(number)
                case 2:
                    let piece = pieces.randomElement(using: &generator)!
                    buffer += piece.dropFirst()
                    expected += piece.dropFirst()
                default:
                    let piece = pieces.randomElement(using: &generator)!
                    buffer += piece
                    expected += piece
                }
            }
            #expect(buffer.text == expected)
            #expect(buffer.count == expected.utf8.count)
            #expect(buffer.text(appending: "\n") == expected + "\n")
            // As a file's bytes, as the renderers' parts give them.
            let suffix = pieces.randomElement(using: &generator)!
            let file = buffer.file("a.sql", appending: suffix)
            #expect(file.bytes == Array((expected + suffix).utf8))
            #expect(file == GeneratedFile(path: "a.sql", contents: expected + suffix))
            #expect(buffer.file("a.sql").bytes == Array(expected.utf8))
            var copy = buffer
            copy += "more"
            #expect(buffer.text == expected)
            #expect(copy.text == expected + "more")
        }
    }
}
