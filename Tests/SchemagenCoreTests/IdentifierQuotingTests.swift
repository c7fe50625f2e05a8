import Testing

@testable import SchemagenCore

/// `IdentifierQuoting.needsQuotes` against its rule written plainly: bare when lowercase
/// `[a-z_][a-z0-9_]*` (`$` after the first character where allowed) and not a keyword. The
/// implementation walks the bytes once and skips the keyword set for names longer than any keyword.
@Suite struct IdentifierQuotingTests {
    static func plainRule(_ name: String, keywords: Set<String>, allowsDollar: Bool) -> Bool {
        let characters = Array(name.unicodeScalars)
        guard let first = characters.first, first == "_" || ("a"..."z").contains(first) else { return true }
        for scalar in characters.dropFirst() {
            let allowed =
                ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
                || (allowsDollar && scalar == "$")
            if !allowed { return true }
        }
        return keywords.contains(name)
    }

    @Test func byteWalkIsThePlainRule() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz_09$AZ -\"é")
        let dialects = [
            IdentifierQuoting(keywords: SQLiteKeywords.all, allowsDollar: false),
            IdentifierQuoting(keywords: PostgresKeywords.needingQuotes, allowsDollar: true),
        ]
        let keywords = Array(SQLiteKeywords.all.union(PostgresKeywords.needingQuotes))
        var names = keywords + keywords.map { $0 + "s" } + ["", "_", "$", "a$", "1a", "current_timestamp_x"]
        for _ in 0..<5_000 {
            names.append(String((0..<Int.random(in: 0...8, using: &generator)).map { _ in alphabet.randomElement()! }))
        }
        for dialect in dialects {
            for name in names {
                #expect(
                    dialect.needsQuotes(name)
                        == Self.plainRule(name, keywords: dialect.keywords, allowsDollar: dialect.allowsDollar),
                    "\(name)")
            }
        }
    }

    /// The longest-keyword bound follows a change of the keywords.
    @Test func changedKeywordsAreSeen() {
        var quoting = IdentifierQuoting(keywords: ["select"], allowsDollar: false)
        #expect(!quoting.needsQuotes("a_rather_long_name"))
        quoting.keywords.insert("a_rather_long_name")
        #expect(quoting.needsQuotes("a_rather_long_name"))
    }
}
