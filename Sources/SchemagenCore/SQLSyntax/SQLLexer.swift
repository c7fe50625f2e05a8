/// The two ways of reading SQL text that schemagen writes into: they agree on plain SQL and differ on
/// the corners that matter when user text is pasted into DDL.
public enum SQLLexicalRules: Sendable, CaseIterable {
    /// PostgreSQL: `E'…'` strings take backslash escapes, `$tag$…$tag$` quotes anything, block
    /// comments nest.
    case postgres
    /// SQLite: no escapes in strings; identifiers may also be quoted with backticks or brackets.
    case sqlite

    var displayName: String {
        switch self {
        case .postgres: "PostgreSQL"
        case .sqlite: "SQLite"
        }
    }
}

/// One lexical unit of a SQL fragment.
struct SQLToken: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// An unquoted word (keyword or name), lowercased.
        case word
        /// A quoted identifier, as written between its quotes.
        case quotedIdentifier
        /// A string literal's content.
        case string
        case number
        /// Operators and punctuation, longest match (`::`, `!~*`, `(`).
        case symbol
        /// A `--` or `/* */` comment, as written.
        case comment
    }

    var kind: Kind
    var text: String
    /// How many parentheses enclose the token; a `(` and its `)` stand at the depth outside them.
    var depth: Int
}

/// What keeps a fragment from being lexed to its end.
enum SQLLexicalProblem: Sendable, Hashable {
    case unterminatedString
    case unterminatedIdentifier
    case unterminatedComment
}

/// Splits SQL text into tokens the way one dialect's parser would, so that the checks on user SQL
/// see what the database will see: a `;` inside `E'\''…` is outside any string for Postgres.
///
/// It reads the text's UTF-8 bytes. Every character the rules name (quotes, `$`, `-`, `/`, `*`,
/// parentheses, `;`, letters, digits, blanks) is ASCII, one byte that never occurs inside another
/// character's encoding; a non-ASCII character is decoded only where the rules ask what it is (a
/// letter, a blank, a symbol), so the tokens are those of a reader of Unicode scalars, without a
/// property lookup per character. `separatorsOnly` skips the tokens' text for the splitter, which
/// needs only where the `;`s are.
struct SQLLexer {
    let rules: SQLLexicalRules
    private let s: [UInt8]
    private let collectsTokens: Bool
    private var i = 0
    /// Parentheses still open where lexing stopped; negative after a `)` that closed nothing.
    private(set) var depth = 0
    private(set) var tokens: [SQLToken] = []
    private(set) var problem: SQLLexicalProblem?
    /// Where each `;` outside quotes, comments and parentheses ends, in UTF-8 bytes from the start:
    /// the ends of the statements of a script, as `psql` cuts them (`SQLStatementSplitter`).
    private(set) var separatorEnds: [Int] = []

    /// Lexes `sql` to its end or to the first problem.
    init(_ sql: String, rules: SQLLexicalRules) {
        self.init(utf8: Array(sql.utf8), rules: rules, separatorsOnly: false)
    }

    /// Lexes the UTF-8 text `utf8`; with `separatorsOnly`, `tokens` stays empty and only `depth`,
    /// `problem` and `separatorEnds` are found.
    init(utf8: [UInt8], rules: SQLLexicalRules, separatorsOnly: Bool) {
        self.rules = rules
        s = utf8
        collectsTokens = !separatorsOnly
        run()
    }

    private static let multiCharacterSymbols: [String] = [
        "!~~*", "!~~", "!~*", "~~*", "->>", "#>>", "::", "!~", "~*", "~~", "<=", ">=", "<>", "!=", "==", "||", "->",
        "#>", "@>", "<@", "?|", "?&",
    ]
    private static let multiCharacterSymbolBytes = multiCharacterSymbols.map { Array($0.utf8) }

    /// Whether an ASCII byte is the first of a `multiCharacterSymbols`: a `(`, `,` or `;` need not
    /// be compared with them.
    private static let startsMultiCharacterSymbol: [Bool] = (0..<128).map { c in
        multiCharacterSymbolBytes.contains { $0[0] == c }
    }

    private mutating func run() {
        while i < s.count, problem == nil {
            let c = s[i]
            if isBlank(at: i) {
                i += width(at: i)
            } else if c == .hyphen, next == .hyphen {
                lexLineComment()
            } else if c == .slash, next == .asterisk {
                lexBlockComment()
            } else if c == .apostrophe {
                lexQuoted(kind: .string, close: .apostrophe, backslashEscapes: false)
            } else if c == .quote {
                lexQuoted(kind: .quotedIdentifier, close: .quote, backslashEscapes: false)
            } else if rules == .sqlite, c == .backtick {
                lexQuoted(kind: .quotedIdentifier, close: .backtick, backslashEscapes: false)
            } else if rules == .sqlite, c == .openBracket {
                lexBracketIdentifier()
            } else if rules == .postgres, c == UInt8(ascii: "e") || c == UInt8(ascii: "E"), next == .apostrophe {
                i += 1
                lexQuoted(kind: .string, close: .apostrophe, backslashEscapes: true)
            } else if rules == .postgres, c == .dollar, let tagEnd = dollarQuoteTagEnd() {
                lexDollarQuoted(tagEnd: tagEnd)
            } else if isWordStart(at: i) {
                lexWord()
            } else if Self.isDigit(c) || (c == .period && next.map(Self.isDigit) == true) {
                lexNumber()
            } else {
                lexSymbol()
            }
        }
    }

