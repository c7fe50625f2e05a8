/// `reserved-name`: no column named `metadata`, `type` or `registry` (seeds 000, 001: they clash
/// with ORM internals; the list is `conventions.reserved_names`). The fix prefixes the table's singular,
/// as the seeds do (`message_metadata`, `thread_metadata`).
struct ReservedNameRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.reservedName }

    func check(_ table: borrowing Table, in context: LintContext, into findings: inout [RuleFinding]) {
        for position in table.columns.indices
        where Self.isReserved(table.columns[position].name, in: context.reservedNames, lengths: context.reservedLengths)
        {
            let column = table.columns[position]
            let suggestion = Self.suggestion(for: column.name, singular: context.singular(ofTable: table.name))
            findings.append(
                .column(
                    "column '\(column.name)' is a reserved name", column, of: table,
                    fixes: ["rename it to '\(suggestion)' (keep the data with `renamed_from: \(column.name)`)"]))
        }
    }

    /// `reserved.contains(name.lowercased())`, without lowercasing a name that is already
    /// lowercase ASCII (every snake_case name), nor hashing one of a length no reserved name has
    /// (`lengths`: bit n set for a reserved name of n bytes, `ReservedNames.lengths`).
    static func isReserved(_ name: String, in reserved: Set<String>, lengths: UInt64) -> Bool {
        let utf8 = name.utf8
        guard utf8.allSatisfy({ $0 < 0x80 && !(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) else {
            return reserved.contains(name.lowercased())
        }
        // Lowercase ASCII is its own lowercase: a reserved match has its length.
        if utf8.count < 64, lengths & (1 << UInt64(utf8.count)) == 0 { return false }
        return reserved.contains(name)
    }

    /// Bit n set when some name of `reserved` is n bytes long, for `isReserved`; bit 63 stands
    /// for every length from 63 up, which `isReserved` does not filter.
    static func lengths(of reserved: Set<String>) -> UInt64 {
        reserved.reduce(0) { $0 | (1 << UInt64(min($1.utf8.count, 63))) }
    }

    /// `<singular>_<column>` in snake_case, a name that the column-name rule takes: a table whose
    /// name starts with digits (`123_orders`) lends only its words from the first letter on
    /// (`order_type`), and one with none (`123s`) gives way to `record_<column>`.
    static func suggestion(for column: String, singular: String) -> String {
        let column = column.lowercased()
        let fromLetter = String(singular.drop { !($0.isASCII && $0.isLetter) })
        for prefix in [singular, fromLetter, "record"] where !prefix.isEmpty {
            let candidate = NameStyle.snakeCased("\(prefix)_\(column)")
            if !candidate.isEmpty { return candidate }
        }
        return "record_\(column)"
    }
}
