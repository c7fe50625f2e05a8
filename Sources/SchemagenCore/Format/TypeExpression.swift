/// A column type as written: `varchar(50)?`, `decimal(10,6)`, `agent_kind`, `enum`.
struct TypeExpression: Sendable, Hashable {
    enum Base: Sendable, Hashable {
        case builtin(ColumnType)
        /// `enum`: the values come from the column's `values`.
        case inlineEnum
        /// Not a built-in type: the name of an enum from `enums:` (resolved by the graph builder).
        case named(String)
    }

    var base: Base
    /// True when the expression ended in `?`.
    var isNullable: Bool

    /// The spellings the format accepts, for "did you mean" suggestions.
    static let builtinNames = [
        "uuid", "text", "varchar", "string", "smallint", "int", "integer", "bigint", "bool", "boolean",
        "decimal", "numeric", "real", "double", "date", "timestamptz", "timestamp", "json", "bytes",
        "vector", "enum",
    ]

    /// How a suggested type is written: the types that need arguments show where they go, so
    /// that the suggestion is itself a valid type.
    static func suggestedSpelling(_ name: String) -> String {
        switch name {
        case "varchar", "string": "\(name)(255)"
        case "decimal", "numeric": "\(name)(10,2)"
        case "vector": "vector(1536)"
        default: name
        }
    }

    /// Postgres refuses `varchar(n)` above this many characters ("length for type varchar cannot
    /// exceed 10485760"); `text` has no limit.
    static let maxVarcharLength = 10_485_760
    /// pgvector refuses a `vector(n)` column of more dimensions.
    static let maxVectorDimensions = 16_000

    struct ParseError: Error, Equatable {
        /// The message to show, without position.
        var message: String

        static func invalid(_ message: String) -> ParseError { ParseError(message: message) }
    }

    /// Parses one type expression. Whitespace around names, parentheses and commas is allowed.
    static func parse(_ text: String) throws(ParseError) -> TypeExpression {
        var body = text.trimmingWhitespace()
        var isNullable = false
        if body.hasSuffix("?") {
            isNullable = true
            body = String(body.dropLast()).trimmingWhitespace()
        }
        guard !body.isEmpty else { throw .invalid("a column needs a type") }

        let name: String
        var arguments: [Int] = []
        if let open = body.firstIndex(of: "(") {
            guard body.hasSuffix(")") else {
                throw .invalid("type '\(text)' has an unclosed parenthesis")
            }
            name = String(body[..<open]).trimmingWhitespace()
            let inner = body[body.index(after: open)..<body.index(before: body.endIndex)]
            for part in inner.split(separator: ",", omittingEmptySubsequences: false) {
                let digits = String(part).trimmingWhitespace()
                guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                    throw .invalid("type '\(text)' takes whole numbers in parentheses")
                }
                // Digits past Int's range are too large for every argument that a type takes.
                arguments.append(Int(digits) ?? Int.max)
            }
        } else {
            name = body
        }

        // Messages quote the type without its `?`.
        let base = try resolve(name.lowercased(), originalName: name, arguments: arguments, text: body)
        return TypeExpression(base: base, isNullable: isNullable)
    }

    private static func resolve(
        _ name: String, originalName: String, arguments: [Int], text: String
    ) throws(ParseError) -> Base {
        func noArguments(_ type: ColumnType) throws(ParseError) -> Base {
            guard arguments.isEmpty else { throw .invalid("type '\(name)' takes no arguments") }
            return .builtin(type)
        }
        switch name {
        case "uuid": return try noArguments(.uuid)
        case "text": return try noArguments(.text)
        case "smallint": return try noArguments(.smallint)
        case "int", "integer": return try noArguments(.int)
        case "bigint": return try noArguments(.bigint)
        case "bool", "boolean": return try noArguments(.bool)
        case "real": return try noArguments(.real)
        case "double": return try noArguments(.double)
        case "date": return try noArguments(.date)
        case "timestamptz": return try noArguments(.timestamptz)
        case "timestamp": return try noArguments(.timestamp)
        case "json": return try noArguments(.json)
        case "bytes": return try noArguments(.bytes)
        case "enum":
            guard arguments.isEmpty else { throw .invalid("type 'enum' takes its values from `values`") }
            return .inlineEnum
        case "varchar", "string":
            guard arguments.count == 1 else {
                throw .invalid("type '\(name)' needs a length, as in \(name)(255)")
            }
            guard arguments[0] >= 1 else {
                throw .invalid("type '\(text)' needs a length of at least 1, as in \(name)(255)")
            }
            guard arguments[0] <= maxVarcharLength else {
                throw .invalid(
                    "type '\(text)' is longer than Postgres allows: \(name)(n) takes at most \(maxVarcharLength) characters; use text"
                )
            }
            return .builtin(.varchar(length: arguments[0]))
        case "decimal", "numeric":
            guard arguments.count == 2 else {
                throw .invalid("type '\(name)' needs a precision and a scale, as in \(name)(10,2)")
            }
            let (precision, scale) = (arguments[0], arguments[1])
            guard precision >= 1, precision <= 1000, scale <= precision else {
                throw .invalid("type '\(text)' needs 1 ≤ precision ≤ 1000 and a scale no larger than the precision")
            }
            return .builtin(.decimal(precision: precision, scale: scale))
        case "vector":
            guard arguments.count == 1 else {
                throw .invalid("type 'vector' needs its dimensions, as in vector(1536)")
            }
            guard (1...maxVectorDimensions).contains(arguments[0]) else {
                throw .invalid("type '\(text)' needs from 1 to \(maxVectorDimensions) dimensions (pgvector's limit)")
            }
            return .builtin(.vector(dimensions: arguments[0]))
        default:
            guard arguments.isEmpty else {
                throw .invalid("unknown type '\(originalName)'\(Suggestion.didYouMean(name, in: builtinNames))")
            }
            return .named(originalName)
        }
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        var slice = self[...]
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}
