import Foundation

/// One statement of a script, and where it starts in the script.
public struct SQLStatement: Sendable, Hashable {
    /// The statement, from its first word to its `;` (or the end of the script), comments before it left out.
    public var text: String
    /// Where `text` starts in the script, in UTF-8 bytes.
    public var offset: Int
}

/// Cuts a script into statements where `psql` would: at each `;` outside quotes, comments and
/// parentheses, read by the dialect's lexer (a `;` inside `$$ … $$` or `E'\\''…'` stays inside).
/// Text that holds only comments is no statement. SQLite needs no such cutting: its own
/// `sqlite3_prepare_v2` says where each statement ends, and a trigger's `BEGIN … END;` holds `;`s.
public enum SQLStatementSplitter {
    public static func statements(in script: String, rules: SQLLexicalRules = .postgres) -> [SQLStatement] {
        let bytes = Array(script.utf8)
        return ranges(inUTF8: bytes, rules: rules).map { range in
            SQLStatement(text: String(decoding: bytes[range], as: UTF8.self), offset: range.lowerBound)
        }
    }

    /// Where each statement of the UTF-8 text `bytes` lies, as `statements(in:rules:)` cuts them:
    /// for a reader that writes the statements' bytes without a `String` of each.
    static func ranges(inUTF8 bytes: [UInt8], rules: SQLLexicalRules) -> [Range<Int>] {
        let ends = SQLLexer(utf8: bytes, rules: rules, separatorsOnly: true).separatorEnds
        var result: [Range<Int>] = []
        var start = 0
        for end in ends + [bytes.count] where end > start {
            let first = firstCode(bytes, from: start, to: end, rules: rules)
            if first < end { result.append(first..<end) }
            start = end
        }
        return result
    }

    /// The first character in `start..<end` that is neither blank (Unicode's White_Space, as the
    /// lexer reads it) nor inside a comment; `end` if none. In UTF-8 bytes. A block comment nests
    /// in Postgres only: in SQLite `/* a /* b */` is one comment, and what follows it is code.
    private static func firstCode(_ s: [UInt8], from start: Int, to end: Int, rules: SQLLexicalRules) -> Int {
        var i = start
        while i < end {
            let c = s[i]
            if SQLLexer.isBlank(s, at: i) {
                i += SQLLexer.width(s, at: i)
            } else if c == UInt8(ascii: "-"), i + 1 < end, s[i + 1] == UInt8(ascii: "-") {
                while i < end, s[i] != UInt8(ascii: "\n") { i += 1 }
            } else if c == UInt8(ascii: "/"), i + 1 < end, s[i + 1] == UInt8(ascii: "*") {
                var open = 1
                i += 2
                while i < end, open > 0 {
                    if rules == .postgres, s[i] == UInt8(ascii: "/"), i + 1 < end, s[i + 1] == UInt8(ascii: "*") {
                        open += 1
                        i += 2
                    } else if s[i] == UInt8(ascii: "*"), i + 1 < end, s[i + 1] == UInt8(ascii: "/") {
                        open -= 1
                        i += 2
                    } else {
                        i += 1
                    }
                }
            } else if c == UInt8(ascii: ";") {
                // An empty statement.
                i += 1
            } else {
                return i
            }
        }
        return end
    }
}

