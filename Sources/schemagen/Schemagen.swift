import ArgumentParser
import Foundation
import SchemagenCore

@main
struct Schemagen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schemagen",
        abstract: "Generate Postgres DDL, SQLite DDL and Swift models from YAML table definitions.",
        subcommands: [Generate.self, Check.self],
        defaultSubcommand: Generate.self
    )
}

/// Options every subcommand shares.
struct ProjectOptions: ParsableArguments {
    @Option(name: .long, help: "The project root, which holds schemagen.yaml and schema/.")
    var project: String = "."

    @Option(name: .long, help: "Write to this directory instead of the configured output.")
    var output: String?

    @Option(name: .long, parsing: .upToNextOption, help: "Only these targets: postgres, sqlite, swift.")
    var target: [String] = []

    var root: URL { URL(fileURLWithPath: project, isDirectory: true).standardizedFileURL }

    func generator() throws -> Generator {
        var targets: Set<Config.Target>?
        if !target.isEmpty {
            targets = []
            for name in target {
                guard let value = Config.Target(rawValue: name) else {
                    throw ValidationError("unknown target '\(name)'; targets are postgres, sqlite, swift")
                }
                targets?.insert(value)
            }
        }
        return Generator(root: root, outputOverride: output, targetsOverride: targets)
    }
}

/// Prints findings to standard error in the compiler's format.
enum Report {
    static func print(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics {
            var text = diagnostic.description + "\n"
            for fix in diagnostic.fixes { text += "  fix: \(fix)\n" }
            for note in diagnostic.notes {
                text += (note.location.map { "\($0): " } ?? "") + "note: \(note.message)\n"
            }
            FileHandle.standardError.write(Data(text.utf8))
        }
    }
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write Generated/ from schema/ (the default command).")

    @OptionGroup var options: ProjectOptions

    @Flag(name: .shortAndLong, help: "Print nothing but findings.")
    var quiet = false

    func run() throws {
        let generator = try options.generator()
        let result = generator.run()
        Report.print(result.diagnostics)
        guard !result.diagnostics.hasErrors else { throw ExitCode(1) }
        let changes: [FileWriter.Change]
        do {
            changes = try result.writer(root: options.root).write(result.files)
        } catch {
            Report.print([error])
            throw ExitCode(1)
        }
        if !quiet {
            let output = result.config.outputDirectory
            if changes.isEmpty {
                Swift.print("\(output)/ is up to date (\(result.files.count) files)")
            } else {
                for change in changes { Swift.print(change.isRemoval ? "removed \(change.path)" : "wrote \(change.path)") }
            }
        }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fail when Generated/ does not match schema/; writes nothing.")

    @OptionGroup var options: ProjectOptions

    func run() throws {
        let result = try options.generator().run()
        Report.print(result.diagnostics)
        guard !result.diagnostics.hasErrors else { throw ExitCode(1) }
        let changes = result.writer(root: options.root).changes(for: result.files)
        guard changes.isEmpty else {
            for change in changes { Swift.print(change) }
            FileHandle.standardError.write(
                Data("error: \(changes.count) generated file(s) out of date; run `schemagen generate`\n".utf8))
            throw ExitCode(1)
        }
        Swift.print("\(result.config.outputDirectory)/ is up to date (\(result.files.count) files)")
    }
}

extension FileWriter.Change {
    var isRemoval: Bool {
        if case .extra = self { return true }
        return false
    }
}
