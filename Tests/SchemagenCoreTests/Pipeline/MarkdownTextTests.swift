import Testing

@testable import SchemagenCore

/// `SCHEMA.md`'s byte routines give what their `Character` rules give, on random text made of
/// what trips those rules: Markdown specials, pipes, backtick runs, blanks and every kind of line
/// break, CR LF pairs, non-ASCII letters, a combining mark after a quote or a backtick (one
/// character that is neither), and U+1FEF, which Swift compares equal to a backtick.
@Suite struct MarkdownTextTests {
    static let alphabet: [String] = [
        "a", "Z", "k", "K", "p", "u", "f", "0", "9", "_", "-", " ", " ", "\t", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}",
        "|", "`", "``", "*", "#", "[", "]", "(", ")", ",", "\"", "%", "\\", "'", ".", "é", "e\u{301}", "\u{301}",
        "`\u{301}", "|\u{301}", "\u{1FEF}", "\u{2028}", "\u{85}", "\u{A0}", "日本", "👍🏽", "Σ",
    ]

    static func randomTexts(count: Int, maxLength: Int, asciiOnly: Bool) -> [String] {
        var generator = SystemRandomNumberGenerator()
        let alphabet = asciiOnly ? Self.alphabet.filter { $0.utf8.allSatisfy { $0 < 0x80 } } : Self.alphabet
        return (0..<count).map { _ in
            (0..<Int.random(in: 0...maxLength, using: &generator)).map { _ in alphabet.randomElement()! }.joined()
        }
    }

    static var texts: [String] {
        randomTexts(count: 4_000, maxLength: 12, asciiOnly: false)
            + randomTexts(count: 4_000, maxLength: 12, asciiOnly: true)
            + ["", " ", "pk", "PK", "fK", "uk_", "1a", "_1", "a b", "`", "``a`", " a\r\n b ", "\r\n", "x\r"]
    }

    @Test func markdownSpellingsAreTheCharacterRules() {
        for text in Self.texts {
            #expect(MarkdownText.line(text) == MarkdownText.unicodeLine(text), "\(text.debugDescription)")
            #expect(MarkdownText.cell(text) == MarkdownText.unicodeCell(text), "\(text.debugDescription)")
            #expect(MarkdownText.code(text) == MarkdownText.unicodeCode(text), "\(text.debugDescription)")
            #expect(MarkdownText.anchor(text) == MarkdownText.unicodeAnchor(text), "\(text.debugDescription)")
        }
    }

    /// The byte routines themselves, not only their fallbacks: on ASCII they answer, and agree.
    @Test func theByteRoutinesAnswerForASCII() {
        for text in Self.randomTexts(count: 4_000, maxLength: 16, asciiOnly: true) {
            #expect(MarkdownText.asciiLine(text) == MarkdownText.unicodeLine(text), "\(text.debugDescription)")
            #expect(MarkdownText.asciiCode(text) == MarkdownText.unicodeCode(text), "\(text.debugDescription)")
            #expect(MarkdownText.asciiAnchor(text) == MarkdownText.unicodeAnchor(text), "\(text.debugDescription)")
            #expect(
                MarkdownText.asciiEscapingPipes(text) == text.replacing("|", with: "\\|"), "\(text.debugDescription)")
            if !text.utf8.contains(0x0D) {
                #expect(
                    MermaidERDiagram.asciiWord(text) == MermaidERDiagram.unicodeWord(text), "\(text.debugDescription)")
            }
        }
    }

    @Test func mermaidWordsAreTheCharacterRules() {
        for text in Self.texts {
            #expect(MermaidERDiagram.word(text) == MermaidERDiagram.unicodeWord(text), "\(text.debugDescription)")
            #expect(MermaidERDiagram.entity(text) == MermaidERDiagram.unicodeEntity(text), "\(text.debugDescription)")
            #expect(
                MermaidERDiagram.spellingWord(text) == MermaidERDiagram.unicodeSpellingWord(text),
                "\(text.debugDescription)")
            let type = ColumnType.enumeration(.named(name: text))
            #expect(MermaidERDiagram.typeWord(type) == MermaidERDiagram.unicodeTypeWord(type))
        }
        let types: [ColumnType] = [
            .uuid, .text, .varchar(length: 40), .smallint, .int, .bigint, .bool, .decimal(precision: 10, scale: 2),
            .real, .double, .date, .timestamptz, .timestamp, .json, .bytes, .vector(dimensions: 3),
            .enumeration(.inline(values: ["a", "b"])), .enumeration(.named(name: "work_status")),
        ]
        for type in types {
            #expect(MermaidERDiagram.typeWord(type) == MermaidERDiagram.unicodeTypeWord(type), "\(type)")
        }
    }

    /// `attributeWord`'s two-byte shortcut finds every key marker, in any letter case.
    @Test func keyMarkersGetTheirUnderscore() {
        for marker in ["pk", "PK", "Pk", "pK", "fk", "FK", "uk", "UK"] {
            #expect(MermaidERDiagram.attributeWord(marker) == marker + "_")
        }
        for word in ["ok", "pkk", "k", "p", "id"] {
            #expect(MermaidERDiagram.attributeWord(word) == word)
        }
    }
}
