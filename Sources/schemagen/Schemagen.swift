import ArgumentParser
import Foundation
import SchemagenCore

/// Every command names itself (`commandName:`): without one, ArgumentParser derives the name from
/// `String(describing:)` of the type on every run, a reflection that was a tenth of the whole
/// run of a small project.
@main
struct Schemagen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schemagen",
        abstract: "Generate Postgres DDL, SQLite DDL and Swift models from YAML table definitions.",
        version: SchemagenVersion.current,
        subcommands: [
            Generate.self, Check.self, Lint.self, Migrate.self, Verify.self, DiffCommand.self, DDL.self, Models.self,
            Templates.self, JSONSchemaCommand.self,
        ],
        defaultSubcommand: Generate.self
    )

    /// Like the default entry point, except that usage errors exit with 2, as compilers and most
    /// Unix tools do (1 is reserved for findings and stale output).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Options every subcommand shares.
struct ProjectOptions: ParsableArguments {
    @Option(name: .long, help: "The project root, which holds schemagen.yaml and schema/.")
    var project: String = "."

    @Option(name: .long, help: "Write to this directory instead of the configured output.")
    var output: String?

    @Option(name: .long, parsing: .upToNextOption, help: "Only these targets: postgres, sqlite, swift, markdown.")
    var target: [String] = []

    var root: URL { URL(fileURLWithPath: project, isDirectory: true).standardizedFileURL }

    /// `records`: the user's cache of up-to-date records (`check` and `generate`, unless `--no-cache`).
    func generator(migrations: MigrationOptions = MigrationOptions(), records: Bool = false) throws -> Generator {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("the project directory '\(project)' does not exist or is not a directory")
        }
        var targets: Set<Config.Target>?
        if !target.isEmpty {
            targets = []
            for name in target {
                guard let value = Config.Target(rawValue: name) else {
                    throw ValidationError("unknown target '\(name)'; targets are postgres, sqlite, swift, markdown")
                }
                targets?.insert(value)
            }
        }
        // --output is a path as the shell sees it: relative to the working directory.
        let outputPath = output.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        return Generator(
            root: root, outputOverride: outputPath, targetsOverride: targets, migrationOptions: migrations,
            runRecords: records ? RunRecordStore.standard() : nil)
    }
}

/// `--no-cache`, for `check` and `generate`.
struct CacheOptions: ParsableArguments {
    @Flag(
        name: .long,
        help: "Neither read nor write the record of the last up-to-date run in the user's cache (docs/ci.md).")
    var noCache = false
}

