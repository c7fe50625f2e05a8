// The vocabularies behind `SwiftNames`: Swift keywords, the standard type names a generated type must
// not shadow, schemagen's own support types, and the English plurals that no suffix rule gets right.
// They sit below every layer that asks about names (the format, the linter, the Swift renderer), so
// that each reaches the same verdict from the same words.

extension SwiftNames {
    /// Words that need backticks to name a property, parameter or enum case. The keywords of the
    /// Swift reference ("Keywords and Punctuation"), except the contextual ones that are valid
    /// identifiers as they are (`open`, `get`, `set`, `willSet`, `some`, `any`, `none`…).
    public static let keywords: Set<String> = [
        // Declarations.
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "operator", "private", "precedencegroup", "protocol", "public",
        "rethrows", "static", "struct", "subscript", "typealias", "var",
        // Statements.
        "break", "case", "catch", "continue", "default", "defer", "do", "else", "fallthrough", "for",
        "guard", "if", "in", "repeat", "return", "throw", "switch", "where", "while",
        // Expressions and types.
        "Any", "as", "await", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try",
        // Patterns.
        "_",
    ]

    /// Type names a generated type must not take: a model named `Task` or `Data` would hide Swift's
    /// own from every file of the module that holds it. Standard library, Foundation, concurrency,
    /// Dispatch and Synchronization types, and schemagen's own support types.
    public static let standardTypeNames = Set<String>([
        // Swift standard library.
        "Any", "AnyClass", "AnyCollection", "AnyHashable", "AnyIterator", "AnyKeyPath", "AnyObject",
        "AnySequence", "Array", "ArraySlice", "BidirectionalCollection", "BinaryFloatingPoint",
        "BinaryInteger", "Bool", "Character", "ClosedRange", "Codable", "CodingKey", "Collection",
        "Comparable", "ContiguousArray", "CustomStringConvertible", "Decodable", "Decoder", "Dictionary",
        "Double", "Duration", "Encodable", "Encoder", "Equatable", "Error", "Float", "Float16", "Float32",
        "Float64", "Float80", "Hashable", "Hasher", "Identifiable", "Int", "Int8", "Int16", "Int32", "Int64",
        "Int128", "Iterator", "IteratorProtocol", "KeyPath", "Mirror", "MutableCollection", "Never",
        "Numeric", "ObjectIdentifier", "OpaquePointer", "Optional", "OptionSet", "Protocol",
        "RandomAccessCollection", "Range", "RangeExpression", "RawRepresentable", "Regex", "Result", "Self",
        "Sendable", "Sequence", "Set", "SIMD", "Slice", "Span", "StaticString", "Strideable", "String",
        "StringProtocol", "Substring", "SystemRandomNumberGenerator", "Type", "UInt", "UInt8", "UInt16",
        "UInt32", "UInt64", "UInt128", "Unicode", "Unmanaged", "UnsafeBufferPointer", "UnsafeMutablePointer",
        "UnsafePointer", "UnsafeRawPointer", "Void",
        // Concurrency, Dispatch, Synchronization.
        "Actor", "AnyActor", "AsyncSequence", "AsyncStream", "AsyncThrowingStream", "CheckedContinuation",
        "Clock", "ContinuousClock", "Executor", "GlobalActor", "MainActor", "SuspendingClock", "Task",
        "TaskGroup", "TaskLocal", "TaskPriority", "ThrowingTaskGroup", "UnsafeContinuation", "Atomic",
        "Mutex", "DispatchGroup", "DispatchQueue", "DispatchSemaphore", "DispatchTime", "DispatchWorkItem",
        // Foundation.
        "AffineTransform", "AttributedString", "Bundle", "ByteCountFormatter", "Calendar", "CharacterSet",
        "Comparator", "ComparisonResult", "Condition", "Data", "Date", "DateComponents", "DateFormatter",
        "DateInterval", "Decimal", "Dimension", "Expression", "FileHandle", "FileManager", "Formatter",
        "Host", "IndexPath", "IndexSet", "InputStream", "ISO8601DateFormatter", "JSONDecoder", "JSONEncoder",
        "JSONSerialization", "Locale", "Measurement", "Notification", "NotificationCenter", "NSError",
        "NSLock", "NSNumber", "NSObject", "NSRange", "NSString", "NumberFormatter", "Operation",
        "OperationQueue", "OutputStream", "PersonNameComponents", "Pipe", "Port", "Predicate", "Process",
        "ProcessInfo", "Progress", "PropertyListDecoder", "PropertyListEncoder", "RunLoop", "Scanner",
        "SortDescriptor", "Stream", "Thread", "TimeInterval", "TimeZone", "Timer", "Unit", "URL",
        "URLComponents", "URLQueryItem", "URLRequest", "URLResponse", "URLSession", "UserDefaults", "UUID",
    ]).union(supportTypes.keys)  // and schemagen's support types, generated beside the models

