import Foundation

@testable import SchemagenCore

/// JSONEncoder's output as a tree, to print it back in any order, spacing and spelling that
/// JSON allows.
indirect enum JSONTree {
    case object([(String, JSONTree)])
    case array([JSONTree])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    /// The keys that are optional somewhere in a snapshot: an object without one may say `null`.
    static let optionalKeys = [
        "comment", "defaultValue", "primaryKey", "onDelete", "onUpdate", "predicate", "distance", "common", "postgres",
        "sqlite",
    ]

    static func parse(_ bytes: [UInt8]) -> JSONTree? {
        var index = 0
        let tree = parseValue(bytes, &index)
        return tree
    }

    private static func skip(_ bytes: [UInt8], _ index: inout Int) {
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
    }

    private static func parseValue(_ bytes: [UInt8], _ index: inout Int) -> JSONTree? {
        skip(bytes, &index)
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var members: [(String, JSONTree)] = []
            skip(bytes, &index)
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            while true {
                skip(bytes, &index)
                guard case .string(let key)? = parseValue(bytes, &index) else { return nil }
                skip(bytes, &index)
                index += 1  // :
                guard let value = parseValue(bytes, &index) else { return nil }
                members.append((key, value))
                skip(bytes, &index)
                index += 1
                if bytes[index - 1] == UInt8(ascii: "}") { return .object(members) }
            }
        case UInt8(ascii: "["):
            index += 1
            var elements: [JSONTree] = []
            skip(bytes, &index)
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            while true {
                guard let value = parseValue(bytes, &index) else { return nil }
                elements.append(value)
                skip(bytes, &index)
                index += 1
                if bytes[index - 1] == UInt8(ascii: "]") { return .array(elements) }
            }
        case UInt8(ascii: "\""):
            index += 1
            var scalars: [UInt8] = []
            while bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\") {
                    index += 1
                    switch bytes[index] {
                    case UInt8(ascii: "n"): scalars.append(0x0A)
                    case UInt8(ascii: "t"): scalars.append(0x09)
                    case UInt8(ascii: "r"): scalars.append(0x0D)
                    case UInt8(ascii: "b"): scalars.append(0x08)
                    case UInt8(ascii: "f"): scalars.append(0x0C)
                    case UInt8(ascii: "u"):
                        let hex = String(decoding: bytes[(index + 1)...(index + 4)], as: UTF8.self)
                        scalars.append(UInt8(hex, radix: 16)!)
                        index += 4
                    case let other: scalars.append(other)
                    }
                } else {
                    scalars.append(bytes[index])
                }
                index += 1
            }
            index += 1
            return .string(String(decoding: scalars, as: UTF8.self))
        case UInt8(ascii: "t"):
            index += 4
            return .bool(true)
        case UInt8(ascii: "f"):
            index += 5
            return .bool(false)
        case UInt8(ascii: "n"):
            index += 4
            return .null
        default:
            let start = index
            while index < bytes.count, Array("-0123456789".utf8).contains(bytes[index]) { index += 1 }
            return .number(String(decoding: bytes[start..<index], as: UTF8.self))
        }
    }

    static func whitespace(using random: inout Random) -> String {
        ["", "", " ", "\n", "\t", "\r\n", "  \n  "][random.int(0...6)]
    }

    /// Junk for an unknown or duplicate key: any JSON, which the reader must skip.
    static func junk(using random: inout Random, depth: Int = 0) -> String {
        switch random.int(0...(depth > 2 ? 3 : 5)) {
        case 0: return "null"
        case 1: return #""j\"u\\n\u006b\/""#
        case 2: return ["-1.5e+3", "0", "12", "true", "false"][random.int(0...4)]
        case 3: return "\"\""
        case 4:
            return "["
                + (0..<random.int(0...2)).map { _ in junk(using: &random, depth: depth + 1) }.joined(separator: ",")
                + "]"
        default:
            return "{"
                + (0..<random.int(0...2)).map { "\"k\($0)\" : " + junk(using: &random, depth: depth + 1) }.joined(
                    separator: ", ") + "}"
        }
    }

    static func printString(_ text: String, into out: inout String, using random: inout Random) {
        out += "\""
        for scalar in text.unicodeScalars {
            let escaped: String? =
                switch scalar {
                case "\"": "\\\""
                case "\\": "\\\\"
                case "\n": random.bool() ? "\\n" : "\\u000A"
                case "\t": random.bool() ? "\\t" : "\\u0009"
                case "\r": "\\r"
                case "\u{8}": "\\b"
                case "\u{C}": "\\f"
                case "/": random.bool() ? "\\/" : nil
                case _ where scalar.value < 0x20: String(format: "\\u%04x", scalar.value)
                default: nil
                }
            if let escaped {
                out += escaped
            } else if random.int(0...7) == 0 {
                for unit in String(scalar).utf16 {
                    out += String(format: random.bool() ? "\\u%04x" : "\\u%04X", unit)
                }
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    func print(into out: inout String, parent: String?, using random: inout Random) {
        out += Self.whitespace(using: &random)
        switch self {
        case .object(let members):
            var entries = members.map { (key, value) -> (String, (inout String, inout Random) -> Void) in
                (key, { out, random in value.print(into: &out, parent: key, using: &random) })
            }
            if parent != "tableFiles" {
                let keys = Set(members.map(\.0))
                for key in Self.optionalKeys where !keys.contains(key) && random.int(0...3) == 0 {
                    entries.append((key, { out, _ in out += "null" }))
                }
                if random.int(0...4) == 0 {
                    entries.append(("x_unknown", { out, random in out += Self.junk(using: &random) }))
                }
            }
            entries.shuffle(using: &random.generator)
            // Duplicates after every original key: the first is kept, the junk never read.
            if parent != "tableFiles", let first = members.first, random.int(0...4) == 0 {
                entries.append((first.0, { out, random in out += Self.junk(using: &random) }))
            }
            out += "{"
            for (position, entry) in entries.enumerated() {
                if position > 0 { out += "," }
                out += Self.whitespace(using: &random)
                Self.printString(entry.0, into: &out, using: &random)
                out += Self.whitespace(using: &random) + ":" + Self.whitespace(using: &random)
                entry.1(&out, &random)
                out += Self.whitespace(using: &random)
            }
            // One trailing comma, which swift-foundation's scanner takes.
            if !entries.isEmpty, random.int(0...5) == 0 { out += "," }
            out += Self.whitespace(using: &random) + "}"
        case .array(let elements):
            out += "["
            for (position, element) in elements.enumerated() {
                if position > 0 { out += "," }
                element.print(into: &out, parent: nil, using: &random)
                out += Self.whitespace(using: &random)
            }
            if !elements.isEmpty, random.int(0...5) == 0 { out += "," }
            out += Self.whitespace(using: &random) + "]"
        case .string(let text):
            Self.printString(text, into: &out, using: &random)
        case .number(let digits):
            // Other spellings of the same whole number, while a Double holds it exactly.
            if let value = Int(digits), value != 0, value.magnitude < 1 << 53 {
                out += [digits, "\(digits).0", "\(digits)e0", "\(digits)0E-1", "\(digits).000e+0"][random.int(0...4)]
            } else {
                out += digits
            }
        case .bool(let flag):
            out += flag ? "true" : "false"
        case .null:
            out += "null"
        }
    }
}