    /// The byte after the current one: the next character's first byte when the current one is ASCII.
    private var next: UInt8? { i + 1 < s.count ? s[i + 1] : nil }

    private mutating func append(_ kind: SQLToken.Kind, _ range: Range<Int>) {
        guard collectsTokens else { return }
        append(kind, String(decoding: s[range], as: UTF8.self))
    }

    private mutating func append(_ kind: SQLToken.Kind, _ text: String) {
        tokens.append(SQLToken(kind: kind, text: text, depth: depth))
    }

    private mutating func lexLineComment() {
        let start = i
        while i < s.count, s[i] != .lineFeed { i += 1 }
        append(.comment, start..<i)
    }

    /// Postgres nests block comments (`/* /* */ */` is one comment); SQLite ends at the first `*/`.
    private mutating func lexBlockComment() {
        let start = i
        var open = 1
        i += 2
        while i < s.count, open > 0 {
            if rules == .postgres, s[i] == .slash, next == .asterisk {
                open += 1
                i += 2
            } else if s[i] == .asterisk, next == .slash {
                open -= 1
                i += 2
            } else {
                i += 1
            }
        }
        guard open == 0 else {
            problem = .unterminatedComment
            return
        }
        append(.comment, start..<i)
    }

    /// A quote inside is doubled in both dialects; a backslash escapes the next character in `E'…'`
    /// (its first byte: the others are never a quote or a backslash, and are taken as they come).
    private mutating func lexQuoted(kind: SQLToken.Kind, close: UInt8, backslashEscapes: Bool) {
        var text: [UInt8] = []
        i += 1
        while i < s.count {
            let c = s[i]
            if backslashEscapes, c == .backslash, i + 1 < s.count {
                if collectsTokens { text += s[i...(i + 1)] }
                i += 2
            } else if c == close {
                guard next == close else {
                    i += 1
                    if collectsTokens { append(kind, String(decoding: text, as: UTF8.self)) }
                    return
                }
                if collectsTokens { text.append(c) }
                i += 2
            } else {
                if collectsTokens { text.append(c) }
                i += 1
            }
        }
        problem = kind == .string ? .unterminatedString : .unterminatedIdentifier
    }

    private mutating func lexBracketIdentifier() {
        guard let end = s[(i + 1)...].firstIndex(of: .closeBracket) else {
            problem = .unterminatedIdentifier
            return
        }
        append(.quotedIdentifier, (i + 1)..<end)
        i = end + 1
    }

    /// `$$` or `$tag$` opens a dollar-quoted string in Postgres, unless the `$` continues a word
    /// (`a$b`) or starts a parameter (`$1`): the index of the tag's closing `$`, or `nil`.
    private func dollarQuoteTagEnd() -> Int? {
        if i > 0 {
            var previous = i - 1
            while previous > 0, s[previous] & 0xC0 == 0x80 { previous -= 1 }
            if isWordPart(at: previous) { return nil }
        }
        var j = i + 1
        guard j < s.count, s[j] == .dollar || isWordStart(at: j) else { return nil }
        while j < s.count, s[j] != .dollar {
            guard isWordStart(at: j) || Self.isDigit(s[j]) else { return nil }
            j += width(at: j)
        }
        return j < s.count ? j : nil
    }

    private mutating func lexDollarQuoted(tagEnd: Int) {
        let tagCount = tagEnd + 1 - i
        let bodyStart = tagEnd + 1
        var j = bodyStart
        while j + tagCount <= s.count {
            if s[j] == .dollar, (0..<tagCount).allSatisfy({ s[j + $0] == s[i + $0] }) {
                append(.string, bodyStart..<j)
                i = j + tagCount
                return
            }
            j += 1
        }
        problem = .unterminatedString
    }

    private mutating func lexWord() {
        let start = i
        let asciiWordParts = Self.asciiWordParts
        while i < s.count {
            if s[i] < 0x80 {
                guard asciiWordParts[Int(s[i])] else { break }
                i += 1
            } else {
                guard isWordPart(at: i) else { break }
                i += width(at: i)
            }
        }
        if collectsTokens { append(.word, String(decoding: s[start..<i], as: UTF8.self).lowercased()) }
    }

    private mutating func lexNumber() {
        let start = i
        while i < s.count,
            Self.isDigit(s[i]) || s[i] == .period || s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E")
                || s[i] == UInt8(ascii: "_")
        {
            i += 1
        }
        append(.number, start..<i)
    }

