/// How schema names become Swift names: type names for tables and enums, property names for
/// columns, case names for enum values.
///
/// Public because the lint rules (`swift-name`, `table-name`) must reach the same verdicts as the
/// renderer: a rule that guessed differently would warn about names the generator never produces.
public struct SwiftNames: Sendable, Hashable {
    /// Words that are their own plural (`agent_memory`, `token_usage`): never singularized.
    public var massNouns: Set<String>

    public init(massNouns: some Sequence<String> = SwiftNames.defaultMassNouns) {
        self.massNouns = Set(massNouns.map { $0.lowercased() })
    }

    // MARK: Type names

    /// The Swift type of a table: `swift_name` when the schema sets it, else the derived name.
    public func typeName(for table: Table) -> String {
        table.swiftName ?? typeName(forTable: table.name)
    }

    /// The derived type name of a table: singular PascalCase (`github_issues` → `GithubIssue`), with
    /// `Record` appended when that would shadow a standard type (`tasks` → `TaskRecord`).
    public func typeName(forTable name: String) -> String {
        let base = derivedTypeName(forTable: name)
        return SwiftNames.shadowsStandardType(base) ? base + "Record" : base
    }

    /// The singular PascalCase name of a table before the shadowing check (`tasks` → `Task`).
    public func derivedTypeName(forTable name: String) -> String {
        var words = SwiftNames.words(name)
        if let noun = SwiftNames.nounIndex(in: words) { words[noun] = singularize(words[noun]) }
        return SwiftNames.identifier(SwiftNames.pascalCase(words: words), fallback: "Table")
    }

    /// The word of a name that says what its rows are: the last one, unless words with digits
    /// follow it, which tell a version or a year (`users_v2` → `users`, `events_2024` → `events`).
    public static func nounIndex<Word: StringProtocol>(in words: [Word]) -> Int? {
        words.lastIndex { !hasNumber($0) } ?? (words.isEmpty ? nil : words.count - 1)
    }

