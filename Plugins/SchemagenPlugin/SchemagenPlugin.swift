import Foundation
import PackagePlugin

/// The build-tool plugin: the Swift models of the package's schema, generated at build time into
/// one file of the plugin's work directory and compiled with the target that uses the plugin.
///
/// SwiftPM asks a plugin for its commands only when it plans a build (the first build, a change to
/// Package.swift or Package.resolved, or to the target's own sources), so everything here is
/// decided then: the inputs are the files there are at that moment, and the one output's name never
/// depends on the schema. An edited input reruns `schemagen models`; an unchanged one runs nothing.
/// It must be a build command: a prebuild command cannot run a tool built from source.
@main
struct SchemagenPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard target is SwiftSourceModuleTarget else {
            throw PluginFailure("SchemagenPlugin generates Swift: the target '\(target.name)' is not a Swift target")
        }
        let root = context.package.directoryURL
        let inputs = ProjectInputs(root: root)
        let output = context.pluginWorkDirectoryURL.appending(component: "SchemagenModels.swift")
        return [
            .buildCommand(
                displayName: "schemagen: the Swift models of \(inputs.schemaDirectory)/ for \(target.name)",
                executable: try context.tool(named: "schemagen").url,
                arguments: [
                    "models", "--project", root.path(percentEncoded: false),
                    "--output-file", output.path(percentEncoded: false), "--absolute-paths",
                ],
                environment: [:],
                inputFiles: inputs.files,
                outputFiles: [output]
            )
        ]
    }
}

/// What the generated models depend on, as SwiftPM sees it when it plans: the config, every
/// schema file and every template of the project's own (the built-in ones belong to the tool,
/// whose changes SwiftPM tracks itself). The schema's folders are inputs too: adding a file to
/// one changes the folder, so the command runs again and the models hold the new file's tables.
struct ProjectInputs {
    var schemaDirectory = "schema"
    var files: [URL] = []

    init(root: URL) {
        let config = root.appending(component: "schemagen.yaml")
        var templatesDirectory: String?
        if let text = try? String(contentsOf: config, encoding: .utf8) {
            files.append(config)
            let settings = ConfigScan(text)
            schemaDirectory = settings.schema ?? schemaDirectory
            templatesDirectory = settings.templates
        }
        let schema = Self.resolve(schemaDirectory, root: root)
        files += Self.walk(schema, keep: { ["yaml", "yml"].contains($0.pathExtension.lowercased()) })
        if let templatesDirectory {
            let templates = Self.resolve(templatesDirectory, root: root)
            files += Self.walk(templates, keep: { $0.pathExtension == "mustache" }, depth: 1)
        }
    }

    private static func resolve(_ path: String, root: URL) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path, isDirectory: true) : root.appending(path: path)
    }

    /// The folder, its subfolders and the files `keep` wants, as schemagen reads them: names that
    /// start with `.` are skipped, links are followed (to a depth that a loop cannot pass).
    private static func walk(_ folder: URL, keep: (URL) -> Bool, depth: Int = 16) -> [URL] {
        guard depth > 0, let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            return []
        }
        var found = [folder]
        for name in names.sorted() where !name.hasPrefix(".") {
            let url = folder.appending(component: name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                found += walk(url, keep: keep, depth: depth - 1)
            } else if keep(url) {
                found.append(url)
            }
        }
        return found
    }
}

/// The two settings of `schemagen.yaml` the plugin needs before anything is built, read line by
/// line: `schema:` at the top level and `templates:` under `swift:`, in block style as
/// docs/configuration.md writes them. (The plugin cannot use schemagen's own YAML reader: it is
/// built before the tool.) A value the scan misses leaves an input out; the tool still reads the
/// right files, and the next planned build sees them.
struct ConfigScan {
    var schema: String?
    var templates: String?

    init(_ text: String) {
        var inSwift = false
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = Self.withoutComment(String(rawLine))
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            let indented = line.first == " " || line.first == "\t"
            if !indented {
                inSwift = Self.value(of: "swift", in: line) == ""
                if let value = Self.value(of: "schema", in: line), !value.isEmpty { schema = value }
            } else if inSwift, let value = Self.value(of: "templates", in: line.trimmingCharacters(in: .whitespaces)),
                !value.isEmpty
            {
                templates = value
            }
        }
    }

    /// The scalar after `key:`, unquoted, or nil when the line is about another key.
    private static func value(of key: String, in line: String) -> String? {
        guard line.hasPrefix(key + ":") else { return nil }
        var value = line.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
        if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
            value = String(value.dropFirst().dropLast())
        }
        return value
    }

    /// The line up to a ` #` comment (a `#` inside a quoted value is rare in a path; it is cut too).
    private static func withoutComment(_ line: String) -> String {
        if line.hasPrefix("#") { return "" }
        guard let range = line.range(of: " #") else { return line }
        return String(line[..<range.lowerBound])
    }
}

struct PluginFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
