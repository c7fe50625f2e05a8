/// SQL that a user wrote (a check, an index expression or predicate) seen through column renames:
/// the databases rename a column inside every expression that names it, so an old expression that
/// reads, word for word, as a new one once its columns are renamed is that new expression, and
/// the migration renames what holds it instead of dropping and adding it.
enum ExpressionRename {
    /// The candidate that `expression` becomes under `renames` (old column name → new), or
    /// `expression` itself when none matches.
    static func follow(_ expression: String, renames: [String: String], candidates: [String]) -> String {
        guard !renames.isEmpty, !candidates.contains(expression) else { return expression }
        let renamed = tokens(expression).map { token in
            guard token.kind == .word || token.kind == .quotedIdentifier, let name = renames[token.text] else {
                return token
            }
            var token = token
            token.text = name
            return token
        }
        return candidates.first { tokens($0) == renamed } ?? expression
    }

    /// The tokens that carry meaning: comments aside; a quoted identifier compares as a word of
    /// the same text, as the column names do.
    private static func tokens(_ expression: String) -> [SQLToken] {
        SQLLexer(expression, rules: .postgres).tokens.filter { $0.kind != .comment }.map { token in
            var token = token
            if token.kind == .quotedIdentifier { token.kind = .word }
            return token
        }
    }
}
