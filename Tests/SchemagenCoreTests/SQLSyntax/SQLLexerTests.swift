import Testing

@testable import SchemagenCore

@Suite struct SQLLexerTests {
    private func kinds(_ sql: String, _ rules: SQLLexicalRules) -> [String] {
        SQLLexer(sql, rules: rules).tokens.map { "\($0.kind):\($0.text)" }
    }

    @Test func plainSQLReadsTheSameInBothDialects() {
        let sql = "status IN ('open', 'it''s') AND \"Weird\"\"Name\" >= 1.5"
        let expected = [
            "word:status", "word:in", "symbol:(", "string:open", "symbol:,", "string:it's", "symbol:)", "word:and",
            "quotedIdentifier:Weird\"Name", "symbol:>=", "number:1.5",
        ]
        #expect(kinds(sql, .postgres) == expected)
        #expect(kinds(sql, .sqlite) == expected)
    }

    @Test func escapeStringsTakeBackslashesInPostgresOnly() {
        #expect(kinds(#"E'\'' || x"#, .postgres) == ["string:\\'", "symbol:||", "word:x"])
        // SQLite has no escapes: the doubled quote keeps the string open to the end.
        #expect(kinds(#"E'\'' || x"#, .sqlite) == ["word:e"])
        #expect(SQLLexer(#"E'\'' || x"#, rules: .sqlite).problem == .unterminatedString)
        // A word that ends in e is not an escape-string prefix.
        #expect(kinds("type'a'", .postgres) == ["word:type", "string:a"])
    }

    @Test func dollarQuotesAreStringsInPostgres() {
        #expect(kinds("$$it's; fine$$ = x", .postgres) == ["string:it's; fine", "symbol:=", "word:x"])
        #expect(kinds("$tag$a$$b$tag$", .postgres) == ["string:a$$b"])
        #expect(kinds("a$b = $1", .postgres) == ["word:a$b", "symbol:=", "symbol:$", "number:1"])
        #expect(SQLLexer("$$open", rules: .postgres).problem == .unterminatedString)
        #expect(SQLLexer("$$'$$", rules: .sqlite).problem == .unterminatedString)
    }

    @Test func sqliteQuotesIdentifiersWithBackticksAndBrackets() {
        #expect(kinds("`a``b` < [c d]", .sqlite) == ["quotedIdentifier:a`b", "symbol:<", "quotedIdentifier:c d"])
        #expect(kinds("[c d]", .postgres) == ["symbol:[", "word:c", "word:d", "symbol:]"])
        #expect(SQLLexer("[open", rules: .sqlite).problem == .unterminatedIdentifier)
    }

    @Test func blockCommentsNestInPostgresOnly() {
        let sql = "a /* x /* y */ z */ b"
        #expect(kinds(sql, .postgres) == ["word:a", "comment:/* x /* y */ z */", "word:b"])
        #expect(kinds(sql, .sqlite).prefix(3) == ["word:a", "comment:/* x /* y */", "word:z"])
        #expect(SQLLexer("a /* b", rules: .sqlite).problem == .unterminatedComment)
        #expect(kinds("a -- b\nc", .postgres) == ["word:a", "comment:-- b", "word:c"])
    }

    @Test func tokensKnowTheirDepth() {
        let lexer = SQLLexer("f(a, (b)) + c", rules: .postgres)
        #expect(lexer.tokens.map(\.depth) == [0, 0, 1, 1, 1, 2, 1, 0, 0, 0])
        #expect(lexer.depth == 0)
        #expect(SQLLexer("a) + (b", rules: .postgres).tokens.map(\.depth) == [0, -1, -1, -1, 0])
        #expect(SQLLexer("(a", rules: .sqlite).depth == 1)
    }

    @Test func expressionsThatStayOneExpression() {
        for sql in [
            "status IN ('a;b', 'c--d')", "\"semi;colon\" > 0", "title <> $$x;y$$ OR true", "(a > 0) AND (b < 1)",
            "x::text <> 'a/*b'",
        ] {
            #expect(SQLExpressionCheck.worstProblem(in: sql, readers: [.postgres]) == nil, "\(sql)")
        }
        #expect(SQLExpressionCheck.worstProblem(in: "status IN ('a;b')", readers: SQLLexicalRules.allCases) == nil)
    }

    @Test func theWorstProblemIsReportedWithTheDialectThatSeesIt() {
        let all = SQLLexicalRules.allCases
        #expect(
            SQLExpressionCheck.worstProblem(in: "a > 0; DROP TABLE t", readers: all)
                == "contains a statement separator ';'")
        #expect(
            SQLExpressionCheck.worstProblem(in: "a > 0) OR (b; --", readers: all)
                == "contains a statement separator ';'")
        #expect(SQLExpressionCheck.worstProblem(in: "a > 0 -- note", readers: all) == "contains a comment '--'")
        #expect(SQLExpressionCheck.worstProblem(in: "a /* x", readers: all) == "contains a comment '/*'")
        #expect(
            SQLExpressionCheck.worstProblem(in: "E'\\'' ); x", readers: all)
                == "contains a statement separator ';' (as PostgreSQL reads it)")
        #expect(
            SQLExpressionCheck.worstProblem(in: "E'\\'' ) + x", readers: [.postgres]) == "has a ')' without its '('")
        #expect(
            SQLExpressionCheck.worstProblem(in: "$$'$$ = x", readers: all)
                == "has an unterminated string literal (as SQLite reads it)")
        #expect(SQLExpressionCheck.worstProblem(in: "f((a)", readers: all) == "leaves a '(' unclosed")
        #expect(SQLExpressionCheck.worstProblem(in: "\"a", readers: all) == "has an unterminated quoted identifier")
    }

    @Test func defaultsAreWrappedOnlyWhereTheGrammarNeedsIt() {
        #expect(PostgresDialect.defaultClauseOperand("now()") == "now()")
        #expect(PostgresDialect.defaultClauseOperand("'a)b'::text") == "'a)b'::text")
        #expect(PostgresDialect.defaultClauseOperand("now() + interval '1 day'") == "(now() + interval '1 day')")
        #expect(PostgresDialect.defaultClauseOperand("(1) + (2)") == "((1) + (2))")
        #expect(PostgresDialect.defaultClauseOperand("(1 + 2)") == "(1 + 2)")
        #expect(SQLiteDialect.defaultClauseOperand("'it''s'") == "'it''s'")
        #expect(SQLiteDialect.defaultClauseOperand("'a' || 'b'") == "('a' || 'b')")
        #expect(SQLiteDialect.defaultClauseOperand("-1") == "-1")
        #expect(SQLiteDialect.defaultClauseOperand("abs(-1)") == "(abs(-1))")
    }
}
