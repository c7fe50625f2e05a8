import Foundation
import SchemagenCore
import Testing

@Suite struct RuleCatalogueTests {
    /// The ids of the conventions catalogue in the brief: the public contract.
    static let briefIDs = [
        "table-name", "column-name", "reserved-name", "primary-key", "fk-type", "fk-index", "fk-target",
        "fk-set-null", "fk-cycle", "timestamp-tz", "timestamps", "updated-at", "index-name", "status-index",
        "identifier-length", "portability", "swift-name", "destructive-change", "migration-integrity",
    ]

    static let ownIDs: Set = ["required-cycle", "fk-set-default"]

    @Test func catalogueHoldsTheBriefIDsAndTheExceptionBookkeeping() {
        #expect(
            RuleCatalogue.all.map(\.id).filter { !Self.ownIDs.contains($0) }
                == Self.briefIDs + ["exception-reason", "exception-unknown-rule", "exception-unused"])
        // Rules of schemagen's own: a cycle no row can enter one at a time (beside fk-cycle), and
        // set_default where the default cannot be stored (beside fk-set-null).
        #expect(Set(RuleCatalogue.all.map(\.id)).isSuperset(of: Self.ownIDs))
        #expect(Set(RuleCatalogue.all.map(\.id)).count == RuleCatalogue.all.count)
    }

    @Test func defaultSeveritiesFollowTheBrief() {
        let warnings = RuleCatalogue.all.filter { $0.defaultSeverity == .warning }.map(\.id)
        #expect(warnings == ["fk-cycle", "updated-at", "status-index", "swift-name", "exception-unused"])
    }

    @Test func everyRuleHasAOneLineSummary() {
        for rule in RuleCatalogue.all {
            #expect(!rule.summary.isEmpty && !rule.summary.contains("\n"), "\(rule.id)")
        }
    }

    @Test func suggestionFindsTheClosestID() {
        #expect(RuleCatalogue.suggestion(for: "fk-indx") == "fk-index")
        #expect(RuleCatalogue.suggestion(for: "completely-different") == nil)
    }

    @Test func rulesDocumentationCoversEveryRule() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/rules.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        for rule in RuleCatalogue.all {
            #expect(text.contains("### `\(rule.id)`"), "docs/rules.md has no section for \(rule.id)")
        }
        for rule in FormatRule.descriptors {
            #expect(
                text.contains("| <a id=\"\(rule.id)\"></a>`\(rule.id)` | \(rule.summary) |"),
                "docs/rules.md does not list the format check \(rule.id) with its summary")
        }
    }
}
