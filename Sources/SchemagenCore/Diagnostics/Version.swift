/// schemagen's version, in one place: `schemagen --version` prints it and SARIF logs carry it as
/// `tool.driver.version`. It is never written into generated files, which stay byte-stable from
/// one version to the next unless their content changes.
public enum SchemagenVersion {
    /// Semantic versioning; 0.x while the format and the rule ids may still change.
    public static let current = "0.1.0"
}
