/// Reads the shapes the format expects out of YAML nodes, reporting every mismatch as a
/// positioned finding instead of stopping at the first.
struct NodeReader {
    private(set) var diagnostics: [Diagnostic] = []

    mutating func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    mutating func error(_ message: String, rule: String, at node: YAMLNode, fixes: [String] = []) {
        report(.error(message, rule: rule, at: node.location, length: node.span, fixes: fixes))
    }

    /// The pairs of a mapping node whose keys are all in `allowed`. Unknown keys are reported with a
    /// suggestion; `what` names the mapping in messages ("column 'id'"), and is only built for one.
    mutating func mapping(_ node: YAMLNode, allowed: [String], what: @autoclosure () -> String) -> MappingFields? {
        guard let pairs = node.mapping else {
            if node.scalar?.isNull == true {
                return MappingFields(pairs: [])
            }
            error("\(what()) must be a mapping, found \(node.kindDescription)", rule: FormatRule.invalidValue, at: node)
            return nil
        }
        var result = MappingFields(pairs: pairs)
        result.fields.reserveCapacity(pairs.count)
        for position in pairs.indices {
            guard let key = pairs[position].keyText else {
                error("keys in \(what()) must be plain names", rule: FormatRule.invalidValue, at: pairs[position].key)
                continue
            }
            if let known = allowed.firstIndex(of: key) {
                // The format's own spelling of the key, so that a lookup compares two literals.
                result.fields.append((allowed[known], position))
            } else {
                let hint = Suggestion.closest(to: key, in: allowed)
                report(
                    .error(
                        "unknown key '\(key)' in \(what())\(hint.map { "; did you mean '\($0)'?" } ?? "")",
                        rule: FormatRule.unknownKey, at: pairs[position].key.location, length: key.count,
                        fixes: hint.map { ["replace '\(key)' with '\($0)'"] } ?? []))
            }
        }
        return result
    }

    /// A scalar's text; `nil` (and a finding) for a list or mapping.
    mutating func text(_ node: YAMLNode, what: @autoclosure () -> String) -> String? {
        guard let scalar = node.scalar else {
            error(
                "\(what()) must be a single value, found \(node.kindDescription)", rule: FormatRule.invalidValue,
                at: node
            )
            return nil
        }
        // In UTF-8 a control character is its own byte and no other character's: look at bytes
        // first, and at scalars only for the message.
        if Self.hasForbiddenControlByte(scalar.text),
            let character = scalar.text.unicodeScalars.first(where: Self.isForbiddenControl)
        {
            error(
                "\(what()) contains the control character U+\(Self.hex(character)); SQL files cannot carry it",
                rule: FormatRule.invalidValue, at: node)
            return nil
        }
        return scalar.text
    }

