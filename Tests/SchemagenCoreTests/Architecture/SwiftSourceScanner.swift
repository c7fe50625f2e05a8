/// Just enough of Swift's lexical grammar to tell code from comments and text, for the layering
/// test: a type named in a comment or a message is no dependency, one named in an interpolation
/// (`"\(GeneratedFile.marker)"`) is.
enum SwiftSourceScanner {
    private enum Context {
        /// Code; inside an interpolation, `depth` counts the open parentheses, and the `)` that
        /// closes the first one returns to the string.
        case code(depth: Int?)
        case string(hashes: Int, multiline: Bool)
    }

    /// `source` with comments and the text of string literals blanked out (line breaks kept), and
    /// the expressions interpolated into strings left in place.
    static func code(of source: String) -> String {
        let scalars = Array(source.unicodeScalars)
        var output = String.UnicodeScalarView()
        var stack: [Context] = [.code(depth: nil)]
        var index = 0

        func starts(with text: String, at position: Int) -> Bool {
            let pattern = Array(text.unicodeScalars)
            return position + pattern.count <= scalars.count
                && scalars[position..<position + pattern.count].elementsEqual(pattern)
        }
        func blank(_ count: Int) {
            for offset in 0..<count where index + offset < scalars.count {
                output.append(scalars[index + offset] == "\n" ? "\n" : " ")
            }
            index += count
        }
        func hashes(at position: Int) -> Int {
            var count = 0
            while position + count < scalars.count, scalars[position + count] == "#" { count += 1 }
            return count
        }

        while index < scalars.count {
            switch stack[stack.count - 1] {
            case .code(let depth):
                if starts(with: "//", at: index) {
                    var end = index
                    while end < scalars.count, scalars[end] != "\n" { end += 1 }
                    blank(end - index)
                } else if starts(with: "/*", at: index) {
                    // Block comments nest in Swift.
                    var end = index + 2
                    var open = 1
                    while end < scalars.count, open > 0 {
                        if starts(with: "/*", at: end) {
                            open += 1
                            end += 2
                        } else if starts(with: "*/", at: end) {
                            open -= 1
                            end += 2
                        } else {
                            end += 1
                        }
                    }
                    blank(end - index)
                } else if scalars[index] == "\""
                    || (scalars[index] == "#" && starts(with: "\"", at: index + hashes(at: index)))
                {
                    let count = hashes(at: index)
                    let multiline = starts(with: "\"\"\"", at: index + count)
                    stack.append(.string(hashes: count, multiline: multiline))
                    blank(count + (multiline ? 3 : 1))
                } else if let depth, scalars[index] == "(" || scalars[index] == ")" {
                    let next = depth + (scalars[index] == "(" ? 1 : -1)
                    stack.removeLast()
                    if next > 0 { stack.append(.code(depth: next)) }
                    // The `)` that ends an interpolation belongs to the string.
                    if next == 0 { blank(1) } else { output.append(scalars[index]); index += 1 }
                } else {
                    output.append(scalars[index])
                    index += 1
                }
            case .string(let count, let multiline):
                let delimiter = String(repeating: "#", count: count)
                let closing = (multiline ? "\"\"\"" : "\"") + delimiter
                if starts(with: "\\" + delimiter + "(", at: index) {
                    stack.append(.code(depth: 1))
                    blank(count + 2)
                } else if starts(with: "\\" + delimiter, at: index) {
                    blank(count + 2)  // an escape, such as `\"` or `\\`
                } else if starts(with: closing, at: index) {
                    stack.removeLast()
                    blank(closing.unicodeScalars.count)
                } else {
                    blank(1)
                }
            }
        }
        return String(output)
    }

    /// The identifiers of `code` (type names among them), as written.
    static func identifiers(in code: String) -> Set<String> {
        Set(code.split { !isIdentifierCharacter($0) }.map(String.init))
    }

    /// Types and functions that `code` declares at the top level and that other files can see:
    /// a nested type is reached through its outer one, and a `private` one is its file's alone.
    static func topLevelDeclarations(in code: String) -> [String] {
        let keywords: Set<Substring> = ["struct", "enum", "class", "protocol", "actor", "typealias", "func"]
        var names: [String] = []
        for line in code.split(separator: "\n") {
            guard let first = line.first, !first.isWhitespace else { continue }
            let words = line.split { !isIdentifierCharacter($0) && $0 != "@" }
            guard let keyword = words.firstIndex(where: keywords.contains), keyword + 1 < words.count,
                !words[..<keyword].contains(where: { ["private", "fileprivate", "extension", "import"].contains($0) })
            else { continue }
            names.append(String(words[keyword + 1]))
        }
        return names
    }

    private static func isIdentifierCharacter(_ character: Character) -> Bool {
        character == "_" || character.isLetter || character.isNumber
    }
}
