import Foundation
import Testing

@testable import SchemagenCore

/// The seeds' own schemas, end to end: each folder of `Fixtures/seeds/` is a small project
/// (`schema/`, optionally `schemagen.yaml`) with `expected.txt`, the findings one per line as
/// `path:line:col: severity: message [rule-id]`. Seed 002's tables as the seed writes them must
/// give exactly the findings that seeds 000 and 003 imply; seed 003's model template and seed
/// 000's tables must give none. `Fixtures/seeds/README.md` justifies every expected finding.
///
/// `SCHEMAGEN_UPDATE_REFERENCES=1 swift test --filter SeedConformanceTests` rewrites the
/// `expected.txt` files; review the diff against the README before committing it.
@Suite struct SeedConformanceTests {
    static let seedsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/seeds", isDirectory: true)

    static var caseNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: seedsDirectory.path)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            let path = seedsDirectory.appendingPathComponent(name).path
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }

    static func root(_ name: String) -> URL {
        seedsDirectory.appendingPathComponent(name, isDirectory: true)
    }

    /// The findings as the CLI prints them without snippets or colour, one line each: the fixes
    /// and notes are the rules' own tests' business, the findings are this suite's.
    static func findingsText(_ diagnostics: [Diagnostic]) -> String {
        let headers = diagnostics.map { diagnostic in
            var header = diagnostic
            header.fixes = []
            header.notes = []
            return header
        }
        return DiagnosticFormatter.text(snippets: false, color: false).format(headers)
    }

    @Test(arguments: caseNames)
    func findingsAreExactlyTheExpectedOnes(_ name: String) throws {
        let root = Self.root(name)
        let result = Generator(root: root).run()
        let actual = Self.findingsText(result.diagnostics)
        let expectedURL = root.appendingPathComponent("expected.txt")
        if ProcessInfo.processInfo.environment["SCHEMAGEN_UPDATE_REFERENCES"] == "1" {
            try Data(actual.utf8).write(to: expectedURL)
            return
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        if actual != expected {
            Issue.record(
                Comment(
                    rawValue: "\(name): the findings differ from expected.txt (- expected, + actual):\n"
                        + SwiftFixtures.lineDiff(expected, actual)))
        }
    }

    @Test func thereAreTheThreeCases() {
        #expect(Self.caseNames == ["seed-000-tables", "seed-002-as-written", "seed-003-template"])
    }

    /// Seed 002 as written breaks conventions that are errors, so nothing would be generated.
    @Test func seed002AsWrittenStopsGeneration() {
        let result = Generator(root: Self.root("seed-002-as-written")).run()
        #expect(result.schema != nil, "the transcription itself must be valid format v1")
        #expect(result.diagnostics.hasErrors)
        #expect(result.files.isEmpty)
        // Only convention findings: a format error would mean the transcription is wrong.
        let ruleIDs = Set(RuleCatalogue.all.map(\.id))
        #expect(result.diagnostics.allSatisfy { ruleIDs.contains($0.rule) }, "\(result.diagnostics)")
    }

    /// The case leaves out the Swift target (seed 002 is Postgres with an SQLite MVP). With it, the
    /// only additions are the two Swift type names the README mentions.
    @Test func seed002WithSwiftAddsOnlyTheShadowedTypeNames() {
        let root = Self.root("seed-002-as-written")
        let sqlOnly = Generator(root: root).run().diagnostics
        let all = Generator(root: root, targetsOverride: Set(Config.Target.allCases)).run().diagnostics
        let added = all.filter { !sqlOnly.contains($0) }
        #expect(all.count == sqlOnly.count + added.count)
        #expect(added.map(\.rule) == ["swift-name", "swift-name"])
        #expect(
            added.map(\.message).allSatisfy { $0.hasPrefix("table 'tasks'") || $0.hasPrefix("table 'notifications'") })
    }

    /// Seed 003's template and seed 000's tables keep every convention: no findings at all, and
    /// every target renders, with every table in the DDL.
    @Test(arguments: ["seed-003-template", "seed-000-tables"])
    func conformingSeedGenerates(_ name: String) throws {
        let result = Generator(root: Self.root(name)).run()
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
        let schema = try #require(result.schema)
        let paths = Set(result.files.map(\.path))
        #expect(result.config.targets == Set(Config.Target.allCases))
        for dialect in ["postgres", "sqlite"] {
            let ddl = try #require(result.files.first { $0.path == "\(dialect)/schema.sql" }, "\(dialect)")
            for table in schema.tables {
                #expect(ddl.contents.contains("CREATE TABLE \(table.name) ("), "\(dialect): \(table.name)")
            }
        }
        let names = SwiftNames(config: result.config)
        for table in schema.tables {
            #expect(paths.contains("swift/\(names.typeName(for: table)).swift"), "\(table.name)")
        }
    }
}
