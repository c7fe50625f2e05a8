import CLibYAML

/// Turns the error libyaml leaves in a failed parser into a `Diagnostic` at the place it names.
enum YAMLSyntaxError {
    static let tabMessage = "tabs are not allowed for indentation in YAML; indent with spaces"

    static func diagnostic(for parser: yaml_parser_t, bytes: [UInt8], file: String) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        let sourceMap = YAMLSourceMap(bytes: bytes)
        switch parser.error {
        case YAML_MEMORY_ERROR:
            return .error("libyaml ran out of memory reading this file", rule: "yaml-syntax", at: nil)
        case YAML_READER_ERROR:
            // Reader errors carry a byte offset rather than a mark.
            let location = sourceMap.location(ofByte: parser.problem_offset, file: file)
            let message =
                problem == "control characters are not allowed"
                ? "character \(codePoint(parser.problem_value)) is not allowed in YAML (control characters and "
                    + "non-characters are not)"
                : problem
            return .error(message, rule: "yaml-encoding", at: location)
        default:
            return scannerOrParserError(problem, parser: parser, sourceMap: sourceMap, file: file)
        }
    }

    private static func scannerOrParserError(
        _ problem: String, parser: yaml_parser_t, sourceMap: YAMLSourceMap, file: String
    ) -> Diagnostic {
        let mark = parser.problem_mark
        let location = SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        let offset = sourceMap.byteOffset(line: Int(mark.line), column: Int(mark.column))
        var character: Character?
        if let offset, offset < sourceMap.bytes.count { character = Self.character(at: offset, in: sourceMap.bytes) }

        if problem.contains("tab character") || (character == "\t" && isIndentation(offset ?? 0, sourceMap.bytes)) {
            return .error(tabMessage, rule: "yaml-syntax", at: location, fixes: ["replace the tab with spaces"])
        }

        var message = problem
        var fixes: [String] = []
        switch problem {
        case "found character that cannot start any token":
            if let character {
                message = "found character '\(character)' that cannot start any token"
                fixes = ["quote the value if '\(character)' is part of the text"]
            }
        case "mapping values are not allowed in this context":
            message = "unexpected ':' here: mapping values are not allowed in this context"
            fixes = ["quote the value if ': ' is part of the text"]
        case "did not find expected <document start>":
            message = "unexpected content after the end of the document (did not find expected <document start>)"
        default:
            break
        }

        var notes: [Diagnostic.Note] = []
        if let context = parser.context.map({ String(cString: $0) }) {
            let contextMark = parser.context_mark
            if contextMark.line != mark.line || contextMark.column != mark.column {
                message += " \(context)"
                notes.append(
                    Diagnostic.Note(
                        "\(subject(of: context)) starts here",
                        at: SourceLocation(
                            file: file, line: Int(contextMark.line) + 1, column: Int(contextMark.column) + 1)))
            }
        }
        return .error(message, rule: "yaml-syntax", at: location, fixes: fixes, notes: notes)
    }

    /// "while parsing a flow sequence" → "the flow sequence".
    private static func subject(of context: String) -> String {
        var subject = Substring(context)
        for prefix in ["while parsing ", "while scanning "] where subject.hasPrefix(prefix) {
            subject = subject.dropFirst(prefix.count)
        }
        for article in ["a ", "an "] where subject.hasPrefix(article) {
            return "the " + subject.dropFirst(article.count)
        }
        return String(subject)
    }

    /// True when only spaces and tabs come before `offset` on its line.
    private static func isIndentation(_ offset: Int, _ bytes: [UInt8]) -> Bool {
        var index = offset - 1
        while index >= 0 {
            switch bytes[index] {
            case 0x20, 0x09: index -= 1
            case 0x0A, 0x0D: return true
            default: return index == 2 && bytes.starts(with: [0xEF, 0xBB, 0xBF])
            }
        }
        return true
    }

    private static func character(at offset: Int, in bytes: [UInt8]) -> Character? {
        var end = offset + 1
        while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
        return String(decoding: bytes[offset..<end], as: UTF8.self).first
    }

    private static func codePoint(_ value: Int32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
