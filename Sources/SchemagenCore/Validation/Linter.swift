/// Checks a schema graph against the team's conventions (the rules of `RuleCatalogue`).
///
/// Every rule runs on every table; a finding then meets the exceptions written next to its subject
/// (the column, index or table it concerns), and what is left gets the severity the config's
/// `rules:` levels give its rule. The written exceptions are audited too: each needs a reason, must
/// name a known rule and must excuse something.
public struct Linter: Sendable {
    public var settings: RuleSettings
    public var naming: NamingConvention
    public var targets: Set<Config.Target>

    public init(settings: RuleSettings, naming: NamingConvention, targets: Set<Config.Target>) {
        self.settings = settings
        self.naming = naming
        self.targets = targets
    }

    /// The rules the linter runs, one per convention of the catalogue that the graph can show.
    static let rules: [any LintRule] = [
        TableNameRule(), ColumnNameRule(), ReservedNameRule(), PrimaryKeyRule(), ForeignKeyTypeRule(),
        ForeignKeyIndexRule(), ForeignKeyTargetRule(), ForeignKeySetNullRule(), ForeignKeySetDefaultRule(),
        ForeignKeyCycleRule(),
        RequiredCycleRule(),
        TimestampTimeZoneRule(), TimestampsRule(), UpdatedAtRule(), IndexNameRule(), StatusIndexRule(),
        IdentifierLengthRule(), PortabilityRule(), SwiftNameRule(),
    ]

    /// The ids of the rules the linter runs: an exception for one of them that excuses nothing is
    /// reported as unused. (Exceptions for migration rules are judged by the migration checks.)
    static var lintedRuleIDs: Set<String> { Set(rules.map(\.descriptor.id)) }

    public func lint(_ schema: Schema) -> [Diagnostic] {
        let context = LintContext(schema: schema, settings: settings, naming: naming, targets: targets)
        let scopes = ExceptionScopes(schema: schema)
        var used: Set<RuleException> = []
        var diagnostics: [Diagnostic] = []
        for rule in Self.rules {
            let descriptor = rule.descriptor
            // Findings are matched against exceptions even when the rule is off, so that turning a
            // rule off does not make its exceptions look unused.
            let severity = descriptor.severity(in: settings)
            for finding in rule.check(context) {
                if let exception = scopes.exception(for: descriptor.id, on: finding.subject) {
                    used.insert(exception)
                    continue
                }
                guard let severity else { continue }
                diagnostics.append(
                    Diagnostic(
                        severity, finding.message, rule: descriptor.id, at: finding.location, length: finding.length,
                        fixes: finding.fixes, notes: finding.notes))
            }
        }
        diagnostics += audit(scopes.allExceptions, used: used)
        diagnostics += auditLevels()
        // A mixin's column sits in every table that lists the mixin, at the mixin's place: one
        // mistake there is one finding, not one per table, even when the fixes name the table.
        var seen: Set<DuplicateKey> = []
        return diagnostics.filter { seen.insert(DuplicateKey($0)).inserted }.sortedForOutput()
    }

    private struct DuplicateKey: Hashable {
        var rule: String
        var severity: Diagnostic.Severity
        var message: String
        var location: SourceLocation?

        init(_ diagnostic: Diagnostic) {
            rule = diagnostic.rule
            severity = diagnostic.severity
            message = diagnostic.message
            location = diagnostic.location
        }
    }

    /// `rules:` in schemagen.yaml naming a rule that does not exist: the level the user meant to set
    /// would silently not apply. Reported as a config error, where the config wrote it.
    func auditLevels() -> [Diagnostic] {
        settings.levels.keys.sorted().compactMap { id in
            guard RuleCatalogue.descriptor(for: id) == nil else { return nil }
            let suggestion = RuleCatalogue.suggestion(for: id)
            return .error(
                "unknown rule '\(id)' in rules" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                rule: FormatRule.config, at: settings.levelLocations[id], length: id.count,
                fixes: suggestion.map { ["write `\($0): \(settings.levels[id]!.rawValue)`"] }
                    ?? ["see docs/rules.md for the rule ids"])
        }
    }

    /// The findings about the exceptions themselves, at each exception's rule id.
    func audit(_ exceptions: [RuleException], used: Set<RuleException>) -> [Diagnostic] {
        var findings: [(RuleDescriptor, String, RuleException, [String])] = []
        let exceptable = Set(RuleCatalogue.exceptableIDs)
        for exception in exceptions {
            if !exceptable.contains(exception.rule) {
                if RuleCatalogue.descriptor(for: exception.rule) != nil {
                    findings.append(
                        (
                            RuleCatalogue.exceptionUnknownRule,
                            "'\(exception.rule)' is about exceptions themselves and cannot be excepted", exception,
                            ["fix the exception it reports instead"]
                        ))
                } else {
                    let suggestion = Suggestion.closest(to: exception.rule, in: RuleCatalogue.exceptableIDs)
                    findings.append(
                        (
                            RuleCatalogue.exceptionUnknownRule,
                            "unknown rule '\(exception.rule)' in exceptions"
                                + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                            exception,
                            suggestion.map { ["write `\($0): …`"] } ?? ["see docs/rules.md for the rule ids"]
                        ))
                }
                continue
            }
            if exception.reason.allSatisfy(\.isWhitespace) {
                findings.append(
                    (
                        RuleCatalogue.exceptionReason, "the exception for '\(exception.rule)' gives no reason",
                        exception, ["write why this place breaks the convention: `\(exception.rule): <reason>`"]
                    ))
            }
            if Self.lintedRuleIDs.contains(exception.rule), !used.contains(exception) {
                findings.append(
                    (
                        RuleCatalogue.exceptionUnused,
                        "the exception for '\(exception.rule)' excuses nothing here", exception,
                        ["remove it; the convention holds"]
                    ))
            }
        }
        return findings.compactMap { descriptor, message, exception, fixes in
            guard let severity = descriptor.severity(in: settings) else { return nil }
            return Diagnostic(
                severity, message, rule: descriptor.id, at: exception.location, length: exception.rule.count,
                fixes: fixes)
        }
    }
}
