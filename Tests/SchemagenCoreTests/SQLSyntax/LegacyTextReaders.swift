import CSQLite3
import Foundation

@testable import SchemagenCore

/// The readers of migration text as they were before they read UTF-8 bytes (issue 11), kept word
/// for word as the oracle of `ByteReaderEquivalenceTests`: they worked on Unicode scalars and
/// `Character`s, with a property lookup per scalar. One mend since, made in both: the comments
/// before a statement are skipped as the lexer reads them, nested in Postgres only (they nested
/// in SQLite too, and a statement after `/* a /* b */` was taken to start past a later `*/`).
enum Legacy {
    struct Token: Hashable {
        var kind: SQLToken.Kind
        var text: String
        var depth: Int
    }

    struct Lexer {
        let rules: SQLLexicalRules
        private let s: [Unicode.Scalar]
        private var i = 0
        private(set) var depth = 0
        private(set) var tokens: [Token] = []
        private(set) var problem: SQLLexicalProblem?
        /// In scalars.
        private(set) var separatorEnds: [Int] = []

        init(_ sql: String, rules: SQLLexicalRules) {
            self.rules = rules
            s = Array(sql.unicodeScalars)
            run()
        }

        private static let multiCharacterSymbols: [String] = [
            "!~~*", "!~~", "!~*", "~~*", "->>", "#>>", "::", "!~", "~*", "~~", "<=", ">=", "<>", "!=", "==", "||",
            "->", "#>", "@>", "<@", "?|", "?&",
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
            tokens.append(Token(kind: kind, text: text, depth: depth))
        }

        private mutating func lexLineComment() {
            let start = i
            while i < s.count, s[i] != "\n" { i += 1 }
            append(.comment, String(String.UnicodeScalarView(s[start..<i])))
        }

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
            while i < s.count, Self.isDigit(s[i]) || s[i] == "." || s[i] == "e" || s[i] == "E" || s[i] == "_" {
                i += 1
            }
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

    static func statements(in script: String, rules: SQLLexicalRules = .postgres) -> [SQLStatement] {
        let ends = Lexer(script, rules: rules).separatorEnds
        let scalars = Array(script.unicodeScalars)
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
            let first = firstCode(scalars, from: start, to: end, rules: rules)
            if first < end {
                result.append(
                    SQLStatement(
                        text: String(String.UnicodeScalarView(scalars[first..<end])), offset: byteOffsets[first]))
            }
            start = end
        }
        return result
    }

