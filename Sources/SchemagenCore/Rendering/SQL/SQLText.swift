/// Spelling that the SQL dialects share: literals, quoted identifiers, comments.
public enum SQLText {
    /// A string literal: single quotes, each quote inside doubled. Backslashes stay as they are:
    /// SQLite has no escapes in literals, and Postgres has `standard_conforming_strings` on since 9.1.
    public static func stringLiteral(_ text: String) -> String {
        "'" + doubling(UInt8(ascii: "'"), in: text) + "'"
    }

    /// `stringLiteral(text)`, written into `buffer`.
    static func writeStringLiteral(_ text: String, into buffer: inout TextBuffer) {
        buffer.append(ascii: UInt8(ascii: "'"))
        buffer += doubling(UInt8(ascii: "'"), in: text)
        buffer.append(ascii: UInt8(ascii: "'"))
    }

    /// `list(items.map(stringLiteral))`, written into `buffer`.
    static func writeLiteralList(_ items: [String], into buffer: inout TextBuffer) {
        buffer.append(ascii: UInt8(ascii: "("))
        for (position, item) in items.enumerated() {
            if position > 0 { buffer += ", " }
            writeStringLiteral(item, into: &buffer)
        }
        buffer.append(ascii: UInt8(ascii: ")"))
    }

    /// A quoted identifier: double quotes, each quote inside doubled.
    public static func quotedIdentifier(_ name: String) -> String {
        "\"" + doubling(UInt8(ascii: "\""), in: name) + "\""
    }

