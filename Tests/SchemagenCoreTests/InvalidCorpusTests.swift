import Foundation
import Testing

@testable import SchemagenCore

/// The corpus of invalid schemas, one folder each under `Fixtures/invalid/` (see docs/testing.md):
/// - `schema/*.yaml` (and optionally `schemagen.yaml`): the input, checked in as it is; or
///   `generate.txt`: a recipe that writes the input at test time (50 MB files, deep nesting, bytes
///   that are not UTF-8), so that the repository stays small;
/// - `case.txt`: what the case is about and the findings it must produce, written by hand;
/// - `expected.txt`: every finding exactly as `schemagen lint` prints it (no snippets, no colour).
///
/// `SCHEMAGEN_UPDATE_REFERENCES=1 swift test --filter InvalidCorpusTests` rewrites `expected.txt`;
/// read the diff before committing it. `case.txt` is never rewritten: it is the check on the check.
@Suite struct InvalidCorpusTests {
    static let corpusDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/invalid", isDirectory: true)

    static var allCases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: corpusDirectory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    static func isGenerated(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: folder(name).appendingPathComponent("generate.txt").path)
    }

    /// Cases whose input is checked in.
    static var writtenCases: [String] { allCases.filter { !isGenerated($0) } }
    /// Cases whose input a `generate.txt` recipe writes into a temporary project.
    static var generatedCases: [String] { allCases.filter(isGenerated) }

    static func folder(_ name: String) -> URL {
        corpusDirectory.appendingPathComponent(name, isDirectory: true)
    }

    /// Each case's own work must take less than a minute (`expectWithinAMinute`); the trait only
    /// ends a hang.
    @Test(.timeLimit(.minutes(10)), arguments: writtenCases)
    func writtenCase(_ name: String) throws {
        try check(name, projectRoot: Self.folder(name))
    }

    @Test(.timeLimit(.minutes(10)), arguments: generatedCases)
    func generatedCase(_ name: String) throws {
        let recipe = try CorpusRecipe(
            parsing: try String(contentsOf: Self.folder(name).appendingPathComponent("generate.txt"), encoding: .utf8))
        let project = try TemporaryProject()
        try recipe.write(into: project.root)
        try check(name, projectRoot: project.root)
    }

    @Test func theCorpusIsComplete() {
        #expect(Self.allCases.count >= 60)
        #expect(Self.generatedCases.count >= 3)
        for name in Self.allCases {
            let folder = Self.folder(name)
            let hasInput = ["schema", "schemagen.yaml", "generate.txt"].contains {
                FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path)
            }
            #expect(hasInput, "\(name) has no schema/, schemagen.yaml or generate.txt")
            #expect(
                FileManager.default.fileExists(atPath: folder.appendingPathComponent("case.txt").path),
                "\(name) has no case.txt")
        }
    }

    /// Every id the corpus shows is described for SARIF and `docs/rules.md`, so a code-scanning
    /// service never meets a rule it knows nothing about.
    @Test func everyReportedRuleIsDescribed() throws {
        let described = Set((RuleCatalogue.all + FormatRule.descriptors).map(\.id))
        var reported: Set<String> = []
        for name in Self.allCases {
            let url = Self.folder(name).appendingPathComponent("expected.txt")
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") where line.hasSuffix("]") {
                guard let open = line.lastIndex(of: "[") else { continue }
                reported.insert(String(line[line.index(after: open)..<line.index(before: line.endIndex)]))
            }
        }
        #expect(reported.count >= 30)
        #expect(reported.subtracting(described).sorted() == [])
    }

    @Test func theRecipeLanguage() throws {
        let recipe = try CorpusRecipe(parsing: "# c\nfile schema/a.yaml\n\"a\\x00\\n\" * 2\n\"\\\"\\\\\"\n")
        #expect(recipe.files.count == 1)
        #expect(recipe.files.first?.path == "schema/a.yaml")
        #expect(recipe.files.first?.bytes == [0x61, 0x00, 0x0A, 0x61, 0x00, 0x0A, 0x22, 0x5C])
        #expect(throws: CorpusRecipe.ParseError.self) { try CorpusRecipe(parsing: "\"a\"\n") }
        #expect(throws: CorpusRecipe.ParseError.self) { try CorpusRecipe(parsing: "file ../x\n\"a\"\n") }
        #expect(throws: CorpusRecipe.ParseError.self) { try CorpusRecipe(parsing: "file a\n\"a\" * x\n") }
    }

    /// Runs the whole pipeline on the case's project and holds the findings against the case's
    /// intent and its recorded `expected.txt`.
    private func check(_ name: String, projectRoot: URL) throws {
        let folder = Self.folder(name)
        let intent = try CaseIntent(
            parsing: try String(contentsOf: folder.appendingPathComponent("case.txt"), encoding: .utf8))
        let diagnostics = expectWithinAMinute(name) { Generator(root: projectRoot).run().diagnostics }
        guard let knownIssue = intent.knownIssue else {
            try compare(name, diagnostics, with: intent)
            return
        }
        // Fails until the bug is fixed; then this reports that the known issue is gone, and the
        // `known-issue:` line should go.
        withKnownIssue(Comment(rawValue: knownIssue)) {
            try compare(name, diagnostics, with: intent)
        }
    }

    private func compare(_ name: String, _ diagnostics: [Diagnostic], with intent: CaseIntent) throws {
        let folder = Self.folder(name)

        #expect(!diagnostics.isEmpty, "\(name): no finding at all")
        for diagnostic in diagnostics where diagnostic.location == nil {
            Issue.record("\(name): a finding without a position: \(diagnostic)")
        }
        for expectation in intent.expectations where !diagnostics.contains(where: expectation.matches) {
            Issue.record("\(name): expected \(expectation); got\n\(CorpusReport.text(diagnostics))")
        }
        #expect(
            diagnostics.hasErrors == intent.expectsErrors,
            "\(name): \(intent.expectsErrors ? "errors expected" : "warnings only expected")")
        if !intent.isMixed {
            for diagnostic in diagnostics where !intent.expectedRules.contains(diagnostic.rule) {
                Issue.record("\(name): a finding of another rule (mark the case `mixed` if meant): \(diagnostic)")
            }
        }

        let actual = CorpusReport.text(diagnostics)
        let expectedURL = folder.appendingPathComponent("expected.txt")
        // A known issue's expected.txt says what schemagen should print: never overwrite it.
        if ProcessInfo.processInfo.environment["SCHEMAGEN_UPDATE_REFERENCES"] == "1", intent.knownIssue == nil {
            try Data(actual.utf8).write(to: expectedURL)
            return
        }
        let expected = FileManager.default.contents(atPath: expectedURL.path).map {
            String(decoding: $0, as: UTF8.self)
        }
        guard let expected else {
            Issue.record("\(name): no expected.txt; run with SCHEMAGEN_UPDATE_REFERENCES=1 to write it")
            return
        }
        if expected != actual {
            Issue.record(
                Comment(
                    rawValue: "\(name): findings differ from expected.txt\n"
                        + LineDiff.render(expected: expected, actual: actual)))
        }
    }
}

/// The corpus records findings as the CLI prints them; one function, so that following a change in
/// the CLI's text output is one line here.
enum CorpusReport {
    static func text(_ diagnostics: [Diagnostic]) -> String {
        DiagnosticFormatter.text(snippets: false, color: false).format(diagnostics)
    }
}