    private static func firstCode(_ s: [Unicode.Scalar], from start: Int, to end: Int, rules: SQLLexicalRules) -> Int {
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
                    if rules == .postgres, s[i] == "/", i + 1 < end, s[i + 1] == "*" {
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
                i += 1
            } else {
                return i
            }
        }
        return end
    }

    static func swiftStatements(in sql: String, dialect: Config.Target) -> [String] {
        let pieces = statements(in: sql, rules: dialect == .postgres ? .postgres : .sqlite)
        guard dialect == .sqlite else { return pieces.map(\.text) }
        let bytes = Array(sql.utf8)
        var result: [String] = []
        var start: Int?
        for piece in pieces {
            let first = start ?? piece.offset
            let text = String(decoding: bytes[first..<(piece.offset + piece.text.utf8.count)], as: UTF8.self)
            if sqlite3_complete(text) != 0 {
                result.append(text)
                start = nil
            } else {
                start = first
            }
        }
        if let start { result.append(String(decoding: bytes[start...], as: UTF8.self)) }
        return result
    }

    static func literalLines(_ text: String, indent: Int, comma: Bool) -> [String] {
        let pad = String(repeating: " ", count: indent)
        let isOneLine = !text.contains("\n")
        let quote = isOneLine ? "\"" : "\"\"\""
        var hashes = "#"
        while text.contains(quote + hashes) || text.contains("\\" + hashes) { hashes += "#" }
        let end = comma ? "," : ""
        if isOneLine { return ["\(pad)\(hashes)\"\(text)\"\(hashes)\(end)"] }
        let body = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : pad + $0 }
        return ["\(pad)\(hashes)\"\"\""] + body + ["\(pad)\"\"\"\(hashes)\(end)"]
    }

    static func script(parsing text: String) -> MigrationScript {
        typealias Part = MigrationScript.Part
        var parts: [Part] = []
        var current: Part?
        var revision: String?
        var downRevision: String?
        var foreignKeysOff = false
        var inHeader = true

        func finish() {
            if let part = current, part.kind == .transaction || holdsCode(part.sql) { parts.append(part) }
            current = nil
        }

        for (index, raw) in lines(of: text).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let number = index + 1
            let trimmed = trimmingBlanks(line)
            if inHeader {
                if trimmed.hasPrefix("--") {
                    if let value = value(trimmed, after: "-- revision:") { revision = value }
                    if let value = value(trimmed, after: "-- down_revision:") { downRevision = value }
                    continue
                }
                inHeader = false
            }
            let inTransaction = current?.kind == .transaction
            if !inTransaction, MigrationScript.transactionStarts.contains(trimmed.uppercased()) {
                finish()
                current = Part(kind: .transaction, sql: "", line: number + 1)
                continue
            }
            if inTransaction, MigrationScript.transactionEnds.contains(trimmed.uppercased()) {
                if var part = current {
                    // By bytes: the `Character` at the end of "\r\n" is no "\n".
                    while part.sql.utf8.last == UInt8(ascii: "\n") { part.sql = String(part.sql.utf8.dropLast())! }
                    current = part
                }
                finish()
                continue
            }
            if !inTransaction, trimmed == MigrationScript.foreignKeysOff {
                foreignKeysOff = true
                continue
            }
            if !inTransaction, trimmed == MigrationScript.foreignKeysOn { continue }

            if current == nil {
                if trimmed.isEmpty { continue }
                current = Part(kind: .outside, sql: "", line: number)
            }
            if current!.kind == .transaction, current!.sql.isEmpty, trimmed.isEmpty {
                current!.line = number + 1
                continue
            }
            if current!.kind == .transaction, current!.foreignKeyCheckOffset == nil,
                trimmed.hasPrefix(MigrationScript.foreignKeyCheckStart)
            {
                current!.foreignKeyCheckOffset = current!.sql.utf8.count
            }
            current!.sql += (current!.sql.isEmpty ? "" : "\n") + line
        }
        finish()
        for index in parts.indices where parts[index].kind == .outside {
            var lines = lines(of: parts[index].sql)
            while let last = lines.last, trimmingBlanks(last).isEmpty || trimmingBlanks(last).hasPrefix("--") {
                lines.removeLast()
            }
            parts[index].sql = lines.joined(separator: "\n")
        }
        return MigrationScript(
            revision: revision == "none" ? nil : revision, downRevision: downRevision == "none" ? nil : downRevision,
            parts: parts, needsForeignKeysOff: foreignKeysOff)
    }

    /// Every LF ends a line, a CR LF's too: split on bytes, where `split` on `Character`s would
    /// read a CR LF as one character and no break.
    private static func lines(of text: String) -> [Substring] {
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            Substring(String(decoding: $0, as: UTF8.self))
        }
    }

    private static func holdsCode(_ sql: String) -> Bool {
        lines(of: sql).contains { line in
            let trimmed = trimmingBlanks(line)
            return !trimmed.isEmpty && !trimmed.hasPrefix("--")
        }
    }

    private static func trimmingBlanks(_ line: Substring) -> String {
        var text = line[...]
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text.removeLast() }
        return String(text)
    }

    private static func value(_ line: String, after prefix: String) -> String? {
        guard line.hasPrefix(prefix) else { return nil }
        let value = trimmingBlanks(line.dropFirst(prefix.count))
        return value.isEmpty ? nil : value
    }
}
