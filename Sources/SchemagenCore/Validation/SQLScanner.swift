/// The words, calls, operators and strings of a SQL fragment that users write (checks, index
/// predicates, raw defaults), as the portability rule asks about them; comments are left out.
struct SQLScanner: Sendable {
    private let tokens: [SQLToken]

    /// Lexed as PostgreSQL reads it, the wider of the two grammars.
    init(_ sql: String) {
        tokens = SQLLexer(sql, rules: .postgres).tokens.filter { $0.kind != .comment }
    }

    /// Names of the functions called (`now()`, `date(x)`), lowercased, in order.
    var functionCalls: [String] {
        zip(tokens, tokens.dropFirst()).compactMap { token, next in
            token.kind == .word && next.kind == .symbol && next.text == "(" ? token.text : nil
        }
    }

    var words: [String] { texts(of: .word) }
    var symbols: [String] { texts(of: .symbol) }
    var strings: [String] { texts(of: .string) }

    /// True when `words` occur one after the other (`similar`, `to`).
    func containsWords(_ sequence: [String]) -> Bool {
        let all = words
        guard sequence.count <= all.count else { return false }
        return (0...(all.count - sequence.count)).contains { Array(all[$0..<($0 + sequence.count)]) == sequence }
    }

    private func texts(of kind: SQLToken.Kind) -> [String] {
        tokens.filter { $0.kind == kind }.map(\.text)
    }
}