    /// The support types the Swift renderer writes beside the models, each in its own file, with
    /// what they are for: a model of the same name would write the same file.
    public static let supportTypes = [
        "JSONValue": "for json columns", "DateOnly": "for date columns",
        "TimestampCoding": "for timestamp columns (date coding strategies)",
        "SchemaMigrations": "for the migrations an app applies itself",
    ]

    /// Words that are their own plural, so never singularized (`agent_memory`, `token_usage`): the
    /// default of the config's `rules.mass_nouns`.
    public static let defaultMassNouns = [
        "history", "context", "memory", "usage", "billing", "reasoning", "onboarding",
        "data", "information", "feedback", "media", "analytics", "audit", "inventory", "staff",
        "equipment", "software", "metadata", "progress", "knowledge", "news",
    ]

    /// Nouns whose plural is the same word.
    static let invariantNouns: Set<String> = [
        "aircraft", "deer", "fish", "means", "moose", "offspring", "series", "sheep", "species",
    ]

    /// Plurals no suffix rule turns back into their singular.
    static let irregularSingulars: [String: String] = {
        var singulars: [String: String] = [
            "people": "person", "children": "child", "men": "man", "women": "woman", "mice": "mouse",
            "geese": "goose", "feet": "foot", "teeth": "tooth", "oxen": "ox", "dice": "die",
            "indices": "index", "matrices": "matrix", "vertices": "vertex", "appendices": "appendix",
            "criteria": "criterion", "phenomena": "phenomenon", "alumni": "alumnus", "cacti": "cactus",
            "fungi": "fungus", "nuclei": "nucleus", "radii": "radius", "stimuli": "stimulus",
            "syllabi": "syllabus", "foci": "focus", "quizzes": "quiz",
            // -ves from -f or -fe; other -ves words (`archives`, `objectives`) just lose the s.
            "leaves": "leaf", "wolves": "wolf", "knives": "knife", "lives": "life", "wives": "wife",
            "halves": "half", "shelves": "shelf", "calves": "calf", "thieves": "thief", "loaves": "loaf",
            "selves": "self", "elves": "elf",
            // -ies from -ie rather than -y.
            "movies": "movie", "cookies": "cookie", "zombies": "zombie", "pies": "pie", "ties": "tie",
            "lies": "lie", "calories": "calorie", "rookies": "rookie", "selfies": "selfie",
            "smoothies": "smoothie", "goodies": "goodie", "hoodies": "hoodie", "freebies": "freebie",
            "newbies": "newbie", "budgies": "budgie",
            // -ches from -che rather than -ch.
            "caches": "cache", "niches": "niche", "headaches": "headache", "avalanches": "avalanche",
            "moustaches": "moustache", "mustaches": "mustache", "cliches": "cliche", "creches": "creche",
            // -oes from -o.
            "heroes": "hero", "potatoes": "potato", "tomatoes": "tomato", "echoes": "echo", "vetoes": "veto",
            "torpedoes": "torpedo", "embargoes": "embargo", "mosquitoes": "mosquito", "dominoes": "domino",
        ]
        for (singular, plural) in singularsWithPlural { singulars[plural] = singular }
        return singulars
    }()

    /// Singular words ending in `s` (which the `s` rule would cut) and their plurals: -us and -as
    /// words take -es (`statuses`), -is words change to -es (`analyses`).
    static let singularsWithPlural: [String: String] = {
        let takingEs = [
            "abacus", "alias", "apparatus", "atlas", "bias", "bonus", "bus", "cactus", "campus", "canvas",
            "census", "chorus", "circus", "consensus", "corpus", "exodus", "focus", "gas", "genius", "hiatus",
            "iris", "lens", "lotus", "minus", "nexus", "octopus", "plus", "prospectus", "radius", "sinus",
            "status", "surplus", "syllabus", "thesaurus", "virus", "walrus",
        ]
        let changingIsToEs = [
            // Not `basis`: `bases` is more often `base`.
            "analysis", "axis", "catalysis", "crisis", "diagnosis", "dialysis", "ellipsis", "emphasis",
            "genesis", "hypothesis", "metamorphosis", "neurosis", "oasis", "paralysis", "parenthesis",
            "prognosis", "synopsis", "synthesis", "thesis",
        ]
        var plurals: [String: String] = [:]
        for word in takingEs { plurals[word] = word + "es" }
        for word in changingIsToEs { plurals[word] = word.dropLast(2) + "es" }
        return plurals
    }()
}
