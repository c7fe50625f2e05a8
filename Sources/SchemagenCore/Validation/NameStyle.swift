import Foundation

/// The shape of names: snake_case, plural table names, and the suggestions that fix them.
enum NameStyle {
    /// `lower_snake_case`: lowercase ASCII letters and digits in words joined by single underscores,
    /// starting with a letter. Anything else needs quoting in SQL or reads differently in Swift.
    static func isSnakeCase(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        var previousWasUnderscore = false
        for scalar in name.unicodeScalars {
            switch scalar {
            case "a"..."z", "0"..."9": previousWasUnderscore = false
            case "_":
                if previousWasUnderscore { return false }
                previousWasUnderscore = true
            default: return false
            }
        }
        return !previousWasUnderscore
    }

    /// The snake_case form of a name: `CostRecord` → `cost_record`, `taskId` → `task_id`,
    /// `HTTPServer` → `http_server`, `Task-Name` → `task_name`.
    /// `name` in snake_case, or "" when no such spelling follows from it (`2widgets` would still
    /// start with a digit): a suggestion must itself pass the rule.
    static func snakeCased(_ name: String) -> String {
        let spelled = wordsJoined(name)
        return isSnakeCase(spelled) ? spelled : ""
    }

    private static func wordsJoined(_ name: String) -> String {
        // Accents go (`cafés` → `cafes`); a letter without an ASCII form (`ß`) stays in its word,
        // which then is no suggestion at all rather than a wrong one (`gr_e`).
        let scalars = Array(name.folding(options: .diacriticInsensitive, locale: nil).unicodeScalars)
        var words: [String] = []
        var current = ""
        func isUpper(_ index: Int) -> Bool {
            index < scalars.count && scalars[index].properties.isUppercase
        }
        func isLower(_ index: Int) -> Bool {
            index < scalars.count && !scalars[index].properties.isUppercase
                && (scalars[index].properties.isAlphabetic || ("0"..."9").contains(scalars[index]))
        }
        for index in scalars.indices {
            let scalar = scalars[index]
            let isWordCharacter = isUpper(index) || isLower(index)
            if !isWordCharacter {
                if !current.isEmpty { words.append(current) }
                current = ""
                continue
            }
            // A capital starts a word after a lowercase letter (`taskId`), or ends an acronym when a
            // lowercase letter follows it (`HTTPServer` → `http`, `server`).
            if isUpper(index), !current.isEmpty,
                isLower(index - 1) || (isUpper(index - 1) && isLower(index + 1))
            {
                words.append(current)
                current = ""
            }
            current += String(scalar).lowercased()
        }
        if !current.isEmpty { words.append(current) }
        return words.joined(separator: "_")
    }

    /// True when the name is a mass noun or ends in one (`token_usage`, `phase_history`).
    static func endsInMassNoun(_ name: String, massNouns: [String]) -> Bool {
        let noun = massNounCandidate(of: name)
        return massNouns.contains { noun == $0 || noun.hasSuffix("_" + $0) }
    }

    /// `endsInMassNoun` with the nouns in a set: for an ASCII noun, where every `_` stands between
    /// two characters, ending in `_` and a mass noun is one of the words after an `_` being one,
    /// so a lookup per `_` replaces a `"_" + noun` and a suffix test per mass noun per table.
    static func endsInMassNoun(_ name: String, massNouns: Set<String>) -> Bool {
        let noun = massNounCandidate(of: name)
        guard noun.utf8.allSatisfy({ $0 < 0x80 }) else {
            return massNouns.contains { noun == $0 || noun.hasSuffix("_" + $0) }
        }
        if massNouns.contains(noun) { return true }
        let bytes = noun.utf8
        var index = bytes.startIndex
        while let underscore = bytes[index...].firstIndex(of: UInt8(ascii: "_")) {
            index = bytes.index(after: underscore)
            if massNouns.contains(String(noun[index...])) { return true }
        }
        return false
    }