    /// `text` with every `quote` byte written twice.
    ///
    /// Byte by byte, not `replacing`, for two reasons. The databases read quotes as code units, but
    /// `String.replacing` matches whole characters, and a quote followed by a combining mark (`'́`)
    /// is one character that is not `'`: it was left single, and ended the literal early. And
    /// `replacing` is a generic search that made a comment of megabytes take seconds.
    private static func doubling(_ quote: UInt8, in text: String) -> String {
        guard text.containsUTF8(quote) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            bytes.append(byte)
            if byte == quote { bytes.append(quote) }
        }
        // Only ASCII bytes were added, each beside its twin: still valid UTF-8.
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text` as `--` comment lines, one per line of text (LF or CRLF), each prefixed with `indent`,
    /// without trailing spaces or tabs.
    ///
    /// Works on UTF-8 bytes, in one pass: a comment may be megabytes long.
    public static func commentLines(_ text: String, indent: String = "") -> [String] {
        let utf8 = text.utf8
        let newline = UInt8(ascii: "\n")
        var lines: [String] = []
        var start = utf8.startIndex
        while true {
            let lineBreak = utf8[start...].firstIndex(of: newline)
            var end = lineBreak ?? utf8.endIndex
            // The CR of a CRLF belongs to the line break, and then trailing blanks go.
            if lineBreak != nil, end > start, utf8[utf8.index(before: end)] == UInt8(ascii: "\r") {
                end = utf8.index(before: end)
            }
            while end > start, case let byte = utf8[utf8.index(before: end)],
                byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
            {
                end = utf8.index(before: end)
            }
            lines.append(
                start == end ? indent + "--" : indent + "-- " + String(decoding: utf8[start..<end], as: UTF8.self))
            guard let lineBreak else { return lines }
            start = utf8.index(after: lineBreak)
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

/// Quotes a name only where the dialect needs it, so that the DDL reads as a person would write it.
///
/// A name stays bare when it is lowercase `[a-z_][a-z0-9_]*` (plus `$` after the first character
/// where the dialect allows it) and not one of the dialect's keywords that would be misread.
/// Anything else (upper case, which Postgres would fold; spaces; a leading digit) is quoted.
public struct IdentifierQuoting: Sendable, Hashable {
    public var keywords: Set<String> {
        didSet { (longestKeyword, keywordEnds) = Self.shapes(of: keywords) }
    }
    public var allowsDollar: Bool
    /// No name longer than this is a keyword: most names are, and skip the set's hashing.
    private var longestKeyword: Int
    /// For each length up to `longestKeyword` and each first byte (by `byte & 31`), the last bytes
    /// (a bit each, by `byte & 31`) of the keywords of that length and first byte: a name whose
    /// length, first and last byte are no keyword's is no keyword, without hashing it. Most names
    /// are; the first and last bytes taken apart let through every short name (`name`: `null`
    /// starts with its first letter, `true` ends with its last), and the set's hashing was most
    /// of the time the DDL spent on names.
    private var keywordEnds: [UInt32]

    public init(keywords: Set<String>, allowsDollar: Bool) {
        self.keywords = keywords
        self.allowsDollar = allowsDollar
        (longestKeyword, keywordEnds) = Self.shapes(of: keywords)
    }

    private static func shapes(of keywords: Set<String>) -> (longest: Int, ends: [UInt32]) {
        let longest = keywords.map(\.utf8.count).max() ?? 0
        var ends = [UInt32](repeating: 0, count: (longest + 1) * 32)
        for keyword in keywords {
            guard let first = keyword.utf8.first, let last = keyword.utf8.last else { continue }
            ends[slot(count: keyword.utf8.count, first: first)] |= lastBit(last)
        }
        return (longest, ends)
    }

    private static func slot(count: Int, first: UInt8) -> Int { count * 32 + Int(first & 31) }

    private static func lastBit(_ last: UInt8) -> UInt32 { 1 << UInt32(last & 31) }

    public func needsQuotes(_ name: String) -> Bool {
        // The contiguous bytes (every native string has them): a loop over `utf8` costs about 27
        // instructions a byte, and index names are 20 to 40 bytes.
        if let answer = name.utf8.withContiguousStorageIfAvailable({ needsQuotes(name, bytes: $0) }) { return answer }
        return needsQuotes(name, bytes: Array(name.utf8))
    }

    private func needsQuotes(_ name: String, bytes: some Collection<UInt8>) -> Bool {
        var count = 0
        var first: UInt8 = 0
        var last: UInt8 = 0
        for byte in bytes {
            if count == 0 { first = byte }
            last = byte
            let allowed =
                isLower(byte) || byte == UInt8(ascii: "_")
                || (count > 0
                    && ((byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                        || (allowsDollar && byte == UInt8(ascii: "$"))))
            if !allowed { return true }
            count += 1
        }
        guard count > 0 else { return true }
        guard count <= longestKeyword else { return false }
        return keywordEnds[Self.slot(count: count, first: first)] & Self.lastBit(last) != 0 && keywords.contains(name)
    }

    /// The name as it must appear in SQL.
    public func callAsFunction(_ name: String) -> String {
        needsQuotes(name) ? SQLText.quotedIdentifier(name) : name
    }

    /// `self(name)`, written into `text`.
    func write(_ name: String, into text: inout TextBuffer) {
        if needsQuotes(name) { text += SQLText.quotedIdentifier(name) } else { text += name }
    }

    /// `(a, b)` as `SQLSpelling.columnList` spells it, written into `text`.
    func writeList(_ names: [String], into text: inout TextBuffer) {
        text.append(ascii: UInt8(ascii: "("))
        for (position, name) in names.enumerated() {
            if position > 0 { text += ", " }
            write(name, into: &text)
        }
        text.append(ascii: UInt8(ascii: ")"))
    }

    private func isLower(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }
}

/// A script assembled from blocks of lines: one blank line between blocks, LF endings, a final newline
/// (`text`). Written straight into one buffer, block after block: a list of blocks joined at the end
/// held the script three times over (the blocks, the joined text, and that with its newline).
///
/// A script rendered in parts (`RenderParts`) is one `SQLScript` per part: each after the first
/// is `continuing` (its first block follows a block of an earlier part), and only the last one's
/// `text` has the final newline: the others give their `piece`.
struct SQLScript {
    /// The text so far; a renderer may write a block's lines here itself after `beginBlock()`.
    var buffer: TextBuffer
    /// Some block was written before the next one, here or in an earlier part.
    private var started: Bool

    init(capacity: Int = 4_096, continuing: Bool = false) {
        buffer = TextBuffer(capacity: capacity)
        started = continuing
    }

    /// Starts a block: the blank line after the one before, if any.
    mutating func beginBlock() {
        if started { buffer += "\n\n" }
        started = true
    }

    mutating func add(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        beginBlock()
        for (position, line) in lines.enumerated() {
            if position > 0 { buffer += "\n" }
            buffer += line
        }
    }

    mutating func add(_ block: String) {
        guard !block.isEmpty else { return }
        if started { buffer += "\n\n" }
        started = true
        buffer += block
    }

    /// The script, with its final newline.
    var text: String { buffer.text(appending: "\n") }

    /// The file `path`'s piece from this part of a script: `text` for the last part, `piece` for the
    /// others, as bytes.
    func piece(of path: String, isLast: Bool) -> GeneratedFile {
        buffer.file(path, appending: isLast ? "\n" : "")
    }
}
