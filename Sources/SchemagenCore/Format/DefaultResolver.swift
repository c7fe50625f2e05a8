/// Gives a written default its meaning from the column's type: `true` is a boolean for a `bool`
/// column and the text "true" for a `text` one; `0.80` stays `0.80` for a decimal.
struct DefaultResolver {
    let column: String
    let type: ColumnType
    /// The values of an enum column (its own, or its named enum's); empty for other types.
    let enumValues: [String]
    let isNullable: Bool
    private(set) var diagnostics: [Diagnostic] = []

    init(column: String, type: ColumnType, enumValues: [String] = [], isNullable: Bool = true) {
        self.column = column
        self.type = type
        self.enumValues = enumValues
        self.isNullable = isNullable
    }

    mutating func resolve(_ written: Located<DefaultDefinition>) -> DefaultValue? {
        switch written.value {
        case .sql(let raw):
            return .sql(raw)
        case .now:
            guard type.isTimestamp || type == .date else {
                return mismatch("now()", at: written.location, expected: "a timestamp or date column")
            }
            return .now
        case .uuid:
            guard type == .uuid || isText else {
                return mismatch("uuid()", at: written.location, expected: "a uuid or text column")
            }
            return .uuid
        case .json(let text):
            guard type == .json else {
                return mismatch(text, at: written.location, expected: "a json column")
            }
            return .json(text)
        case .scalar(let scalar):
            return resolveScalar(scalar, at: written.location)
        }
    }

    private var isText: Bool {
        switch type {
        case .text, .varchar: true
        default: false
        }
    }

