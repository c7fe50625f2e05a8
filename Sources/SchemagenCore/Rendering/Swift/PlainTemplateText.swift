/// A built-in template whose only tags, after its pragma line, are `{{header}}` and `{{access}}`:
/// `JSONValue`, `DateOnly` and `TimestampCoding` are fixed Swift files but for those two. Rendered
/// by putting the two values in place, without Mustache: parsing those three templates was a
/// tenth of a small project's whole run. Used only for a template whose text is the built-in one
/// (`TemplateSet.nativeNames`); `BuiltinTemplateTextTests` compares the bytes with Mustache's.
struct PlainTemplateText: Sendable {
    private enum Piece: Sendable {
        case text(Substring)
        case header
        case access
    }

    private let pieces: [Piece]

    /// The only tags such a template may hold, as written.
    private static let tags: [(text: String, piece: Piece)] = [("{{header}}", .header), ("{{access}}", .access)]

    /// `nil` when `template` does not start with the pragma line or has any other tag: such a
    /// template goes through Mustache.
    init?(_ template: String) {
        let pragmaLine = TemplateSet.textPragma + "\n"
        guard template.hasPrefix(pragmaLine) else { return nil }
        var rest = template.dropFirst(pragmaLine.count)
        var pieces: [Piece] = []
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { pieces.append(.text(rest[..<open.lowerBound])) }
            let tag = rest[open.lowerBound...]
            guard let (text, piece) = Self.tags.first(where: { tag.hasPrefix($0.text) }) else { return nil }
            pieces.append(piece)
            rest = tag.dropFirst(text.count)
        }
        if !rest.isEmpty { pieces.append(.text(rest)) }
        self.pieces = pieces
    }

    func render(_ context: SwiftSupportContext) -> String {
        var out = TextBuffer(capacity: 4_096)
        for piece in pieces {
            switch piece {
            case .text(let text): out += text
            case .header: out += context.header
            case .access: out += context.access
            }
        }
        return out.text
    }
}