/// How findings are printed: options shared by every subcommand.
struct ReportOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif
    }

    @Option(name: .long, help: "How to print findings: text, json or sarif.")
    var format: Format = .text

    @Flag(name: .long, help: "Show the source line and a caret under each finding (the default on a terminal).")
    var snippets = false

    @Flag(name: .long, help: "Print absolute file paths in findings, as build logs (SwiftPM, Xcode) need them.")
    var absolutePaths = false

    /// Prints a line about files that went well (`wrote …`, `… is up to date`): on standard output,
    /// unless that carries a JSON or SARIF document. What went wrong goes to standard error.
    func status(_ line: String) {
        let handle = format == .text ? FileHandle.standardOutput : FileHandle.standardError
        handle.write(Data((line + "\n").utf8))
    }

    /// Prints findings: JSON and SARIF (machine output) to standard output; text to standard error,
    /// or to standard output with `toStandardOutput` (for `lint`, whose findings are its output).
    func print(_ diagnostics: [Diagnostic], sources: SchemaSources, root: URL, toStandardOutput: Bool = false) {
        var diagnostics = diagnostics
        var texts = Dictionary(sources.files.map { ($0.path, $0.text) }, uniquingKeysWith: { first, _ in first })
        // Findings in the config get snippets too: read it only when one is there.
        let config = ConfigLoader.fileName
        if diagnostics.contains(where: { $0.location?.file == config }),
            let data = FileManager.default.contents(atPath: root.appendingPathComponent(config).path)
        {
            texts[config] = String(decoding: data, as: UTF8.self)
        }
        if absolutePaths {
            diagnostics = diagnostics.map { $0.withAbsolutePaths(root: root.path) }
            texts = Dictionary(
                texts.map {
                    (SourceLocation(file: $0.key, line: 1, column: 1).absolute(root: root.path).file, $0.value)
                },
                uniquingKeysWith: { first, _ in first })
        }
        switch format {
        case .json, .sarif:
            let formatter: DiagnosticFormatter = format == .json ? .json : .sarif
            FileHandle.standardOutput.write(Data(formatter.format(diagnostics, sources: texts).utf8))
        case .text:
            guard !diagnostics.isEmpty else { return }
            let handle = toStandardOutput ? FileHandle.standardOutput : FileHandle.standardError
            let terminal = isatty(handle.fileDescriptor) == 1
            let color = DiagnosticFormatter.allowsColor(
                onTerminal: terminal, environment: ProcessInfo.processInfo.environment)
            let formatter = DiagnosticFormatter.text(snippets: snippets || terminal, color: color)
            handle.write(Data(formatter.format(diagnostics, sources: texts).utf8))
        }
    }
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write Generated/ from schema/ (the default command).")

    @OptionGroup var options: ProjectOptions
    @OptionGroup var report: ReportOptions

    @Flag(name: .shortAndLong, help: "Print nothing but findings.")
    var quiet = false

    @OptionGroup var cache: CacheOptions

    @Flag(
        name: .long,
        help: "Acknowledge, for this run, every change of the migration that can lose data or fail on existing rows.")
    var acceptDataLoss = false

    @Option(
        name: .long,
        help: "Name the migration this run plans (letters, digits and _), instead of a name derived from its changes.")
    var name: String?

    func validate() throws {
        if let name, !MigrationID.isValidName(name) {
            throw ValidationError("--name '\(name)' must be small letters, digits and _ (at most 80)")
        }
    }

    func run() throws {
        let generator = try options.generator(
            migrations: MigrationOptions(acceptDataLoss: acceptDataLoss, name: name), records: !cache.noCache)
        var diagnostics: [Diagnostic] = []
        var changes: [FileWriter.Change] = []
        // One run at a time plans and writes: a plugin and a terminal at once would otherwise give
        // two migrations one number, or a torn set of files.
        let result = ProjectLock.withLock(generator.root) { () -> Generator.Result in
            // Only the files that differ from the disk are kept in memory (a large schema's
            // whole output is hundreds of megabytes).
            let result = generator.run(keepingOnlyChanges: true)
            diagnostics = result.diagnostics
            if !diagnostics.hasErrors {
                do throws(FileWriter.Failure) {
                    changes = try result.writer(root: options.root).write(
                        result.files, unchanged: result.unchangedPaths)
                    generator.saveRecord(of: result)
                } catch {
                    diagnostics += error.diagnostics
                }
            }
            return result
        }
        defer { KeptUntilExit.keep(result) }
        // Printed once, after writing: JSON and SARIF are one document with every finding.
        report.print(diagnostics, sources: result.sources, root: options.root)
        guard !diagnostics.hasErrors else { throw ExitCode(1) }
        if !quiet {
            let output = result.config.outputDirectory
            if changes.isEmpty {
                report.status("\(output)/ is up to date (\(result.fileCount) files)")
            } else {
                for change in changes {
                    report.status(change.isRemoval ? "removed \(change.path)" : "wrote \(change.path)")
                }
            }
            if let migration = result.migration, !changes.isEmpty {
                report.status("migration \(migration.id): \(migration.summary)")
            }
        }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Fail when Generated/ does not match schema/; writes nothing.")

    @OptionGroup var options: ProjectOptions
    @OptionGroup var report: ReportOptions
    @OptionGroup var cache: CacheOptions

    func run() throws {
        // Each file is compared with the disk as soon as it is rendered; only those that differ are
        // kept, to be listed (and, in JSON and SARIF, read for the line where they differ).
        let generator = try options.generator(records: !cache.noCache)
        let result = generator.run(keepingOnlyChanges: true)
        let writer = result.writer(root: options.root)
        let changes =
            result.diagnostics.hasErrors ? [] : writer.changes(for: result.files, unchanged: result.unchangedPaths)
        // What `generate` would stop at (a file where a folder goes) is the finding, not the
        // dozens of files it leaves missing.
        let inTheWay = changes.isEmpty ? [] : writer.obstacles(for: result.files)
        guard inTheWay.isEmpty else {
            report.print(result.diagnostics + inTheWay, sources: result.sources, root: options.root)
            throw ExitCode(1)
        }
        // JSON and SARIF readers see findings only: out-of-date files are findings there.
        let outOfDate =
            report.format == .text ? [] : writer.outOfDateDiagnostics(changes, files: result.files)
        report.print(result.diagnostics + outOfDate, sources: result.sources, root: options.root)
        guard !result.diagnostics.hasErrors else { throw ExitCode(1) }
        guard changes.isEmpty else {
            // The stale lines are the failure, so they go where failures go, in every format: on
            // standard error with the line that sums them up (in JSON and SARIF they are also
            // `stale-output` findings in the document on standard output).
            let lines = changes.map { "\($0)\n" }.joined()
            FileHandle.standardError.write(
                Data(
                    (lines + "error: \(changes.count) generated file(s) out of date; run `schemagen generate`\n").utf8))
            throw ExitCode(1)
        }
        generator.saveRecord(of: result)
        report.status("\(result.config.outputDirectory)/ is up to date (\(result.fileCount) files)")
        KeptUntilExit.keep(result)
    }
}

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Print every finding; exit 1 when any is an error. Writes nothing.")

    @OptionGroup var options: ProjectOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        let result = try options.generator().run(rendering: false)
        report.print(result.diagnostics, sources: result.sources, root: options.root, toStandardOutput: true)
        let hasErrors = result.diagnostics.hasErrors
        KeptUntilExit.keep(result)
        if hasErrors { throw ExitCode(1) }
    }
}

