/// Reads a parsed Swift template's tags once more and checks what swift-mustache lets through:
/// a name the context does not have, which renders as nothing, and a partial that is not one of the
/// templates, which renders as nothing too. It also says where a section that is never closed was
/// opened (the parser only knows that the file ended first).
///
/// The scan is of tags only: `{{name}}`, `{{{name}}}`, `{{&name}}`, sections `{{#…}}` `{{^…}}`
/// `{{/…}}`, partials `{{>…}}`, inheritance `{{<…}}` `{{$…}}`, comments, pragmas and set-delimiter
/// tags. Transforms (`{{uppercased(name)}}`, `{{index()}}`) check the name they are applied to.
struct TemplateCheck {
    var file: TemplateSet.File
    /// The templates a partial may name.
    var partials: Set<String>

    /// The first problem in the template, in the order of its text; with no scope, only a section
    /// that is never closed.
    func firstProblem(scope root: TemplateScope?) -> Diagnostic? {
        let checksNames = root != nil
        let root = root ?? TemplateScope()
        var scanner = TagScanner(text: file.text)
        // Open sections, with the scope each opened; `nil` for one that opens none (inverted, block).
        var sections: [(tag: TagScanner.Tag, scope: TemplateScope?)] = []
        var scopes: [TemplateScope] { [root] + sections.compactMap(\.scope) }
        while let tag = scanner.next() {
            switch tag.kind {
            case .comment, .pragma, .setDelimiters:
                continue
            case .partial, .parent:
                guard partials.contains(tag.name) || !checksNames else {
                    let known = partials.sorted().map { "`\($0)`" }.joined(separator: ", ")
                    return problem(
                        "the partial `\(tag.name)` is not a Swift template, so it would render as nothing; "
                            + "a partial names one of \(known)" + Suggestion.didYouMean(tag.name, in: partials),
                        at: tag)
                }
                if tag.kind == .parent { sections.append((tag, nil)) }
            case .block:
                sections.append((tag, nil))
            case .variable, .section, .invertedSection:
                guard let scope = resolve(tag.name, in: scopes) ?? (checksNames ? nil : TemplateScope()) else {
                    let visible = Set(scopes.flatMap(\.keys.keys))
                    return problem(
                        "the template names `\(tag.name)`, which its context does not have, so it would render as "
                            + "nothing" + Suggestion.didYouMean(tag.name, in: visible),
                        at: tag, fixes: ["the keys of each template are listed in Templates/README.md"])
                }
                if tag.kind == .section { sections.append((tag, scope)) }
                if tag.kind == .invertedSection { sections.append((tag, nil)) }
            case .close:
                // A close that matches no open section is the parser's error, reported before this.
                if let last = sections.last, last.tag.name == tag.name { sections.removeLast() }
            }
        }
        if let open = sections.last {
            return problem(
                "the section `\(open.tag.text)` is never closed", at: open.tag,
                fixes: ["close it with `{{/\(open.tag.name)}}`"])
        }
        return nil
    }

    /// The scope a name opens, or nil when no open scope has it. Like Mustache, the first part of
    /// a dotted name is looked up from the innermost scope out, and the rest inside what it found.
    private func resolve(_ name: String, in scopes: [TemplateScope]) -> TemplateScope? {
        if name.isEmpty || name == "." { return TemplateScope() }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        for scope in scopes.reversed() {
            guard var found = scope.keys[parts[0]] else { continue }
            for part in parts.dropFirst() {
                guard let next = found.keys[part] else { return nil }
                found = next
            }
            return found
        }
        return nil
    }

    private func problem(_ message: String, at tag: TagScanner.Tag, fixes: [String] = []) -> Diagnostic {
        .error(
            message, rule: "template", at: SourceLocation(file: file.path, line: tag.line, column: tag.column),
            length: tag.text.count, fixes: fixes)
    }
}

/// The tags of a Mustache template, in order, with their line and column.
struct TagScanner {
    struct Tag {
        enum Kind: Equatable {
            case variable, section, invertedSection, close, partial, parent, block, comment, pragma, setDelimiters
        }

        var kind: Kind
        /// The name the tag is about, with transforms taken off (`uppercased(name)` → `name`).
        var name: String
        /// The whole tag as written, delimiters included.
        var text: String
        var line: Int
        var column: Int
    }

    private let characters: [Character]
    private var position = 0
    private var line = 1
    private var lineStart = 0
    private var open: [Character] = ["{", "{"]
    private var close: [Character] = ["}", "}"]

    init(text: String) {
        characters = Array(text)
    }

    mutating func next() -> Tag? {
        guard let start = find(open, from: position) else { return nil }
        advance(to: start)
        let column = start - lineStart + 1
        let startLine = line
        var contentStart = start + open.count
        var closing = close
        // `{{{name}}}` with the default delimiters: the name ends at `}}}`.
        if open == ["{", "{"], contentStart < characters.count, characters[contentStart] == "{" {
            contentStart += 1
            closing = ["}", "}", "}"]
        }
        guard let end = find(closing, from: contentStart) else {
            // An unclosed tag is the parser's error, reported before this.
            position = characters.count
            return nil
        }
        let content = String(characters[contentStart..<end]).trimmingWhitespace
        let text = String(characters[start..<(end + closing.count)])
        advance(to: end + closing.count)
        var kind = Tag.Kind.variable
        var name = content
        if closing.count == 3 {
            kind = .variable
        } else if let sigil = content.first {
            let rest = String(content.dropFirst()).trimmingWhitespace
            switch sigil {
            case "!": (kind, name) = (.comment, "")
            case "%": (kind, name) = (.pragma, "")
            case "=":
                kind = .setDelimiters
                name = ""
                // `{{=<% %>=}}`: two delimiters between the `=` signs.
                let parts = rest.hasSuffix("=") ? rest.dropLast().split(separator: " ") : []
                if parts.count == 2 {
                    open = Array(parts[0])
                    close = Array(parts[1])
                }
            case "#": (kind, name) = (.section, rest)
            case "^": (kind, name) = (.invertedSection, rest)
            case "/": (kind, name) = (.close, rest)
            case ">": (kind, name) = (.partial, rest)
            case "<": (kind, name) = (.parent, rest)
            case "$": (kind, name) = (.block, rest)
            case "&": (kind, name) = (.variable, rest)
            default: break
            }
        }
        if [.variable, .section, .invertedSection, .close].contains(kind) { name = Self.removingTransforms(name) }
        return Tag(kind: kind, name: name, text: text, line: startLine, column: column)
    }

    /// `a(b(name))` → `name`; `index()` → the empty name, the current object.
    private static func removingTransforms(_ name: String) -> String {
        guard let open = name.lastIndex(of: "(") else { return name }
        let inner = name[name.index(after: open)...]
        return String(inner.prefix { $0 != ")" }).trimmingWhitespace
    }

    private func find(_ needle: [Character], from start: Int) -> Int? {
        guard !needle.isEmpty, characters.count >= needle.count else { return nil }
        var index = start
        while index + needle.count <= characters.count {
            if characters[index] == needle[0], Array(characters[index..<(index + needle.count)]) == needle {
                return index
            }
            index += 1
        }
        return nil
    }

    /// Moves to `index`, counting the lines passed.
    private mutating func advance(to index: Int) {
        while position < index {
            if characters[position] == "\n" || characters[position] == "\r\n" {
                line += 1
                lineStart = position + 1
            }
            position += 1
        }
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
