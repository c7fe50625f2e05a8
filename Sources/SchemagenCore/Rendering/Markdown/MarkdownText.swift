import Foundation

/// The few Markdown spellings `SCHEMA.md` needs, kept apart so that text from the schema (a
/// comment, a check's expression) can never break the document's structure.
enum MarkdownText {
    /// An inline code span that holds `text` whatever it contains: the fence is one backtick more
    /// than the longest run of backticks inside, with a space where the text touches one.
    static func code(_ text: String) -> String {
        var longest = 0
        var run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let padded = text.hasPrefix("`") || text.hasSuffix("`") ? " \(text) " : text
        return fence + padded + fence
    }

    /// Text for one table cell: one line, and no `|` that would end the cell.
    static func cell(_ text: String) -> String {
        line(text).replacing("|", with: "\\|")
    }

    /// Text on one line: a multi-line comment becomes one paragraph, so that it cannot open a
    /// heading, a list or a fence of its own.
    static func line(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The anchor GitHub gives a heading made of `text` alone (small letters, spaces to `-`,
    /// punctuation other than `-` and `_` dropped), so that links find the table's section.
    static func anchor(_ text: String) -> String {
        String(
            text.lowercased().compactMap { character -> Character? in
                if character == " " { return "-" }
                if character.isLetter || character.isNumber || character == "-" || character == "_" { return character }
                return nil
            })
    }
}
