@testable import SchemagenCore

/// Loads in-memory schema files (path → YAML) through the real reader and graph builder.
func loadSchema(_ files: [String: String], naming: Naming = Naming()) -> SchemaLoader.Result {
    let sources = SchemaSources(files: files.map { .init(path: $0.key, bytes: Array($0.value.utf8)) })
    return SchemaLoader(naming: naming).load(sources)
}

func loadSchema(_ yaml: String) -> SchemaLoader.Result {
    loadSchema(["schema/test.yaml": yaml])
}

/// The findings as `line:col: rule: message`, the shape most assertions compare.
func findings(_ result: SchemaLoader.Result) -> [String] {
    result.diagnostics.map { d in
        let place = d.location.map { "\($0.line):\($0.column)" } ?? "-"
        return "\(place): \(d.rule): \(d.message)"
    }
}
