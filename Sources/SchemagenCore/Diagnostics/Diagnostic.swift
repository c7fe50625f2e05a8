/// A finding about the user's input: an error that stops generation, or a warning that does not.
///
/// Diagnostics are values: every layer returns them instead of throwing on user input, so that one
/// run reports everything it can find, sorted, and identically from run to run.
public struct Diagnostic: Error, Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case error
        case warning
        case note

        private var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .note: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// Another place that explains this finding, such as the first definition of a duplicated name.
    public struct Note: Sendable, Hashable, Codable {
        public var message: String
        public var location: SourceLocation?

        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    public var severity: Severity
    public var message: String
    /// The stable id of the rule or check that produced this finding (`reserved-name`, `yaml-syntax`…).
    public var rule: String
    public var location: SourceLocation?
    /// How many characters from `location` the finding covers, for the caret line under a snippet.
    public var length: Int
    /// Suggestions printed as `fix:` lines.
    public var fixes: [String]
    public var notes: [Note]

    public init(
        _ severity: Severity,
        _ message: String,
        rule: String,
        at location: SourceLocation?,
        length: Int = 1,
        fixes: [String] = [],
        notes: [Note] = []
    ) {
        self.severity = severity
        self.message = message
        self.rule = rule
        self.location = location
        self.length = max(1, length)
        self.fixes = fixes
        self.notes = notes
    }

    public static func error(
        _ message: String, rule: String, at location: SourceLocation?, length: Int = 1,
        fixes: [String] = [], notes: [Note] = []
    ) -> Diagnostic {
        Diagnostic(.error, message, rule: rule, at: location, length: length, fixes: fixes, notes: notes)
    }

    public static func warning(
        _ message: String, rule: String, at location: SourceLocation?, length: Int = 1,
        fixes: [String] = [], notes: [Note] = []
    ) -> Diagnostic {
        Diagnostic(.warning, message, rule: rule, at: location, length: length, fixes: fixes, notes: notes)
    }
}

extension Diagnostic: CustomStringConvertible {
    /// The one-line compiler form: `path:line:col: severity: message [rule-id]`.
    public var description: String {
        let place = location.map { "\($0): " } ?? ""
        return "\(place)\(severity.rawValue): \(message) [\(rule)]"
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Findings in the order users read them: by file, line, column, then severity and text.
    public func sortedForOutput() -> [Diagnostic] {
        sorted { lhs, rhs in
            switch (lhs.location, rhs.location) {
            case (nil, .some): return true
            case (.some, nil): return false
            case let (.some(l), .some(r)) where l != r: return l < r
            default:
                if lhs.severity != rhs.severity { return lhs.severity < rhs.severity }
                if lhs.rule != rhs.rule { return lhs.rule < rhs.rule }
                return lhs.message < rhs.message
            }
        }
    }
}
