import Foundation

/// The JSON Schemas of the schema format and of `schemagen.yaml`, shipped as resources of this
/// target: the committed files in `schemas/` are the one source, and `schemagen json-schema`
/// prints them as they are.
public enum JSONSchemas {
    public enum Kind: String, CaseIterable, Sendable {
        /// A file of `schema/`.
        case schema
        /// `schemagen.yaml`.
        case config

        /// The file's name in `schemas/`.
        public var fileName: String { "schemagen-\(rawValue).json" }
    }

    /// The schema's text, exactly as committed.
    public static func text(of kind: Kind) -> String? {
        guard let url = Bundle.module.url(forResource: "schemagen-\(kind.rawValue)", withExtension: "json"),
            let data = FileManager.default.contents(atPath: url.path)
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
