import Foundation
import Testing

@testable import SchemagenCore

/// Comments as the three targets spell them: Swift `///` lines, SQLite `--` lines, Postgres
/// `COMMENT ON` literals; on a comment large enough that only linear code renders it quickly (the
/// time itself is measured by `schemagen-bench --comment-mib`, not asserted here), and on the
/// characters where working by `Character` and by code unit disagree.
@Suite struct CommentTextTests {
    /// Twenty-five words of nine letters: 249 characters, wrapped at 116 into 11, 11 and 3 words.
    static let words = (0..<25).map { "word" + String(repeating: "x", count: 3) + String(format: "%02d", $0) }
    static let longLine = words.joined(separator: " ")

    /// One stanza of the large comment: trailing blanks, an empty line, quotes (one before a
    /// combining accent), an indented list item, CRLF and LF endings, and a line to wrap.
    static let stanza =
        "First line of a note.  \n\nQuotes: \"it's\" and 'it'\u{301}s'.\r\n  - a list item\t\n" + longLine + "\n"

    static let stanzas = 1_000
    static let leadingBlankLines = 2_000

    /// Blank lines first (the old code removed them one at a time from the front of an array),
    /// then the stanzas, then blank and blank-looking lines.
    static let comment =
        String(repeating: "\n", count: leadingBlankLines) + String(repeating: stanza, count: stanzas) + "\n  \n"

    static let schema = Schema(tables: [
        Table(
            name: "posts",
            columns: [SwiftFixtures.column("id", .uuid, file: "schema/posts.yaml", line: 4)],
            primaryKey: SwiftFixtures.key("posts", "id", file: "schema/posts.yaml", line: 3),
            comment: comment, file: "schema/posts.yaml", location: SwiftFixtures.at("schema/posts.yaml", 2))
    ])

