/// Spelling that the SQL dialects share: literals, quoted identifiers, comments.
public enum SQLText {
    /// A string literal: single quotes, each quote inside doubled. Backslashes stay as they are:
    /// SQLite has no escapes in literals, and Postgres has `standard_conforming_strings` on since 9.1.
    public static func stringLiteral(_ text: String) -> String {
        "'" + text.replacing("'", with: "''") + "'"
    }

    /// A quoted identifier: double quotes, each quote inside doubled.
    public static func quotedIdentifier(_ name: String) -> String {
        "\"" + name.replacing("\"", with: "\"\"") + "\""
    }

    /// `text` as `--` comment lines, one per line of text, each prefixed with `indent`.
    public static func commentLines(_ text: String, indent: String = "") -> [String] {
        text.replacing("\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map {
            let line = $0.trimmingTrailingWhitespace()
            return line.isEmpty ? indent + "--" : indent + "-- " + line
        }
    }

    /// `items` joined with `, ` inside parentheses.
    static func list(_ items: [String]) -> String {
        "(" + items.joined(separator: ", ") + ")"
    }

    /// The tokens of `expression` outside any parentheses (the outermost `(` and `)` included), where
    /// an operator would bind to its neighbours in the surrounding DDL.
    static func topLevelTokens(of expression: String, rules: SQLLexicalRules) -> [SQLToken] {
        SQLLexer(expression, rules: rules).tokens.filter { $0.depth == 0 }
    }

    /// True when `expression` is wholly enclosed in one pair of parentheses.
    static func isParenthesized(_ expression: String, rules: SQLLexicalRules) -> Bool {
        let tokens = SQLLexer(expression, rules: rules).tokens
        guard let first = tokens.first, let last = tokens.last, tokens.count > 1,
            first.kind == .symbol, first.text == "(", last.kind == .symbol, last.text == ")"
        else { return false }
        return tokens.dropFirst().dropLast().allSatisfy { $0.depth > 0 }
    }
}

extension Substring {
    fileprivate func trimmingTrailingWhitespace() -> String {
        var end = endIndex
        while end > startIndex, let last = self[..<end].last, last == " " || last == "\t" {
            end = index(before: end)
        }
        return String(self[..<end])
    }
}

/// Quotes a name only where the dialect needs it, so that the DDL reads as a person would write it.
///
/// A name stays bare when it is lowercase `[a-z_][a-z0-9_]*` (plus `$` after the first character
/// where the dialect allows it) and not one of the dialect's keywords that would be misread.
/// Anything else (upper case, which Postgres would fold; spaces; a leading digit) is quoted.
public struct IdentifierQuoting: Sendable, Hashable {
    public var keywords: Set<String>
    public var allowsDollar: Bool

    public init(keywords: Set<String>, allowsDollar: Bool) {
        self.keywords = keywords
        self.allowsDollar = allowsDollar
    }

    public func needsQuotes(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || isLower(first) else { return true }
        for byte in name.utf8.dropFirst() {
            let allowed =
                isLower(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "_") || (allowsDollar && byte == UInt8(ascii: "$"))
            if !allowed { return true }
        }
        return keywords.contains(name)
    }

    /// The name as it must appear in SQL.
    public func callAsFunction(_ name: String) -> String {
        needsQuotes(name) ? SQLText.quotedIdentifier(name) : name
    }

    private func isLower(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }
}

/// A script assembled from blocks of lines: one blank line between blocks, LF endings, a final newline.
struct SQLScript {
    private var blocks: [String] = []

    mutating func add(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        blocks.append(lines.joined(separator: "\n"))
    }

    mutating func add(_ block: String) {
        add(block.isEmpty ? [] : [block])
    }

    var text: String { blocks.joined(separator: "\n\n") + "\n" }
}