    /// Control characters other than tab and line breaks: a NUL ends a C string inside psql and
    /// sqlite3, and the others have no business in names, comments or literals.
    static func isForbiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && !["\t", "\n", "\r"].contains(scalar)) || scalar.value == 0x7F
    }

    /// Whether any byte of `text` is a forbidden control character. Every scalar of every file
    /// passes here: a loop over the string's contiguous bytes, where iterating its `utf8` view
    /// byte by byte cost ten times as much (`FrontFastPathTests` compares the two).
    static func hasForbiddenControlByte(_ text: String) -> Bool {
        let found = text.utf8.withContiguousStorageIfAvailable { bytes in
            for byte in bytes where isForbiddenControlByte(byte) { return true }
            return false
        }
        return found ?? text.utf8.contains(where: isForbiddenControlByte)
    }

    /// `isForbiddenControl`, for the byte of a one-byte UTF-8 character.
    static func isForbiddenControlByte(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0x7F
    }

    static func hex(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Documentation text. A block scalar (`|`) ends in a newline that belongs to YAML, not to the
    /// comment, so surrounding whitespace is dropped; lines inside are kept.
    mutating func comment(_ node: YAMLNode) -> String? {
        guard let text = text(node, what: "a comment") else { return nil }
        let trimmed = text.trimmingWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// A non-empty name where the format expects one; plain `on`, `no`, `null` are names here.
    mutating func name(_ node: YAMLNode, what: @autoclosure () -> String) -> String? {
        guard let text = text(node, what: what()) else { return nil }
        if text.isEmpty {
            error("\(what()) must not be empty", rule: FormatRule.invalidValue, at: node)
            return nil
        }
        return text
    }

    /// `true` or `false`. YAML 1.1's `yes`/`no`/`on`/`off` are refused: they read as text elsewhere
    /// in the format, and accepting them here would make the two readings disagree.
    mutating func bool(_ node: YAMLNode, what: @autoclosure () -> String) -> Bool? {
        guard let text = text(node, what: what()) else { return nil }
        // As written, almost always; lowercasing (a new string) only for the rest.
        if text == "true" { return true }
        if text == "false" { return false }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default:
            error("\(what()) must be true or false, found '\(text)'", rule: FormatRule.invalidValue, at: node)
            return nil
        }
    }

    /// A list of names; a single scalar counts as a list of one.
    mutating func names(_ node: YAMLNode, what: @autoclosure () -> String) -> [Located<String>]? {
        if node.scalar != nil {
            return name(node, what: what()).map { [Located($0, at: node.location)] }
        }
        guard let items = node.sequence else {
            error("\(what()) must be a list, found \(node.kindDescription)", rule: FormatRule.invalidValue, at: node)
            return nil
        }
        var result: [Located<String>] = []
        for item in items {
            if let value = name(item, what: what()) {
                result.append(Located(value, at: item.location))
            }
        }
        return result
    }

    /// A list node's items; a finding for anything else.
    mutating func list(_ node: YAMLNode, what: @autoclosure () -> String) -> [YAMLNode]? {
        if let items = node.sequence { return items }
        if node.scalar?.isNull == true { return [] }
        error("\(what()) must be a list, found \(node.kindDescription)", rule: FormatRule.invalidValue, at: node)
        return nil
    }

    /// `exceptions: { rule-id: reason }`. Validity of ids and reasons is the linter's job.
    mutating func exceptions(_ node: YAMLNode) -> [RuleException] {
        guard let pairs = node.mapping else {
            if node.scalar?.isNull == true { return [] }
            error(
                "exceptions must be a mapping of rule id to reason, found \(node.kindDescription)",
                rule: FormatRule.invalidValue, at: node)
            return []
        }
        var result: [RuleException] = []
        for pair in pairs {
            guard let rule = pair.keyText else { continue }
            let reason: String
            if let scalar = pair.value.scalar {
                reason = scalar.isNull ? "" : scalar.text
            } else {
                error("the reason for an exception must be text", rule: FormatRule.invalidValue, at: pair.value)
                reason = ""
            }
            result.append(RuleException(rule: rule, reason: reason, location: pair.key.location))
        }
        return result
    }
}

extension YAMLNode {
    /// How many characters to underline: a scalar's text, or one character for collections.
    var span: Int {
        guard let scalar else { return 1 }
        return max(1, scalar.text.count + (scalar.isQuoted ? 2 : 0))
    }
}

/// A mapping's pairs by key, as `NodeReader.mapping` read them. The format's mappings have a few
/// keys each: a scan over those finds one faster than hashing the key, and building no
/// dictionary per column, index and constraint was a tenth of the parse.
struct MappingFields {
    /// The mapping's pairs, shared with its node: one retain, where a copy of each pair read was
    /// a dozen.
    let pairs: [YAMLPair]
    /// The known keys in document order, with their pair's position in `pairs`; keys are unique
    /// (the reader refuses a duplicate key).
    fileprivate(set) var fields: [(key: String, position: Int)] = []

    /// The pair with this key, the last one should a key repeat, as a dictionary would keep it.
    /// Both sides are the format's keys, ASCII literals (`FormatKeyTests` checks every list), and
    /// ASCII texts of different lengths differ: the length is compared first, since most of the
    /// dozen lookups of a column miss.
    subscript(key: String) -> YAMLPair? {
        let length = key.utf8.count
        return fields.last { $0.key.utf8.count == length && $0.key == key }.map { pairs[$0.position] }
    }
}