    @Test func largeMultiLineCommentBecomesDocCommentLines() throws {
        let stanzaLines = [
            "/// First line of a note.",
            "///",
            "/// Quotes: \"it's\" and 'it'\u{301}s'.",
            "///   - a list item",
            "/// " + Self.words[0..<11].joined(separator: " "),
            "/// " + Self.words[11..<22].joined(separator: " "),
            "/// " + Self.words[22..<25].joined(separator: " "),
        ]
        let expected = Array(Array(repeating: stanzaLines, count: Self.stanzas).joined())
        let model = try #require(try SwiftFixtures.render(Self.schema).first { $0.path == "swift/Post.swift" })
        let lines = model.contents.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("///") })
        let end = try #require(lines[start...].firstIndex { !$0.hasPrefix("///") })
        #expect(lines[end].hasPrefix("public struct Post: "))
        #expect(Self.firstDifference(Array(lines[start..<end]), expected) == nil)
    }

    @Test func largeMultiLineCommentBecomesSQLiteCommentLines() throws {
        let stanzaLines = [
            "-- First line of a note.",
            "--",
            "-- Quotes: \"it's\" and 'it'\u{301}s'.",
            "--   - a list item",
            "-- " + Self.longLine,
        ]
        let expected =
            Array(repeating: "--", count: Self.leadingBlankLines)
            + Array(Array(repeating: stanzaLines, count: Self.stanzas).joined()) + ["--", "--", "--"]
        let script = try SQLiteRenderer(config: Config()).render(Self.schema)[0].contents
        let lines = script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let create = try #require(lines.firstIndex(of: "CREATE TABLE posts ("))
        #expect(create >= expected.count)
        #expect(Self.firstDifference(Array(lines[max(0, create - expected.count)..<create]), expected) == nil)
    }

    @Test func largeMultiLineCommentBecomesOnePostgresLiteral() throws {
        let doubled = String(
            String.UnicodeScalarView(Self.comment.unicodeScalars.flatMap { $0 == "'" ? [$0, $0] : [$0] }))
        let script = try PostgresRenderer(config: Config()).render(Self.schema)[0].contents
        let statement = try #require(script.firstRange(of: "\nCOMMENT ON TABLE posts IS "))
        let literal = String(
            decoding: script.utf8[statement.upperBound...].prefix(doubled.utf8.count + 3), as: UTF8.self)
        #expect(Self.firstDifference([literal], ["'" + doubled + "';"]) == nil)
    }

    /// Where two long texts first differ, with a little context, or nil: `#expect(a == b)` would
    /// print both texts, a megabyte of log.
    static func firstDifference(_ actual: [String], _ expected: [String]) -> String? {
        for (index, (got, wanted)) in zip(actual, expected).enumerated() where got != wanted {
            let common = zip(got.unicodeScalars, wanted.unicodeScalars).prefix { $0 == $1 }.count
            let show = { (text: String) in
                String(String.UnicodeScalarView(text.unicodeScalars.dropFirst(max(0, common - 20)).prefix(60)))
            }
            return
                "line \(index + 1), from scalar \(common): got \(show(got).debugDescription), expected \(show(wanted).debugDescription)"
        }
        return actual.count == expected.count ? nil : "\(actual.count) lines, expected \(expected.count)"
    }

    /// `String.replacing("'", with: "''")` matches characters, and `'` followed by a combining
    /// accent is one character that is not `'`: the quote stayed single and closed the literal.
    @Test func quoteBeforeACombiningMarkIsDoubled() {
        #expect(SQLText.stringLiteral("it'\u{301}s") == "'it''\u{301}s'")
        #expect(SQLText.quotedIdentifier("a\"\u{301}b") == "\"a\"\"\u{301}b\"")
        #expect(SQLText.stringLiteral("plain") == "'plain'")
        #expect(SQLText.stringLiteral("'") == "''''")
    }

    @Test func quoteBeforeACombiningMarkSurvivesSQLite() throws {
        let text = "it'\u{301}s"
        let table = SQLFixtures.table(
            "notes", [SQLFixtures.column("id", .int), SQLFixtures.column("body", .text, default: .string(text))],
            primaryKey: ["id"])
        let db = try SQLiteDatabase()
        try db.execute(SQLiteRenderer(config: Config()).render(Schema(tables: [table]))[0].contents)
        try db.execute("INSERT INTO notes (id) VALUES (1);")
        #expect(try db.query("SELECT body FROM notes") == [[Optional(text)]])
    }

    @Test(.postgresAvailable) func quoteBeforeACombiningMarkSurvivesPostgres() throws {
        let text = "it'\u{301}s; DROP TABLE notes; --"
        let table = SQLFixtures.table("notes", [SQLFixtures.column("id", .int)], primaryKey: ["id"], comment: text)
        let script = try PostgresRenderer(config: Config()).render(Schema(tables: [table]))[0].contents
        try PostgresServer.withDatabase { db in
            try db.execute(script)
            // As hex, so that nothing in psql's output format can hide a difference.
            let stored = try db.value("SELECT encode(convert_to(obj_description('notes'::regclass), 'UTF8'), 'hex')")
            #expect(stored == Data(text.utf8).map { String(format: "%02x", $0) }.joined())
        }
    }

    /// The Swift doc comment splits lines by UTF-8 bytes; it must split exactly where
    /// `Character.isNewline` does, on text full of newlines, CRLF pairs and combining marks.
    @Test func docCommentLinesSplitWhereCharactersAreNewlines() {
        let pieces: [String] = [
            "a", "é", "e\u{301}", " ", "\t", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}",
            "\u{301}", "\u{200D}", "👩‍💻", "\u{A0}", "€", "\u{2027}", "\u{202A}", "\u{600}", "🇫🇷",
        ]
        var generator = SplitMix64(seed: 12)
        for _ in 0..<2_000 {
            let length = Int(generator.next() % 12)
            let text = (0..<length).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            // Compared scalar by scalar: `==` on strings would take "é" and "e\u{301}" as equal.
            let expected = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map {
                Array($0.unicodeScalars)
            }
            #expect(
                SwiftText.lines(of: text).map { Array($0.unicodeScalars) } == expected, "\(Array(text.unicodeScalars))")
        }
    }

    /// `wrap` splits ASCII lines by bytes and others by characters; both must give what the rule
    /// says, here written the plain way (and slowly: it counts the growing piece at every word).
    @Test func wrappingMatchesThePlainRule() {
        func plainWrap(_ line: String, width: Int) -> [String] {
            guard line.count > width else { return [line] }
            let indentation = String(line.prefix(while: { $0 == " " }))
            var pieces: [String] = []
            var current = indentation
            for word in line.dropFirst(indentation.count).split(separator: " ") {
                if current.count > indentation.count && current.count + 1 + word.count > width {
                    pieces.append(current)
                    current = indentation
                }
                current += (current.count > indentation.count ? " " : "") + word
            }
            pieces.append(current)
            return pieces
        }
        let pieces = [
            " ", " ", "  ", "a", "word", "sentence", "x.", "\t", "é", "e\u{301}", " \u{301}", "👩‍💻",
            "abcdefghijklmnopqrstuvwxy",
        ]
        var generator = SplitMix64(seed: 14)
        for _ in 0..<3_000 {
            let length = Int(generator.next() % 40)
            let line = (0..<length).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            let width = 20 + Int(generator.next() % 20)
            // Embedded in a longer text, as the lines of a comment are.
            let text = "first line\n" + line + "\nlast line"
            let slice = SwiftText.lines(of: text)[1]
            #expect(
                SwiftText.wrap(slice, width: width).map { Array($0.unicodeScalars) }
                    == plainWrap(line, width: width).map { Array($0.unicodeScalars) },
                "\(width): \(line.debugDescription)")
        }
    }

    /// The SQLite comment lines split at LF and CRLF only, and drop trailing spaces and tabs.
    @Test func sqlCommentLinesSplitAtLineFeeds() {
        #expect(
            SQLText.commentLines("a \r\nb\t\n\n c\rd\u{2028}e  ", indent: "  ") == [
                "  -- a", "  -- b", "  --", "  --  c\rd\u{2028}e",
            ])
        #expect(SQLText.commentLines("") == ["--"])
        #expect(SQLText.commentLines("x\n") == ["-- x", "--"])
    }
}

/// A small deterministic generator, so that a failure can be replayed.
private struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
