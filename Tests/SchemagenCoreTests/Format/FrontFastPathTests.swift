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
}