    /// Whether `word` holds a character that is a number. In ASCII text (table names, in
    /// practice) those are the digits, and a byte is a character (or half of CR LF, no number):
    /// its bytes answer without a lookup of Unicode properties (`SwiftNamesFastPathTests`).
    static func hasNumber<Word: StringProtocol>(_ word: Word) -> Bool {
        let ascii = word.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            var found = false
            for byte in bytes {
                if byte >= 0x80 { return nil }
                if byte &- UInt8(ascii: "0") < 10 { found = true }
            }
            return found
        }
        if let ascii = ascii ?? nil { return ascii }
        return word.contains(where: \.isNumber)
    }

    /// The Swift type of a named enum: PascalCase (`agent_kind` → `AgentKind`), never singularized
    /// (enum names are singular already), with `Value` appended when that would shadow a standard type.
    public func typeName(forEnum name: String) -> String {
        let base = derivedTypeName(forEnum: name)
        return SwiftNames.shadowsStandardType(base) ? base + "Value" : base
    }

    /// The enum's Swift type before the check against standard types.
    public func derivedTypeName(forEnum name: String) -> String {
        SwiftNames.identifier(SwiftNames.pascalCase(name), fallback: "Enum")
    }

    /// True when `name` is a standard library, Foundation, concurrency or schemagen support type.
    public static func shadowsStandardType(_ name: String) -> Bool {
        standardTypeNames.contains(name)
    }

    // MARK: Singular forms

    /// The singular of a snake_case table name: only its last word changes (`github_issues` →
    /// `github_issue`; `agent_memory` stays, `memory` being a mass noun).
    public func singularTableName(_ name: String) -> String {
        var words = name.split(separator: "_", omittingEmptySubsequences: false).map(String.init)
        guard let noun = SwiftNames.nounIndex(in: words) else { return singularize(name) }
        words[noun] = singularize(words[noun])
        return words.joined(separator: "_")
    }

    /// The singular of one English word, keeping its case: `policies` → `policy`, `analyses` →
    /// `analysis`, `statuses` → `status`, `people` → `person`; mass nouns and words that are already
    /// singular (`status`, `address`, `analysis`) are returned unchanged.
    public func singularize(_ word: String) -> String {
        let lower = word.lowercased()
        if lower.count < 3 || massNouns.contains(lower) || SwiftNames.invariantNouns.contains(lower) {
            return word
        }
        if let singular = SwiftNames.irregularSingulars[lower] {
            return SwiftNames.matchingCase(of: word, singular)
        }
        if SwiftNames.singularsWithPlural.keys.contains(lower) { return word }
        if lower.hasSuffix("ss") || lower.hasSuffix("us") || lower.hasSuffix("is") { return word }
        func dropping(_ count: Int, adding suffix: String = "") -> String {
            String(word.dropLast(count)) + SwiftNames.matchingCase(of: word, suffix)
        }
        if lower.hasSuffix("ies") && lower.count > 4 { return dropping(3, adding: "y") }
        for suffix in ["sses", "xes", "ches", "shes", "zzes"] where lower.hasSuffix(suffix) {
            return dropping(2)
        }
        if lower.hasSuffix("s") { return dropping(1) }
        return word
    }

    /// Upper-cases `text` when `word` is all capitals, so `POLICIES` becomes `POLICY`.
    private static func matchingCase(of word: String, _ text: String) -> String {
        isAllCapitals(word) ? text.uppercased() : text
    }

    /// A word with capitals and no lowercase letter (`POLICIES`); by bytes for ASCII, where the
    /// letters of either case are `A`…`Z` and `a`…`z`.
    static func isAllCapitals(_ word: String) -> Bool {
        let ascii = word.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            var hasUppercase = false
            for byte in bytes {
                if byte >= 0x80 { return nil }
                if byte &- UInt8(ascii: "a") < 26 { return false }
                if byte &- UInt8(ascii: "A") < 26 { hasUppercase = true }
            }
            return hasUppercase
        }
        if let ascii = ascii ?? nil { return ascii }
        return !word.contains(where: \.isLowercase) && word.contains(where: \.isUppercase)
    }

    // MARK: Member names

    /// The Swift property name of a column: lowerCamelCase (`created_at` → `createdAt`), made a
    /// valid identifier, keywords in backticks (`` `default` ``).
    public static func propertyName(forColumn name: String) -> String {
        var identifier = identifier(camelCase(name), fallback: "value")
        // `self` cannot be an initializer parameter and `hashValue` is Hashable's own: backticks
        // do not help, so these get a trailing underscore.
        if identifier == "self" || identifier == "hashValue" { identifier += "_" }
        return escaped(identifier)
    }

    /// The Swift case name of an enum value: lowerCamelCase (`in_progress`, `in-progress` →
    /// `inProgress`), a leading digit prefixed with `_` (`2fa` → `_2fa`), keywords in backticks.
    /// Callers that hold all the values should use `caseNames(forValues:)`, which keeps them distinct.
    public static func caseName(forValue value: String) -> String {
        var identifier = identifier(camelCase(value), fallback: value.isEmpty ? "empty" : "value")
        if identifier == "self" { identifier += "_" }
        return escaped(identifier)
    }

    /// Case names for all the values of one enum, in order; values that would map to the same name
    /// (`in-progress` and `in_progress`) get `2`, `3`… appended after the first.
    public static func caseNames(forValues values: [String]) -> [String] {
        var used: Set<String> = []
        return values.map { value in
            let name = unescaped(caseName(forValue: value))
            var candidate = name
            var counter = 2
            while used.contains(candidate) {
                candidate = name + String(counter)
                counter += 1
            }
            used.insert(candidate)
            return escaped(candidate)
        }
    }

    /// The nested enum type of an inline-enum column: PascalCase of the column name.
    public static func nestedEnumName(forColumn name: String) -> String {
        identifier(pascalCase(name), fallback: "Value")
    }

    // MARK: Case conversion

    /// The words of a name: runs of letters and digits, split at anything else (`_`, `-`, spaces) and
    /// at lower-to-upper case changes (`createdAt` → `created`, `At`; `HTTPStatus` → `HTTP`, `Status`).
    public static func words(_ name: String) -> [String] {
        // Names are ASCII in practice; their bytes answer the same questions without a lookup of
        // Unicode properties per character (these ran twice per column, a twentieth of `check`).
        name.utf8.allSatisfy({ $0 < 0x80 }) ? asciiWords(name) : unicodeWords(name)
    }

    /// `words(_:)` by characters, for any name.
    static func unicodeWords(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        let characters = Array(name)
        for (index, character) in characters.enumerated() {
            guard character.isLetter || character.isNumber else {
                if !current.isEmpty { words.append(current) }
                current = ""
                continue
            }
            if let previous = current.last, character.isUppercase {
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                let endsAcronym = previous.isUppercase && (next?.isLowercase ?? false)
                if previous.isLowercase || endsAcronym {
                    words.append(current)
                    current = ""
                }
            }
            current.append(character)
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// `words(_:)` for an ASCII name, byte by byte: letters and digits are `A-Z`, `a-z`, `0-9`,
    /// exactly the ASCII characters whose `isLetter` or `isNumber` is true.
    private static func asciiWords(_ name: String) -> [String] {
        var words: [String] = []
        let bytes = Array(name.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            forEachASCIIWord(in: buffer) { words.append(String(decoding: buffer[$0], as: UTF8.self)) }
        }
        return words
    }

    @inline(__always) private static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    @inline(__always) private static func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
    @inline(__always) private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// The byte ranges of the words of an ASCII name, in order, by `words(_:)`'s rules.
    private static func forEachASCIIWord(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Void) {
        var start = -1  // the current word's first byte, or -1
        for index in 0..<bytes.count {
            let byte = bytes[index]
            guard isUpper(byte) || isLower(byte) || isDigit(byte) else {
                if start >= 0 { body(start..<index) }
                start = -1
                continue
            }
            if start >= 0, index > start, isUpper(byte) {
                let previous = bytes[index - 1]
                let endsAcronym = isUpper(previous) && index + 1 < bytes.count && isLower(bytes[index + 1])
                if isLower(previous) || endsAcronym {
                    body(start..<index)
                    start = -1
                }
            }
            if start < 0 { start = index }
        }
        if start >= 0 { body(start..<bytes.count) }
    }

    /// `camelCase(_:)` of an ASCII name, from its bytes: the first word in small letters, each
    /// other word as `pascalCase` spells it (in small letters but the first when it has no small
    /// letter, else as written but the first in capitals).
    static func asciiCamelCase(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        // Written into the string's own storage: the words are the name's bytes without its
        // separators, never more.
        String(unsafeUninitializedCapacity: bytes.count) { out in
            var count = 0
            var isFirst = true
            forEachASCIIWord(in: bytes) { range in
                let word = bytes[range]
                let lowerAll = isFirst || !word.contains(where: isLower)
                for (offset, byte) in word.enumerated() {
                    if offset == 0 && !isFirst {
                        out[count] = isLower(byte) ? byte - 0x20 : byte
                    } else {
                        out[count] = lowerAll && isUpper(byte) ? byte + 0x20 : byte
                    }
                    count += 1
                }
                isFirst = false
            }
            return count
        }
    }

    /// `created_at` → `createdAt`, `is_2fa_enabled` → `is2faEnabled`, `HTTP_STATUS` → `httpStatus`.
    public static func camelCase(_ name: String) -> String {
        // An ASCII name (all of them in practice) from its bytes, without a string per word.
        let ascii = name.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.allSatisfy { $0 < 0x80 } ? asciiCamelCase(bytes) : nil
        }
        if let ascii = ascii ?? nil { return ascii }
        return wordCamelCase(name)
    }

    /// `camelCase(_:)` from the words, for any name.
    static func wordCamelCase(_ name: String) -> String {
        let words = words(name)
        guard let first = words.first else { return "" }
        return first.lowercased() + pascalCase(words: words.dropFirst())
    }

    /// `github_issue` → `GithubIssue`, `agent_kind` → `AgentKind`.
    public static func pascalCase(_ name: String) -> String {
        pascalCase(words: words(name))
    }

    private static func pascalCase(words: some Sequence<String>) -> String {
        words.map { word in asciiCapitalized(word) ?? unicodeCapitalized(word) }.joined()
    }

    /// One word of a PascalCase name. An all-capitals word is an acronym or shouting: `API`
    /// reads as `Api`, like `api`.
    static func unicodeCapitalized(_ word: String) -> String {
        let body = word.contains(where: \.isLowercase) ? word : word.lowercased()
        return body.prefix(1).uppercased() + body.dropFirst()
    }

    /// `unicodeCapitalized(_:)` of an ASCII word from its bytes (`nil` for any other word): the
    /// lowercase characters of ASCII are `a`…`z`, and a first character that is not a letter (CR
    /// LF included) is left as it is by `uppercased()`.
    static func asciiCapitalized(_ word: String) -> String? {
        let result = word.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            var hasLowercase = false
            for byte in bytes {
                if byte >= 0x80 { return nil }
                if byte &- UInt8(ascii: "a") < 26 { hasLowercase = true }
            }
            return String(unsafeUninitializedCapacity: bytes.count) { buffer in
                for (position, byte) in bytes.enumerated() {
                    var byte = byte
                    if !hasLowercase, byte &- UInt8(ascii: "A") < 26 { byte += 0x20 }
                    if position == 0, byte &- UInt8(ascii: "a") < 26 { byte -= 0x20 }
                    buffer[position] = byte
                }
                return bytes.count
            }
        }
        return result ?? nil
    }

    /// Makes `name` a valid identifier: `fallback` when empty, `_` before a leading digit.
    private static func identifier(_ name: String, fallback: String) -> String {
        let utf8 = name.utf8
        guard let byte = utf8.first else { return fallback }
        // An ASCII byte followed by another (or by nothing) is a character by itself (or CR LF,
        // no digit), and the ASCII characters that are numbers are the digits.
        if byte < 0x80, utf8.count == 1 || utf8[utf8.index(after: utf8.startIndex)] < 0x80 {
            return isDigit(byte) ? "_" + name : name
        }
        guard let first = name.first else { return fallback }
        return first.isNumber ? "_" + name : name
    }

    // MARK: Keywords

    /// `name` in backticks when it is a keyword that cannot name a declaration as it is.
    public static func escaped(_ name: String) -> String {
        keywords.contains(name) ? "`\(name)`" : name
    }

    /// `name` without the backticks that `escaped(_:)` may have added.
    public static func unescaped(_ name: String) -> String {
        name.hasPrefix("`") && name.hasSuffix("`") && name.count > 1 ? String(name.dropFirst().dropLast()) : name
    }
}
