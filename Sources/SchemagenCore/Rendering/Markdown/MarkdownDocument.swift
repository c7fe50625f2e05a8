/// A Markdown text assembled in place: blocks with one blank line between them, lines in a block,
/// and a final newline (`text`). `SCHEMA.md` is megabytes at a thousand tables; building each
/// block as an array of lines and joining them twice cost more than the words themselves.
///
/// A document rendered in parts (`RenderParts`) is one `MarkdownDocument` per part: each after the
/// first is `continuing` (its first block follows a block of an earlier part), and only the last
/// one's `text` has the final newline: the others give their `piece`.
struct MarkdownDocument {
    private var body: TextBuffer
    private var blocks = 0
    private var linesInBlock = 0

    init(capacity: Int = 1 << 16, continuing: Bool = false) {
        body = TextBuffer(capacity: capacity)
        blocks = continuing ? 1 : 0
    }

    /// Starts a block: the lines after this one are its lines.
    mutating func beginBlock() {
        if blocks > 0 { body += "\n\n" }
        blocks += 1
        linesInBlock = 0
    }

    /// Starts a line of the current block with `text`; `write` adds to it.
    mutating func line(_ text: String) {
        if linesInBlock > 0 { body += "\n" }
        linesInBlock += 1
        body += text
    }

    /// Adds `text` to the current line.
    mutating func write(_ text: String) {
        body += text
    }

    /// Adds `MarkdownText.code(text)` to the current line.
    mutating func writeCode(_ text: String) {
        MarkdownText.writeCode(text, into: &body)
    }

    /// Adds `MarkdownText.anchor(text)` to the current line.
    mutating func writeAnchor(_ text: String) {
        MarkdownText.writeAnchor(text, into: &body)
    }

    /// Adds the codes of `names`, `, ` between them.
    mutating func writeCodes(_ names: [String]) {
        for (position, name) in names.enumerated() {
            if position > 0 { body += ", " }
            MarkdownText.writeCode(name, into: &body)
        }
    }

    /// Adds the digits of `number`.
    mutating func write(decimal number: Int) {
        body.append(decimal: number)
    }

    /// A block of these lines.
    mutating func block(_ lines: String...) {
        beginBlock()
        for text in lines { line(text) }
    }

    /// The document, with its final newline.
    var text: String { body.text(appending: "\n") }

    /// The blocks written here, without the final newline: a part of a document other than the last.
    var piece: String { body.text }

    /// The file `path`'s piece from this part of a document: `text` for the last part, `piece` for
    /// the others, as bytes.
    func piece(of path: String, isLast: Bool) -> GeneratedFile {
        body.file(path, appending: isLast ? "\n" : "")
    }
}
