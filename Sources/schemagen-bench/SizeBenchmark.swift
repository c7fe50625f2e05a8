import Foundation
import SchemagenCore

/// The stages of the pipeline, each timed on its own.
enum Stage: CaseIterable, Sendable {
    case yamlRead, load, lint, postgres, sqlite, swift, snapshotEncode, snapshotDecode, diff, check

    var title: String {
        switch self {
        case .yamlRead: "YAML read (`YAMLReader`, every file)"
        case .load: "graph build (`SchemaLoader.load`, YAML read included)"
        case .lint: "lint (`Linter.lint`)"
        case .postgres: "Postgres render"
        case .sqlite: "SQLite render"
        case .swift: "Swift render (templates loaded beforehand)"
        case .snapshotEncode: "migration snapshot, encode (`MigrationSnapshot.text`)"
        case .snapshotDecode: "migration snapshot, decode (`MigrationSnapshot.decode`)"
        case .diff: "migration diff (`SchemaDiffer.diff`, a tenth of the tables without their last column)"
        case .check: "`check` path: `Generator.run(keepingOnlyChanges:)` + `FileWriter.changes`, on disk"
        }
    }
}

/// What a size's schema amounts to, so that a reader can tell the work behind the times.
struct SchemaStatistics: Sendable {
    var tables = 0
    var columns = 0
    var foreignKeys = 0
    var indexes = 0
    var yamlBytes = 0
    var errors = 0
    var warnings = 0
    var generatedFiles = 0
    var generatedBytes = 0
}

struct SizeReport: Sendable {
    /// The column heading: `1,000 tables`, `4 MiB comment`.
    var label: String
    /// The size of the comment of a `LargeCommentSchema`, to report the time per MiB; nil otherwise.
    var commentMebibytes: Int?
    var statistics: SchemaStatistics
    var timings: [Stage: Timing]
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
}

/// Times every stage on one synthetic schema, in memory, then the whole `check` path on a
/// temporary project on disk (removed afterwards).
struct SizeBenchmark: Sendable {
    var label: String
    var commentMebibytes: Int?
    var sources: SchemaSources
    var iterations: Int

    /// The schema of `SyntheticSchema`: `tables` ordinary tables.
    init(tables: Int, iterations: Int) {
        label = "\(grouped(tables)) tables"
        sources = SchemaSources(files: SyntheticSchema(tableCount: tables).files())
        self.iterations = iterations
    }

    /// The schema of `LargeCommentSchema`: one table with a comment of `commentMebibytes` MiB.
    init(commentMebibytes: Int, iterations: Int) {
        label = "\(grouped(commentMebibytes)) MiB comment"
        self.commentMebibytes = commentMebibytes
        sources = SchemaSources(files: LargeCommentSchema(mebibytes: commentMebibytes).files())
        self.iterations = iterations
    }

    func run() throws -> SizeReport {
        let config = Config()
        var statistics = SchemaStatistics()
        statistics.yamlBytes = sources.files.reduce(0) { $0 + $1.bytes.count }
        var timings: [Stage: Timing] = [:]

        let reader = YAMLReader()
        timings[.yamlRead] = try measure(iterations: iterations) {
            try sources.files.map { try reader.read($0.bytes, file: $0.path) }
        }

        let loader = SchemaLoader(config: config)
        timings[.load] = measure(iterations: iterations) { loader.load(sources) }
        let loaded = loader.load(sources)
        guard let schema = loaded.schema else {
            throw BenchError(description: "the synthetic schema does not load:\n" + describe(loaded.diagnostics))
        }

        let linter = Linter(settings: config.rules, naming: config.naming, targets: config.targets)
        timings[.lint] = measure(iterations: iterations) { linter.lint(schema) }
        let findings = loaded.diagnostics + linter.lint(schema)
        statistics.errors = findings.filter { $0.severity == .error }.count
        statistics.warnings = findings.filter { $0.severity == .warning }.count
        guard statistics.errors == 0 else {
            throw BenchError(description: "the synthetic schema has lint errors:\n" + describe(findings))
        }

        timings[.postgres] = try measure(iterations: iterations) { try PostgresRenderer(config: config).render(schema) }
        timings[.sqlite] = try measure(iterations: iterations) { try SQLiteRenderer(config: config).render(schema) }
        let templates = try TemplateSet.builtin()
        timings[.swift] = try measure(iterations: iterations) {
            try SwiftRenderer(config: config, templates: templates).render(schema)
        }

        // What every `generate` and `check` does for the migrations: read the last snapshot and
        // compare it with the schema; and what a run that plans one does: write the new snapshot.
        timings[.snapshotEncode] = measure(iterations: iterations) { MigrationSnapshot(schema: schema).text }
        let snapshotBytes = Array(MigrationSnapshot(schema: schema).text.utf8)
        timings[.snapshotDecode] = measure(iterations: iterations) { MigrationSnapshot.decode(snapshotBytes) }
        var edited = schema
        for index in edited.tables.indices where index % 10 == 0 && edited.tables[index].columns.count > 3 {
            let last = edited.tables[index].columns.removeLast()
            edited.tables[index].primaryKey = edited.tables[index].primaryKey.flatMap {
                $0.columns.contains(last.name) ? nil : $0
            }
        }
        timings[.diff] = measure(iterations: iterations) { SchemaDiffer.diff(from: edited, to: schema) }

        statistics.tables = schema.tables.count
        statistics.columns = schema.tables.reduce(0) { $0 + $1.columns.count }
        statistics.foreignKeys = schema.tables.reduce(0) { $0 + $1.foreignKeys.count }
        statistics.indexes = schema.tables.reduce(0) { $0 + $1.indexes.count }

        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "schemagen-bench-\(ProcessInfo.processInfo.processIdentifier)-\(label.filter { $0.isLetter || $0.isNumber })",
            isDirectory: true)
        try ProjectWriter.write(sources, to: root)
        defer { try? FileManager.default.removeItem(at: root) }
        let first = Generator(root: root).run()
        try first.writer(root: root).write(first.files)
        statistics.generatedFiles = first.files.count
        statistics.generatedBytes = first.files.reduce(0) { $0 + $1.contents.utf8.count }

        timings[.check] = measure(iterations: iterations) {
            let result = Generator(root: root).run(keepingOnlyChanges: true)
            return result.writer(root: root).changes(for: result.files, unchanged: result.unchangedPaths)
        }
        let again = Generator(root: root).run(keepingOnlyChanges: true)
        let changes = again.writer(root: root).changes(for: again.files, unchanged: again.unchangedPaths)
        guard changes.isEmpty, !again.diagnostics.hasErrors else {
            throw BenchError(description: "the project is not up to date after writing it: \(changes)")
        }
        return SizeReport(label: label, commentMebibytes: commentMebibytes, statistics: statistics, timings: timings)
    }

    private func describe(_ diagnostics: [Diagnostic]) -> String {
        DiagnosticFormatter.text(snippets: false, color: false).format(Array(diagnostics.prefix(20)), sources: [:])
    }
}
