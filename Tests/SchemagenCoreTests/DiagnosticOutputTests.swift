import Foundation
import SchemagenCore
import Testing

@Suite struct DiagnosticOutputTests {
    typealias Location = SchemagenCore.SourceLocation

    static let source = """
        tables:
          tasks:
            columns:
              metadata: json?
        \tstatus: text
        """

    static let reserved = Diagnostic.error(
        "column 'metadata' is a reserved name", rule: "reserved-name",
        at: Location(file: "schema/tasks.yaml", line: 4, column: 7), length: 8,
        fixes: ["rename it to 'task_metadata' (keep the data with `renamed_from: metadata`)"],
        notes: [
            .init("the list is conventions.reserved_names", at: Location(file: "schemagen.yaml", line: 9, column: 3))
        ])

    static let statusWarning = Diagnostic.warning(
        "status column 'status' has no index", rule: "status-index",
        at: Location(file: "schema/tasks.yaml", line: 5, column: 2), length: 6)

    static let unplaced = Diagnostic.error(
        "schema directory 'schema' does not exist", rule: "io", at: nil, notes: [.init("run from the package root")])

    static let sources = ["schema/tasks.yaml": source]

    // MARK: Text

    @Test func textWithoutSnippetsIsTheCompilerForm() {
        let text = DiagnosticFormatter.text(snippets: false, color: false).format(
            [Self.reserved, Self.unplaced], sources: Self.sources)
        #expect(
            text == """
                schema/tasks.yaml:4:7: error: column 'metadata' is a reserved name [reserved-name]
                  fix: rename it to 'task_metadata' (keep the data with `renamed_from: metadata`)
                schemagen.yaml:9:3: note: the list is conventions.reserved_names
                error: schema directory 'schema' does not exist [io]
                note: run from the package root

                """)
    }

    @Test func snippetShowsTheLineAndUnderlinesTheLength() {
        let text = DiagnosticFormatter.text(snippets: true, color: false).format([Self.reserved], sources: Self.sources)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[1] == "      metadata: json?")
        #expect(lines[2] == "      ^~~~~~~~")
        #expect(lines[3].hasPrefix("  fix: "))
    }

    @Test func caretKeepsTabsSoItLinesUp() {
        let text = DiagnosticFormatter.text(snippets: true, color: false).format(
            [Self.statusWarning], sources: Self.sources)
        #expect(
            text == """
                schema/tasks.yaml:5:2: warning: status column 'status' has no index [status-index]
                \tstatus: text
                \t^~~~~~

                """)
    }

    @Test func caretStopsAtTheEndOfTheLine() {
        let long = Diagnostic.error(
            "x", rule: "r", at: Location(file: "a.yaml", line: 1, column: 4), length: 50)
        let text = DiagnosticFormatter.text(snippets: true, color: false).format(
            [long], sources: ["a.yaml": "ab: cd\r\nnext"])
        #expect(text == "a.yaml:1:4: error: x [r]\nab: cd\n   ^~~\n")
    }

    @Test func snippetNeedsTheSourceAndAnExistingLine() {
        let formatter = DiagnosticFormatter.text(snippets: true, color: false)
        let plain = DiagnosticFormatter.text(snippets: false, color: false)
        #expect(formatter.format([Self.reserved], sources: [:]) == plain.format([Self.reserved]))
        let pastTheEnd = Diagnostic.error("x", rule: "r", at: Location(file: "a.yaml", line: 9, column: 1))
        #expect(formatter.format([pastTheEnd], sources: ["a.yaml": "one line"]) == "a.yaml:9:1: error: x [r]\n")
        var asked: [String] = []
        _ = formatter.format([Self.reserved, Self.statusWarning]) { path in
            asked.append(path)
            return nil
        }
        #expect(asked == ["schema/tasks.yaml"])
    }

    @Test func colorOnlyWhenAsked() {
        let diagnostics = [Self.reserved, Self.statusWarning]
        let plain = DiagnosticFormatter.text(snippets: true, color: false).format(diagnostics, sources: Self.sources)
        let colored = DiagnosticFormatter.text(snippets: true, color: true).format(diagnostics, sources: Self.sources)
        #expect(!plain.contains("\u{1B}["))
        #expect(colored.contains("\u{1B}[1;31merror:\u{1B}[0m"))
        #expect(colored.contains("\u{1B}[1;35mwarning:\u{1B}[0m"))
        let stripped = colored.replacing(/\x{1B}\[[0-9;]*m/, with: "")
        #expect(stripped == plain)
    }

    // MARK: JSON

    static func object(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let text = DiagnosticFormatter.json.format([Self.reserved, Self.statusWarning, Self.unplaced])
        let document = try Self.object(text)
        #expect(document["version"] as? Int == 1)
        #expect(Set(document.keys) == ["version", "diagnostics", "summary"])
        let summary = try #require(document["summary"] as? [String: Int])
        #expect(summary == ["errors": 2, "warnings": 1, "notes": 0])
        let entries = try #require(document["diagnostics"] as? [[String: Any]])
        #expect(entries.count == 3)
        let first = entries[0]
        #expect(first["file"] as? String == "schema/tasks.yaml")
        #expect(first["line"] as? Int == 4)
        #expect(first["column"] as? Int == 7)
        #expect(first["endColumn"] as? Int == 15)
        #expect(first["severity"] as? String == "error")
        #expect(first["rule"] as? String == "reserved-name")
        #expect(first["message"] as? String == "column 'metadata' is a reserved name")
        #expect(first["fixes"] as? [String] == Self.reserved.fixes)
        let note = try #require((first["notes"] as? [[String: Any]])?.first)
        #expect(note["file"] as? String == "schemagen.yaml")
        #expect(note["line"] as? Int == 9)
        #expect(note["message"] as? String == "the list is conventions.reserved_names")
        let unplaced = entries[2]
        #expect(unplaced["file"] == nil && unplaced["line"] == nil && unplaced["endColumn"] == nil)
        #expect(unplaced["rule"] as? String == "io")
    }

    @Test func jsonIsStableAndSorted() {
        let diagnostics = [Self.reserved, Self.statusWarning]
        let text = DiagnosticFormatter.json.format(diagnostics)
        #expect(text == DiagnosticFormatter.json.format(diagnostics))
        #expect(text.hasSuffix("}\n"))
        let keys = ["\"column\"", "\"endColumn\"", "\"file\"", "\"fixes\"", "\"line\"", "\"message\"", "\"notes\""]
        let positions = keys.compactMap { text.range(of: $0)?.lowerBound }
        #expect(positions.count == keys.count && positions == positions.sorted())
        #expect(text.contains("\"file\" : \"schema/tasks.yaml\""))  // slashes are not escaped
    }

    @Test func emptyJSONStillHasASummary() throws {
        let document = try Self.object(DiagnosticFormatter.json.format([]))
        #expect((document["diagnostics"] as? [Any])?.isEmpty == true)
        #expect(document["summary"] as? [String: Int] == ["errors": 0, "warnings": 0, "notes": 0])
    }

    // MARK: SARIF

    static func sarifRun(_ diagnostics: [Diagnostic], formatter: DiagnosticFormatter = .sarif) throws -> (
        log: [String: Any], run: [String: Any]
    ) {
        let log = try object(formatter.format(diagnostics))
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        return (log, run)
    }

    @Test func colourOnlyOnATerminalAndNeverWithNoColor() {
        #expect(DiagnosticFormatter.allowsColor(onTerminal: true, environment: [:]))
        #expect(DiagnosticFormatter.allowsColor(onTerminal: true, environment: ["NO_COLOR": ""]))
        #expect(!DiagnosticFormatter.allowsColor(onTerminal: true, environment: ["NO_COLOR": "1"]))
        #expect(!DiagnosticFormatter.allowsColor(onTerminal: false, environment: [:]))
    }

    @Test func sarifLogHasOneRunOfSchemagen() throws {
        var formatter = DiagnosticFormatter.sarif
        formatter.toolVersion = "1.2.3"
        formatter.informationURI = "https://example.com/schemagen"
        let (log, run) = try Self.sarifRun([Self.reserved], formatter: formatter)
        #expect(log["$schema"] as? String == "https://json.schemastore.org/sarif-2.1.0.json")
        #expect(log["version"] as? String == "2.1.0")
        #expect((log["runs"] as? [Any])?.count == 1)
        #expect(run["columnKind"] as? String == "unicodeCodePoints")
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "schemagen")
        #expect(driver["version"] as? String == "1.2.3")
        #expect(driver["informationUri"] as? String == "https://example.com/schemagen")
    }

    @Test func sarifRulesAreTheCatalogue() throws {
        let (_, run) = try Self.sarifRun([])
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let described = RuleCatalogue.all + FormatRule.descriptors
        #expect(rules.compactMap { $0["id"] as? String } == described.map(\.id))
        for (rule, descriptor) in zip(rules, described) {
            #expect((rule["shortDescription"] as? [String: String])?["text"] == descriptor.summary)
            // GitHub code scanning asks for a full description and help text on every rule.
            let full = try #require((rule["fullDescription"] as? [String: String])?["text"])
            #expect(full.hasPrefix(descriptor.summary) && full.count > descriptor.summary.count)
            let help = try #require(rule["help"] as? [String: String])
            #expect(help["text"]?.contains(descriptor.id) == true && help["markdown"] != nil)
            #expect(
                (rule["defaultConfiguration"] as? [String: String])?["level"] == descriptor.defaultSeverity.rawValue)
        }
        #expect(Set(described.map(\.id)).count == described.count)
        #expect((run["results"] as? [Any])?.isEmpty == true)
    }

    @Test func sarifResultPointsAtItsRuleAndPlace() throws {
        let (_, run) = try Self.sarifRun([Self.reserved, Self.statusWarning])
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 2)
        let result = results[0]
        #expect(result["ruleId"] as? String == "reserved-name")
        let ruleIndex = try #require(result["ruleIndex"] as? Int)
        #expect(rules[ruleIndex]["id"] as? String == "reserved-name")
        #expect(result["level"] as? String == "error")
        #expect(results[1]["level"] as? String == "warning")
        let message = try #require((result["message"] as? [String: String])?["text"])
        #expect(
            message
                == "column 'metadata' is a reserved name\nfix: rename it to 'task_metadata' (keep the data with `renamed_from: metadata`)"
        )
        let location = try #require((result["locations"] as? [[String: Any]])?.first)
        let physical = try #require(location["physicalLocation"] as? [String: Any])
        let artifact = try #require(physical["artifactLocation"] as? [String: String])
        #expect(artifact == ["uri": "schema/tasks.yaml", "uriBaseId": "%SRCROOT%"])
        let region = try #require(physical["region"] as? [String: Int])
        #expect(region == ["startLine": 4, "startColumn": 7, "endColumn": 15])
        let related = try #require((result["relatedLocations"] as? [[String: Any]])?.first)
        #expect((related["message"] as? [String: String])?["text"] == "the list is conventions.reserved_names")
        #expect(related["id"] as? Int == 0)
    }

    @Test func sarifAddsRulesOutsideTheCatalogueAndKeepsUnplacedResults() throws {
        let note = Diagnostic(
            .note, "just saying", rule: "plugin-check", at: Location(file: "my schema/a.yaml", line: 2, column: 1))
        let (_, run) = try Self.sarifRun([Self.unplaced, note])
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let described = RuleCatalogue.all + FormatRule.descriptors
        #expect(rules.count == described.count + 1)
        #expect(rules.last?["id"] as? String == "plugin-check")
        #expect(rules.last?["help"] != nil)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results[0]["locations"] == nil)
        #expect(results[0]["ruleIndex"] as? Int == described.firstIndex { $0.id == "io" })
        #expect(results[1]["ruleIndex"] as? Int == described.count)
        #expect(
            (results[0]["message"] as? [String: String])?["text"]
                == "schema directory 'schema' does not exist\nnote: run from the package root")
        #expect(results[1]["level"] as? String == "note")
        let uri =
            (((results[1]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?[
                "artifactLocation"] as? [String: String])?["uri"]
        #expect(uri == "my%20schema/a.yaml")
    }

    // MARK: Summary

    @Test func summaryCountsBySeverity() {
        let summary = DiagnosticSummary([Self.reserved, Self.statusWarning, Self.unplaced])
        #expect(summary.errors == 2 && summary.warnings == 1 && summary.notes == 0)
        #expect(summary.description == "2 errors, 1 warning")
        #expect(DiagnosticSummary([]).description == "")
    }
}
