import ArgumentParser
import Foundation
import SchemagenCore

/// Measures each stage of schemagen on synthetic schemas of several sizes, and on one-table schemas
/// with a comment of several MiB, and prints Markdown tables; or writes one such schema as a project,
/// for timing the real CLI (`scripts/bench-cli.sh`).
///
/// Run it in release mode (`make bench`): debug builds are several times slower and say nothing
/// about what users see.
@main
struct SchemagenBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schemagen-bench",
        abstract: "Time schemagen's stages on synthetic schemas of 10 to 5,000 tables and on large comments.")

    @Option(
        name: .long,
        help: "Schema sizes in tables, repeated or comma-separated (default: 10,100,1000,5000).")
    var tables: [String] = []

    @Option(
        name: .long,
        help: """
            Sizes in MiB of the comment of a one-table schema, repeated or comma-separated \
            (default: 1,4,16). Without --tables, only these run; without either, both defaults.
            """)
    var commentMib: [String] = []

    @Option(name: .long, help: "Timed runs of each stage, after one warm-up run.")
    var iterations = 5

    @Option(
        name: .long,
        help: "Write a project (schema/ only) of --tables tables to this new directory, and measure nothing.")
    var writeProject: String?

    var sizes: [Int] {
        get throws {
            let sizes = try Self.numbers(tables, option: "--tables")
            return sizes.isEmpty && commentMib.isEmpty ? [10, 100, 1_000, 5_000] : sizes
        }
    }

    var commentSizes: [Int] {
        get throws {
            let sizes = try Self.numbers(commentMib, option: "--comment-mib")
            return sizes.isEmpty && tables.isEmpty ? [1, 4, 16] : sizes
        }
    }

    private static func numbers(_ values: [String], option: String) throws -> [Int] {
        let texts = values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        return try texts.map { text in
            guard let size = Int(text.replacing("_", with: "")), size > 0 else {
                throw ValidationError("\(option) takes positive numbers, not '\(text)'")
            }
            return size
        }
    }

    func validate() throws {
        guard iterations > 0 else { throw ValidationError("--iterations must be at least 1") }
        let sizes = try sizes
        _ = try commentSizes
        if writeProject != nil, sizes.count != 1 || tables.isEmpty || !commentMib.isEmpty {
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
        var sections: [String] = []
        let tableBenchmarks = try sizes.map { SizeBenchmark(tables: $0, iterations: iterations) }
        let commentBenchmarks = try commentSizes.map { SizeBenchmark(commentMebibytes: $0, iterations: iterations) }
        for benchmarks in [tableBenchmarks, commentBenchmarks] where !benchmarks.isEmpty {
            let reports = try benchmarks.map { benchmark in
                FileHandle.standardError.write(Data("measuring \(benchmark.label)…\n".utf8))
                return try benchmark.run()
            }
            sections.append(MarkdownReport(reports: reports, iterations: iterations).text)
        }
        print(sections.joined(separator: "\n"), terminator: "")
    }
}