    /// The longest symbol, compared as text: a symbol's last character must not be joined by a
    /// combining mark after it (`:` + U+0301 is no `:`), and a non-ASCII symbol may equal an ASCII
    /// one (U+037E GREEK QUESTION MARK is canonically `;`). Where the next four bytes are ASCII,
    /// comparing bytes is the same and cheaper.
    private mutating func lexSymbol() {
        let symbol: String
        let window = i..<min(s.count, i + 4)
        if s[window].allSatisfy({ $0 < 0x80 }) {
            let match =
                Self.startsMultiCharacterSymbol[Int(s[i])]
                ? Self.multiCharacterSymbolBytes.firstIndex { symbol in
                    symbol.count <= window.count && symbol.indices.allSatisfy { s[i + $0] == symbol[$0] }
                } : nil
            if let match {
                symbol = Self.multiCharacterSymbols[match]
                i += symbol.utf8.count
            } else {
                // One ASCII character, compared as a byte: no other text is canonically `(`, `)` or `;`.
                let c = s[i]
                i += 1
                if c == .closeParenthesis { depth -= 1 }
                if c == .semicolon && depth == 0 { separatorEnds.append(i) }
                if collectsTokens { append(.symbol, String(UnicodeScalar(c))) }
                if c == .openParenthesis { depth += 1 }
                return
            }
        } else {
            // As the reader of scalars did: the rest as text, up to four characters.
            var end = i
            for _ in 0..<4 where end < s.count { end += width(at: end) }
            let rest = String(decoding: s[i..<end], as: UTF8.self)
            symbol = Self.multiCharacterSymbols.first { rest.hasPrefix($0) } ?? String(rest.unicodeScalars.first!)
            i += symbol.utf8.count
        }
        if symbol == ")" { depth -= 1 }
        if symbol == ";" && depth == 0 { separatorEnds.append(i) }
        if collectsTokens { append(.symbol, symbol) }
        if symbol == "(" { depth += 1 }
    }

    private func width(at j: Int) -> Int { Self.width(s, at: j) }
    private func scalar(at j: Int) -> Unicode.Scalar { Self.scalar(s, at: j) }
    private func isBlank(at j: Int) -> Bool { Self.isBlank(s, at: j) }

    /// The UTF-8 length of the character that starts at `j`, from its first byte.
    static func width(_ s: [UInt8], at j: Int) -> Int {
        let lead = s[j]
        return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// The character that starts at `j` (a non-ASCII one: the rules ask Unicode what it is).
    static func scalar(_ s: [UInt8], at j: Int) -> Unicode.Scalar {
        let count = width(s, at: j)
        var value = count == 1 ? UInt32(s[j]) : UInt32(s[j]) & (0xFF >> (count + 1))
        for k in 1..<count { value = value << 6 | UInt32(s[j + k] & 0x3F) }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    /// Whether the character at `j` is blank, Unicode's White_Space: in ASCII, tab, line feed,
    /// vertical tab, form feed, carriage return and space; beyond, U+00A0, U+3000 and others.
    static func isBlank(_ s: [UInt8], at j: Int) -> Bool {
        let c = s[j]
        if c < 0x80 { return c == .space || (0x09...0x0D).contains(c) }
        return scalar(s, at: j).properties.isWhitespace
    }

    private func isWordStart(at j: Int) -> Bool { Self.isWordStart(s, at: j) }
    private func isWordPart(at j: Int) -> Bool { Self.isWordPart(s, at: j) }

    /// `_` or a letter (Unicode's Alphabetic: in ASCII, `A`–`Z` and `a`–`z`).
    private static func isWordStart(_ s: [UInt8], at j: Int) -> Bool {
        let c = s[j]
        if c < 0x80 { return c == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c | 0x20) }
        return scalar(s, at: j).properties.isAlphabetic
    }

    private static func isWordPart(_ s: [UInt8], at j: Int) -> Bool {
        isWordStart(s, at: j) || isDigit(s[j]) || s[j] == .dollar
    }

    /// `isWordPart` of each ASCII byte, looked up in the loop over a word.
    private static let asciiWordParts: [Bool] = (0..<128).map { c in isWordPart([UInt8(c)], at: 0) }

    private static func isDigit(_ c: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) }
}

extension UInt8 {
    fileprivate static let lineFeed = UInt8(ascii: "\n")
    fileprivate static let space = UInt8(ascii: " ")
    fileprivate static let hyphen = UInt8(ascii: "-")
    fileprivate static let slash = UInt8(ascii: "/")
    fileprivate static let asterisk = UInt8(ascii: "*")
    fileprivate static let apostrophe = UInt8(ascii: "'")
    fileprivate static let quote = UInt8(ascii: "\"")
    fileprivate static let backtick = UInt8(ascii: "`")
    fileprivate static let backslash = UInt8(ascii: "\\")
    fileprivate static let openBracket = UInt8(ascii: "[")
    fileprivate static let closeBracket = UInt8(ascii: "]")
    fileprivate static let dollar = UInt8(ascii: "$")
    fileprivate static let period = UInt8(ascii: ".")
    fileprivate static let openParenthesis = UInt8(ascii: "(")
    fileprivate static let closeParenthesis = UInt8(ascii: ")")
    fileprivate static let semicolon = UInt8(ascii: ";")
}