struct DDL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ddl",
        abstract: "Print or write the schema's DDL; plans no migration, reads no Generated/.",
        discussion: """
            Prints what `generate` writes to postgres/schema.sql or sqlite/schema.sql, byte for byte, \
            on standard output: no Generated/ is read or written, no migration planned. Pipe it into \
            psql or sqlite3 for a scratch database of the schema. With --output-dir, writes \
            postgres/schema.sql and sqlite/schema.sql (or those --dialect names) into that directory \
            instead, each only when its bytes change (docs/ddl.md).
            """)

    enum Dialect: String, ExpressibleByArgument, CaseIterable {
        case postgres, sqlite

        var target: Config.Target { self == .postgres ? .postgres : .sqlite }
    }

    @Option(name: .long, help: "The project root, which holds schemagen.yaml and schema/.")
    var project: String = "."

    @Option(
        name: .long,
        help: "postgres or sqlite; repeat it with --output-dir for both (the default there).")
    var dialect: [Dialect] = []

    @Option(name: .long, help: "Write each dialect's schema.sql under this directory instead of printing it.")
    var outputDir: String?

    func validate() throws {
        guard outputDir == nil else { return }
        // Two scripts in one stream would be fed to one database.
        guard dialect.count == 1 else {
            throw ValidationError(
                "name one --dialect to print its DDL, or pass --output-dir to write \(dialect.isEmpty ? "every" : "each") dialect's file"
            )
        }
    }

    func run() throws {
        let options = try ProjectOptions.parse(["--project", project])
        let dialects = dialect.isEmpty ? SchemaDDL.dialects : dialect.map(\.target)
        let (scripts, result) = SchemaDDL.render(try options.generator(), dialects: dialects)
        // The DDL is the output: findings go to standard error, as text (JSON or SARIF there would
        // be a second document in the stream).
        try ReportOptions.parse([]).print(result.diagnostics, sources: result.sources, root: options.root)
        guard let scripts, !result.diagnostics.hasErrors else { throw ExitCode(1) }
        defer { KeptUntilExit.keep(result) }
        guard let outputDir else {
            FileHandle.standardOutput.write(Data(scripts[0].text.utf8))
            return
        }
        let directory = URL(fileURLWithPath: outputDir, isDirectory: true).standardizedFileURL.path
        do {
            try StandaloneFiles.write(scripts.map(\.file), into: directory)
        } catch {
            FileHandle.standardError.write(Data("error: cannot write '\(error.path)': \(error.reason)\n".utf8))
            throw ExitCode(1)
        }
    }
}

