/// The project configuration, `schemagen.yaml` at the package root. Every key has a default, so a
/// project without the file gets `schema/` in, `Generated/` out and every target on.
public struct Config: Sendable, Hashable, Codable {
    public enum Target: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        case postgres, sqlite, swift
        /// `SCHEMA.md`: the schema for people, with a Mermaid diagram.
        case markdown

        public static func < (lhs: Target, rhs: Target) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The schema directory, relative to the project root.
    public var schemaDirectory: String = "schema"
    /// The output directory, relative to the project root.
    public var outputDirectory: String = "Generated"
    public var targets: Set<Target> = Set(Target.allCases)
    public var postgres = PostgresOptions()
    public var sqlite = SQLiteOptions()
    public var swift = SwiftOptions()
    public var naming = NamingConvention()
    public var rules = RuleSettings()

    public init() {}
}

public struct PostgresOptions: Sendable, Hashable, Codable {
    /// How `uuid` columns are stored: the native type, or `varchar(36)` as seed 000 does.
    public var uuidStorage: UUIDStorage = .uuid
    /// Render named enums as `CREATE TYPE … AS ENUM` instead of text with a CHECK.
    public var nativeEnums: Bool = false
    /// Migrations prefer forms that keep a live table available: indexes built `CONCURRENTLY`,
    /// constraints added `NOT VALID` and validated apart, a `lock_timeout`.
    public var online: Bool = false

    public init() {}
}

public struct SQLiteOptions: Sendable, Hashable, Codable {
    /// Add a `length(x) <= n` CHECK to `varchar(n)` columns.
    public var strictVarchar: Bool = false

    public init() {}
}

public struct SwiftOptions: Sendable, Hashable, Codable {
    public enum AccessLevel: String, Sendable, Hashable, Codable {
        case `public`, `internal`, package
    }

    public var access: AccessLevel = .public
    /// A directory of templates that replaces the built-in ones, relative to the project root.
    public var templatesDirectory: String?
    /// Where schemagen.yaml names that directory, for a finding about it.
    public var templatesLocation: SourceLocation?

    public init() {}
}

/// Severity overrides and the parameters of the rules that take them.
public struct RuleSettings: Sendable, Hashable, Codable {
    public enum Level: String, Sendable, Hashable, Codable {
        case error, warning, off
    }

    public var levels: [String: Level] = [:]
    /// Where `schemagen.yaml` set each level, so an unknown rule id can be reported in place.
    public var levelLocations: [String: SourceLocation] = [:]
    public var reservedNames: [String] = ["metadata", "type", "registry"]
    /// Words that are their own plural (`rules.mass_nouns`); `SwiftNames.defaultMassNouns` unless set.
    public var massNouns: [String] = SwiftNames.defaultMassNouns
    /// The expected type of a single-column primary key: `uuid`, or seed 000's string ids.
    public var keyType: KeyType = .uuid

    public enum KeyType: String, Sendable, Hashable, Codable {
        case uuid
        case string
    }

    public init() {}
}
