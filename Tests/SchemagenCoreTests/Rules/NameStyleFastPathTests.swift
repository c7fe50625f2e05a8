import Testing

@testable import SchemagenCore

/// `NameStyle.isPlural(snakeCase:)`, the byte pass every snake_case table name takes, answers as
/// `isPluralByWords`, the rule as first written, on random snake_case names made of plurals,
/// singulars, mass nouns (as words and inside compounds: `phase_history`, `audit_data`),
/// invariant and irregular nouns, and words with digits (`users_v2`, `events_2024`, all digits).
@Suite struct NameStyleFastPathTests {
    static let words = [
        "task", "tasks", "user", "users", "status", "statuses", "box", "boxes", "people", "person", "indices",
        "index", "criteria", "series", "species", "sheep", "history", "histories", "usage", "data", "metadata",
        "audit", "news", "memory", "agent", "phase", "category", "categories", "analysis", "analyses", "wolves",
        "v2", "2024", "x1y", "a", "ab", "s", "ss", "us", "is", "quizzes", "archives", "feedback", "staffs",
        "token", "onboarding", "mediums", "media",
    ]

    @Test func snakeCaseNamesArePluralAsTheWordsSay() {
        var random = Random(seed: 11)
        let plain = SwiftNames()
        let custom = SwiftNames(massNouns: ["task", "box", "usage", "token_usage", "v2"])
        var plurals = 0
        for _ in 0..<20_000 {
            let name = (0..<random.int(1...4)).map { _ in Self.words[random.int(0...(Self.words.count - 1))] }
                .joined(separator: "_")
            guard NameStyle.isSnakeCase(name) else { continue }
            for names in [plain, custom] {
                let fast = NameStyle.isPlural(snakeCase: name, names: names)
                #expect(fast == NameStyle.isPluralByWords(name, names: names), "\(name)")
                #expect(NameStyle.isPlural(name, names: names) == fast, "\(name)")
                if fast { plurals += 1 }
            }
        }
        #expect(plurals > 5_000)
    }

    @Test func otherNamesTakeTheWordsWay() {
        let names = SwiftNames()
        for name in ["Tasks", "task__items", "_tasks", "tasks_", "Café_Tasks", "2tasks", "user-tasks", ""] {
            #expect(NameStyle.isPlural(name, names: names) == NameStyle.isPluralByWords(name, names: names))
        }
    }
}
