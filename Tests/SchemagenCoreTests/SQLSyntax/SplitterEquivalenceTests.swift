import CSQLite3
import Foundation
import Testing

@testable import SchemagenCore

/// The committed scripts of `SchemaMigrations.swift` are cut by a loop over ASCII bytes
/// (`SQLStatementSplitter.ranges(inASCII:rules:)`), and SQLite's `sqlite3_complete` is asked only
/// where its answer can differ from "complete" (issue 11, fourth pass). Both are compared here
/// with the ways they replaced: the lexer's separators, and `sqlite3_complete` asked of every
/// piece (`completingEach`), on every migration script of the repository and on random ASCII
/// text made of the corners.
@Suite struct SplitterEquivalenceTests {
    /// The ASCII corners of `ByteReaderEquivalenceTests.sqlPieces`, and more of what only a byte
    /// loop could get wrong: letters before quotes, numbers with exponents, a `)` that closes
    /// nothing, a tag after a number, triggers in any case.
    static let pieces =
        ByteReaderEquivalenceTests.sqlPieces.filter { $0.utf8.allSatisfy { $0 < 0x80 } } + [
            "E", "e", "1e'", "1.e'", ".e'", "_e'", "a.e'", "x1$$", "1$$", "$$", "$a1$", "$_$", "$1a$", ")", "((",
            "[a;]", "`a;`", "\"a;\"", "'a;'", "/* /* */ ;", "-- ;\n", "trigger", "TRIGGER", "TrIgGeR", "END", "end;",
            "CREATE TEMP TRIGGER t BEFORE DELETE ON x BEGIN", "CREATE TRIGGER", "EXPLAIN", "\\", "\0", "\u{7F}",
        ]

    static func randomASCII(_ generator: inout some RandomNumberGenerator) -> [UInt8] {
        Array(
            (0..<Int.random(in: 0...30, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
                .joined().utf8)
    }

    /// What `statementRanges` did before: `sqlite3_complete` asked of every piece.
    static func completingEach(_ sql: [UInt8], dialect: Config.Target) -> [Range<Int>] {
        let pieces = SQLStatementSplitter.ranges(inUTF8: sql, rules: dialect == .postgres ? .postgres : .sqlite)
        guard dialect == .sqlite else { return pieces }
        var result: [Range<Int>] = []
        var start: Int?
        var text = sql.map { CChar(bitPattern: $0) } + [0]
        for piece in pieces {
            let range = (start ?? piece.lowerBound)..<piece.upperBound
            let after = text[range.upperBound]
            text[range.upperBound] = 0
            let isComplete = text.withUnsafeBufferPointer { sqlite3_complete($0.baseAddress! + range.lowerBound) } != 0
            text[range.upperBound] = after
            if isComplete {
                result.append(range)
                start = nil
            } else if start == nil {
                start = piece.lowerBound
            }
        }
        if let start { result.append(start..<sql.count) }
        return result
    }

    private func expectSame(_ sql: [UInt8], _ comment: Comment) {
        for rules in SQLLexicalRules.allCases {
            let lexed = SQLLexer(utf8: sql, rules: rules, separatorsOnly: true).separatorEnds
            let looped = sql.withUnsafeBufferPointer { SQLStatementSplitter.asciiSeparatorEnds($0, rules: rules) }
            #expect(looped == lexed, "\(rules): \(comment)")
        }
        for dialect in [Config.Target.postgres, .sqlite] {
            #expect(
                SwiftMigrationsFile.statementRanges(in: sql, dialect: dialect)
                    == Self.completingEach(sql, dialect: dialect),
                "\(dialect): \(comment)")
        }
    }

    @Test func randomTextIsCutAsBefore() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let sql = Self.randomASCII(&generator)
            expectSame(sql, "\(String(decoding: sql, as: UTF8.self).debugDescription)")
        }
    }

    /// A statement's start is found past the comments before it, read as the dialect reads them:
    /// in SQLite a block comment does not nest, so `/* a /* b */` ends at its first `*/` and the
    /// code after it is the statement's (the random texts above once met this, where the start
    /// was taken past a later `*/`, inside a string, and `sqlite3_complete` read that half).
    @Test func aBlockCommentBeforeAStatementNestsInPostgresOnly() {
        let text = "/* a /* b */ SELECT 1; /* x */ SELECT '*/';"
        let sql = Array(text.utf8)
        let start = Array(text.utf8).firstIndex(of: UInt8(ascii: "S"))!
        let sqlite = SQLStatementSplitter.ranges(inUTF8: sql, rules: .sqlite)
        #expect(sqlite.first?.lowerBound == start)
        #expect(sql.withUnsafeBufferPointer { SQLStatementSplitter.ranges(inASCII: $0, rules: .sqlite) } == sqlite)
        // In Postgres the first comment is still open after `b */`: no statement starts there.
        #expect(!SQLStatementSplitter.ranges(inUTF8: sql, rules: .postgres).contains { $0.lowerBound == start })
        expectSame(sql, "nested comments")
        let found = Array(
            "/*!~~*E.5CREATE TABLE t (a int);/**/e'$ $$#\\\u{7F}\n--/* /* */ ;1$$*/*/$_$1e'\t;`a;`CREATE TRIGGER t AFTER INSERT ON x BEGINEND($$"
                .utf8)
        expectSame(found, "the random text that found it")
    }

    @Test func everyMigrationScriptIsCutAsBefore() {
        let ascii = ByteReaderEquivalenceTests.scripts.filter { $0.text.utf8.allSatisfy { $0 < 0x80 } }
        #expect(ascii.count >= 50)
        for (name, text) in ascii {
            expectSame(Array(text.utf8), "\(name)")
            // Each transaction's text, as `render` cuts it.
            for part in MigrationScript.read(utf8: Array(text.utf8)).parts {
                expectSame(part.sql, "\(name), a part")
            }
        }
    }

    /// Every ASCII byte alone and after every other, for the byte loop's table of cases.
    @Test func everyPairOfBytesIsCutAsBefore() {
        for first in UInt8(0)..<0x80 {
            for second in UInt8(0)..<0x80 {
                expectSame([first, second, UInt8(ascii: ";"), first], "\(first) \(second)")
            }
        }
    }
}
