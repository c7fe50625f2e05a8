import Foundation
import Testing

@testable import SchemagenCore

/// End-to-end reference cases, one folder each (as in sqlc): `Fixtures/cases/<name>/` holds the
/// input (`schema/`, optionally `schemagen.yaml`) and `expected/`, the whole output directory.
/// A case passes when the generator produces exactly those files, byte for byte.
///
/// `SCHEMAGEN_UPDATE_REFERENCES=1 swift test --filter ReferenceCaseTests` rewrites `expected/`;
/// review the diff before committing it.
@Suite struct ReferenceCaseTests {
    static let casesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/cases", isDirectory: true)

    static var caseNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: casesDirectory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test(arguments: caseNames)
    func referenceCase(_ name: String) throws {
        let root = Self.casesDirectory.appendingPathComponent(name, isDirectory: true)
        let result = Generator(root: root, outputOverride: "expected").run()
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.map(\.description))")

        let writer = result.writer(root: root)
        if ProcessInfo.processInfo.environment["SCHEMAGEN_UPDATE_REFERENCES"] == "1" {
            try writer.write(result.files)
            return
        }
        for change in writer.changes(for: result.files) {
            let relative = String(change.path.dropFirst("expected/".count))
            let expected = FileManager.default.contents(atPath: root.appendingPathComponent(change.path).path)
                .map { String(decoding: $0, as: UTF8.self) }
            let actual = result.files.first { $0.path == relative }?.contents
            Issue.record(
                Comment(
                    rawValue: "\(name): \(change)\n" + LineDiff.render(expected: expected ?? "", actual: actual ?? "")))
        }
    }

    @Test func thereAreCases() {
        #expect(Self.caseNames.count >= 3)
    }
}

/// A readable line diff for failed reference comparisons: only the lines that differ, with numbers.
enum LineDiff {
    static func render(expected: String, actual: String, limit: Int = 40) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var lines: [String] = []
        for index in 0..<max(old.count, new.count) where lines.count < limit {
            let before = index < old.count ? String(old[index]) : nil
            let after = index < new.count ? String(new[index]) : nil
            guard before != after else { continue }
            if let before { lines.append(String(format: "%5d - %@", index + 1, before)) }
            if let after { lines.append(String(format: "%5d + %@", index + 1, after)) }
        }
        return lines.joined(separator: "\n")
    }
}
