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

    /// The pieces written straight into a document (`writeCode`, `writeAnchor`, `writeEntity`,
    /// `writeMarkers`) are the strings they stand for, on the same random text.
    @Test func writtenPiecesAreTheirStrings() {
        for text in Self.texts {
            var code = TextBuffer()
            MarkdownText.writeCode(text, into: &code)
            #expect(code.text == MarkdownText.code(text), "\(text.debugDescription)")
            var anchor = TextBuffer()
            MarkdownText.writeAnchor(text, into: &anchor)
            #expect(anchor.text == MarkdownText.anchor(text), "\(text.debugDescription)")
            var entity = MarkdownDocument(continuing: true)
            MermaidERDiagram.writeEntity(text, into: &entity)
            #expect(entity.piece == MermaidERDiagram.entity(text), "\(text.debugDescription)")
        }
    }

    /// `TableKeys` compares its lists as the sets they were: same members, repeats and order aside.
    @Test func tableKeysListsAnswerAsSets() {
        var generator = SystemRandomNumberGenerator()
        let names = ["a", "b", "c", "id", "a_b"]
        func list() -> [String] { (0..<Int.random(in: 0...4, using: &generator)).map { _ in names.randomElement()! } }
        for _ in 0..<3_000 {
            let (first, second) = (list(), list())
            #expect(TableKeys.sameSet(first, second) == (Set(first) == Set(second)), "\(first) \(second)")
        }
        for _ in 0..<500 {
            let columns = (0..<Int.random(in: 1...4, using: &generator)).map { "c\($0)" } + names
            let here = SourceLocation(file: "t.yaml", line: 1, column: 1)
            let column = { (name: String) in Column(name: name, type: .int, location: here) }
            var table = Table(name: "t", columns: columns.map(column), file: "t.yaml", location: here)
            let primary = list()
            if !primary.isEmpty { table.primaryKey = PrimaryKey(name: "pk", columns: primary, location: here) }
            table.uniqueConstraints = (0..<Int.random(in: 0...3, using: &generator)).map {
                UniqueConstraint(name: "uq\($0)", columns: list(), location: here)
            }
            table.foreignKeys = (0..<Int.random(in: 0...2, using: &generator)).map {
                let own = list()
                return ForeignKey(
                    name: "fk\($0)", columns: own, referencedTable: "t", referencedColumns: own, location: here)
            }
            let keys = TableKeys(table)
            for name in names {
                var document = MarkdownDocument(continuing: true)
                keys.writeMarkers(of: name, into: &document)
                let markers = keys.markers(of: name)
                #expect(document.piece == (markers.isEmpty ? "" : " " + markers.joined(separator: ", ")))
                let sets = ([primary] + table.uniqueConstraints.map(\.columns)).filter { !$0.isEmpty }.map(Set.init)
                let alone = sets.contains([name]) && !(primary.count == 1 && primary[0] == name)
                #expect(keys.isUniqueAlone(name) == alone, "\(name) \(sets) \(primary)")
            }
        }
    }
}
