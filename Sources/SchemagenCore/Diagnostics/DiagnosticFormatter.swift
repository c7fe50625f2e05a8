/// Turns diagnostics into what a person or a tool reads: compiler-style text (optionally with
/// source snippets and ANSI colour), a stable JSON document, or SARIF 2.1.0 for code scanning.
///
/// The formatter never decides on colour by itself: the CLI asks for it when stderr is a terminal
/// and `NO_COLOR` is unset. See `docs/diagnostics.md` for the shapes.
public struct DiagnosticFormatter: Sendable {
    public enum Style: Sendable, Hashable {
        case text(snippets: Bool, color: Bool)
        case json
        case sarif
    }

    public var style: Style
    /// The rules SARIF describes in `tool.driver.rules`: the convention rules, then the format's
    /// ids. An id found in the diagnostics but not here is added after them.
    public var rules: [RuleDescriptor] = RuleCatalogue.all + FormatRule.descriptors
    /// SARIF `tool.driver.version`: schemagen's own, unless a caller sets another (or none).
    public var toolVersion: String? = SchemagenVersion.current
    /// SARIF `tool.driver.informationUri`: an absolute URI of the tool's documentation.
    public var informationURI: String?

    public init(_ style: Style) {
        self.style = style
    }

    /// Whether text findings may be coloured: only on a terminal, and never when `NO_COLOR` holds
    /// a non-empty value (no-color.org; an empty one does not count).
    public static func allowsColor(onTerminal: Bool, environment: [String: String]) -> Bool {
        onTerminal && (environment["NO_COLOR"] ?? "").isEmpty
    }

    /// `path:line:col: severity: message [rule-id]`, with snippets and colour as asked.
    public static func text(snippets: Bool, color: Bool) -> DiagnosticFormatter {
        DiagnosticFormatter(.text(snippets: snippets, color: color))
    }

    /// `{"diagnostics":[…],"summary":{…},"version":1}`, pretty-printed with sorted keys.
    public static var json: DiagnosticFormatter { DiagnosticFormatter(.json) }

    /// A SARIF 2.1.0 log with one run.
    public static var sarif: DiagnosticFormatter { DiagnosticFormatter(.sarif) }

    /// Formats `diagnostics` in the order given (callers sort with `sortedForOutput()`). `sources`
    /// maps a file path, as diagnostics spell it, to the file's text; it serves snippets only.
    public func format(_ diagnostics: [Diagnostic], sources: [String: String] = [:]) -> String {
        format(diagnostics, source: { sources[$0] })
    }

    /// Formats `diagnostics`, asking `source` for the text of a file when a snippet needs it.
    public func format(_ diagnostics: [Diagnostic], source: (String) -> String?) -> String {
        switch style {
        case .text(let snippets, let color):
            TextDiagnosticRenderer(snippets: snippets, color: color).render(diagnostics, source: source)
        case .json:
            JSONDiagnosticDocument(diagnostics).encoded()
        case .sarif:
            SARIFLog(
                diagnostics, rules: rules, toolVersion: toolVersion, informationURI: informationURI
            ).encoded()
        }
    }
}

/// How many findings of each severity: for the CLI's last line and the JSON summary.
public struct DiagnosticSummary: Sendable, Hashable, Codable {
    public var errors: Int
    public var warnings: Int
    public var notes: Int

    public init(_ diagnostics: [Diagnostic]) {
        errors = diagnostics.count { $0.severity == .error }
        warnings = diagnostics.count { $0.severity == .warning }
        notes = diagnostics.count { $0.severity == .note }
    }

    /// `2 errors, 1 warning`; empty when there is nothing to report.
    public var description: String {
        var parts: [String] = []
        if errors > 0 { parts.append(errors == 1 ? "1 error" : "\(errors) errors") }
        if warnings > 0 { parts.append(warnings == 1 ? "1 warning" : "\(warnings) warnings") }
        return parts.joined(separator: ", ")
    }
}
