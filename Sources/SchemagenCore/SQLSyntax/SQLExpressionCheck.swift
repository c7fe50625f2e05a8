/// SQL that users write (checks, index predicates, raw defaults) is pasted into the DDL as it is,
/// so it must stay one expression for every dialect that reads it: a `;`, a comment, an open
/// string or a stray `)` would let a schema file end the statement and smuggle in another.
enum SQLExpressionCheck {
    /// Reports the worst problem of `expression` and returns false, or returns true when it is one
    /// expression for both dialects.
    static func validate(
        _ expression: Located<String>, what: String, rule: String = FormatRule.invalidCheck,
        readers: [SQLLexicalRules] = SQLLexicalRules.allCases, into diagnostics: inout [Diagnostic]
    ) -> Bool {
        let text = expression.value
        if text.trimmingWhitespace().isEmpty {
            diagnostics.append(.error("the \(what) expression is empty", rule: rule, at: expression.location))
            return false
        }
        guard let problem = worstProblem(in: text, readers: readers) else { return true }
        diagnostics.append(
            .error(
                "the \(what) expression '\(text)' \(problem); it must be a single SQL expression",
                rule: rule, at: expression.location, length: text.count))
        return false
    }

    /// What is wrong with `text` as one expression, worst first; the dialect is named when only one
    /// of them reads the text that way (`E'\''` is a whole string for PostgreSQL only).
    static func worstProblem(in text: String, readers: [SQLLexicalRules]) -> String? {
        let found = readers.map { rules in (rules, problems(in: SQLLexer(text, rules: rules))) }
        guard let worst = found.flatMap(\.1).min() else { return nil }
        let misreaders = found.filter { $0.1.contains(worst) }.map(\.0)
        return misreaders.count == readers.count
            ? worst.description : "\(worst.description) (as \(misreaders[0].displayName) reads it)"
    }

    private static func problems(in lexer: SQLLexer) -> [ExpressionProblem] {
        var result: [ExpressionProblem] = []
        for token in lexer.tokens {
            switch token.kind {
            case .symbol where token.text == ";": result.append(.statementSeparator)
            case .symbol where token.text == ")" && token.depth < 0: result.append(.unopenedParenthesis)
            case .comment: result.append(.comment(token.text.hasPrefix("--") ? "--" : "/*"))
            default: break
            }
        }
        switch lexer.problem {
        case .unterminatedString: result.append(.unterminated("string literal"))
        case .unterminatedIdentifier: result.append(.unterminated("quoted identifier"))
        case .unterminatedComment: result.append(.comment("/*"))
        case nil:
            if lexer.depth > 0 { result.append(.unclosedParenthesis) }
        }
        return result
    }

    /// Ordered by how much harm the text could do in the DDL.
    private enum ExpressionProblem: Comparable, CustomStringConvertible {
        case statementSeparator
        case comment(String)
        case unterminated(String)
        case unopenedParenthesis
        case unclosedParenthesis

        var description: String {
            switch self {
            case .statementSeparator: "contains a statement separator ';'"
            case .comment(let opener): "contains a comment '\(opener)'"
            case .unterminated(let what): "has an unterminated \(what)"
            case .unopenedParenthesis: "has a ')' without its '('"
            case .unclosedParenthesis: "leaves a '(' unclosed"
            }
        }
    }
}
