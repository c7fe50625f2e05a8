import Foundation
import Testing

@testable import SchemagenCore

/// The byte-level shortcuts of the front of the pipeline (issue 11) against the string operations
/// they replace, on random text: ASCII, braces, underscores, combining marks, other scripts.
@Suite struct FrontFastPathTests {
    static let alphabet = Array("ab_(z)9 _history_\u{301}éK\u{212A}{}-\t\n\u{1}\u{7F}")

    static func randomText(upTo count: Int, using generator: inout SystemRandomNumberGenerator) -> String {
        String(
            (0..<Int.random(in: 0...count, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// `endsInMassNoun` as it was: characters throughout.
    static func endsInMassNounByCharacters(_ name: String, massNouns: [String]) -> Bool {
        let words = name.split(separator: "_")
        let noun = SwiftNames.nounIndex(in: words).map { words[...$0].joined(separator: "_") } ?? name
        return massNouns.contains { noun == $0 || noun.hasSuffix("_" + $0) }
    }

    @Test func massNounsByBytesAgreeWithCharacters() {
        var generator = SystemRandomNumberGenerator()
        let words = ["history", "usage", "k", "\u{212A}", "é", "e\u{301}", "data", "_", "s", "2", "agent"]
        for _ in 0..<5_000 {
            let name = (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                Bool.random(using: &generator)
                    ? words.randomElement(using: &generator)! : Self.randomText(upTo: 4, using: &generator)
            }.joined(separator: Bool.random(using: &generator) ? "_" : "")
            let massNouns = (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                words.randomElement(using: &generator)!
            }
            #expect(
                NameStyle.endsInMassNoun(name, massNouns: Set(massNouns))
                    == Self.endsInMassNounByCharacters(name, massNouns: massNouns),
                "\(name.debugDescription) in \(massNouns)")
        }
        // The default list, on the synthetic project's kind of names.
        for name in ["token_usage", "phase_history", "histories", "agent_memory", "users_v2", "usage", "x_usage_2"] {
            let defaults = Array(SwiftNames.defaultMassNouns)
            #expect(
                NameStyle.endsInMassNoun(name, massNouns: Set(defaults))
                    == Self.endsInMassNounByCharacters(name, massNouns: defaults), "\(name)")
        }
    }

    @Test func unclosedParenthesisByBytesAgreesWithFoundation() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let text = Self.randomText(upTo: 10, using: &generator)
            #expect(
                DocumentParser.hasUnclosedParenthesis(text) == (text.contains("(") && !text.contains(")")),
                "\(text.debugDescription)")
        }
    }

    /// `table.column` split by bytes (ASCII) or by characters (the rest) against the character
    /// split it replaced: dots at the ends, doubled, followed by a combining mark.
    @Test func referencePartsAgreeWithTheCharacterSplit() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab_.9..\u{301}é")
        for _ in 0..<5_000 {
            let text = String(
                (0..<Int.random(in: 0...8, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            #expect(
                ReferenceResolver.referenceParts(text)
                    == text.split(separator: ".", omittingEmptySubsequences: false).map(String.init),
                "\(text.debugDescription)")
        }
    }

    /// An index column's words split by bytes (ASCII) or characters against the character split:
    /// runs of spaces, CR LF (one character), a space followed by a combining mark.
    @Test func indexColumnWordsAgreeWithTheCharacterSplit() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aD_ 9  \r\n\u{301}é\t")
        for _ in 0..<5_000 {
            let text = String(
                (0..<Int.random(in: 0...8, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            #expect(
                TableBuilder.words(text) == text.split(separator: " ").map(String.init), "\(text.debugDescription)")
        }
    }

    @Test func controlCharactersByBytesAgreeWithScalars() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let text = Self.randomText(upTo: 10, using: &generator)
            #expect(
                text.utf8.contains(where: NodeReader.isForbiddenControlByte)
                    == text.unicodeScalars.contains(where: NodeReader.isForbiddenControl),
                "\(text.debugDescription)")
        }
    }

    /// A check that passed once is not lexed again in the same build; one that fails is reported
    /// at every place it is written, with each type text parsed once per file all the same.
    @Test func repeatedExpressionsAndTypesGiveTheSameFindings() {
        let yaml = """
            tables:
              orders:
                columns:
                  id: { type: uuid, primary_key: true }
                  amount: { type: "decimal(10,2)", check: "amount >= 0" }
                  note: { type: text, check: "note <> ''; drop table x" }
                  bad: "decimal(10"
              payments:
                columns:
                  id: { type: uuid, primary_key: true }
                  amount: { type: "decimal(10,2)", check: "amount >= 0" }
                  note: { type: text, check: "note <> ''; drop table x" }
                  bad: "decimal(10"
            """
        let lines = findings(loadSchema(yaml))
        #expect(lines.filter { $0.contains("statement separator") }.count == 2, "\(lines)")
        #expect(lines.filter { $0.contains("unclosed parenthesis") }.count == 2, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("6:") } && lines.contains { $0.hasPrefix("12:") }, "\(lines)")
    }

    /// With every template built in, the model and enum templates are neither parsed nor checked
    /// (they are rendered natively); their paths are still known for messages.
    @Test func theBuiltinSetKnowsEveryTemplate() throws {
        let set = try TemplateSet.builtin()
        #expect(set.nativeNames == Set(TemplateSet.Name.allCases))
        #expect(Set(set.paths.keys) == Set(TemplateSet.Name.allCases))
    }

    /// The control-character scan over a scalar's contiguous bytes against the `utf8` view's
    /// `contains` it replaced: small and large strings, and text that is not native UTF-8.
    @Test func controlBytesByContiguousStorageAgreeWithTheView() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let text = Self.randomText(upTo: Bool.random(using: &generator) ? 12 : 60, using: &generator)
            #expect(
                NodeReader.hasForbiddenControlByte(text)
                    == text.utf8.contains(where: NodeReader.isForbiddenControlByte),
                "\(text.debugDescription)")
            let bridged = NSString(string: text) as String
            #expect(NodeReader.hasForbiddenControlByte(bridged) == NodeReader.hasForbiddenControlByte(text))
        }
    }

    /// A mapping's lookup compares key lengths before texts, which is sound only for ASCII keys:
    /// every key list of the format and of `schemagen.yaml` must be ASCII.
    @Test func everyFormatKeyIsASCII() {
        let lists = [
            DocumentParser.topLevelKeys, DocumentParser.tableKeys, DocumentParser.columnKeys,
            DocumentParser.mixinKeys, DocumentParser.enumKeys, DocumentParser.indexKeys, DocumentParser.uniqueKeys,
            DocumentParser.checkKeys, DocumentParser.foreignKeyKeys, DocumentParser.referenceKeys,
            ConfigLoader.topKeys, ConfigLoader.postgresKeys, ConfigLoader.sqliteKeys, ConfigLoader.swiftKeys,
            ConfigLoader.namingKeys, ConfigLoader.conventionKeys,
        ]
        for key in lists.joined() {
            #expect(key.utf8.allSatisfy { $0 < 0x80 }, "\(key)")
        }
    }

    /// Every lookup of a read mapping against a plain model (the last pair of the key, compared
    /// as text), on random mappings of the column keys, unknown keys and keys that are equal to a
    /// known one only as Unicode text (a Kelvin sign, a combining mark).
    @Test func mappingLookupsAgreeWithAPlainModel() throws {
        var generator = SystemRandomNumberGenerator()
        let allowed = DocumentParser.columnKeys
        let others = ["typ", "typee", "\u{212A}ey", "t\u{301}ype", "nullable ", "check\u{301}", "_", "x"]
        for _ in 0..<500 {
            var keys: [String] = []
            for _ in 0..<Int.random(in: 0...10, using: &generator) {
                let key = (Bool.random(using: &generator) ? allowed : others).randomElement(using: &generator)!
                if !keys.contains(key) { keys.append(key) }
            }
            let yaml = keys.isEmpty ? "{}" : keys.enumerated().map { "\"\($1)\": v\($0)" }.joined(separator: "\n")
            let node = try #require(try YAMLReader().read(Array(yaml.utf8), file: "f.yaml"))
            var reader = NodeReader()
            let read = reader.mapping(node, allowed: allowed, what: "column 'c'")
            let fields = try #require(read)
            for key in allowed + others {
                let expected = node.mapping!.last { $0.keyText == key && allowed.contains(key) }
                #expect(fields[key] == expected, "\(key.debugDescription) in \(keys)")
            }
        }
    }

    /// A table's type name word by word from bytes, and its noun found by bytes, against the
    /// character operations they replace: ASCII of every kind (capitals, digits, CR LF), and
    /// other text, which takes the character path.
    @Test func typeNameWordsByBytesAgreeWithCharacters() {
        var generator = SystemRandomNumberGenerator()
        let asciiAlphabet = Array("abzAZ09_ \r\n\t-")
        for _ in 0..<5_000 {
            let word =
                Bool.random(using: &generator)
                ? String(
                    (0..<Int.random(in: 0...8, using: &generator)).map { _ in
                        asciiAlphabet.randomElement(using: &generator)!
                    })
                : Self.randomText(upTo: 8, using: &generator)
            if let fast = SwiftNames.asciiCapitalized(word) {
                #expect(fast == SwiftNames.unicodeCapitalized(word), "\(word.debugDescription)")
            } else {
                #expect(word.utf8.contains { $0 >= 0x80 }, "\(word.debugDescription)")
            }
            #expect(SwiftNames.hasNumber(word) == word.contains(where: \.isNumber), "\(word.debugDescription)")
            #expect(
                SwiftNames.isAllCapitals(word)
                    == (!word.contains(where: \.isLowercase) && word.contains(where: \.isUppercase)),
                "\(word.debugDescription)")
            let substring = word.dropFirst()
            #expect(
                SwiftNames.hasNumber(substring) == substring.contains(where: \.isNumber), "\(word.debugDescription)")
        }
    }
}
