/// The Swift models of a run as one file, the output of the build-tool plugin.
///
/// SwiftPM asks a build plugin for its outputs only when it plans a build, not when a schema file
/// changes: outputs named after tables would go stale when one is added or dropped (a declared file
/// that is not written breaks the build; a written one that is not declared is not compiled). One
/// file whose name never depends on the schema holds every model instead (docs/plugins.md).
public enum SwiftModelsFile {
    /// The name the build plugin declares: distinctive, since a generated file named like one of the
    /// target's own sources fails the build ("multiple producers").
    public static let fileName = "SchemagenModels.swift"

    /// Loads and checks the project of `generator` (as `lint` does), then renders only the Swift
    /// renderer's files: no SQL, and no migration planned or read. `text` is nil on any error.
    public static func render(_ generator: Generator) -> (text: String?, result: Generator.Result) {
        var generator = generator
        generator.targetsOverride = [.swift]
        var result = generator.run(rendering: false)
        guard !result.diagnostics.hasErrors, let schema = result.schema else { return (nil, result) }
        do {
            let files = try SwiftRenderer(config: result.config, projectRoot: generator.root).render(schema)
            return (contents(of: files), result)
        } catch {
            result.diagnostics.append(error)
            return (nil, result)
        }
    }

    /// The `swift/` files of `files` one after the other, in path order, each with its own header.
    /// Swift reads an `import` anywhere at file scope, so the files join as they are; SQL,
    /// migrations and anything else are left out.
    public static func contents(of files: [GeneratedFile]) -> String {
        let models = files.filter { $0.path.hasPrefix("swift/") && $0.path.hasSuffix(".swift") }
            .sorted { $0.path < $1.path }
        var text =
            "// \(GeneratedFile.marker): the Swift models of the schema, for the build plugin. Do not edit.\n"
        for file in models {
            text += "\n// MARK: - \(file.path.dropFirst("swift/".count))\n\n" + file.contents
        }
        return text
    }
}
