/// Ids of the format-level findings: the input is not a valid schema, whatever the conventions say.
/// Like the convention rule ids, they are part of the public contract (JSON and SARIF output).
public enum FormatRule {
    public static let unknownKey = "unknown-key"
    public static let missingKey = "missing-key"
    public static let invalidValue = "invalid-value"
    public static let unknownType = "unknown-type"
    public static let unknownReference = "unknown-reference"
    public static let duplicateName = "duplicate-name"
    public static let invalidDefault = "invalid-default"
    public static let invalidCheck = "invalid-check"
    public static let emptyFile = "empty-file"
    public static let emptySchema = "empty-schema"
    public static let config = "config"
    public static let emptyTargets = "empty-targets"
    public static let io = "io"
    public static let staleOutput = "stale-output"
    public static let swiftCollision = "swift-collision"

    public static let all: [String] = [
        unknownKey, missingKey, invalidValue, unknownType, unknownReference, duplicateName,
        invalidDefault, invalidCheck, emptyFile, emptySchema, config, emptyTargets, io, staleOutput, swiftCollision,
    ]

    /// Every id that the reader, the format and the Swift templates report, with a summary for
    /// `docs/rules.md` and SARIF's rule metadata. They cannot be turned off or excused: a schema with
    /// one has no meaning to check conventions on. All are errors but `empty-file` and
    /// `empty-targets`, warnings: an empty file breaks nothing, and no target is a choice.
    public static let descriptors: [RuleDescriptor] = [
        format("yaml-syntax", "The file is well-formed YAML: libyaml's syntax errors, tabs in indentation."),
        format("yaml-encoding", "The file is UTF-8 text (a BOM is allowed), not UTF-16 or another encoding."),
        format("yaml-duplicate-key", "A mapping names each key once."),
        format("yaml-alias", "Aliases refer to an anchor defined before them and expand to a sane size."),
        format("yaml-merge", "A `<<` merge key takes a mapping or a list of mappings."),
        format("yaml-depth", "Nesting stays within a sane depth."),
        format("yaml-document", "A schema file holds one YAML document."),
        format(emptyFile, "A schema file defines something.", .warning),
        format(
            emptySchema,
            "The schema directory holds a schema file and the schema defines a table: an empty schema never "
                + "replaces the generated files."),
        format(unknownKey, "Every key is one that format v1 defines; the message suggests the closest."),
        format(missingKey, "Required keys are present: a column's type, a table's columns."),
        format(invalidValue, "A value has the shape its key takes: a flag is true or false, a name is a name."),
        format(unknownType, "A type is one of the format's types or a named enum."),
        format(unknownReference, "A reference, mixin or listed column names something that exists."),
        format(duplicateName, "A table, enum, constraint or index name is defined once, derived names included."),
        format(invalidDefault, "A default fits its column's type, an enum default is one of its values."),
        format(invalidCheck, "A check or index predicate is one SQL expression: no ';', comment or open quote."),
        format(
            config,
            "schemagen.yaml is valid: targets, rule ids and levels, option values (an unknown key is `unknown-key`)."),
        format(
            emptyTargets,
            "schemagen.yaml enables a target: with `targets: []` nothing is generated and old files are removed.",
            .warning),
        format(io, "The schema directory and its files can be read, and generated files written."),
        format("template", "Custom Swift templates exist and render."),
        format(
            swiftCollision,
            "The Swift models compile and keep apart: no two tables or enums become one type or one file (letter "
                + "case aside), none takes a support type's name, no swift_name is a standard type, no two columns "
                + "become one property."),
        format(
            staleOutput,
            "`schemagen check`: every generated file matches what the schema generates; none is missing or extra."),
    ]

    private static func format(
        _ id: String, _ summary: String, _ severity: Diagnostic.Severity = .error
    ) -> RuleDescriptor {
        RuleDescriptor(id: id, defaultSeverity: severity, summary: summary, checker: .format)
    }
}
