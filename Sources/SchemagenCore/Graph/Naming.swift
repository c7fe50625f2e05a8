/// Derives constraint, index and trigger names from the naming convention's templates.
///
/// Postgres silently truncates identifiers past 63 bytes, so two long derived names could collide
/// after truncation. A name that does not fit is cut and suffixed with a hash of the full name,
/// which keeps it stable from run to run and distinct from its neighbours.
public struct Naming: Sendable, Hashable {
    public static let maxIdentifierBytes = 63

    public var convention: NamingConvention

    public init(_ convention: NamingConvention = NamingConvention()) {
        self.convention = convention
    }

    public func primaryKey(table: String) -> String {
        derive(convention.primaryKey, table: table, columns: [])
    }

    public func foreignKey(table: String, columns: [String]) -> String {
        derive(convention.foreignKey, table: table, columns: columns)
    }

    public func unique(table: String, columns: [String]) -> String {
        derive(convention.unique, table: table, columns: columns)
    }

    /// `ix_` for a single-column btree index, `idx_` for composite or special ones, `uq_` for unique.
    public func index(table: String, columns: [String], method: IndexMethod, isUnique: Bool) -> String {
        if isUnique { return unique(table: table, columns: columns) }
        let isSpecial = columns.count > 1 || method != .btree
        return derive(isSpecial ? convention.specialIndex : convention.index, table: table, columns: columns)
    }

    /// `name` is the check's own name: a column's name for a column check, `{column}_values` for the
    /// CHECK that keeps an enum column within its values.
    public func check(table: String, name: String) -> String {
        derive(convention.check, table: table, columns: [name], name: name)
    }

    public func trigger(table: String, columns: [String]) -> String {
        derive(convention.trigger, table: table, columns: columns)
    }

    /// Fills a template and makes the result fit `maxIdentifierBytes`.
    public func derive(_ template: String, table: String, columns: [String], name: String? = nil) -> String {
        let joined = columns.joined(separator: "_")
        let name = name ?? joined
        let filled: String
        if [template, table, joined, name].allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) {
            filled = Self.fillASCII(template, table: table, columns: joined, name: name)
        } else {
            filled = template.replacing("{table}", with: table).replacing("{columns}", with: joined)
                .replacing("{name}", with: name)
        }
        return Naming.fit(filled, keeping: Self.literalSuffix(of: template))
    }

    /// The template's text after its last placeholder (`_key` of `{table}_{columns}_key`), which a
    /// cut name keeps so that it still says what it names.
    static func literalSuffix(of template: String) -> String {
        guard let close = template.lastIndex(of: "}") else { return "" }
        let suffix = template[template.index(after: close)...]
        // A long suffix would leave too little room for the hash and the start of the name.
        return suffix.utf8.count <= 16 ? String(suffix) : ""
    }

    /// The three `replacing` passes of `derive`, on bytes. Every name in a schema is derived, and
    /// the generic string search behind `replacing` was a sixth of a whole run; in ASCII text each
    /// character is one byte (CR LF, the one two-byte character, holds no brace), so a byte match
    /// is a character match and the result is the same.
    static func fillASCII(_ template: String, table: String, columns: String, name: String) -> String {
        var text = Array(template.utf8)
        guard text.contains(UInt8(ascii: "{")) else { return template }
        for (placeholder, value) in [("{table}", table), ("{columns}", columns), ("{name}", name)] {
            text = replacingASCII(text, Array(placeholder.utf8), with: Array(value.utf8))
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Left to right, without overlaps, as `replacing` does.
    private static func replacingASCII(_ text: [UInt8], _ pattern: [UInt8], with value: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(text.count + value.count)
        var index = 0
        while index < text.count {
            if text[index] == pattern[0], text[index...].starts(with: pattern) {
                result += value
                index += pattern.count
            } else {
                result.append(text[index])
                index += 1
            }
        }
        return result
    }

    /// Cuts `name` to 63 bytes when it is longer: its start, `_` and 8 hex digits of its FNV-1a
    /// hash, then `kept`, a suffix of `name` that the cut name still ends in (`_key`).
    public static func fit(_ name: String, keeping kept: String = "") -> String {
        let bytes = Array(name.utf8)
        guard bytes.count > maxIdentifierBytes else { return name }
        let suffix = "_" + hexHash(bytes) + (name.hasSuffix(kept) ? kept : "")
        var keep = maxIdentifierBytes - suffix.utf8.count
        // Never cut inside a multi-byte UTF-8 sequence.
        while keep > 0 && bytes[keep] & 0xC0 == 0x80 { keep -= 1 }
        return String(decoding: bytes[..<keep], as: UTF8.self) + suffix
    }

    static func hexHash(_ bytes: [UInt8]) -> String {
        var hash: UInt32 = 0x811C_9DC5
        for byte in bytes {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
