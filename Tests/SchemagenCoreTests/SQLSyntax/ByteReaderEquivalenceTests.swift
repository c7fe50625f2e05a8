import Foundation
import Testing

@testable import SchemagenCore

/// The SQL lexer, the statement splitter, `MigrationScript` and the literals of
/// `SchemaMigrations.swift` read UTF-8 bytes since issue 11; these compare each with the reader of
/// scalars and `Character`s it replaced (`Legacy`), on every migration script of the repository
/// and on random text made of the corners: quotes, `E'\''`, `$tag$`, nested comments, CR LF,
/// non-ASCII blanks and letters, combining marks, U+037E (canonically `;`), unterminated forms.
@Suite struct ByteReaderEquivalenceTests {
    static let sqlPieces = [
        "'", "''", "\"", "\"\"", "E'", "e'", "xe'", "\\", "\\'", "$$", "$a$", "$tag$", "$é$", "$1", "a$", "$", "/*",
        "*/",
        "--", "-", "/", "*", "\n", "\r\n", "\r", ";", ";", "(", ")", " ", "\t", "x", "abc", "é", "→", "\u{A0}",
        "\u{3000}", "\u{85}", "\u{301}", "`", "[", "]", "::", "->>", "!~~*", "<", "=", "1", "1e", ".5", "_", "#",
        "\u{37E}", "ſ", "ı", "ﬅ", "\u{600}", "👍🏽", "\u{200D}", "END;", "BEGIN",
        "CREATE TRIGGER t AFTER INSERT ON x BEGIN",
        "CREATE TABLE t (a int);", "COMMIT;", "SELECT 1;",
    ]

    static func randomSQL(_ generator: inout some RandomNumberGenerator) -> String {
        (0..<Int.random(in: 0...30, using: &generator)).map { _ in sqlPieces.randomElement(using: &generator)! }
            .joined()
    }

    /// Every migration script in the repository: the example's, the reference cases', the history's.
    static let scripts: [(name: String, text: String)] = {
        let root = SwiftFixtures.packageRoot
        var found: [(String, String)] = []
        for folder in ["Generated/migrations", "Tests/SchemagenCoreTests/Fixtures"] {
            let enumerator = FileManager.default.enumerator(
                at: root.appending(path: folder), includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                guard url.pathExtension == "sql",
                    url.path.contains("migrations") || url.path.contains("history-expected"),
                    let text = try? String(contentsOf: url, encoding: .utf8)
                else { continue }
                found.append((url.path, text))
            }
        }
        return found.sorted { $0.0 < $1.0 }
    }()

    private func expectSameLexing(_ sql: String, rules: SQLLexicalRules, _ comment: Comment) {
        let old = Legacy.Lexer(sql, rules: rules)
        let new = SQLLexer(sql, rules: rules)
        #expect(new.tokens.map { Legacy.Token(kind: $0.kind, text: $0.text, depth: $0.depth) } == old.tokens, comment)
        #expect(new.problem == old.problem, comment)
        #expect(new.depth == old.depth, comment)
        // The old ends counted scalars, the new count bytes.
        let scalars = Array(sql.unicodeScalars)
        let oldEnds = old.separatorEnds.map { end in scalars[..<end].reduce(0) { $0 + UTF8.width($1) } }
        #expect(new.separatorEnds == oldEnds, comment)
        let separatorsOnly = SQLLexer(utf8: Array(sql.utf8), rules: rules, separatorsOnly: true)
        #expect(separatorsOnly.tokens.isEmpty)
        #expect(separatorsOnly.separatorEnds == oldEnds, comment)
        #expect(separatorsOnly.problem == old.problem, comment)
        #expect(separatorsOnly.depth == old.depth, comment)
    }

