import ArgumentParser
import Foundation
import SchemagenJSONSchemas

/// `schemagen json-schema [schema|config]`: prints a JSON Schema that editors use to complete and
/// check the YAML (docs/editor.md), the same bytes as the file committed in `schemas/`.
struct JSONSchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "json-schema",
        abstract: "Print the JSON Schema of a schema file (schema) or of schemagen.yaml (config).")

    @Argument(help: "schema (a file of schema/) or config (schemagen.yaml).")
    var kind: String = "schema"

    func run() throws {
        guard let kind = JSONSchemas.Kind(rawValue: kind) else {
            throw ValidationError("unknown JSON Schema '\(kind)'; choose schema or config")
        }
        guard let text = JSONSchemas.text(of: kind) else {
            throw ValidationError("the JSON Schema \(kind.fileName) is missing from this build")
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
