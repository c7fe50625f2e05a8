import Foundation

/// The few Markdown spellings `SCHEMA.md` needs, kept apart so that text from the schema (a
/// comment, a check's expression) can never break the document's structure.
///
/// Each spelling is defined by its `Character` rule (`unicode…`); ASCII text, all of it in
/// practice, takes a byte routine that gives the same result (`MarkdownTextTests` compares both on
/// random text) without the grapheme breaking and Foundation bridging of the `Character` rules,
/// which made these a third of `SCHEMA.md`'s cost.
enum MarkdownText {
    /// An inline code span that holds `text` whatever it contains: the fence is one backtick more
    /// than the longest run of backticks inside, with a space where the text touches one.
    static func code(_ text: String) -> String {
        asciiCode(text) ?? unicodeCode(text)
    }

    /// `code(text)`, written into `buffer`: ASCII text without a backtick (names, types, all of
    /// them in practice) goes between two backticks as it is, as `asciiCode` puts it.
    static func writeCode(_ text: String, into buffer: inout TextBuffer) {
        let plain = text.utf8.withContiguousStorageIfAvailable { bytes in
            !bytes.contains { $0 >= 0x80 || $0 == UInt8(ascii: "`") }
        }
        if plain == true {
            buffer.append(ascii: UInt8(ascii: "`"))
            buffer += text
            buffer.append(ascii: UInt8(ascii: "`"))
        } else {
            buffer += code(text)
        }
    }

    /// `anchor(text)`, written into `buffer`: a name of small letters, digits, `-` and `_` is its
    /// own anchor, as `asciiAnchor` makes it.
    static func writeAnchor(_ text: String, into buffer: inout TextBuffer) {
        let plain = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.allSatisfy { byte in
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: "_")
            }
        }
        buffer += plain == true ? text : anchor(text)
    }

    static func unicodeCode(_ text: String) -> String {
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

    static func asciiCode(_ text: String) -> String? {
        let backtick = UInt8(ascii: "`")
        var longest = 0
        var run = 0
        for byte in text.utf8 {
            // CR LF is one character, but neither is a backtick: runs come out the same.
            guard byte < 0x80 else { return nil }
            run = byte == backtick ? run + 1 : 0
            longest = max(longest, run)
        }
        // No backtick (the common case): one each side, no padding. (Not so for any text without
        // the byte: Swift compares U+1FEF, GREEK VARIA, equal to a backtick.)
        if longest == 0 { return "`" + text + "`" }
        let fence = String(repeating: "`", count: longest + 1)
        let padded = text.utf8.first == backtick || text.utf8.last == backtick ? " \(text) " : text
        return fence + padded + fence
    }

    /// Text for one table cell: one line, and no `|` that would end the cell.
    static func cell(_ text: String) -> String {
        let line = line(text)
        guard line.containsUTF8(UInt8(ascii: "|")) else { return line }
        return asciiEscapingPipes(line) ?? line.replacing("|", with: "\\|")
    }

    static func unicodeCell(_ text: String) -> String {
        unicodeLine(text).replacing("|", with: "\\|")
    }

    static func asciiEscapingPipes(_ text: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 8)
        for byte in text.utf8 {
            guard byte < 0x80 else { return nil }
            if byte == UInt8(ascii: "|") { bytes.append(UInt8(ascii: "\\")) }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Text on one line: a multi-line comment becomes one paragraph, so that it cannot open a
    /// heading, a list or a fence of its own.
    static func line(_ text: String) -> String {
        asciiLine(text) ?? unicodeLine(text)
    }

    static func unicodeLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// `unicodeLine` for ASCII text, `nil` for any other. In ASCII, the newlines are LF, VT, FF and
    /// CR (a CR LF pair leaves an empty piece between, which goes like any empty one), and
    /// `.whitespaces` is space and tab.
    static func asciiLine(_ text: String) -> String? {
        let utf8 = text.utf8
        // The common case: one line with nothing to trim is itself.
        var plain = true
        for byte in utf8 {
            guard byte < 0x80 else { return nil }
            if byte >= 0x09 && byte <= 0x0D { plain = false }
        }
        if plain, utf8.first != UInt8(ascii: " "), utf8.last != UInt8(ascii: " ") { return text }

        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == 0x09 }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var piece: [UInt8] = []
        func flush() {
            var start = piece.startIndex
            var end = piece.endIndex
            while start < end, isBlank(piece[start]) { start += 1 }
            while end > start, isBlank(piece[end - 1]) { end -= 1 }
            guard start < end else { return }
            if !bytes.isEmpty { bytes.append(UInt8(ascii: " ")) }
            bytes += piece[start..<end]
        }
        for byte in utf8 {
            if byte >= 0x0A && byte <= 0x0D {
                flush()
                piece.removeAll(keepingCapacity: true)
            } else {
                piece.append(byte)
            }
        }
        flush()
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The anchor GitHub gives a heading made of `text` alone (small letters, spaces to `-`,
    /// punctuation other than `-` and `_` dropped), so that links find the table's section.
    static func anchor(_ text: String) -> String {
        asciiAnchor(text) ?? unicodeAnchor(text)
    }

    static func unicodeAnchor(_ text: String) -> String {
        String(
            text.lowercased().compactMap { character -> Character? in
                if character == " " { return "-" }
                if character.isLetter || character.isNumber || character == "-" || character == "_" { return character }
                return nil
            })
    }

    /// `unicodeAnchor` for ASCII text, `nil` for any other. (CR LF, one character, is neither
    /// letter nor digit: dropped, as its two bytes are.)
    static func asciiAnchor(_ text: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case 0x80...: return nil
            case UInt8(ascii: " "): bytes.append(UInt8(ascii: "-"))
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte + 0x20)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"),
                UInt8(ascii: "_"):
                bytes.append(byte)
            default: break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
