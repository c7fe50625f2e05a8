/// A small lexer for the SQL fragments users write (checks, index predicates, raw defaults): enough
/// to find function calls, keywords and operators without being fooled by string literals,
/// quoted identifiers or comments.
struct SQLScanner: Sendable {
    enum Token: Sendable, Hashable {
        /// An unquoted word, lowercased.
        case word(String)
        /// A quoted identifier, as written between the quotes.
        case quotedIdentifier(String)
        /// A string literal's content.
        case string(String)
        case number(String)
        /// Operators and punctuation, longest match (`::`, `!~*`, `(`).
        case symbol(String)
    }

    let tokens: [Token]

    init(_ sql: String) {
        tokens = Self.scan(Array(sql.unicodeScalars))
    }

    /// Names of the functions called (`now()`, `date(x)`), lowercased, in order.
    var functionCalls: [String] {
        zip(tokens, tokens.dropFirst()).compactMap { token, next in
            if case .word(let name) = token, next == .symbol("(") { return name }
            return nil
        }
    }

    var words: [String] {
        tokens.compactMap { if case .word(let word) = $0 { word } else { nil } }
    }

    var symbols: [String] {
        tokens.compactMap { if case .symbol(let symbol) = $0 { symbol } else { nil } }
    }

    var strings: [String] {
        tokens.compactMap { if case .string(let text) = $0 { text } else { nil } }
    }

    /// True when `words` occur one after the other (`similar`, `to`).
    func containsWords(_ sequence: [String]) -> Bool {
        let all = words
        guard sequence.count <= all.count else { return false }
        return (0...(all.count - sequence.count)).contains { Array(all[$0..<($0 + sequence.count)]) == sequence }
    }

    private static let multiCharacterSymbols = [
        "!~~*", "!~~", "!~*", "~~*", "::", "!~", "~*", "~~", "<=", ">=", "<>", "!=", "||", "->>", "->", "#>>", "#>",
        "@>", "<@", "?|", "?&",
    ]

    private static func scan(_ s: [Unicode.Scalar]) -> [Token] {
        var tokens: [Token] = []
        var i = 0
        func isWordStart(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isAlphabetic }
        func isWordPart(_ c: Unicode.Scalar) -> Bool { isWordStart(c) || ("0"..."9").contains(c) || c == "$" }
        while i < s.count {
            let c = s[i]
            if c.properties.isWhitespace {
                i += 1
            } else if c == "-", i + 1 < s.count, s[i + 1] == "-" {
                while i < s.count, s[i] != "\n" { i += 1 }
            } else if c == "/", i + 1 < s.count, s[i + 1] == "*" {
                i += 2
                while i + 1 < s.count, !(s[i] == "*" && s[i + 1] == "/") { i += 1 }
                i = min(s.count, i + 2)
            } else if c == "'" || c == "\"" {
                // Both dialects escape a quote inside quotes by doubling it.
                var text = String.UnicodeScalarView()
                i += 1
                while i < s.count {
                    if s[i] == c {
                        if i + 1 < s.count, s[i + 1] == c {
                            text.append(c)
                            i += 2
                            continue
                        }
                        break
                    }
                    text.append(s[i])
                    i += 1
                }
                i += 1
                tokens.append(c == "'" ? .string(String(text)) : .quotedIdentifier(String(text)))
            } else if isWordStart(c) {
                var word = String.UnicodeScalarView()
                while i < s.count, isWordPart(s[i]) {
                    word.append(s[i])
                    i += 1
                }
                tokens.append(.word(String(word).lowercased()))
            } else if ("0"..."9").contains(c) || (c == "." && i + 1 < s.count && ("0"..."9").contains(s[i + 1])) {
                var number = String.UnicodeScalarView()
                while i < s.count, ("0"..."9").contains(s[i]) || s[i] == "." || s[i] == "e" || s[i] == "E" {
                    number.append(s[i])
                    i += 1
                }
                tokens.append(.number(String(number)))
            } else {
                let rest = String(String.UnicodeScalarView(s[i..<min(s.count, i + 4)]))
                let symbol = multiCharacterSymbols.first { rest.hasPrefix($0) } ?? String(c)
                tokens.append(.symbol(symbol))
                i += symbol.unicodeScalars.count
            }
        }
        return tokens
    }
}
