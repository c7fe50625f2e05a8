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
            let first = firstCode(bytes, from: start, to: end)
            if first < end { result.append(first..<end) }
            start = end
        }
        return result
    }

    /// The first character in `start..<end` that is neither blank (Unicode's White_Space, as the
    /// lexer reads it) nor inside a comment; `end` if none. In UTF-8 bytes.
    private static func firstCode(_ s: [UInt8], from start: Int, to end: Int) -> Int {
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
                    if s[i] == UInt8(ascii: "/"), i + 1 < end, s[i + 1] == UInt8(ascii: "*") {
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
