import CLibYAML

/// Drives libyaml's event parser and builds the node tree. (Being written.)
struct YAMLEventParser {
    let bytes: [UInt8]
    let file: String
    let limits: YAMLReader.Limits

    func parseDocument() throws(Diagnostic) -> YAMLNode? {
        throw .error("YAML reader not implemented", rule: "yaml-syntax", at: nil)
    }
}
