import Foundation

/// The recipe of a generated corpus case (`generate.txt`): inputs too big or too binary to check
/// in (a 50 MB file, 10,000 levels of nesting, bytes that are not UTF-8) are written at test time.
///
///     # a comment
///     file schema/tickets.yaml
///     "tables: "
///     "[" * 10_000
///
/// `file <path>` starts a file (relative to the project root); every other line is a quoted piece
/// of it, optionally repeated (`* count`). Escapes: `\n`, `\t`, `\"`, `\\`, and `\xHH` for one raw
/// byte, so that a recipe can write any bytes at all.
struct CorpusRecipe {
    struct ParseError: Error, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "generate.txt:\(line): \(message)" }
    }

    /// Files in the order the recipe writes them, with their bytes.
    private(set) var files: [(path: String, bytes: [UInt8])] = []

    init(parsing text: String) throws(ParseError) {
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            let number = index + 1
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("file ") {
                let path = line.dropFirst("file ".count).trimmingCharacters(in: .whitespaces)
                guard !path.isEmpty, !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
                    throw ParseError(line: number, message: "a file path relative to the project, please")
                }
                files.append((path, []))
                continue
            }
            guard !files.isEmpty else { throw ParseError(line: number, message: "a piece before any `file`") }
            let (piece, rest) = try Self.quoted(line, line: number)
            let count = try Self.repetition(rest, line: number)
            files[files.count - 1].bytes.reserveCapacity(files[files.count - 1].bytes.count + piece.count * count)
            for _ in 0..<count { files[files.count - 1].bytes += piece }
        }
        guard !files.isEmpty else { throw ParseError(line: 1, message: "the recipe writes no file") }
    }

    /// Writes the files under `root`.
    func write(into root: URL) throws {
        for file in files {
            let url = root.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.bytes).write(to: url)
        }
    }

    /// The bytes of the quoted string that starts `line`, and what follows its closing quote.
    private static func quoted(_ line: String, line number: Int) throws(ParseError) -> ([UInt8], Substring) {
        var scalars = Substring(line).unicodeScalars[...]
        guard scalars.first == "\"" else { throw ParseError(line: number, message: "expected a quoted piece") }
        scalars = scalars.dropFirst()
        var bytes: [UInt8] = []
        while let scalar = scalars.popFirst() {
            switch scalar {
            case "\"":
                return (bytes, Substring(String(scalars)))
            case "\\":
                guard let escaped = scalars.popFirst() else { break }
                switch escaped {
                case "n": bytes.append(0x0A)
                case "t": bytes.append(0x09)
                case "r": bytes.append(0x0D)
                case "\"": bytes.append(0x22)
                case "\\": bytes.append(0x5C)
                case "x":
                    let hex = String(String.UnicodeScalarView(scalars.prefix(2)))
                    guard hex.count == 2, let byte = UInt8(hex, radix: 16) else {
                        throw ParseError(line: number, message: "\\x takes two hex digits")
                    }
                    bytes.append(byte)
                    scalars = scalars.dropFirst(2)
                default:
                    throw ParseError(line: number, message: "unknown escape \\\(escaped)")
                }
            default:
                bytes += Array(String(scalar).utf8)
            }
        }
        throw ParseError(line: number, message: "unterminated quoted piece")
    }

    /// `* 10_000` after a piece, or nothing (once).
    private static func repetition(_ rest: Substring, line number: Int) throws(ParseError) -> Int {
        let text = rest.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return 1 }
        guard text.hasPrefix("*"),
            let count = Int(
                text.dropFirst().trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")),
            count >= 0
        else { throw ParseError(line: number, message: "expected `* count` after the piece, found '\(text)'") }
        return count
    }
}
