import ArgumentParser
import Foundation
import SchemagenCore

/// Measures each stage of schemagen on synthetic schemas of several sizes and prints a Markdown
/// table; or writes one such schema as a project, for timing the real CLI (`scripts/bench-cli.sh`).
///
/// Run it in release mode (`make bench`): debug builds are several times slower and say nothing
/// about what users see.
@main
struct SchemagenBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schemagen-bench",
        abstract: "Time schemagen's stages on synthetic schemas of 10 to 5,000 tables.")

    @Option(
        name: .long,
        help: "Schema sizes in tables, repeated or comma-separated (default: 10,100,1000,5000).")
    var tables: [String] = []

    @Option(name: .long, help: "Timed runs of each stage, after one warm-up run.")
    var iterations = 5

    @Option(
        name: .long,
        help: "Write a project (schema/ only) of --tables tables to this new directory, and measure nothing.")
    var writeProject: String?

    var sizes: [Int] {
        get throws {
            let texts = tables.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
            let sizes = try texts.map { text in
                guard let size = Int(text.replacing("_", with: "")), size > 0 else {
                    throw ValidationError("--tables takes positive numbers of tables, not '\(text)'")
                }
                return size
            }
            return sizes.isEmpty ? [10, 100, 1_000, 5_000] : sizes
        }
    }

    func validate() throws {
        guard iterations > 0 else { throw ValidationError("--iterations must be at least 1") }
        let sizes = try sizes
        if writeProject != nil, sizes.count != 1 || tables.isEmpty {
            throw ValidationError("--write-project needs exactly one --tables size")
        }
    }

    func run() throws {
        if let writeProject {
            let size = try sizes[0]
            let root = URL(fileURLWithPath: writeProject, isDirectory: true).standardizedFileURL
            try ProjectWriter.write(SchemaSources(files: SyntheticSchema(tableCount: size).files()), to: root)
            print("wrote a schema of \(size) tables to \(root.path)/schema")
            return
        }
        var reports: [SizeReport] = []
        for size in try sizes {
            FileHandle.standardError.write(Data("measuring \(size) tables…\n".utf8))
            reports.append(try SizeBenchmark(tables: size, iterations: iterations).run())
        }
        print(MarkdownReport(reports: reports, iterations: iterations).text, terminator: "")
    }
}
