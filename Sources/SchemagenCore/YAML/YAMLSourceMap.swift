/// Converts between byte offsets in a file and the line/column marks libyaml reports.
///
/// libyaml counts lines at every YAML line break (`\n`, `\r\n`, `\r`, NEL, LS, PS) and columns in
/// characters, not bytes, and does not count a leading byte-order mark. Both directions here walk
/// the bytes the same way; they only run on error paths, so a linear walk is fine.
struct YAMLSourceMap {
    let bytes: [UInt8]

    /// Length of the UTF-8 byte-order mark at the start, if any.
    var bomLength: Int {
        bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// The 0-based line and column (in characters) of the byte at `offset`.
    func mark(ofByte offset: Int) -> (line: Int, column: Int) {
        var line = 0
        var column = 0
        var index = bomLength
        let end = min(offset, bytes.count)
        while index < end {
            let breakLength = lineBreakLength(at: index)
            if breakLength > 0 {
                line += 1
                column = 0
                index += breakLength
            } else {
                if !isContinuationByte(bytes[index]) { column += 1 }
                index += 1
            }
        }
        return (line, column)
    }

    /// The byte offset of a 0-based libyaml mark, or nil when the mark lies past the end.
    func byteOffset(line: Int, column: Int) -> Int? {
        var index = bomLength
        var currentLine = 0
        while currentLine < line {
            guard index < bytes.count else { return nil }
            let breakLength = lineBreakLength(at: index)
            if breakLength > 0 {
                currentLine += 1
                index += breakLength
            } else {
                index += 1
            }
        }
        var remaining = column
        while remaining > 0 {
            guard index < bytes.count, lineBreakLength(at: index) == 0 else { return nil }
            index += 1
            while index < bytes.count && isContinuationByte(bytes[index]) { index += 1 }
            remaining -= 1
        }
        return index
    }

    func location(ofByte offset: Int, file: String) -> SourceLocation {
        let mark = mark(ofByte: offset)
        return SourceLocation(file: file, line: mark.line + 1, column: mark.column + 1)
    }

    /// The number of bytes of the line break starting at `index`, or 0 when there is none.
    private func lineBreakLength(at index: Int) -> Int {
        switch bytes[index] {
        case 0x0A: return 1
        case 0x0D: return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
        case 0xC2: return index + 1 < bytes.count && bytes[index + 1] == 0x85 ? 2 : 0
        case 0xE2:
            guard index + 2 < bytes.count, bytes[index + 1] == 0x80 else { return 0 }
            return bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 ? 3 : 0
        default: return 0
        }
    }

    private func isContinuationByte(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
}
