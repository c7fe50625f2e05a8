/// Small text helpers for generated Swift: doc comments and string literals.
enum SwiftText {
    /// The longest line the generated code may have, as in the project's `.swift-format`.
    static let lineLength = 120

    /// `text` as `///` doc-comment lines for a declaration indented by `indent` spaces: one line per
    /// line of the comment, lines that would pass `lineLength` wrapped at spaces, no trailing
    /// whitespace, empty lines inside kept as `///`.
    static func documentation(_ text: String?, indent: Int) -> [String] {
        guard let text else { return [] }
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { line in
            String(line.reversed().drop(while: \.isWhitespace).reversed())
        }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        let width = max(20, lineLength - indent - "/// ".count)
        return lines.flatMap { wrap($0, width: width) }.map { $0.isEmpty ? "///" : "/// " + $0 }
    }

    /// Splits `line` at spaces into pieces of at most `width` characters; a word longer than that
    /// stays whole. Leading indentation (a Markdown list, a code block) is repeated on every piece.
    static func wrap(_ line: String, width: Int) -> [String] {
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

    /// The contents of a Swift string literal (without the quotes) that spells `text`.
    static func stringLiteralContents(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
