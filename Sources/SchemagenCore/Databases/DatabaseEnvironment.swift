import Foundation

/// Where `DATABASE_URL` comes from when `--database` is not given: the environment, or else the
/// `.env` file at the project root (the variable in the environment wins, as with every tool that
/// reads `.env`: a deployment sets it, a checkout keeps a default for the developer's database).
public enum DatabaseEnvironment {
    public static let variable = "DATABASE_URL"

    /// The URL text and where it was read (`DATABASE_URL`, `.env:3`), or `nil` when neither has it.
    /// A `.env` that cannot be read as one (an unterminated quote) is an error, not a guess.
    public static func databaseURL(
        environment: [String: String] = ProcessInfo.processInfo.environment, projectRoot: URL
    ) throws(DotEnv.Error) -> (text: String, source: String)? {
        if let value = environment[variable], !value.isEmpty { return (value, "$\(variable)") }
        let file = projectRoot.appendingPathComponent(".env")
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        let found = try DotEnv.parse(String(decoding: data, as: UTF8.self))
        guard let entry = found.last(where: { $0.key == variable }), !entry.value.isEmpty else { return nil }
        return (entry.value, ".env:\(entry.line)")
    }
}

/// A `.env` file: `KEY=value` lines, `export KEY=value`, `#` comments, values in single quotes
/// (as written) or double quotes (with `\n`, `\"` and `\\` escapes), an unquoted value ending at
/// ` #`. No variable expansion.
public enum DotEnv {
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: String
        /// 1-based.
        public var line: Int
    }

    /// A line that is not one: `.env:3:14: error: …`.
    public struct Error: Swift.Error, Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var message: String

        public var description: String { ".env:\(line):\(column): \(message)" }
    }

    public static func parse(_ text: String) throws(Error) -> [Entry] {
        var entries: [Entry] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { continue }
            let rest = line[line.index(after: equals)...]
            let trimmed = rest.trimmingCharacters(in: .whitespaces)
            guard let value = Self.value(trimmed) else {
                // The opening quote: the first character after the line's first `=` and its blanks.
                let afterEquals = raw[raw.index(after: raw.firstIndex(of: "=")!)...]
                let quote = afterEquals.drop { $0 == " " || $0 == "\t" }.startIndex
                throw Error(
                    line: index + 1, column: raw.distance(from: raw.startIndex, to: quote) + 1,
                    message: "\(key)'s value opens a \(trimmed.first!) quote that this line does not close "
                        + "(a value spans one line; write a line break as \\n inside double quotes)")
            }
            entries.append(Entry(key: key, value: value, line: index + 1))
        }
        return entries
    }

    /// The value, or `nil` when it opens a quote it does not close.
    private static func value(_ text: String) -> String? {
        if text.hasPrefix("'") {
            guard let close = text.dropFirst().firstIndex(of: "'") else { return nil }
            return String(text[text.index(after: text.startIndex)..<close])
        }
        if text.hasPrefix("\"") {
            var result = ""
            var escaped = false
            for character in text.dropFirst() {
                if escaped {
                    result.append(character == "n" ? "\n" : character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    return result
                } else {
                    result.append(character)
                }
            }
            return nil
        }
        if let comment = text.range(of: " #") {
            return text[..<comment.lowerBound].trimmingCharacters(in: .whitespaces)
        }
        return text
    }
}
