import ArgumentParser
import Foundation
import SchemagenCore

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Summarise what changed between two versions of the schema, for a pull request. Writes nothing.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case markdown, json
    }

    @Option(name: .long, help: "The project root, which holds schemagen.yaml and schema/.")
    var project: String = "."

    @Option(name: .long, help: "The version before: a git revision (HEAD~1, main) or a project folder.")
    var from: String

    @Option(name: .long, help: "The version after: a git revision or a project folder (default: the work tree).")
    var to: String?

    @Option(name: .long, help: "markdown (for a pull request's description) or json (for scripts).")
    var format: Format = .markdown

    func run() throws {
        let root = URL(fileURLWithPath: project, isDirectory: true).standardizedFileURL
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let versions = [from, to].map { argument in
            argument.map { SchemaVersion.resolve($0, project: root, workingDirectory: here) }
                ?? .success(.workTree(root))
        }
        var diagnostics: [Diagnostic] = []
        var resolved: [SchemaVersion] = []
        for version in versions {
            switch version {
            case .success(let value): resolved.append(value)
            case .failure(let error): diagnostics.append(error)
            }
        }
        var report: ChangeReport?
        if diagnostics.isEmpty {
            (report, diagnostics) = ChangeReport.make(from: resolved[0], to: resolved[1])
        }
        if !diagnostics.isEmpty {
            let terminal = isatty(FileHandle.standardError.fileDescriptor) == 1
            let color = DiagnosticFormatter.allowsColor(
                onTerminal: terminal, environment: ProcessInfo.processInfo.environment)
            FileHandle.standardError.write(
                Data(DiagnosticFormatter.text(snippets: false, color: color).format(diagnostics, sources: [:]).utf8))
        }
        guard let report, !diagnostics.hasErrors else { throw ExitCode(1) }
        FileHandle.standardOutput.write(Data((format == .json ? report.json : report.markdown).utf8))
    }
}
