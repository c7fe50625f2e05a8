/// Checks the placeholders of a naming template in `schemagen.yaml`. `Naming` replaces only
/// `{table}`, `{columns}` and `{name}`; anything else in braces would reach the DDL as it is
/// (`fk_{tabel}_project_id`), so it is a config error.
enum NamingTemplate {
    static let placeholders = ["table", "columns", "name"]

    struct Problem: Equatable {
        /// The offset of the problem in the template, in characters, and how many it covers.
        var offset: Int
        var length: Int
        var message: String
        var fix: String?

        func diagnostic(key: String, at node: YAMLNode) -> Diagnostic {
            Diagnostic.error(
                "naming.\(key) \(message)", rule: FormatRule.config, at: location(in: node),
                length: canPoint(into: node) ? length : node.span, fixes: fix.map { [$0] } ?? [])
        }

        /// The column of the problem itself when the scalar's characters are the template's, on one
        /// line: a plain scalar, or a single-quoted one without an escaped quote, with no whitespace
        /// (a scalar folded over two lines reads as one with a space). Escapes in a double-quoted
        /// one would shift it, so that points at the whole value.
        private func location(in node: YAMLNode) -> SourceLocation {
            guard canPoint(into: node), let scalar = node.scalar else { return node.location }
            var location = node.location
            location.column += offset + (scalar.style == .singleQuoted ? 1 : 0)
            return location
        }

        private func canPoint(into node: YAMLNode) -> Bool {
            guard let scalar = node.scalar, !scalar.text.contains(where: \.isWhitespace) else { return false }
            return scalar.style == .plain || (scalar.style == .singleQuoted && !scalar.text.contains("'"))
        }
    }

    /// Every `{…}` that is not a placeholder (of `allowed`: a primary key has no `{columns}`),
    /// every `{` that no `}` closes, and every `}` that no `{` opened: each would reach the DDL.
    static func problems(in template: String, allowed: [String] = placeholders) -> [Problem] {
        var problems: [Problem] = []
        let characters = Array(template)
        var index = 0
        while index < characters.count {
            if characters[index] == "}" {
                problems.append(
                    Problem(
                        offset: index, length: 1, message: "has a '}' that no '{' opens",
                        fix: "placeholders are {table}, {columns} and {name}"))
                index += 1
                continue
            }
            guard characters[index] == "{" else {
                index += 1
                continue
            }
            guard let close = characters[index...].firstIndex(of: "}") else {
                problems.append(
                    Problem(
                        offset: index, length: 1, message: "has a '{' that no '}' closes",
                        fix: "placeholders are {table}, {columns} and {name}"))
                break
            }
            let name = String(characters[(index + 1)..<close])
            if placeholders.contains(name), !allowed.contains(name) {
                problems.append(
                    Problem(
                        offset: index, length: close - index + 1,
                        message: "cannot use '{\(name)}': a primary key has no columns of its own to name",
                        fix: "write the name from {table} alone, e.g. 'pk_{table}'"))
            } else if !placeholders.contains(name) {
                let hint = Suggestion.closest(to: name, in: placeholders)
                problems.append(
                    Problem(
                        offset: index, length: close - index + 1,
                        message: "has the unknown placeholder '{\(name)}'"
                            + (hint.map { "; did you mean '{\($0)}'?" } ?? ""),
                        fix: hint.map { "replace '{\(name)}' with '{\($0)}'" }
                            ?? "placeholders are {table}, {columns} and {name}"))
            }
            index = close + 1
        }
        return problems
    }
}