    /// The part of a name that a mass noun must end: up to its noun word.
    private static func massNounCandidate(of name: String) -> String {
        let words = name.split(separator: "_")
        return SwiftNames.nounIndex(in: words).map { words[...$0].joined(separator: "_") } ?? name
    }

    /// The word of a snake_case name that must be plural: the last one, or the last before words
    /// with digits (`users_v2`, `events_2024`).
    static func nounWord(of name: String) -> String {
        let words = name.split(separator: "_")
        return SwiftNames.nounIndex(in: words).map { String(words[$0]) } ?? name
    }

    /// True when the name's last word is plural, a mass noun (`token_usage`) or a noun that is its
    /// own plural (`series`). Decided with the Swift renderer's singularizer, so that a table the
    /// linter accepts is one whose type name the renderer derives by dropping the plural.
    static func isPlural(_ name: String, names: SwiftNames) -> Bool {
        isSnakeCase(name) ? isPlural(snakeCase: name, names: names) : isPluralByWords(name, names: names)
    }

    /// `isPlural` as written first, for any name: the name split into words twice, joined once.
    static func isPluralByWords(_ name: String, names: SwiftNames) -> Bool {
        if endsInMassNoun(name, massNouns: names.massNouns) { return true }
        let last = nounWord(of: name).lowercased()
        if SwiftNames.invariantNouns.contains(last) { return true }
        return names.singularize(last) != last
    }

    /// `isPluralByWords` for a snake_case name (`isSnakeCase`: lowercase ASCII words joined by
    /// single `_`), in one pass over its bytes: the words up to the noun are the name's first
    /// bytes, so the mass-noun candidates are its tails from the start and after each `_` up to
    /// the noun's end, and the noun is lowercase already. Every table name takes this way
    /// (`NameStyleTests` compares it with `isPluralByWords` on random names).
    static func isPlural(snakeCase name: String, names: SwiftNames) -> Bool {
        var name = name
        return name.withUTF8 { bytes in
            // The noun: the last word without digits, or the last word when every word has one.
            var noun: Range<Int>?
            var last = 0..<0
            var start = 0
            var hasDigit = false
            for index in 0...bytes.count {
                if index == bytes.count || bytes[index] == UInt8(ascii: "_") {
                    last = start..<index
                    if !hasDigit { noun = last }
                    start = index + 1
                    hasDigit = false
                } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                    hasDigit = true
                }
            }
            let word = noun ?? last
            func text(_ range: Range<Int>) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            }
            var from = 0
            while true {
                if names.massNouns.contains(text(from..<word.upperBound)) { return true }
                guard let underscore = bytes[from..<word.upperBound].firstIndex(of: UInt8(ascii: "_")) else { break }
                from = underscore + 1
            }
            let nounWord = text(word)
            if SwiftNames.invariantNouns.contains(nounWord) { return true }
            return names.singularize(nounWord) != nounWord
        }
    }

    /// A plural to suggest for a singular snake_case name (`task` → `tasks`, `category` →
    /// `categories`, `status` → `statuses`, `person` → `people`). Only used in fix texts.
    static func pluralSuggestion(for name: String) -> String {
        var words = name.split(separator: "_").map(String.init)
        guard let noun = SwiftNames.nounIndex(in: words) else { return name }
        let last = words[noun]
        let plural: String
        let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
        if let known = SwiftNames.singularsWithPlural[last] {
            plural = known
        } else if let irregular = SwiftNames.irregularSingulars.first(where: { $0.value == last })?.key {
            plural = irregular
        } else if last.hasSuffix("y"), last.count > 1, !vowels.contains(last.dropLast().last!) {
            plural = last.dropLast() + "ies"
        } else if ["s", "x", "z", "ch", "sh"].contains(where: { last.hasSuffix($0) }) {
            plural = last + "es"
        } else {
            plural = last + "s"
        }
        words[noun] = plural
        return words.joined(separator: "_")
    }
}