    private mutating func resolveScalar(_ scalar: YAMLScalar, at location: SourceLocation) -> DefaultValue? {
        // YAML reads `.5` as a number, and so do both databases; JSON and schemagen's checks
        // want the leading zero. In a text column it stays the text written.
        let scalar = type.isNumeric || type == .json ? Self.withLeadingZero(scalar) : scalar
        if scalar.isNull {
            // A NOT NULL json column can only mean JSON's null, as `'null'`; a nullable one keeps
            // SQL's NULL, so that `IS NULL` finds the rows that left it out.
            if type == .json, !isNullable { return .json("null") }
            // Any other column's default is NULL already; on a NOT NULL column every insert that
            // leaves it out would fail.
            if !isNullable {
                diagnostics.append(
                    .error(
                        "default null of column '\(column)' can never be stored: the column is NOT NULL",
                        rule: FormatRule.invalidDefault, at: location, length: max(1, scalar.text.count),
                        fixes: ["make the column nullable (`\(type.formatSpelling)?`), or give it a value"]))
            }
            return nil
        }
        let text = scalar.text
        switch type {
        case .bool:
            switch (scalar.style, text.lowercased()) {
            case (.plain, "true"): return .bool(true)
            case (.plain, "false"): return .bool(false)
            default: return mismatch(text, at: location, expected: "true or false")
            }
        case .smallint, .int, .bigint:
            guard scalar.style == .plain, Self.isInteger(text) else {
                return mismatch(text, at: location, expected: "a whole number")
            }
            let limits: ClosedRange<Int64> =
                switch type {
                case .smallint: Int64(Int16.min)...Int64(Int16.max)
                case .int: Int64(Int32.min)...Int64(Int32.max)
                default: Int64.min...Int64.max
                }
            guard let value = Int64(text), limits.contains(value) else {
                return mismatch(text, at: location, expected: "a number that fits \(type.formatSpelling)")
            }
            return .number(text)
        case .decimal(let precision, let scale):
            guard scalar.style == .plain, JSONText.isJSONNumber(text), !text.lowercased().contains("e") else {
                return mismatch(text, at: location, expected: "a decimal number")
            }
            let parts = text.trimmingPrefix("-").split(separator: ".", omittingEmptySubsequences: false)
            let integerDigits = parts[0].drop { $0 == "0" }.count
            let fractionDigits = parts.count > 1 ? parts[1].count : 0
            guard fractionDigits <= scale, integerDigits <= precision - scale else {
                return mismatch(text, at: location, expected: "a number that fits decimal(\(precision),\(scale))")
            }
            return .number(text)
        case .real, .double:
            guard scalar.style == .plain, JSONText.isJSONNumber(text) else {
                return mismatch(text, at: location, expected: "a number")
            }
            // Postgres takes `DEFAULT 1e39` and fails every insert that uses it; SQLite stores Inf.
            guard Self.fitsFloatingPoint(text, double: type == .double) else {
                let range = type == .double ? "about ±1.8e308" : "about ±3.4e38"
                return mismatch(
                    text, at: location,
                    expected:
                        "a number that fits \(type.formatSpelling) (up to \(range), and not so small it rounds to 0)")
            }
            return .number(text)
        case .enumeration:
            guard enumValues.contains(text) else {
                let hint = Suggestion.closest(to: text, in: enumValues)
                let message =
                    "default '\(text)' of column '\(column)' is not one of its values (\(enumValues.joined(separator: ", ")))"
                    + (hint.map { "; did you mean '\($0)'?" } ?? "")
                diagnostics.append(
                    .error(
                        message, rule: FormatRule.invalidDefault, at: location, length: text.count,
                        fixes: hint.map { ["replace '\(text)' with '\($0)'"] } ?? []))
                return nil
            }
            return .string(text)
        case .uuid:
            guard Self.isUUID(text) else { return mismatch(text, at: location, expected: "a UUID or uuid()") }
            return .string(text.lowercased())
        case .date:
            guard Self.isDate(text) else {
                return mismatch(text, at: location, expected: Self.dateExpectation(text, shape: "a date as YYYY-MM-DD"))
            }
            return .string(text)
        case .json:
            // A scalar default of a json column is JSON text: `'"draft"'`, `0`, `true`.
            return .json(scalar.style == .plain ? JSONTextScalar.normalize(text) : JSONText.quote(text))
        case .bytes, .vector:
            return mismatch(text, at: location, expected: "a `{ sql: … }` expression for \(type.formatSpelling)")
        case .timestamptz, .timestamp:
            // Postgres reads 'now' as a constant taken once, at CREATE time: never what was meant.
            if ["now", "today", "current_timestamp", "current_date", "localtimestamp"].contains(text.lowercased()) {
                diagnostics.append(
                    .error(
                        "default '\(text)' of column '\(column)' would be fixed once, when the table is created",
                        rule: FormatRule.invalidDefault, at: location, length: text.count,
                        fixes: ["write `default: now()` for the time of each insert"]))
                return nil
            }
            guard Self.isTimestamp(text) else {
                let shape = "an ISO-8601 timestamp such as 2024-01-31T12:00:00Z or 2024-01-31 12:00:00+01:00, or now()"
                return mismatch(text, at: location, expected: Self.dateExpectation(text, shape: shape))
            }
            return .string(text)
        case .text, .varchar:
            if case .varchar(let length) = type, text.count > length {
                return mismatch(text, at: location, expected: "text of at most \(length) characters")
            }
            return .string(text)
        }
    }

    private mutating func mismatch(_ text: String, at location: SourceLocation, expected: String) -> DefaultValue? {
        diagnostics.append(
            .error(
                "default '\(text)' does not fit column '\(column)' of type \(type.formatSpelling): expected \(expected)",
                rule: FormatRule.invalidDefault, at: location, length: text.count))
        return nil
    }

