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
struct SQLLexer {
    let rules: SQLLexicalRules
    private let s: [Unicode.Scalar]
    private var i = 0
    /// Parentheses still open where lexing stopped; negative after a `)` that closed nothing.
    private(set) var depth = 0
    private(set) var tokens: [SQLToken] = []
    private(set) var problem: SQLLexicalProblem?
    /// Where each `;` outside quotes, comments and parentheses ends, in scalars from the start: the
    /// ends of the statements of a script, as `psql` cuts them (`SQLStatementSplitter`).
    private(set) var separatorEnds: [Int] = []

    /// Lexes `sql` to its end or to the first problem.
    init(_ sql: String, rules: SQLLexicalRules) {
        self.rules = rules
        s = Array(sql.unicodeScalars)
        run()
    }

    private static let multiCharacterSymbols: [String] = [
        "!~~*", "!~~", "!~*", "~~*", "->>", "#>>", "::", "!~", "~*", "~~", "<=", ">=", "<>", "!=", "==", "||", "->",
        "#>", "@>", "<@", "?|", "?&",
    ]

    private mutating func run() {
        while i < s.count, problem == nil {
            let c = s[i]
            if c.properties.isWhitespace {
                i += 1
            } else if c == "-", next == "-" {
                lexLineComment()
            } else if c == "/", next == "*" {
                lexBlockComment()
            } else if c == "'" {
                lexQuoted(kind: .string, close: "'", backslashEscapes: false)
            } else if c == "\"" {
                lexQuoted(kind: .quotedIdentifier, close: "\"", backslashEscapes: false)
            } else if rules == .sqlite, c == "`" {
                lexQuoted(kind: .quotedIdentifier, close: "`", backslashEscapes: false)
            } else if rules == .sqlite, c == "[" {
                lexBracketIdentifier()
            } else if rules == .postgres, c == "e" || c == "E", next == "'" {
                i += 1
                lexQuoted(kind: .string, close: "'", backslashEscapes: true)
            } else if rules == .postgres, c == "$", let tag = dollarQuoteTag() {
                lexDollarQuoted(tag: tag)
            } else if Self.isWordStart(c) {
                lexWord()
            } else if Self.isDigit(c) || (c == "." && next.map(Self.isDigit) == true) {
                lexNumber()
            } else {
                lexSymbol()
            }
        }
    }

    private var next: Unicode.Scalar? { i + 1 < s.count ? s[i + 1] : nil }

    private mutating func append(_ kind: SQLToken.Kind, _ text: String) {
        tokens.append(SQLToken(kind: kind, text: text, depth: depth))
    }

    private mutating func lexLineComment() {
        let start = i
        while i < s.count, s[i] != "\n" { i += 1 }
        append(.comment, String(String.UnicodeScalarView(s[start..<i])))
    }

    /// Postgres nests block comments (`/* /* */ */` is one comment); SQLite ends at the first `*/`.
    private mutating func lexBlockComment() {
        let start = i
        var open = 1
        i += 2
        while i < s.count, open > 0 {
            if rules == .postgres, s[i] == "/", next == "*" {
                open += 1
                i += 2
            } else if s[i] == "*", next == "/" {
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
        append(.comment, String(String.UnicodeScalarView(s[start..<i])))
    }

    /// A quote inside is doubled in both dialects; a backslash escapes the next character in `E'…'`.
    private mutating func lexQuoted(kind: SQLToken.Kind, close: Unicode.Scalar, backslashEscapes: Bool) {
        var text = String.UnicodeScalarView()
        i += 1
        while i < s.count {
            let c = s[i]
            if backslashEscapes, c == "\\", i + 1 < s.count {
                text.append(c)
                text.append(s[i + 1])
                i += 2
            } else if c == close {
                guard next == close else {
                    i += 1
                    append(kind, String(text))
                    return
                }
                text.append(c)
                i += 2
            } else {
                text.append(c)
                i += 1
            }
        }
        problem = kind == .string ? .unterminatedString : .unterminatedIdentifier
    }

    private mutating func lexBracketIdentifier() {
        guard let end = s[(i + 1)...].firstIndex(of: "]") else {
            problem = .unterminatedIdentifier
            return
        }
        append(.quotedIdentifier, String(String.UnicodeScalarView(s[(i + 1)..<end])))
        i = end + 1
    }

    /// `$$` or `$tag$` opens a dollar-quoted string in Postgres, unless the `$` continues a word
    /// (`a$b`) or starts a parameter (`$1`).
    private func dollarQuoteTag() -> [Unicode.Scalar]? {
        if let previous = i > 0 ? s[i - 1] : nil, Self.isWordPart(previous) { return nil }
        var j = i + 1
        guard j < s.count, s[j] == "$" || Self.isWordStart(s[j]) else { return nil }
        while j < s.count, s[j] != "$" {
            guard Self.isWordStart(s[j]) || Self.isDigit(s[j]) else { return nil }
            j += 1
        }
        return j < s.count ? Array(s[i...j]) : nil
    }

    private mutating func lexDollarQuoted(tag: [Unicode.Scalar]) {
        let bodyStart = i + tag.count
        var j = bodyStart
        while j + tag.count <= s.count {
            if s[j] == "$", Array(s[j..<(j + tag.count)]) == tag {
                append(.string, String(String.UnicodeScalarView(s[bodyStart..<j])))
                i = j + tag.count
                return
            }
            j += 1
        }
        problem = .unterminatedString
    }

    private mutating func lexWord() {
        let start = i
        while i < s.count, Self.isWordPart(s[i]) { i += 1 }
        append(.word, String(String.UnicodeScalarView(s[start..<i])).lowercased())
    }

    private mutating func lexNumber() {
        let start = i
        while i < s.count, Self.isDigit(s[i]) || s[i] == "." || s[i] == "e" || s[i] == "E" || s[i] == "_" { i += 1 }
        append(.number, String(String.UnicodeScalarView(s[start..<i])))
    }

    private mutating func lexSymbol() {
        let rest = String(String.UnicodeScalarView(s[i..<min(s.count, i + 4)]))
        let symbol = Self.multiCharacterSymbols.first { rest.hasPrefix($0) } ?? String(s[i])
        i += symbol.unicodeScalars.count
        if symbol == ")" { depth -= 1 }
        if symbol == ";" && depth == 0 { separatorEnds.append(i) }
        append(.symbol, symbol)
        if symbol == "(" { depth += 1 }
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
    private static func isWordStart(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isAlphabetic }
    private static func isWordPart(_ c: Unicode.Scalar) -> Bool { isWordStart(c) || isDigit(c) || c == "$" }
}
