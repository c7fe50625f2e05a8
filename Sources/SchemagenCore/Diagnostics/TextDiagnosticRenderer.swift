/// The compiler form, one finding after another:
///
///     schema/tasks.yaml:12:7: error: column 'metadata' is a reserved name [reserved-name]
///           metadata: json?
///           ^~~~~~~~
///       fix: rename it to 'task_metadata' (keep the data with `renamed_from: metadata`)
///     schema/tasks.yaml:3:5: note: …
///
/// The snippet lines appear only when snippets are on and the file's text is at hand.
struct TextDiagnosticRenderer {
    let snippets: Bool
    let color: Bool

    private enum ANSI {
        static let reset = "\u{1B}[0m"
        static let bold = "\u{1B}[1m"
        static let red = "\u{1B}[1;31m"
        static let magenta = "\u{1B}[1;35m"
        static let cyan = "\u{1B}[1;36m"
        static let green = "\u{1B}[1;32m"
    }

    func render(_ diagnostics: [Diagnostic], source: (String) -> String?) -> String {
        var lines: [String] = []
        var files: [String: [String]] = [:]
        func line(_ location: SourceLocation) -> String? {
            if files[location.file] == nil {
                files[location.file] = source(location.file).map(SourceLines.split) ?? []
            }
            let all = files[location.file]!
            return location.line >= 1 && location.line <= all.count ? all[location.line - 1] : nil
        }
        for diagnostic in diagnostics {
            lines.append(header(diagnostic))
            if snippets, let location = diagnostic.location, let text = line(location) {
                lines.append(text)
                lines.append(
                    paint(caretLine(under: text, column: location.column, length: diagnostic.length), ANSI.green))
            }
            for fix in diagnostic.fixes {
                lines.append("  " + paint("fix:", ANSI.green) + " " + fix)
            }
            for note in diagnostic.notes {
                let place = note.location.map { paint("\($0):", ANSI.bold) + " " } ?? ""
                lines.append(place + paint("note:", ANSI.cyan) + " " + note.message)
            }
        }
        return lines.map { $0 + "\n" }.joined()
    }

    private func header(_ diagnostic: Diagnostic) -> String {
        guard color else { return diagnostic.description }
        let place = diagnostic.location.map { paint("\($0):", ANSI.bold) + " " } ?? ""
        let severityColor =
            switch diagnostic.severity {
            case .error: ANSI.red
            case .warning: ANSI.magenta
            case .note: ANSI.cyan
            }
        return place + paint("\(diagnostic.severity.rawValue):", severityColor) + " "
            + paint(diagnostic.message, ANSI.bold) + " [\(diagnostic.rule)]"
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? code + text + ANSI.reset : text
    }

    /// Spaces up to the finding's column (tabs kept as tabs, so the caret lines up however wide the
    /// terminal shows them), then `^` and a `~` for every further character, within the line.
    func caretLine(under text: String, column: Int, length: Int) -> String {
        let scalars = Array(text.unicodeScalars)
        let start = max(0, column - 1)
        var caret = ""
        for index in 0..<start {
            caret += index < scalars.count && scalars[index] == "\t" ? "\t" : " "
        }
        let available = max(1, scalars.count - start)
        return caret + "^" + String(repeating: "~", count: max(0, min(length, available) - 1))
    }
}

/// Lines as libyaml counts them: `\n`, `\r\n`, `\r`, NEL, LS and PS each end one, and a leading
/// byte-order mark is not part of the first.
enum SourceLines {
    static func split(_ text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var previousWasCR = false
        for scalar in scalars {
            if previousWasCR && scalar == "\n" {
                previousWasCR = false
                continue
            }
            previousWasCR = scalar == "\r"
            if ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains(scalar) {
                lines.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        lines.append(String(current))
        return lines
    }
}