    private func expectSameStatements(_ sql: String, _ comment: Comment) {
        for rules in SQLLexicalRules.allCases {
            #expect(
                SQLStatementSplitter.statements(in: sql, rules: rules) == Legacy.statements(in: sql, rules: rules),
                comment)
        }
        for dialect in [Config.Target.postgres, .sqlite] {
            #expect(
                SwiftMigrationsFile.statements(in: sql, dialect: dialect)
                    == Legacy.swiftStatements(in: sql, dialect: dialect), comment)
        }
    }

    @Test func blanksByByteAreUnicodesWhiteSpaceInASCII() {
        for byte in UInt8(0)..<0x80 {
            #expect(SQLLexer.isBlank([byte], at: 0) == Unicode.Scalar(byte).properties.isWhitespace, "\(byte)")
        }
        for scalar in ["\u{A0}", "\u{85}", "\u{3000}", "\u{2028}", "é", "\u{301}", "👍"] as [Unicode.Scalar] {
            let bytes = Array(String(scalar).utf8)
            #expect(SQLLexer.isBlank(bytes, at: 0) == scalar.properties.isWhitespace)
            #expect(SQLLexer.scalar(bytes, at: 0) == scalar)
            #expect(SQLLexer.width(bytes, at: 0) == bytes.count)
        }
    }

    @Test func theLexerReadsRandomTextAsTheReaderOfScalars() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<4_000 {
            let sql = Self.randomSQL(&generator)
            for rules in SQLLexicalRules.allCases {
                expectSameLexing(sql, rules: rules, "\(rules): \(sql.debugDescription)")
            }
        }
    }

    @Test func statementsOfRandomTextAreCutAsBefore() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let sql = Self.randomSQL(&generator)
            expectSameStatements(sql, "\(sql.debugDescription)")
        }
    }

    @Test func everyMigrationScriptReadsAsBefore() {
        #expect(Self.scripts.count >= 50)
        for (name, text) in Self.scripts {
            let script = MigrationScript(parsing: text)
            #expect(script == Legacy.script(parsing: text), "\(name)")
            for rules in SQLLexicalRules.allCases {
                expectSameLexing(text, rules: rules, "\(name)")
            }
            expectSameStatements(text, "\(name)")
            for part in script.parts {
                expectSameStatements(part.sql, "\(name):\(part.line)")
                for dialect in [Config.Target.postgres, .sqlite] {
                    for statement in SwiftMigrationsFile.statements(in: part.sql, dialect: dialect) {
                        #expect(
                            SwiftMigrationsFile.literalLines(statement, indent: 32, comma: true)
                                == Legacy.literalLines(statement, indent: 32, comma: true), "\(name)")
                    }
                }
            }
        }
    }

    @Test func randomScriptsReadAsBefore() {
        let lines = [
            "-- revision: 0002_x", "-- down_revision: none", "-- down_revision:  0001_y \r", "-- note", "", "  ", "\t",
            "BEGIN;", "begin immediate;", " BEGIN TRANSACTION; ", "START TRANSACTION;", "COMMIT;",
            "commit transaction;\r", "COMMIT\u{37E}", "ﬅart transaction;", "begın;", "PRAGMA foreign_keys = OFF;",
            "PRAGMA foreign_keys = ON;", " PRAGMA foreign_keys = OFF;\t",
            "-- Fail, and so roll back, if a row breaks a foreign key",
            "-- Fail, and so roll back, if a row breaks a foreign key\u{301}", "CREATE TABLE t (a int);", "SELECT 1;\r",
            "\r", "\r\r", " \u{301}BEGIN;", "--\u{301} x", "x\r\ny", "END;", "\tALTER TABLE t ADD c int; ", "é;", "-",
            "\u{600} COMMIT;", "COMMIT; \u{301}", "COMMENT ON TABLE t IS 'Résumé — 顧客の記録 📦';",
            "ﬅart transaction;ﬅart transaction;ﬅart transaction;ﬅart transaction;ﬅart transaction;",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<4_000 {
            let count = Int.random(in: 0...14, using: &generator)
            var text = ""
            for index in 0..<count {
                if index > 0 { text += Bool.random(using: &generator) ? "\n" : "\r\n" }
                text += lines.randomElement(using: &generator)!
            }
            if Bool.random(using: &generator) { text += "\n" }
            #expect(MigrationScript(parsing: text) == Legacy.script(parsing: text), "\(text.debugDescription)")
        }
    }

    @Test func commentsWithAccentsAreReadByBytes() {
        func touches(_ text: String) -> Bool {
            var text = text
            return text.withUTF8 { SwiftMigrationsFile.touchesSyntax($0) }
        }
        #expect(!touches("COMMENT ON TABLE t IS 'Résumé — 顧客の記録 📦 #25';"))
        #expect(!touches("CREATE TABLE t (\n  a text -- «важно» ✓ ok\n);"))
        for text in ["\"é", "é\"", "#\u{301}", "\u{600}#", "\\é", "é\n", "\né", "\ré", "#️⃣"] {
            #expect(touches(text), "\(text.debugDescription)")
        }
    }

    @Test func randomLiteralsAreWrittenAsBefore() {
        // ASCII text is read by bytes, other text as before: both kinds, half and half.
        let ascii = ["\"", "\"\"\"", "\"\"", "#", "##", "\\", "\n", "\r\n", "\r", "x", " ", "\n\n"]
        let other = ascii + ["\u{301}", "é", "\"#\u{301}", "\u{600}", "\u{200D}", "👍🏽", "\u{A0}"]
        // Letters that are read by bytes where no `"`, `#`, `\` or line break touches them.
        let letters = ascii + ["x", "x", "x", " ", " ", "é", "顧客", "🇫🇷", "«", "\u{301}", "\u{600}", "#️⃣", "e\u{301}"]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<9_000 {
            let pieces = [ascii, other, letters][round % 3]
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }
            .joined()
            let indent = Int.random(in: 0...4, using: &generator)
            let comma = Bool.random(using: &generator)
            #expect(
                SwiftMigrationsFile.literalLines(text, indent: indent, comma: comma)
                    == Legacy.literalLines(text, indent: indent, comma: comma), "\(text.debugDescription)")
        }
    }
}
