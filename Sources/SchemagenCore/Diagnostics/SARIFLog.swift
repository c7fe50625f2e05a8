import Foundation

/// A SARIF 2.1.0 log of one schemagen run, for code scanning (GitHub and others).
///
/// Paths stay relative, against the `%SRCROOT%` base, so the log does not depend on where it was
/// made. Columns count Unicode code points (`columnKind`), as libyaml does. Fix suggestions go in
/// the message text: SARIF's structured `fixes` need exact replacements, which a convention
/// finding does not have. Notes become `relatedLocations`.
struct SARIFLog: Encodable {
    static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
    static let sourceRoot = "%SRCROOT%"

    enum CodingKeys: String, CodingKey {
        case schema = "$schema"
        case version, runs
    }

    var schema = SARIFLog.schemaURI
    var version = "2.1.0"
    var runs: [Run]

    init(_ diagnostics: [Diagnostic], rules catalogue: [RuleDescriptor], toolVersion: String?, informationURI: String?)
    {
        var rules = catalogue.map(ReportingDescriptor.init)
        var ruleIndex: [String: Int] = [:]
        for (index, rule) in rules.enumerated() where ruleIndex[rule.id] == nil { ruleIndex[rule.id] = index }
        // An id that the caller did not describe still gets a rule, so that every result points at one.
        for diagnostic in diagnostics where ruleIndex[diagnostic.rule] == nil {
            ruleIndex[diagnostic.rule] = rules.count
            rules.append(
                ReportingDescriptor(
                    RuleDescriptor(
                        id: diagnostic.rule, defaultSeverity: .error, summary: "Reported by schemagen.",
                        checker: .format)))
        }
        let results = diagnostics.map { diagnostic in
            var text = diagnostic.message
            for fix in diagnostic.fixes { text += "\nfix: \(fix)" }
            for note in diagnostic.notes where note.location == nil { text += "\nnote: \(note.message)" }
            let related = diagnostic.notes.compactMap { note in
                note.location.map { (note.message, $0) }
            }.enumerated().map { id, pair in
                Location(id: id, message: Message(text: pair.0), physicalLocation: PhysicalLocation(pair.1, length: 1))
            }
            return Result(
                ruleId: diagnostic.rule, ruleIndex: ruleIndex[diagnostic.rule]!, level: Self.level(diagnostic.severity),
                message: Message(text: text),
                locations: diagnostic.location.map {
                    [Location(physicalLocation: PhysicalLocation($0, length: diagnostic.length))]
                },
                relatedLocations: related.isEmpty ? nil : related)
        }
        let driver = Driver(name: "schemagen", version: toolVersion, informationUri: informationURI, rules: rules)
        runs = [Run(tool: Tool(driver: driver), results: results)]
    }

    static func level(_ severity: Diagnostic.Severity) -> String {
        severity.rawValue  // SARIF's levels are spelt as ours: error, warning, note.
    }

    func encoded() -> String {
        DiagnosticJSON.encode(self)
    }

    struct Run: Encodable {
        var tool: Tool
        var columnKind = "unicodeCodePoints"
        var results: [Result]
    }

    struct Tool: Encodable {
        var driver: Driver
    }

    struct Driver: Encodable {
        var name: String
        var version: String?
        var informationUri: String?
        var rules: [ReportingDescriptor]
    }

    /// A rule as code-scanning services show it: GitHub asks for the short and full descriptions
    /// and the help text of every rule.
    struct ReportingDescriptor: Encodable {
        var id: String
        var shortDescription: Message
        var fullDescription: Message
        var help: MultiformatMessage
        var defaultConfiguration: Configuration

        init(_ rule: RuleDescriptor) {
            id = rule.id
            shortDescription = Message(text: rule.summary)
            let setting =
                rule.checker == .format
                ? "It is always \(rule.defaultSeverity == .error ? "an error" : "a \(rule.defaultSeverity.rawValue)"): "
                    + "it cannot be turned off or excused."
                : "Its default severity is \(rule.defaultSeverity.rawValue); set it in schemagen.yaml "
                    + "(`rules: { \(rule.id): error | warning | off }`) or excuse one place with "
                    + "`exceptions: { \(rule.id): <reason> }`."
            fullDescription = Message(text: "\(rule.summary) \(setting)")
            let reference = "docs/rules.md#\(rule.id)"
            help = MultiformatMessage(
                text: "\(rule.summary)\n\(setting)\nSee \(reference) in the schemagen repository.",
                markdown: "\(rule.summary)\n\n\(setting)\n\nSee `\(reference)` in the schemagen repository.")
            defaultConfiguration = Configuration(level: SARIFLog.level(rule.defaultSeverity))
        }
    }

    struct MultiformatMessage: Encodable {
        var text: String
        var markdown: String
    }

    struct Configuration: Encodable {
        var level: String
    }

    struct Message: Encodable {
        var text: String
    }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [Location]?
        var relatedLocations: [Location]?
    }

    struct Location: Encodable {
        var id: Int?
        var message: Message?
        var physicalLocation: PhysicalLocation
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region

        init(_ location: SourceLocation, length: Int) {
            artifactLocation = ArtifactLocation(uri: SARIFLog.uri(forPath: location.file))
            region = Region(
                startLine: max(1, location.line), startColumn: max(1, location.column),
                endColumn: max(1, location.column) + max(1, length))
        }
    }

    struct ArtifactLocation: Encodable {
        var uri: String
        var uriBaseId = SARIFLog.sourceRoot
    }

    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int
        /// Exclusive: the column after the last one of the region.
        var endColumn: Int
    }

    /// A relative URI reference for a path: `/` kept, everything that is not allowed in a URI path
    /// percent-encoded (`my schema/a.yaml` → `my%20schema/a.yaml`).
    static func uri(forPath path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ":")  // a colon in the first segment would read as a scheme
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }
}
