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
        let ends = SQLLexer(script, rules: rules).separatorEnds
        let scalars = Array(script.unicodeScalars)
        // UTF-8 offset of each scalar index, computed once.
        var byteOffsets: [Int] = []
        byteOffsets.reserveCapacity(scalars.count + 1)
        var bytes = 0
        for scalar in scalars {
            byteOffsets.append(bytes)
            bytes += UTF8.width(scalar)
        }
        byteOffsets.append(bytes)

        var result: [SQLStatement] = []
        var start = 0
        for end in ends + [scalars.count] where end > start {
            let first = firstCode(scalars, from: start, to: end)
            if first < end {
                result.append(
                    SQLStatement(
                        text: String(String.UnicodeScalarView(scalars[first..<end])), offset: byteOffsets[first]))
            }
            start = end
        }
        return result
    }

    /// The first scalar in `start..<end` that is neither blank nor inside a comment; `end` if none.
    private static func firstCode(_ s: [Unicode.Scalar], from start: Int, to end: Int) -> Int {
        var i = start
        while i < end {
            if s[i].properties.isWhitespace {
                i += 1
            } else if s[i] == "-", i + 1 < end, s[i + 1] == "-" {
                while i < end, s[i] != "\n" { i += 1 }
            } else if s[i] == "/", i + 1 < end, s[i + 1] == "*" {
                var open = 1
                i += 2
                while i < end, open > 0 {
                    if s[i] == "/", i + 1 < end, s[i + 1] == "*" {
                        open += 1
                        i += 2
                    } else if s[i] == "*", i + 1 < end, s[i + 1] == "/" {
                        open -= 1
                        i += 2
                    } else {
                        i += 1
                    }
                }
            } else if s[i] == ";" {
                // An empty statement.
                i += 1
            } else {
                return i
            }
        }
        return end
    }
}
