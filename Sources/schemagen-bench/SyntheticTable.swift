/// One table of a `SyntheticSchema`, as the YAML a person would write. Its shape follows from its
/// position alone: every twelfth table is a join table with a composite key, every third has the
/// `soft_delete` mixin, every tenth a self-reference (a tree), and the rest varies by column.
struct SyntheticTable: Sendable {
    var index: Int

    var name: String { SyntheticSchema.tableName(index) }
    var isJoinTable: Bool { index >= 2 && index % 12 == 11 }
    var hasSoftDelete: Bool { !isJoinTable && index % 3 == 2 }
    var isTree: Bool { !isJoinTable && index % 10 == 4 }

    /// Distinct earlier tables this one references: none for the first, then one to three.
    var referencedTables: [Int] {
        guard index > 0 else { return [] }
        let wanted = isJoinTable ? 2 : min(index, 1 + index % 3)
        var targets: [Int] = []
        // Join tables have no `id` to point at.
        for candidate in [index - 1, index - 2, index / 2, (index &* 7919) % index, (index &* 31) % index, 0]
        where candidate >= 0 && !SyntheticTable(index: candidate).isJoinTable && !targets.contains(candidate)
            && targets.count < wanted
        {
            targets.append(candidate)
        }
        return targets
    }

    var yaml: String {
        var lines = ["  \(name):"]
        lines.append(
            "    comment: Synthetic table \(index + 1); \(name.replacing("_", with: " ")) and what they refer to.")
        if isJoinTable {
            lines += joinTableBody
        } else {
            lines += entityTableBody
        }
        return lines.joined(separator: "\n") + "\n\n"
    }

    private var joinTableBody: [String] {
        let targets = referencedTables
        let left = SyntheticSchema.singular(targets[0]) + "_id"
        let right = SyntheticSchema.singular(targets[1]) + "_id"
        return [
            "    mixins: [timestamps]",
            "    primary_key: [\(left), \(right)]",
            "    columns:",
            "      \(left): { type: uuid, references: \(SyntheticSchema.tableName(targets[0])).id, on_delete: cascade }",
            // The key leads with the left column; the right one needs an index of its own.
            "      \(right): { type: uuid, references: \(SyntheticSchema.tableName(targets[1])).id, on_delete: cascade, index: true }",
            "      role: varchar(40)",
            "      position: { type: int, default: 0, check: \"position >= 0\" }",
            "      is_primary: { type: bool, default: false }",
            "      note: \"text?\"",
        ]
    }

    private var entityTableBody: [String] {
        var lines = ["    mixins: [\(hasSoftDelete ? "timestamps, soft_delete" : "timestamps")]", "    columns:"]
        lines += [
            "      id: { type: uuid, primary_key: true, default: uuid() }",
            "      code: { type: varchar(40), unique: true }",
            "      name: varchar(120)",
            "      status: { type: work_status, default: pending, index: true }",
        ]
        for (position, target) in referencedTables.enumerated() {
            let column = SyntheticSchema.singular(target) + "_id"
            let table = SyntheticSchema.tableName(target)
            // The second key of a table is optional and cleared when its row goes.
            if position == 1 {
                lines.append(
                    "      \(column): { type: \"uuid?\", references: \(table).id, on_delete: set_null, index: true }")
            } else {
                lines.append(
                    "      \(column): { type: uuid, references: \(table).id, on_delete: cascade, index: true }")
            }
        }
        if isTree {
            lines += [
                "      parent_id:",
                "        type: uuid?",
                "        references: \(name).id",
                "        on_delete: set_null",
                "        index: true",
                "        comment: The row this one sits under; null at the top.",
            ]
        }
        let fixed = 2 + (hasSoftDelete ? 1 : 0) + 4 + referencedTables.count + (isTree ? 1 : 0)
        let total = 8 + (index * 5) % 8
        // A step of 7 through 15 columns visits each once, so the extras are distinct.
        let chosen = (0..<max(0, total - fixed)).map {
            Self.extraColumns[(index + $0 * 7) % Self.extraColumns.count]
        }
        for extra in chosen { lines += extra.lines.map { "      " + $0 } }

        let names = Set(chosen.map(\.name))
        if names.contains("region") {
            lines += ["    unique:", "      - [name, region]"]
        }
        if names.contains("ends_at") {
            lines += ["    checks:", "      - expr: \"ends_at IS NULL OR ends_at > created_at\""]
        }
        lines += ["    indexes:", "      - columns: [status, created_at]"]
        if names.contains("settings"), index % 4 == 0 {
            lines += ["      - { columns: [settings], using: gin }"]
        }
        if hasSoftDelete {
            lines += ["      - columns: [name]", "        where: \"deleted_at IS NULL\""]
        }
        return lines
    }

    /// Columns that vary from table to table, with a check, a comment or a default here and there.
    struct Extra: Sendable {
        var name: String
        var lines: [String]
    }

    static let extraColumns: [Extra] = [
        Extra(name: "amount", lines: ["amount: { type: \"decimal(12,2)\", default: 0, check: \"amount >= 0\" }"]),
        Extra(name: "quantity", lines: ["quantity: { type: int, default: 1, check: \"quantity > 0\" }"]),
        Extra(name: "is_active", lines: ["is_active: { type: bool, default: true }"]),
        Extra(name: "notes", lines: ["notes:", "  type: text?", "  comment: Free-form notes kept for staff."]),
        Extra(name: "settings", lines: ["settings: { type: json, default: {} }"]),
        Extra(name: "priority", lines: ["priority: { type: priority_level, default: medium }"]),
        Extra(name: "starts_on", lines: ["starts_on: date?"]),
        Extra(
            name: "ends_at",
            lines: ["ends_at:", "  type: timestamptz?", "  comment: When it stops; null if open-ended."]),
        Extra(name: "score", lines: ["score: double?"]),
        Extra(name: "external_ref", lines: ["external_ref: varchar(100)?"]),
        Extra(name: "payload", lines: ["payload: bytes?"]),
        Extra(name: "region", lines: ["region: region_code"]),
        Extra(name: "sequence_number", lines: ["sequence_number: { type: bigint, default: 0 }"]),
        Extra(name: "email", lines: ["email:", "  type: varchar(255)?", "  comment: Where replies go, if anywhere."]),
        Extra(name: "rating", lines: ["rating: { type: \"smallint?\", check: \"rating BETWEEN 1 AND 5\" }"]),
    ]
}
