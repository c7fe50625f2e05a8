/// Checks a schema graph against the team's conventions (the rules of `RuleCatalogue`).
///
/// Every rule runs on every table (`Checks.run` splits the tables between cores, `LintRun`); a
/// finding then meets the exceptions written next to its subject (the column, index or table it
/// concerns), and what is left gets the severity the config's `rules:` levels give its rule. The
/// written exceptions are audited too: each needs a reason, must name a known rule and must
/// excuse something.
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

    /// The passes of a `LintRun` one after the other, on this thread; `Checks.run` spreads them
    /// over the cores (the pipeline's `concurrentMap` is a layer above this one).
    public func lint(_ schema: Schema) -> [Diagnostic] {
        let run = LintRun(linter: self, schema: schema)
        return run.diagnostics(schemaPass: run.schemaPass(), tablePasses: run.parts.indices.map { run.tablePass($0) })
    }

    /// `lint` on one core, every rule over the whole schema in turn: what the split between cores
    /// must add up to (`LinterSplitTests`).
    func lintSerially(_ schema: Schema) -> [Diagnostic] {
        let context = LintContext(schema: schema, settings: settings, naming: naming, targets: targets)
        let scopes = ExceptionScopes(context)
        var pass = LintPass(ruleCount: Self.rules.count)
        for (index, rule) in Self.rules.enumerated() {
            pass.add(rule.check(context), of: index, scopes: scopes, settings: settings)
        }
        return finish(Array(pass.diagnostics.joined()), scopes: scopes, used: pass.used)
    }

    /// The findings of the rules, as they go out: the exceptions audited, the config's unknown
    /// levels, duplicates dropped, in output order.
    fileprivate func finish(_ diagnostics: [Diagnostic], scopes: ExceptionScopes, used: Set<RuleException>)
        -> [Diagnostic]
    {
        var diagnostics = diagnostics
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

/// One lint of one schema, split for the cores: a pass over the schema as a whole (enums, cycles
/// through tables) and one pass over each part of the tables (contiguous, in schema order). Each
/// pass keeps each rule's diagnostics apart, and `diagnostics` joins them rule by rule, the
/// schema's and the parts' in order, so the result is the serial run's whatever the scheduling.
struct LintRun: Sendable {
    let linter: Linter
    let context: LintContext
    let scopes: ExceptionScopes
    /// The table positions of each part.
    let parts: [Range<Int>]

    /// A run over `schema`, its tables split in `parts` (by default, as many as pay for a schema
    /// of its size) for the caller to spread over cores.
    init(linter: Linter, schema: Schema, parts: Int? = nil) {
        self.linter = linter
        context = LintContext(
            schema: schema, settings: linter.settings, naming: linter.naming, targets: linter.targets)
        scopes = ExceptionScopes(context)
        let tables = schema.tables.count
        let count = max(1, min(parts ?? Self.parts(forTables: tables), tables))
        self.parts = (0..<count).map { part in (tables * part / count)..<(tables * (part + 1) / count) }
    }

    /// A part per 100 tables, at most 8: enough for two cores to even out, few enough that each
    /// part's SQL scans (cached per part) are mostly reused.
    static func parts(forTables count: Int) -> Int {
        max(1, min(8, count / 100))
    }

    func schemaPass() -> LintPass {
        let context = context.forJob()
        var pass = LintPass(ruleCount: Linter.rules.count)
        for (index, rule) in Linter.rules.enumerated() {
            pass.add(rule.checkSchema(context), of: index, scopes: scopes, settings: linter.settings)
        }
        return pass
    }

    /// The rules over a part of the tables; `visit` sees each table after them.
    func tablePass(_ part: Int, visiting visit: (borrowing Table) -> Void = { _ in }) -> LintPass {
        let context = context.forJob()
        let rules = Linter.rules
        var findings = [[RuleFinding]](repeating: [], count: rules.count)
        // Table by table, every rule: each table's data is read while it is in the cache. The
        // table is taken out of the array once for them all: an element passed through the
        // protocol to each rule would be copied at each call (a retain per string and array).
        for position in parts[part] {
            let table = context.tables[position]
            for index in rules.indices {
                rules[index].check(table, in: context, into: &findings[index])
            }
            visit(table)
        }
        var pass = LintPass(ruleCount: rules.count)
        for index in rules.indices {
            pass.add(findings[index], of: index, scopes: scopes, settings: linter.settings)
        }
        return pass
    }

    /// The rules' diagnostics, rule by rule in the rules' order, each rule's in the order it
    /// reports them, then what `Linter` adds.
    func diagnostics(schemaPass: LintPass, tablePasses: [LintPass]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var used = schemaPass.used
        for pass in tablePasses { used.formUnion(pass.used) }
        for (index, rule) in Linter.rules.enumerated() {
            if !rule.reportsSchemaLast { diagnostics += schemaPass.diagnostics[index] }
            for pass in tablePasses { diagnostics += pass.diagnostics[index] }
            if rule.reportsSchemaLast { diagnostics += schemaPass.diagnostics[index] }
        }
        return linter.finish(diagnostics, scopes: scopes, used: used)
    }
}

/// What one pass found: each rule's diagnostics, after exceptions and levels, and the exceptions
/// that excused something.
struct LintPass: Sendable {
    /// Per rule, in `Linter.rules` order.
    fileprivate(set) var diagnostics: [[Diagnostic]]
    fileprivate(set) var used: Set<RuleException> = []

    init(ruleCount: Int) {
        diagnostics = Array(repeating: [], count: ruleCount)
    }

    /// A finding meets the exceptions written next to its subject; what is left gets its rule's
    /// level. Findings are matched against exceptions even when the rule is off, so that turning
    /// a rule off does not make its exceptions look unused.
    fileprivate mutating func add(
        _ findings: [RuleFinding], of rule: Int, scopes: ExceptionScopes, settings: RuleSettings
    ) {
        guard !findings.isEmpty else { return }
        let descriptor = Linter.rules[rule].descriptor
        let severity = descriptor.severity(in: settings)
        for finding in findings {
            if let exception = scopes.exception(for: descriptor.id, on: finding.subject) {
                used.insert(exception)
                continue
            }
            guard let severity else { continue }
            diagnostics[rule].append(
                Diagnostic(
                    severity, finding.message, rule: descriptor.id, at: finding.location, length: finding.length,
                    fixes: finding.fixes, notes: finding.notes))
        }
    }
}
