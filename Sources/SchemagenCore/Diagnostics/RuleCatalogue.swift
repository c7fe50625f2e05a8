/// What users and tools need to know about one rule: its id (the public contract, written in
/// configs and exceptions), its severity when the config says nothing, and a one-line summary
/// (shown in `docs/rules.md` and as SARIF rule metadata).
public struct RuleDescriptor: Sendable, Hashable, Codable {
    /// Who produces the rule's findings.
    public enum Checker: String, Sendable, Hashable, Codable {
        /// The `Linter`, on the schema graph.
        case linter
        /// The `Linter`'s bookkeeping of `exceptions:` entries.
        case exceptions
        /// The migration planner and the migration checks.
        case migrations
        /// The YAML reader, the format and the renderers' inputs: never turned off or excused.
        case format
    }

    public var id: String
    public var defaultSeverity: Diagnostic.Severity
    public var summary: String
    public var checker: Checker

    public init(id: String, defaultSeverity: Diagnostic.Severity, summary: String, checker: Checker = .linter) {
        self.id = id
        self.defaultSeverity = defaultSeverity
        self.summary = summary
        self.checker = checker
    }
}

/// Every rule schemagen knows, in the order of the conventions catalogue.
public enum RuleCatalogue {
    public static let tableName = RuleDescriptor(
        id: "table-name", defaultSeverity: .error,
        summary: "Table names are plural snake_case; mass nouns such as history or usage count as plural.")
    public static let columnName = RuleDescriptor(
        id: "column-name", defaultSeverity: .error, summary: "Column names are snake_case.")
    public static let reservedName = RuleDescriptor(
        id: "reserved-name", defaultSeverity: .error,
        summary: "No column takes a reserved name such as metadata, type or registry.")
    public static let primaryKey = RuleDescriptor(
        id: "primary-key", defaultSeverity: .error,
        summary: "Every table has a primary key; a single key is a uuid with a uuid() default.")
    public static let fkType = RuleDescriptor(
        id: "fk-type", defaultSeverity: .error,
        summary: "A foreign key column has exactly the type of the column it references.")
    public static let fkIndex = RuleDescriptor(
        id: "fk-index", defaultSeverity: .error,
        summary: "Every foreign key is the leading part of an index, the primary key or a unique constraint.")
    public static let fkTarget = RuleDescriptor(
        id: "fk-target", defaultSeverity: .error,
        summary: "A foreign key references a primary key or a unique column set.")
    public static let fkSetNull = RuleDescriptor(
        id: "fk-set-null", defaultSeverity: .error,
        summary: "on_delete/on_update: set_null only on nullable columns.")
    public static let fkSetDefault = RuleDescriptor(
        id: "fk-set-default", defaultSeverity: .error,
        summary: "on_delete/on_update: set_default only on columns that have a default or are nullable.")
    public static let fkCycle = RuleDescriptor(
        id: "fk-cycle", defaultSeverity: .warning,
        summary: "Foreign keys that form a cycle between tables are reported.")
    public static let requiredCycle = RuleDescriptor(
        id: "required-cycle", defaultSeverity: .error,
        summary: "Foreign keys whose columns are all NOT NULL form no cycle: no first row could go in on its own.")
    public static let timestampTZ = RuleDescriptor(
        id: "timestamp-tz", defaultSeverity: .error, summary: "Every timestamp is timezone-aware (timestamptz).")
    public static let timestamps = RuleDescriptor(
        id: "timestamps", defaultSeverity: .error,
        summary: "Every table has created_at and updated_at, both timestamptz.")
    public static let updatedAt = RuleDescriptor(
        id: "updated-at", defaultSeverity: .warning,
        summary: "updated_at has a now() default and auto_update: true.")
    public static let indexName = RuleDescriptor(
        id: "index-name", defaultSeverity: .error,
        summary: "Explicit index and unique constraint names follow the naming convention (ix_, idx_, uq_).")
    public static let statusIndex = RuleDescriptor(
        id: "status-index", defaultSeverity: .warning,
        summary: "Status, state and severity columns lead some index.")
    public static let identifierLength = RuleDescriptor(
        id: "identifier-length", defaultSeverity: .error,
        summary: "Every name fits Postgres's 63-byte identifier limit.")
    public static let portability = RuleDescriptor(
        id: "portability", defaultSeverity: .error,
        summary: "Nothing that an enabled SQL dialect cannot do.")
    public static let swiftName = RuleDescriptor(
        id: "swift-name", defaultSeverity: .warning,
        summary: "A table's or enum's Swift type name does not shadow a standard type such as Task or Data.")
    public static let destructiveChange = RuleDescriptor(
        id: "destructive-change", defaultSeverity: .error,
        summary: "A migration that loses data or can fail on existing rows is acknowledged explicitly.",
        checker: .migrations)
    public static let migrationIntegrity = RuleDescriptor(
        id: "migration-integrity", defaultSeverity: .error,
        summary: "Committed migrations are never edited, the chain is linear and every migration has its down.",
        checker: .migrations)
    public static let exceptionReason = RuleDescriptor(
        id: "exception-reason", defaultSeverity: .error,
        summary: "Every exception gives its reason.", checker: .exceptions)
    public static let exceptionUnknownRule = RuleDescriptor(
        id: "exception-unknown-rule", defaultSeverity: .error,
        summary: "An exception names a rule that exists and can be excepted.", checker: .exceptions)
    public static let exceptionUnused = RuleDescriptor(
        id: "exception-unused", defaultSeverity: .warning,
        summary: "An exception excuses at least one finding.", checker: .exceptions)

    public static let all: [RuleDescriptor] = [
        tableName, columnName, reservedName, primaryKey, fkType, fkIndex, fkTarget, fkSetNull, fkSetDefault, fkCycle,
        requiredCycle,
        timestampTZ, timestamps, updatedAt, indexName, statusIndex, identifierLength, portability, swiftName,
        destructiveChange, migrationIntegrity, exceptionReason, exceptionUnknownRule, exceptionUnused,
    ]

    public static func descriptor(for id: String) -> RuleDescriptor? {
        all.first { $0.id == id }
    }

    /// Ids that `exceptions:` may name: every rule except the bookkeeping of exceptions itself.
    public static var exceptableIDs: [String] {
        all.filter { $0.checker != .exceptions }.map(\.id)
    }

    /// The known rule id closest to a misspelt one, for "did you mean" in configs and exceptions.
    public static func suggestion(for id: String) -> String? {
        Suggestion.closest(to: id, in: all.map(\.id))
    }
}
