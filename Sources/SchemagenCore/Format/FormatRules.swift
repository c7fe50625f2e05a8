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
    public static let config = "config"
    public static let io = "io"

    public static let all: [String] = [
        unknownKey, missingKey, invalidValue, unknownType, unknownReference, duplicateName,
        invalidDefault, invalidCheck, emptyFile, config, io,
    ]
}