    /// `.5` → `0.5`, `-.5` → `-0.5`, for a plain scalar; anything else as it is.
    static func withLeadingZero(_ scalar: YAMLScalar) -> YAMLScalar {
        guard scalar.style == .plain else { return scalar }
        let sign = scalar.text.hasPrefix("-") ? "-" : ""
        let rest = scalar.text.dropFirst(sign.count)
        guard rest.first == ".", rest.count > 1, rest.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return scalar
        }
        var fixed = scalar
        fixed.text = sign + "0" + rest
        return fixed
    }

    /// True when a JSON number reads as a finite `Float` (`real`) or `Double` (`double`) that is 0
    /// only when written as 0: Postgres refuses both overflow and underflow to zero ("out of range
    /// for type real"), and keeps subnormal numbers.
    static func fitsFloatingPoint(_ text: String, double: Bool) -> Bool {
        let value: Double? = double ? Double(text) : Float(text).map(Double.init)
        guard let value, value.isFinite else { return false }
        let mantissa = text.prefix { $0 != "e" && $0 != "E" }
        return value != 0 || mantissa.allSatisfy { !$0.isNumber || $0 == "0" }
    }

    static func isInteger(_ text: String) -> Bool {
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func isUUID(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }

    /// `YYYY-MM-DD`, then `T` or a space and `HH:MM[:SS[.fraction]]`, then an optional `Z` or
    /// `±HH:MM` zone: the forms SQLite's date functions read, so that the default passes the
    /// timestamp check of the SQLite script (`+01`, `+0100` and a leap second they do not).
    static func isTimestamp(_ text: String) -> Bool {
        guard text.count >= 16 else { return false }
        let date = String(text.prefix(10))
        let separator = text[text.index(text.startIndex, offsetBy: 10)]
        guard isDate(date), separator == "T" || separator == " " else { return false }
        var rest = Substring(text.dropFirst(11))
        func number(_ digits: Int, max: Int) -> Bool {
            let part = rest.prefix(digits)
            guard part.count == digits, part.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(part),
                value <= max
            else { return false }
            rest = rest.dropFirst(digits)
            return true
        }
        guard number(2, max: 23), rest.first == ":" else { return false }
        rest = rest.dropFirst()
        guard number(2, max: 59) else { return false }
        if rest.first == ":" {
            rest = rest.dropFirst()
            guard number(2, max: 59) else { return false }
            if rest.first == "." {
                rest = rest.dropFirst()
                let fraction = rest.prefix { $0.isASCII && $0.isNumber }
                guard !fraction.isEmpty else { return false }
                rest = rest.dropFirst(fraction.count)
            }
        }
        if rest == "Z" || rest.isEmpty { return true }
        guard rest.first == "+" || rest.first == "-" else { return false }
        rest = rest.dropFirst()
        guard number(2, max: 14), rest.first == ":" else { return false }
        rest = rest.dropFirst()
        return number(2, max: 59) && rest.isEmpty
    }

    /// `YYYY-MM-DD` naming a day that exists: Postgres refuses `2023-02-30` and year 0000 when it
    /// creates the table, and SQLite would store them as they are.
    static func isDate(_ text: String) -> Bool {
        guard let (year, month, day) = dateFields(text) else { return false }
        return impossibleDateReason(year: year, month: month, day: day) == nil
    }

    /// The year, month and day of text shaped `YYYY-MM-DD`, whether or not that day exists.
    static func dateFields(_ text: some StringProtocol) -> (year: Int, month: Int, day: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.map(\.count) == [4, 2, 2], parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        return (year, month, day)
    }

    /// Why a `YYYY-MM-DD` day does not exist in the proleptic Gregorian calendar, or nil if it does.
    static func impossibleDateReason(year: Int, month: Int, day: Int) -> String? {
        guard year >= 1 else { return "there is no year 0000" }
        guard (1...12).contains(month) else { return "there is no month \(month)" }
        let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard (1...days).contains(day) else { return "\(monthNames[month - 1]) \(year) has \(days) days" }
        return nil
    }

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// "expected …" for a date-like default that failed: the day when the shape is right.
    static func dateExpectation(_ text: some StringProtocol, shape: String) -> String {
        guard let (year, month, day) = dateFields(text.prefix(10)),
            let reason = impossibleDateReason(year: year, month: month, day: day)
        else { return shape }
        return "a day that exists (\(reason))"
    }
}

/// Plain scalars in a json column: numbers, booleans and null are JSON already; other words become
/// JSON strings.
enum JSONTextScalar {
    static func normalize(_ text: String) -> String {
        if ["true", "false", "null"].contains(text) || JSONText.isJSONNumber(text) { return text }
        return JSONText.quote(text)
    }
}
