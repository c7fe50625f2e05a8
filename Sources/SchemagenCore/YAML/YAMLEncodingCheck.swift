/// Checks that a file is UTF-8 before libyaml sees it.
///
/// libyaml would decode UTF-16 silently when it finds a BOM and reports bad UTF-8 only as a byte
/// offset; checking up front gives one clear rule (`yaml-encoding`) with a line and column.
enum YAMLEncodingCheck {
    static let rule = "yaml-encoding"

    static func validate(_ bytes: [UInt8], file: String) throws(Diagnostic) {
        if let encoding = wideEncoding(of: bytes) {
            throw .error(
                "this file is \(encoding) encoded; schemagen reads YAML as UTF-8 only",
                rule: rule, at: SourceLocation(file: file, line: 1, column: 1),
                fixes: ["save the file as UTF-8"])
        }
        let badOffset = bytes.withUnsafeBufferPointer { firstInvalidUTF8Offset(in: $0) }
        guard let badOffset else { return }
        let location = YAMLSourceMap(bytes: bytes).location(ofByte: badOffset, file: file)
        let hex = "0x" + String(bytes[badOffset], radix: 16, uppercase: true)
        throw .error(
            "invalid UTF-8: the byte \(hex) here does not begin a valid UTF-8 character",
            rule: rule, at: location, fixes: ["save the file as UTF-8"])
    }

    /// The name of a UTF-16 or UTF-32 encoding the bytes are in, judged by the byte-order mark or,
    /// without one, by the zero bytes an ASCII first character leaves (as the YAML spec detects it).
    static func wideEncoding(of bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return "UTF-32 (big-endian)" }
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return "UTF-32 (little-endian)" }
        if bytes.starts(with: [0xFE, 0xFF]) { return "UTF-16 (big-endian)" }
        if bytes.starts(with: [0xFF, 0xFE]) { return "UTF-16 (little-endian)" }
        if bytes.count >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0 && bytes[3] != 0 {
            return "UTF-32 (big-endian)"
        }
        if bytes.count >= 4 && bytes[0] != 0 && bytes[1] == 0 && bytes[2] == 0 && bytes[3] == 0 {
            return "UTF-32 (little-endian)"
        }
        if bytes.count >= 2 && bytes[0] == 0 && bytes[1] != 0 { return "UTF-16 (big-endian)" }
        if bytes.count >= 2 && bytes[0] != 0 && bytes[1] == 0 { return "UTF-16 (little-endian)" }
        return nil
    }

    /// The offset of the first byte that does not begin a well-formed UTF-8 character (no overlong
    /// forms, no surrogates, nothing above U+10FFFF), or nil when all of it is valid.
    static func firstInvalidUTF8Offset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var index = 0
        while index < count {
            // Schema files are mostly ASCII: skip eight ASCII bytes at a time.
            if index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                    continue
                }
            }
            let lead = base[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // The allowed range of the second byte depends on the lead byte; later bytes are
            // always 0x80...0xBF.
            let length: Int
            var secondRange: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; secondRange = 0xA0...0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; secondRange = 0x80...0x9F
            case 0xF0: length = 4; secondRange = 0x90...0xBF
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; secondRange = 0x80...0x8F
            default: return index
            }
            guard index + length <= count, secondRange.contains(base[index + 1]) else { return index }
            for next in (index + 2)..<(index + length) where base[next] & 0xC0 != 0x80 {
                return index
            }
            index += length
        }
        return nil
    }
}
