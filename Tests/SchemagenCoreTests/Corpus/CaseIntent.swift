import Foundation
import SchemagenCore

/// What a corpus case is meant to show, written by hand in its `case.txt`:
///
///     # A table named in the singular.
///     expect: error table-name schema/projects.yaml:2:3
///     mixed
///     known-issue: why schemagen gets this case wrong today
///
/// Each `expect:` line is a finding the case must produce (severity, rule id, position). Without
/// `mixed`, the case must produce findings of the expected rules only, so a case that starts
/// tripping over another rule is noticed instead of silently re-recorded in `expected.txt`.
/// `known-issue:` marks a case that shows a bug not fixed yet: its `expected.txt` is written by
/// hand (what schemagen should print) and the test expects it to fail until the bug is fixed.
struct CaseIntent {
    struct Expectation: CustomStringConvertible {
        var severity: Diagnostic.Severity
        var rule: String
        var location: String

        var description: String { "\(location): \(severity.rawValue) [\(rule)]" }

        func matches(_ diagnostic: Diagnostic) -> Bool {
            diagnostic.severity == severity && diagnostic.rule == rule
                && diagnostic.location?.description == location
        }
    }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    var about = ""
    var expectations: [Expectation] = []
    var isMixed = false
    var knownIssue: String?

    init(parsing text: String) throws(ParseError) {
        for line in text.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) where !line.isEmpty {
            if line.hasPrefix("#") {
                if about.isEmpty { about = line.dropFirst().trimmingCharacters(in: .whitespaces) }
            } else if line == "mixed" {
                isMixed = true
            } else if line.hasPrefix("known-issue:") {
                knownIssue = line.dropFirst("known-issue:".count).trimmingCharacters(in: .whitespaces)
            } else if line.hasPrefix("expect:") {
                let words = line.dropFirst("expect:".count).split(separator: " ").map(String.init)
                guard words.count == 3, let severity = Diagnostic.Severity(rawValue: words[0]) else {
                    throw ParseError(description: "expected `expect: <severity> <rule-id> <file:line:col>`: \(line)")
                }
                expectations.append(Expectation(severity: severity, rule: words[1], location: words[2]))
            } else {
                throw ParseError(description: "unexpected line in case.txt: \(line)")
            }
        }
        if expectations.isEmpty { throw ParseError(description: "case.txt has no `expect:` line") }
    }

    var expectedRules: Set<String> { Set(expectations.map(\.rule)) }
    var expectsErrors: Bool { expectations.contains { $0.severity == .error } }
}
