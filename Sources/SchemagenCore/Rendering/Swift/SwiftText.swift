/// Small text helpers for generated Swift: doc comments and string literals.
enum SwiftText {
    /// The longest line the generated code may have, as in the project's `.swift-format`.
    static let lineLength = 120

    /// `text` as `///` doc-comment lines for a declaration indented by `indent` spaces: one line per
    /// line of the comment, lines that would pass `lineLength` wrapped at spaces, no trailing
    /// whitespace, empty lines inside kept as `///`.
    ///
    /// Linear in the length of `text` (a comment may be megabytes long): the lines stay slices of
    /// `text` until they are written, and blank lines at either end are skipped by index.
    static func documentation(_ text: String?, indent: Int) -> [String] {
        guard let text else { return [] }
        let lines = Self.lines(of: text).map { $0.droppingTrailingWhitespace() }
        guard let first = lines.firstIndex(where: { !$0.isEmpty }),
            let last = lines.lastIndex(where: { !$0.isEmpty })
        else { return [] }
        let width = max(20, lineLength - indent - "/// ".count)
        var result: [String] = []
        result.reserveCapacity(last - first + 1)
        for line in lines[first...last] {
            for piece in wrap(line, width: width) {
                result.append(piece.isEmpty ? "///" : "/// " + String(piece))
            }
        }
        return result
    }

    /// The lines of `text`, split where a `Character` is a newline (`Character.isNewline`: LF,
    /// VT, FF, CR, CRLF, NEL, U+2028, U+2029), empty lines kept.
    ///
    /// `String.split(whereSeparator: \.isNewline)` gives the same lines but finds the character
    /// boundaries of the whole text first, and that was most of the time a long comment took. Every
    /// newline is a control character, which always stands alone as a character (CRLF aside), so
    /// looking for their UTF-8 bytes finds the same places.
    static func lines(of text: String) -> [Substring] {
        let utf8 = text.utf8
        var lines: [Substring] = []
        var start = utf8.startIndex
        var index = start
        while index < utf8.endIndex {
            let byte = utf8[index]
            var next = utf8.index(after: index)
            var isNewline = false
            switch byte {
            case 0x0A...0x0C:
                isNewline = true
            case 0x0D:
                isNewline = true
                if next < utf8.endIndex, utf8[next] == 0x0A { next = utf8.index(after: next) }
            case 0xC2:  // U+0085, NEL: C2 85
                if next < utf8.endIndex, utf8[next] == 0x85 {
                    isNewline = true
                    next = utf8.index(after: next)
                }
            case 0xE2:  // U+2028 and U+2029: E2 80 A8, E2 80 A9
                let third = utf8.index(next, offsetBy: 1, limitedBy: utf8.endIndex)
                if let third, third < utf8.endIndex, utf8[next] == 0x80, utf8[third] == 0xA8 || utf8[third] == 0xA9 {
                    isNewline = true
                    next = utf8.index(after: third)
                }
            default:
                break
            }
            if isNewline {
                lines.append(text[start..<index])
                start = next
            }
            index = next
        }
        lines.append(text[start..<utf8.endIndex])
        return lines
    }

    /// Splits `line` at spaces into pieces of at most `width` characters; a word longer than that
    /// stays whole. Leading indentation (a Markdown list, a code block) is repeated on every piece.
    ///
    /// Counts characters once per word: `String.count` walks the whole string, so asking it of the
    /// growing piece at every word made a long line cost its length times the width. An ASCII line
    /// (one byte per character) is split by its bytes: character work on a slice of a long text
    /// checks every index it is given, which made this half of the time a long comment took.
    static func wrap(_ line: Substring, width: Int) -> [Substring] {
        // A line of at most `width` bytes has at most `width` characters: no need to count them.
        guard line.utf8.count > width else { return [line] }
        if line.utf8.allSatisfy({ $0 < 0x80 }) {
            return wrapASCII(line, width: width)
        }
        let line = String(line)
        guard line.count > width else { return [Substring(line)] }
        let indentation = line.prefix(while: { $0 == " " })
        var pieces = Pieces(indentation: indentation, count: indentation.count, width: width)
        for word in line[indentation.endIndex...].split(separator: " ") {
            pieces.add(word, count: word.count)
        }
        return pieces.finished
    }

    /// `wrap` for a line of ASCII characters, where bytes are characters.
    private static func wrapASCII(_ line: Substring, width: Int) -> [Substring] {
        let bytes = line.utf8
        let space = UInt8(ascii: " ")
        let indentationEnd = bytes.firstIndex { $0 != space } ?? bytes.endIndex
        let indentation = line[..<indentationEnd]
        var pieces = Pieces(indentation: indentation, count: indentation.utf8.count, width: width)
        for word in bytes[indentationEnd...].split(separator: space) {
            pieces.add(Substring(word), count: word.count)
        }
        return pieces.finished
    }

    /// The pieces of a wrapped line as they fill up, with the length of the last one in characters.
    private struct Pieces {
        let indentation: Substring
        let indentationCount: Int
        let width: Int
        var finishedPieces: [Substring] = []
        var current: String
        var currentCount: Int

        init(indentation: Substring, count: Int, width: Int) {
            self.indentation = indentation
            indentationCount = count
            self.width = width
            current = String(indentation)
            currentCount = count
        }

        mutating func add(_ word: Substring, count: Int) {
            if currentCount > indentationCount && currentCount + 1 + count > width {
                finishedPieces.append(Substring(current))
                current = String(indentation)
                currentCount = indentationCount
            }
            if currentCount > indentationCount {
                current += " "
                currentCount += 1
            }
            current.append(contentsOf: word)
            currentCount += count
        }

        var finished: [Substring] { finishedPieces + [Substring(current)] }
    }

    /// The contents of a Swift string literal (without the quotes) that spells `text`.
    static func stringLiteralContents(_ text: String) -> String {
        // Only these ASCII bytes are escaped, and no byte of a multi-byte scalar is one of them:
        // a text without them is its own spelling (column names and enum values, in practice).
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0x5C || $0 == 0x22 }) else { return text }
        return escapedLiteralContents(text)
    }

    /// `stringLiteralContents` scalar by scalar, for any text.
    static func escapedLiteralContents(_ text: String) -> String {
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

extension Substring {
    /// The line without the whitespace at its end, found from the end: only the trailing
    /// whitespace is walked, never the whole line.
    fileprivate func droppingTrailingWhitespace() -> Substring {
        guard let last = lastIndex(where: { !$0.isWhitespace }) else { return self[startIndex..<startIndex] }
        return self[...last]
    }
}