extension SQLStatementSplitter {
    /// `ranges(inUTF8:rules:)` of text that is all ASCII (every script schemagen writes from an
    /// ASCII schema), in one loop over its bytes: no lexer state per token, no table lookups of
    /// symbols. It reads what the lexer reads: blanks, comments, quotes (`E'…'` and `$tag$` for
    /// Postgres, backticks and brackets for SQLite), words and numbers (whose letters never start
    /// a string), and parentheses, and it stops where the lexer meets a problem (an unterminated
    /// quote or comment). `SplitterEquivalenceTests` compares both on the repository's scripts
    /// and on random texts of the corners.
    static func ranges(inASCII bytes: UnsafeBufferPointer<UInt8>, rules: SQLLexicalRules) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        for end in asciiSeparatorEnds(bytes, rules: rules) + [bytes.count] where end > start {
            let first = asciiFirstCode(bytes, from: start, to: end, nested: rules == .postgres)
            if first < end { result.append(first..<end) }
            start = end
        }
        return result
    }

    /// Where each `;` outside quotes, comments and parentheses ends, as `SQLLexer.separatorEnds`.
    static func asciiSeparatorEnds(_ s: UnsafeBufferPointer<UInt8>, rules: SQLLexicalRules) -> [Int] {
        let n = s.count
        let postgres = rules == .postgres
        let wordParts = asciiWordParts
        var ends: [Int] = []
        var depth = 0
        var i = 0
        /// The index after the quote that closes one opened at `i` (a doubled quote inside is one
        /// character; with `escapes`, a backslash takes the next byte), or `nil`. Without escapes,
        /// the next quote is found with `memchr` (the SQLite scripts are half string literals).
        func closing(_ quote: UInt8, from i: Int, escapes: Bool) -> Int? {
            var j = i + 1
            if !escapes {
                while let k = s.firstIndex(of: quote, from: j) {
                    guard k + 1 < n, s[k + 1] == quote else { return k + 1 }
                    j = k + 2
                }
                return nil
            }
            while j < n {
                let c = s[j]
                if escapes, c == ASCII.backslash, j + 1 < n {
                    j += 2
                } else if c == quote {
                    guard j + 1 < n, s[j + 1] == quote else { return j + 1 }
                    j += 2
                } else {
                    j += 1
                }
            }
            return nil
        }
        while i < n {
            let c = s[i]
            switch c {
            case ASCII.space, 0x09...0x0D:
                i += 1
            case ASCII.hyphen where i + 1 < n && s[i + 1] == ASCII.hyphen:
                // To the line feed, found with `memchr` (a first migration's header is thousands
                // of comment lines), or to the end.
                i = s.firstIndex(of: ASCII.lineFeed, from: i) ?? n
            case ASCII.slash where i + 1 < n && s[i + 1] == ASCII.asterisk:
                let (after, closed) = blockCommentEnd(s, from: i, to: n, nested: postgres)
                i = after
                guard closed else { return ends }
            case ASCII.apostrophe, ASCII.quote:
                guard let end = closing(c, from: i, escapes: false) else { return ends }
                i = end
            case ASCII.backtick where !postgres:
                guard let end = closing(c, from: i, escapes: false) else { return ends }
                i = end
            case ASCII.openBracket where !postgres:
                var j = i + 1
                while j < n, s[j] != ASCII.closeBracket { j += 1 }
                guard j < n else { return ends }
                i = j + 1
            case UInt8(ascii: "e") where postgres && i + 1 < n && s[i + 1] == ASCII.apostrophe,
                UInt8(ascii: "E") where postgres && i + 1 < n && s[i + 1] == ASCII.apostrophe:
                guard let end = closing(ASCII.apostrophe, from: i + 1, escapes: true) else { return ends }
                i = end
            case ASCII.dollar where postgres:
                guard let tagEnd = dollarTagEnd(s, at: i) else {
                    i += 1
                    continue
                }
                let count = tagEnd + 1 - i
                var j = tagEnd + 1
                var found = false
                while j + count <= n {
                    if s[j] == ASCII.dollar, (1..<count).allSatisfy({ s[j + $0] == s[i + $0] }) {
                        found = true
                        break
                    }
                    j += 1
                }
                guard found else { return ends }
                i = j + count
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), ASCII.underscore:
                // Most of a script is words: each byte looked up in a table of `isWordPart`.
                i += 1
                while i < n, wordParts[Int(s[i])] { i += 1 }
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                i = numberEnd(s, from: i)
            case ASCII.period where i + 1 < n && isDigit(s[i + 1]):
                i = numberEnd(s, from: i)
            case ASCII.openParenthesis:
                depth += 1
                i += 1
            case ASCII.closeParenthesis:
                depth -= 1
                i += 1
            case ASCII.semicolon:
                i += 1
                if depth == 0 { ends.append(i) }
            default:
                // Any other symbol: none of the lexer's longer symbols holds a byte that starts
                // anything above, so they are passed one byte at a time.
                i += 1
            }
        }
        return ends
    }

    /// The index of the `$` that ends the tag of a dollar quote opened at `i` (`$$`, `$tag$`),
    /// unless the `$` follows a word's or number's byte (`a$b`, `1$`) or starts a parameter (`$1`).
    private static func dollarTagEnd(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        if i > 0, isWordPart(s[i - 1]) { return nil }
        var j = i + 1
        guard j < s.count, s[j] == ASCII.dollar || isWordStart(s[j]) else { return nil }
        while j < s.count, s[j] != ASCII.dollar {
            guard isWordStart(s[j]) || isDigit(s[j]) else { return nil }
            j += 1
        }
        return j < s.count ? j : nil
    }

    /// The end of a number that starts at `i`: its digits, periods, exponents' `e` and `_`.
    private static func numberEnd(_ s: UnsafeBufferPointer<UInt8>, from i: Int) -> Int {
        var j = i
        while j < s.count {
            let c = s[j]
            guard isDigit(c) || c == ASCII.period || c | 0x20 == UInt8(ascii: "e") || c == ASCII.underscore else {
                break
            }
            j += 1
        }
        return j
    }

    /// Past the block comment whose `/*` is at `i`, before `end`: where it ends, and whether its
    /// `*/` was there. `nested`: a `/*` inside opens another (Postgres), else it is text.
    private static func blockCommentEnd(
        _ s: UnsafeBufferPointer<UInt8>, from i: Int, to end: Int, nested: Bool
    ) -> (after: Int, closed: Bool) {
        var open = 1
        var i = i + 2
        while i < end, open > 0 {
            if nested, s[i] == ASCII.slash, i + 1 < end, s[i + 1] == ASCII.asterisk {
                open += 1
                i += 2
            } else if s[i] == ASCII.asterisk, i + 1 < end, s[i + 1] == ASCII.slash {
                open -= 1
                i += 2
            } else {
                i += 1
            }
        }
        return (i, open == 0)
    }

    private static func isDigit(_ c: UInt8) -> Bool { c &- UInt8(ascii: "0") < 10 }
    private static func isWordStart(_ c: UInt8) -> Bool {
        c == ASCII.underscore || (c | 0x20) &- UInt8(ascii: "a") < 26
    }
    private static func isWordPart(_ c: UInt8) -> Bool { isWordStart(c) || isDigit(c) || c == ASCII.dollar }

    /// `isWordPart` of every byte, by the byte.
    private static let asciiWordParts: [Bool] = (0...255).map { isWordPart(UInt8($0)) }

    /// `firstCode` of ASCII text.
    private static func asciiFirstCode(_ s: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, nested: Bool)
        -> Int
    {
        var i = start
        while i < end {
            let c = s[i]
            if c == ASCII.space || c &- 0x09 < 5 {
                i += 1
            } else if c == ASCII.hyphen, i + 1 < end, s[i + 1] == ASCII.hyphen {
                while i < end, s[i] != ASCII.lineFeed { i += 1 }
            } else if c == ASCII.slash, i + 1 < end, s[i + 1] == ASCII.asterisk {
                i = blockCommentEnd(s, from: i, to: end, nested: nested).after
            } else if c == ASCII.semicolon {
                i += 1
            } else {
                return i
            }
        }
        return end
    }
}

/// The bytes the splitter reads.
private enum ASCII {
    static let space = UInt8(ascii: " ")
    static let lineFeed = UInt8(ascii: "\n")
    static let hyphen = UInt8(ascii: "-")
    static let slash = UInt8(ascii: "/")
    static let asterisk = UInt8(ascii: "*")
    static let apostrophe = UInt8(ascii: "'")
    static let quote = UInt8(ascii: "\"")
    static let backtick = UInt8(ascii: "`")
    static let backslash = UInt8(ascii: "\\")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let dollar = UInt8(ascii: "$")
    static let period = UInt8(ascii: ".")
    static let underscore = UInt8(ascii: "_")
    static let openParenthesis = UInt8(ascii: "(")
    static let closeParenthesis = UInt8(ascii: ")")
    static let semicolon = UInt8(ascii: ";")
}
