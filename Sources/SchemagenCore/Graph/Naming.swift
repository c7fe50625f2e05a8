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
        let filled =
            Self.fillPlain(template, table: table, columns: columns, name: name)
            ?? Self.fillByReplacing(template, table: table, columns: columns, name: name)
        // The cut (and the template's suffix it keeps) only matters past 63 bytes.
        guard filled.utf8.count > Self.maxIdentifierBytes else { return filled }
        return Naming.fit(filled, keeping: Self.literalSuffix(of: template))
    }

    /// The definition of filling a template: three passes of `replacing`, in this order, so that a
    /// placeholder written inside a table name is filled by a later pass.
    static func fillByReplacing(_ template: String, table: String, columns: [String], name: String?) -> String {
        let joined = columns.joined(separator: "_")
        let name = name ?? joined
        if [template, table, joined, name].allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) {
            return Self.fillASCII(template, table: table, columns: joined, name: name)
        }
        return template.replacing("{table}", with: table).replacing("{columns}", with: joined)
            .replacing("{name}", with: name)
    }

    /// `fillByReplacing` in one pass over the bytes, straight into the result's storage, for the
    /// case every real schema is in: ASCII throughout, no brace in a name, and every brace of the
    /// template part of a `{table}`, `{columns}` or `{name}`. Then no pass can make a placeholder
    /// that the template did not write (a name brings no brace; in ASCII a byte is a character, so
    /// matches are the same), and the passes fill exactly the template's own placeholders.
    /// `nil` when the case does not hold. Every name in a schema is derived, a few per column: this
    /// was a sixth of `lint` as three passes with an array each.
    static func fillPlain(_ template: String, table: String, columns: [String], name: String?) -> String? {
        guard isPlain(table), name.map(isPlain) ?? true, columns.allSatisfy(isPlain) else { return nil }
        let joinedCount = columns.reduce(max(0, columns.count - 1)) { $0 + $1.utf8.count }
        let nameCount = name?.utf8.count ?? joinedCount
        var template = template
        return template.withUTF8 { text -> String? in
            // First pass: check the template and count the result's bytes.
            var count = 0
            var index = 0
            while index < text.count {
                let byte = text[index]
                guard byte < 0x80, byte != closeBrace else { return nil }
                if byte == openBrace {
                    guard let placeholder = Placeholder(in: text, at: index) else { return nil }
                    count +=
                        placeholder == .table ? table.utf8.count : placeholder == .columns ? joinedCount : nameCount
                    index += placeholder.length
                } else {
                    count += 1
                    index += 1
                }
            }
            // Second pass: the bytes, straight into the result's storage.
            return String(unsafeUninitializedCapacity: count) { output in
                var written = 0
                var index = 0
                while index < text.count {
                    if text[index] == openBrace, let placeholder = Placeholder(in: text, at: index) {
                        switch placeholder {
                        case .table: written = copy(table, into: output, at: written)
                        case .columns: written = copy(columns, into: output, at: written)
                        case .name:
                            written =
                                if let name { copy(name, into: output, at: written) } else {
                                    copy(columns, into: output, at: written)
                                }
                        }
                        index += placeholder.length
                    } else {
                        output[written] = text[index]
                        written += 1
                        index += 1
                    }
                }
                return written
            }
        }
    }

    /// Copies `value`'s bytes into `output` at `offset`; returns the offset after them.
    private static func copy(_ value: String, into output: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int {
        var value = value
        return value.withUTF8 { bytes in
            guard let source = bytes.baseAddress, let target = output.baseAddress, !bytes.isEmpty else { return offset }
            (target + offset).update(from: source, count: bytes.count)
            return offset + bytes.count
        }
    }

    /// Copies `columns` joined with `_`.
    private static func copy(_ columns: [String], into output: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int
    {
        var offset = offset
        for (position, column) in columns.enumerated() {
            if position > 0 {
                output[offset] = UInt8(ascii: "_")
                offset += 1
            }
            offset = copy(column, into: output, at: offset)
        }
        return offset
    }

    private static let openBrace = UInt8(ascii: "{")
    private static let closeBrace = UInt8(ascii: "}")

    /// ASCII without braces.
    private static func isPlain(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for byte in bytes where byte >= 0x80 || byte == openBrace || byte == closeBrace { return false }
            return true
        }
    }

    private enum Placeholder {
        case table, columns, name

        /// The placeholder that starts at `index` (a `{`), if it is one.
        init?(in text: UnsafeBufferPointer<UInt8>, at index: Int) {
            func matches(_ word: StaticString) -> Bool {
                let count = word.utf8CodeUnitCount
                guard index + count <= text.count else { return false }
                for offset in 0..<count where text[index + offset] != word.utf8Start[offset] { return false }
                return true
            }
            if matches("{table}") {
                self = .table
            } else if matches("{columns}") {
                self = .columns
            } else if matches("{name}") {
                self = .name
            } else {
                return nil
            }
        }

        var length: Int {
            switch self {
            case .table: 7
            case .columns: 9
            case .name: 6
            }
        }
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
        guard name.utf8.count > maxIdentifierBytes else { return name }
        let bytes = Array(name.utf8)
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