struct Models: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "Write the Swift models into one file, as the build plugin does; no SQL, no migrations.",
        discussion: """
            Writes every model of the schema into the file --output-file names (only when its bytes \
            change), and nothing else: the output directory, the SQL and the migrations are left alone. \
            Prints nothing but findings. The build-tool plugin SchemagenPlugin runs it with \
            --absolute-paths (docs/plugins.md).
            """)

    @Option(name: .long, help: "The project root, which holds schemagen.yaml and schema/.")
    var project: String = "."

    @Option(name: .long, help: "The file to write, e.g. SchemagenModels.swift in the plugin's work directory.")
    var outputFile: String

    @OptionGroup var report: ReportOptions

    func run() throws {
        let options = try ProjectOptions.parse(["--project", project])
        let (text, result) = SwiftModelsFile.render(try options.generator())
        defer { KeptUntilExit.keep(result) }
        report.print(result.diagnostics, sources: result.sources, root: options.root)
        guard let text, !result.diagnostics.hasErrors else { throw ExitCode(1) }
        let url = URL(fileURLWithPath: outputFile).standardizedFileURL
        do {
            // Unchanged bytes keep their date, so that nothing that depends on the file builds again.
            try StandaloneFiles.write(
                [GeneratedFile(path: url.lastPathComponent, contents: text)], into: url.deletingLastPathComponent().path
            )
        } catch {
            FileHandle.standardError.write(Data("error: cannot write '\(url.path)': \(error.reason)\n".utf8))
            throw ExitCode(1)
        }
    }
}

struct Templates: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Work with the Swift renderer's Mustache templates.", subcommands: [Export.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the built-in templates into a directory, as a start for a project's own.",
            discussion: """
                Point `swift.templates` in schemagen.yaml at the directory; every template left there \
                replaces the built-in one of its name (Templates/README.md lists each template's keys). \
                A file that is already there and differs is an error, unless --force.
                """)

        @Argument(help: "The directory to write the templates into (created when missing).")
        var directory: String

        @Flag(name: .long, help: "Replace templates that are already in the directory.")
        var force = false

        func run() throws {
            let files: [TemplateSet.File]
            do {
                files = try TemplateSet.builtinTemplateFiles()
            } catch {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                throw ExitCode(1)
            }
            let base = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
            let shown = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
            let existing = files.filter { file in
                let data = FileManager.default.contents(atPath: base.appendingPathComponent(file.fileName).path)
                return data != nil && data != Data(file.text.utf8)
            }
            guard force || existing.isEmpty else {
                let names = existing.map { "\(shown)/\($0.fileName)" }.joined(separator: ", ")
                FileHandle.standardError.write(
                    Data("error: \(names) already there and different; pass --force to replace\n".utf8))
                throw ExitCode(1)
            }
            do {
                try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
                for file in files {
                    try Data(file.text.utf8).write(to: base.appendingPathComponent(file.fileName), options: .atomic)
                    print("wrote \(shown)/\(file.fileName)")
                }
            } catch {
                FileHandle.standardError.write(Data("error: \(error.localizedDescription)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}

extension TemplateSet.File {
    /// `model.mustache`, from `Templates/swift/model.mustache`.
    var fileName: String { URL(fileURLWithPath: path).lastPathComponent }
}

extension FileWriter.Change {
    var isRemoval: Bool {
        if case .extra = self { return true }
        return false
    }
}
