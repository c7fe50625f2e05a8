/// A rule's severity in a project: the catalogue (in `Diagnostics/`) gives the default, the
/// config's `rules:` levels (in `Config/`, above it) may change it; the linter asks here.
extension RuleDescriptor {
    /// The severity after the config's `rules:` levels; `nil` when the rule is turned off.
    public func severity(in settings: RuleSettings) -> Diagnostic.Severity? {
        switch settings.levels[id] {
        case .error: .error
        case .warning: .warning
        case .off: nil
        case nil: defaultSeverity
        }
    }
}
