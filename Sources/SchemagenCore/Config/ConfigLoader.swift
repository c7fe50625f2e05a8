import Foundation

/// Reads `schemagen.yaml`. A missing file means the defaults; a present one is checked as strictly
/// as a schema file: unknown keys are errors with a suggestion.
public enum ConfigLoader {
    public static let fileName = "schemagen.yaml"

    static let topKeys = [
        "schema", "output", "targets", "postgres", "sqlite", "swift", "naming", "rules", "conventions",
    ]
    static let postgresKeys = ["uuid_type", "native_enums", "online"]
    static let sqliteKeys = ["strict_varchar"]
    static let swiftKeys = ["access", "templates"]
    static let namingKeys = ["primary_key", "foreign_key", "unique", "index", "special_index", "check", "trigger"]
    static let conventionKeys = ["reserved_names", "mass_nouns", "key_type"]

    /// Loads `schemagen.yaml` from `root`, or the defaults when there is none.
    public static func load(root: URL) -> (config: Config, diagnostics: [Diagnostic]) {
        let url = root.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else { return (Config(), []) }
        return parse(Array(data), file: fileName)
    }

    public static func parse(_ bytes: [UInt8], file: String) -> (config: Config, diagnostics: [Diagnostic]) {
        var config = Config()
        let root: YAMLNode?
        do {
            root = try YAMLReader().read(bytes, file: file)
        } catch {
            return (config, [error])
        }
        guard let root else { return (config, []) }
        var reader = NodeReader()
        guard let top = reader.mapping(root, allowed: topKeys, what: "schemagen.yaml") else {
            return (config, reader.diagnostics)
        }
        if let value = top["schema"], let text = directory(value.value, key: "schema", reader: &reader) {
            config.schemaDirectory = text
        }
        if let value = top["output"], let text = directory(value.value, key: "output", reader: &reader) {
            config.outputDirectory = text
        }
        if let value = top["targets"], let names = reader.names(value.value, what: "targets") {
            config.targets = []
            if names.isEmpty {
                // Allowed (a project may keep its schema and lint it only), but never silently:
                // `generate` writes nothing and removes the files of every target it wrote before.
                reader.report(
                    .warning(
                        "`targets` is empty: schemagen generates nothing, and `generate` removes the files it generated before",
                        rule: FormatRule.emptyTargets, at: value.value.location, length: value.value.span,
                        fixes: [
                            "list what to generate, e.g. `targets: [postgres, sqlite, swift]`, or remove `targets:` for all of them"
                        ]))
            }
            for name in names {
                if let target = Config.Target(rawValue: name.value) {
                    config.targets.insert(target)
                } else {
                    let all = Config.Target.allCases.map(\.rawValue)
                    reader.report(
                        .error(
                            "unknown target '\(name.value)'; targets are \(all.joined(separator: ", "))"
                                + Suggestion.didYouMean(name.value, in: all),
                            rule: FormatRule.config, at: name.location, length: name.value.count))
                }
            }
        }
        if let value = top["postgres"],
            let fields = reader.mapping(value.value, allowed: postgresKeys, what: "postgres")
        {
            if let pair = fields["uuid_type"], let text = reader.name(pair.value, what: "uuid_type") {
                if let storage = UUIDStorage(rawValue: text) {
                    config.postgres.uuidStorage = storage
                } else {
                    reader.error("uuid_type must be uuid or varchar(36)", rule: FormatRule.config, at: pair.value)
                }
            }
            if let pair = fields["native_enums"], let flag = reader.bool(pair.value, what: "native_enums") {
                config.postgres.nativeEnums = flag
            }
            if let pair = fields["online"], let flag = reader.bool(pair.value, what: "online") {
                config.postgres.online = flag
            }
        }
        if let value = top["sqlite"], let fields = reader.mapping(value.value, allowed: sqliteKeys, what: "sqlite"),
            let pair = fields["strict_varchar"], let flag = reader.bool(pair.value, what: "strict_varchar")
        {
            config.sqlite.strictVarchar = flag
        }
        if let value = top["swift"], let fields = reader.mapping(value.value, allowed: swiftKeys, what: "swift") {
            if let pair = fields["access"], let text = reader.name(pair.value, what: "access") {
                if let access = SwiftOptions.AccessLevel(rawValue: text) {
                    config.swift.access = access
                } else {
                    reader.error("access must be public, package or internal", rule: FormatRule.config, at: pair.value)
                }
            }
            if let pair = fields["templates"], let text = directory(pair.value, key: "templates", reader: &reader) {
                config.swift.templatesDirectory = text
                config.swift.templatesLocation = pair.value.location
            }
        }
        if let value = top["naming"], let fields = reader.mapping(value.value, allowed: namingKeys, what: "naming") {
            let slots: [(String, WritableKeyPath<NamingConvention, String>)] = [
                ("primary_key", \.primaryKey), ("foreign_key", \.foreignKey), ("unique", \.unique), ("index", \.index),
                ("special_index", \.specialIndex), ("check", \.check), ("trigger", \.trigger),
            ]
            for (key, path) in slots {
                guard let pair = fields[key], let template = reader.name(pair.value, what: "naming.\(key)") else {
                    continue
                }
                let problems = NamingTemplate.problems(
                    in: template, allowed: key == "primary_key" ? ["table"] : NamingTemplate.placeholders)
                for problem in problems {
                    reader.report(problem.diagnostic(key: key, at: pair.value))
                }
                if !problems.isEmpty {
                    continue
                } else if !template.contains("{table}") {
                    reader.error(
                        "naming.\(key) must contain {table}, or two tables would derive the same names",
                        rule: FormatRule.config, at: pair.value)
                } else if key != "primary_key", !template.contains("{columns}"), !template.contains("{name}") {
                    reader.error(
                        "naming.\(key) must contain {columns} (or {name}), or two of a table's \(key.replacing("_", with: " ")) names would be the same",
                        rule: FormatRule.config, at: pair.value)
                }
                config.naming[keyPath: path] = template
            }
        }
        if let value = top["rules"], let pairs = value.value.mapping {
            for pair in pairs {
                guard let rule = pair.keyText, let text = reader.name(pair.value, what: "a rule level") else {
                    continue
                }
                guard let level = RuleSettings.Level(rawValue: text) else {
                    reader.error(
                        "rule level must be error, warning or off, found '\(text)'", rule: FormatRule.config,
                        at: pair.value)
                    continue
                }
                // A committed migration that changed under the database is never written over or
                // blessed: the integrity checks stay errors.
                if rule == RuleCatalogue.migrationIntegrity.id, level != .error {
                    reader.error(
                        "\(rule) is always an error: a committed migration that changed is never written over",
                        rule: FormatRule.config, at: pair.value)
                    continue
                }
                config.rules.levels[rule] = level
                config.rules.levelLocations[rule] = pair.key.location
            }
        } else if let value = top["rules"], value.value.scalar?.isNull != true {
            reader.error("rules must be a mapping of rule id to level", rule: FormatRule.config, at: value.value)
        }
        if let value = top["conventions"],
            let fields = reader.mapping(value.value, allowed: conventionKeys, what: "conventions")
        {
            if let pair = fields["reserved_names"], let names = reader.names(pair.value, what: "reserved_names") {
                config.rules.reservedNames = names.map(\.value)
            }
            if let pair = fields["mass_nouns"], let names = reader.names(pair.value, what: "mass_nouns") {
                config.rules.massNouns = names.map(\.value)
            }
            if let pair = fields["key_type"], let text = reader.name(pair.value, what: "key_type") {
                if let keyType = RuleSettings.KeyType(rawValue: text) {
                    config.rules.keyType = keyType
                } else {
                    reader.error("key_type must be uuid or string", rule: FormatRule.config, at: pair.value)
                }
            }
        }
        return (config, reader.diagnostics.sortedForOutput())
    }

    /// A directory inside the project. `..` would let a config reach (and the writer clean) places
    /// outside it; an absolute path says so openly and is taken as it is.
    private static func directory(_ node: YAMLNode, key: String, reader: inout NodeReader) -> String? {
        guard let text = reader.name(node, what: key) else { return nil }
        if text.split(separator: "/").contains("..") {
            reader.error(
                "\(key) must stay inside the project (no '..'); use an absolute path to point elsewhere",
                rule: FormatRule.config, at: node)
            return nil
        }
        return ProjectPaths.normalize(text)
    }
}
