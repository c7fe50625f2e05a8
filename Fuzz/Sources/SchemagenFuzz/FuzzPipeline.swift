import SchemagenCore

/// What `Generator.run()` does, without the disk: config → schema sources → YAML reader → graph →
/// linter → renderers, then every output format of the findings. A crash, a sanitizer report or a
/// broken invariant anywhere on the way is a finding of the fuzzer.
enum FuzzPipeline {
    /// Parsed once: reading and parsing the templates for every input would dominate the run.
    static let builtinTemplates: TemplateSet? = try? TemplateSet.builtin()

    static func run(_ input: FuzzInput) {
        var config = Config()
        var diagnostics: [Diagnostic] = []
        if let bytes = input.config {
            let parsed = ConfigLoader.parse(bytes, file: ConfigLoader.fileName)
            config = parsed.config
            diagnostics += parsed.diagnostics
        }
        // A fuzzed config must not send the Swift renderer to read templates anywhere on disk.
        config.swift.templatesDirectory = nil

        let files = input.schemaFiles.enumerated().map { index, bytes in
            SchemaSources.File(path: "schema/\(index).yaml", bytes: bytes)
        }
        let sources = SchemaSources(files: files)
        let loaded = SchemaLoader(naming: Naming(config.naming)).load(sources)
        diagnostics += loaded.diagnostics
        if let schema = loaded.schema {
            diagnostics += Linter(settings: config.rules, naming: config.naming, targets: config.targets).lint(schema)
            // Rendered even when the linter found errors: a config can turn every rule off, so the
            // renderers must cope with any graph the loader accepts.
            render(schema, config: config, diagnostics: &diagnostics)
        }

        var texts: [String: String] = [:]
        for file in sources.files { texts[file.path] = file.text }
        if let bytes = input.config { texts[ConfigLoader.fileName] = String(decoding: bytes, as: UTF8.self) }
        FuzzInvariants.check(diagnostics, texts: texts)
        for formatter in [DiagnosticFormatter.text(snippets: true, color: true), .json, .sarif] {
            _ = formatter.format(diagnostics, sources: texts)
        }
    }

    private static func render(_ schema: Schema, config: Config, diagnostics: inout [Diagnostic]) {
        var renderers: [any Renderer] = [PostgresRenderer(config: config), SQLiteRenderer(config: config)]
        if let templates = builtinTemplates { renderers.append(SwiftRenderer(config: config, templates: templates)) }
        for renderer in renderers {
            do {
                _ = try renderer.render(schema)
            } catch {
                diagnostics.append(error)
            }
        }
    }
}
