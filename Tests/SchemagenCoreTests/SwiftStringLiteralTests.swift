import Testing

@testable import SchemagenCore

/// `SwiftText.stringLiteralContents` returns a text without escapable bytes as it is; on random
/// text (quotes, backslashes, control characters, DEL, non-ASCII, CR LF) it is the scalar-by-scalar
/// escaping.
@Suite struct SwiftStringLiteralTests {
    @Test func theShortcutIsTheEscaping() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [String] = [
            "a", "Z", "_", "-", " ", "0", "\"", "\\", "\n", "\r", "\r\n", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é",
            "e\u{301}", "日", "👍🏽", "\u{2028}", "$", "{", "}",
        ]
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...10, using: &generator)).map { _ in alphabet.randomElement()! }.joined()
            #expect(
                SwiftText.stringLiteralContents(text) == SwiftText.escapedLiteralContents(text),
                "\(text.debugDescription)")
        }
    }
}
