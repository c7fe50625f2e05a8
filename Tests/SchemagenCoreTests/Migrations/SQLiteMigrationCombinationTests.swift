import Testing

@testable import SchemagenCore

/// Edits of `SQLiteMigrationTests.base` combined at random (with a fixed seed, so a failure
/// replays), each combination proven like a single change: the order in which one migration
/// renames, rebuilds, drops and creates several tables is where combined changes go wrong.
@Suite struct SQLiteMigrationCombinationTests {
    /// One edit of the base schema: replacements applied in order, or nothing when one of them no
    /// longer finds its text (an earlier edit of the combination changed it).
    struct Edit: Sendable, CustomStringConvertible {
        var description: String
        var replacements: [(String, String)]

        func apply(_ text: String) -> String? {
            var result = text
            for (old, new) in replacements {
                guard result.contains(old) else { return nil }
                result = result.replacing(old, with: new)
            }
            return result
        }
    }

    static let edits: [Edit] = [
        Edit(
            description: "rename projects",
            replacements: [
                ("  projects:\n", "  boards:\n    renamed_from: projects\n"),
                ("references: projects.id", "references: boards.id"),
            ]),
        Edit(description: "rename tasks", replacements: [("  tasks:\n", "  jobs:\n    renamed_from: tasks\n")]),
        Edit(
            description: "add a table",
            replacements: [
                (
                    "tables:\n",
                    "tables:\n  labels:\n    columns:\n      id: { type: int, primary_key: true, identity: true }\n"
                        + "      owner_id: { type: uuid?, references: users.id, on_delete: set_null, index: true }\n"
                        + "      name: text\n"
                )
            ]),
        Edit(
            description: "rename users.id",
            replacements: [
                (
                    "      id: { type: uuid, primary_key: true, default: uuid() }\n",
                    "      uid: { type: uuid, primary_key: true, default: uuid(), renamed_from: id }\n"
                ),
                ("references: users.id", "references: users.uid"),
            ]),
        Edit(
            description: "add tasks.priority",
            replacements: [
                (
                    "      done: { type: bool, default: false }\n",
                    "      done: { type: bool, default: false }\n      priority: { type: int, default: 0 }\n"
                )
            ]),
        Edit(
            description: "default of done",
            replacements: [("done: { type: bool, default: false }", "done: { type: bool, default: true }")]),
        Edit(description: "drop note", replacements: [("      note: text?\n", "")]),
        Edit(
            description: "note NOT NULL",
            replacements: [("      note: text?\n", "      note: { type: text, default: \"\" }\n")]),
        Edit(
            description: "rename note",
            replacements: [("      note: text?\n", "      remark: { type: text?, renamed_from: note }\n")]),
        Edit(
            description: "add an enum value",
            replacements: [
                ("status: [draft, active, done, archived]", "status: [draft, active, blocked, done, archived]")
            ]),
        Edit(
            description: "remove an enum value",
            replacements: [("status: [draft, active, done, archived]", "status: [draft, active, done]")]),
        Edit(
            description: "rename tasks.status",
            replacements: [("      status: status\n", "      state: { type: status, renamed_from: status }\n")]),
        Edit(
            description: "reviewer set_null",
            replacements: [
                (
                    "reviewer_id: { type: uuid?, references: users.id, index: true }",
                    "reviewer_id: { type: uuid?, references: users.id, on_delete: set_null, index: true }"
                )
            ]),
        Edit(
            description: "drop the reviewer key",
            replacements: [
                (
                    "reviewer_id: { type: uuid?, references: users.id, index: true }",
                    "reviewer_id: { type: uuid?, index: true }"
                )
            ]),
        Edit(
            description: "default of users.name",
            replacements: [
                ("      name: text\n    indexes:", "      name: { type: text, default: anonymous }\n    indexes:")
            ]),
        Edit(
            description: "email not unique",
            replacements: [("      email: { type: varchar(255), unique: true }\n", "      email: varchar(255)\n")]),
        Edit(description: "budget as text", replacements: [("budget: { type: int?,", "budget: { type: text?,")]),
        Edit(description: "drop the budget check", replacements: [(", check: \"budget >= 0\" }", " }")]),
        Edit(
            description: "partial index",
            replacements: [("where: \"status <> 'done'\"", "where: \"status <> 'archived'\"")]),
        Edit(
            description: "expression index",
            replacements: [
                ("      - columns: [\"lower(name)\"]\n", "      - columns: [\"lower(email)\"]\n        unique: true\n")
            ]),
        Edit(
            description: "auto_update off on tasks",
            replacements: [
                (
                    "      updated_at: { type: timestamptz, default: now(), auto_update: true }\n    checks:",
                    "      updated_at: { type: timestamptz, default: now() }\n    checks:"
                )
            ]),
        Edit(
            description: "rename projects.title",
            replacements: [
                ("      title: varchar(100)\n", "      heading: { type: varchar(100), renamed_from: title }\n"),
                ("      - columns: [title]\n", "      - columns: [heading]\n"),
            ]),
        Edit(
            description: "rename tasks.assignee_id",
            replacements: [
                ("      assignee_id: { type", "      owner_id: { renamed_from: assignee_id, type"),
                ("reviewer_id <> assignee_id", "reviewer_id <> owner_id"),
            ]),
        Edit(
            description: "drop projects.budget",
            replacements: [("      budget: { type: int?, check: \"budget >= 0\" }\n", "")]),
        Edit(
            description: "budget NOT NULL",
            replacements: [("budget: { type: int?,", "budget: { type: int, default: 0,")]),
        Edit(
            description: "add users.seen_at",
            replacements: [
                (
                    "      nickname: text?\n",
                    "      nickname: text?\n      seen_at: { type: timestamptz?, auto_update: true }\n"
                )
            ]),
    ]

    /// SplitMix64: small, and the same sequence on every platform.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Combinations of two to five edits, applied in the list's order.
    static func combinations(count: Int, seed: UInt64) -> [[Int]] {
        var generator = SeededGenerator(state: seed)
        var result: [[Int]] = []
        var attempts = 0
        while result.count < count && attempts < count * 20 {
            attempts += 1
            let size = Int.random(in: 2...5, using: &generator)
            let picked = Array((0..<edits.count).shuffled(using: &generator).prefix(size)).sorted()
            guard !result.contains(picked), edited(picked) != nil else { continue }
            result.append(picked)
        }
        return result
    }

    static func edited(_ picked: [Int]) -> String? {
        var text = SQLiteMigrationTests.base
        for index in picked {
            guard let next = edits[index].apply(text) else { return nil }
            text = next
        }
        return text
    }

    @Test(arguments: combinations(count: 60, seed: 8))
    func combinedEdits(_ picked: [Int]) throws {
        let new = try #require(Self.edited(picked))
        let names = picked.map { Self.edits[$0].description }
        let proof = try SQLiteMigrationProof(from: SQLiteMigrationTests.base, to: new)
        defer { proof.removeFiles() }
        try proof.prove(rows: SQLiteMigrationTests.rows)
        // One rebuild per table at most.
        for table in proof.diff.to.tables {
            let rebuilds = proof.up.components(separatedBy: "-- Rebuild \(table.name) (").count - 1
            #expect(rebuilds <= 1, "\(names): \(table.name) rebuilt \(rebuilds) times")
        }
    }
}
