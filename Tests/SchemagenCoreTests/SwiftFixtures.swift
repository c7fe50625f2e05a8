import Foundation
import Testing

@testable import SchemagenCore

/// Hand-built schemas for the Swift renderer's tests, and the reference files they must render to.
enum SwiftFixtures {
    static func at(_ file: String, _ line: Int, _ column: Int = 3) -> SchemagenCore.SourceLocation {
        SchemagenCore.SourceLocation(file: file, line: line, column: column)
    }

    static func column(
        _ name: String, _ type: ColumnType, nullable: Bool = false, comment: String? = nil, file: String,
        line: Int
    ) -> Column {
        Column(name: name, type: type, isNullable: nullable, comment: comment, location: at(file, line, 7))
    }

    static func key(_ table: String, _ columns: String..., file: String, line: Int) -> PrimaryKey {
        PrimaryKey(name: "pk_\(table)", columns: columns, location: at(file, line))
    }

    static func inline(_ values: String...) -> ColumnType {
        .enumeration(.inline(values: values))
    }

    /// A column of the named enum `name`, whose values are the schema's `enums`' to give.
    static func named(_ name: String) -> ColumnType {
        .enumeration(.named(name: name))
    }

    static func timestamps(file: String) -> [Column] {
        [
            Column(
                name: "created_at", type: .timestamptz, defaultValue: .now, mixin: "timestamps", location: at(file, 4)),
            Column(
                name: "updated_at", type: .timestamptz, defaultValue: .now, autoUpdate: true, mixin: "timestamps",
                location: at(file, 5)),
        ]
    }

    // MARK: Cases

    /// The format page's example: a named enum, a mixin, comments, a JSON column, a foreign key.
    static let agents: Schema = {
        let file = "schema/agents.yaml"
        let projects = Table(
            name: "projects",
            columns: timestamps(file: file) + [
                Column(name: "id", type: .uuid, defaultValue: .uuid, location: at(file, 30)),
                column("name", .text, file: file, line: 31),
            ],
            primaryKey: key("projects", "id", file: file, line: 30), file: file, location: at(file, 28))
        let agents = Table(
            name: "agents",
            columns: timestamps(file: file) + [
                Column(name: "id", type: .uuid, defaultValue: .uuid, location: at(file, 14)),
                column(
                    "name", .varchar(length: 50), comment: "Display name, unique within a project.", file: file,
                    line: 15),
                column("agent_kind", named("agent_kind"), file: file, line: 16),
                Column(name: "model_config", type: .json, defaultValue: .json("{}"), location: at(file, 17)),
                column("system_prompt", .text, nullable: true, file: file, line: 18),
                Column(name: "is_active", type: .bool, defaultValue: .bool(true), location: at(file, 19)),
                column("project_id", .uuid, nullable: true, file: file, line: 20),
            ],
            primaryKey: key("agents", "id", file: file, line: 14),
            foreignKeys: [
                ForeignKey(
                    name: "fk_agents_project_id", columns: ["project_id"], referencedTable: "projects",
                    referencedColumns: ["id"], onDelete: .cascade, location: at(file, 20))
            ],
            comment:
                "Registered agent instances.\n\nOne row per agent the orchestrator started; rows are never deleted.",
            mixins: ["timestamps"], file: file, location: at(file, 10))
        let kind = EnumType(
            name: "agent_kind", values: ["orchestrator", "architect", "coder"], comment: "What an agent does.",
            file: "schema/enums.yaml", location: at("schema/enums.yaml", 2))
        return Schema(tables: [projects, agents], enums: [kind])
    }()

    /// Every column type, nullable and not; keyword and digit names; enum values that are not
    /// identifiers; a key column not named `id`; long and multi-line comments.
    static let allTypes: Schema = {
        let file = "schema/samples/type_samples.yaml"
        var line = 3
        func next() -> Int {
            line += 1
            return line
        }
        let longComment =
            "A row with one column of every type the schema format has, so that the generated model exercises "
            + "every mapping from logical types to Swift types, including the support types."
        let table = Table(
            name: "type_samples",
            columns: [
                column("code", .varchar(length: 20), comment: "The natural key.", file: file, line: next()),
                column("small", .smallint, file: file, line: next()),
                column("regular", .int, file: file, line: next()),
                column("big", .bigint, file: file, line: next()),
                column("flag", .bool, file: file, line: next()),
                column("price", .decimal(precision: 10, scale: 2), file: file, line: next()),
                column("ratio", .real, file: file, line: next()),
                column("score", .double, file: file, line: next()),
                column("birthday", .date, file: file, line: next()),
                column("seen_at", .timestamptz, file: file, line: next()),
                column("local_time", .timestamp, file: file, line: next()),
                column("payload", .json, file: file, line: next()),
                column("blob", .bytes, file: file, line: next()),
                column("embedding", .vector(dimensions: 3), file: file, line: next()),
                column("notes", .text, file: file, line: next()),
                column(
                    "state",
                    inline(
                        "pending", "in-progress", "in_progress", "2fa", "default", "self", "Needs Review",
                        "quote\"d"),
                    comment: "Where the sample is.\nValues that are not identifiers get valid case names.",
                    file: file, line: next()),
                column("kind", inline("a", "b"), nullable: true, file: file, line: next()),
                column("maybe_small", .smallint, nullable: true, file: file, line: next()),
                column("maybe_price", .decimal(precision: 10, scale: 2), nullable: true, file: file, line: next()),
                column("maybe_birthday", .date, nullable: true, file: file, line: next()),
                column("maybe_seen_at", .timestamptz, nullable: true, file: file, line: next()),
                column("maybe_payload", .json, nullable: true, file: file, line: next()),
                column("maybe_blob", .bytes, nullable: true, file: file, line: next()),
                column("maybe_embedding", .vector(dimensions: 3), nullable: true, file: file, line: next()),
                column("default", .text, nullable: true, file: file, line: next()),
                column("class", .int, nullable: true, file: file, line: next()),
                column("protocol", .bool, nullable: true, file: file, line: next()),
                column("self", .text, nullable: true, file: file, line: next()),
                column("hash_value", .text, nullable: true, file: file, line: next()),
                column("is_2fa_enabled", .bool, comment: longComment, file: file, line: next()),
            ],
            primaryKey: key("type_samples", "code", file: file, line: 4),
            comment: longComment + "\n\n  - indented lines keep their indentation\n", file: file, location: at(file, 2))
        return Schema(tables: [table])
    }()

    /// Internal access; names that would shadow standard types; a nested enum that would hide a
    /// top-level one; `swift_name`; a composite key; a key column beside a non-key `id`.
    static let internalShadowing: Schema = {
        let file = "schema/work.yaml"
        let tasks = Table(
            name: "tasks",
            columns: [
                column("id", .uuid, file: file, line: 4),
                column("status", named("status"), file: file, line: 5),
                column("priority", inline("low", "high"), file: file, line: 6),
                column("data", inline("raw", "parsed"), file: file, line: 7),
                column("payload", .json, nullable: true, file: file, line: 8),
            ],
            primaryKey: key("tasks", "id", file: file, line: 4), file: file, location: at(file, 2))
        let notifications = Table(
            name: "notifications",
            columns: [
                column("id", .uuid, file: file, line: 12),
                column("task_id", .uuid, file: file, line: 13),
                column("status", inline("queued", "sent"), file: file, line: 14),
            ],
            primaryKey: key("notifications", "id", file: file, line: 12), file: file, location: at(file, 10))
        let taskTags = Table(
            name: "task_tags",
            columns: [column("task_id", .uuid, file: file, line: 19), column("tag", .text, file: file, line: 20)],
            primaryKey: key("task_tags", "task_id", "tag", file: file, line: 17), swiftName: "TaskLabel",
            file: file, location: at(file, 16))
        let policies = Table(
            name: "policies",
            columns: [column("name", .text, file: file, line: 24), column("id", .bigint, file: file, line: 25)],
            primaryKey: key("policies", "name", file: file, line: 24), file: file, location: at(file, 22))
        // No columns at all: the format may not produce it, but the renderer must not break on it.
        let heartbeats = Table(name: "heartbeats", columns: [], file: file, location: at(file, 27))
        let status = EnumType(
            name: "status", values: ["open", "closed"], file: file, location: at(file, 28))
        return Schema(tables: [tasks, notifications, taskTags, policies, heartbeats], enums: [status])
    }()

    /// Package access and the date support type.
    static let packageDates: Schema = {
        let file = "schema/calendar.yaml"
        let holidays = Table(
            name: "holidays",
            columns: [
                column("id", .uuid, file: file, line: 4),
                column("day", .date, comment: "The day itself,\r\nin no time zone.", file: file, line: 5),
            ],
            primaryKey: key("holidays", "id", file: file, line: 4), comment: "Days off.", file: file,
            location: at(file, 2))
        return Schema(tables: [holidays])
    }()

    static let cases: [(name: String, schema: Schema, access: SwiftOptions.AccessLevel)] = [
        ("agents", agents, .public),
        ("all-types", allTypes, .public),
        ("internal-shadowing", internalShadowing, .internal),
        ("package-dates", packageDates, .package),
    ]

    static func render(_ schema: Schema, access: SwiftOptions.AccessLevel = .public) throws -> [GeneratedFile] {
        var config = Config()
        config.swift.access = access
        return try SwiftRenderer(config: config, templates: TemplateSet.builtin()).render(schema)
    }

    // MARK: Reference files

    static let packageRoot = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let referenceRoot = URL(filePath: #filePath).deletingLastPathComponent()
        .appending(path: "Fixtures/swift-reference")

    /// Compares `files` with `Fixtures/swift-reference/<name>/`, byte for byte, recording a line diff
    /// for each difference. `SCHEMAGEN_UPDATE_REFERENCES=1` rewrites the directory instead.
    static func expectMatchesReference(
        _ files: [GeneratedFile], name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let directory = referenceRoot.appending(path: name)
        if ProcessInfo.processInfo.environment["SCHEMAGEN_UPDATE_REFERENCES"] == "1" {
            try? FileManager.default.removeItem(at: directory)
            for file in files {
                let url = directory.appending(path: file.path)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: url)
            }
            return
        }
        let expected = try readTree(directory)
        let actual = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.contents) })
        for path in Set(expected.keys).union(actual.keys).sorted() {
            switch (expected[path], actual[path]) {
            case (let want?, let got?) where want != got:
                let diff = lineDiff(want, got)
                Issue.record(
                    Comment(
                        rawValue: "\(name)/\(path) differs from the reference (- reference, + generated):\n\(diff)"),
                    sourceLocation: sourceLocation)
            case (nil, _?):
                Issue.record("\(name)/\(path) is generated but has no reference file", sourceLocation: sourceLocation)
            case (_?, nil):
                Issue.record(
                    "\(name)/\(path) has a reference file but is not generated", sourceLocation: sourceLocation)
            default:
                break
            }
        }
    }

    static func readTree(_ directory: URL) throws -> [String: String] {
        var files: [String: String] = [:]
        let base = directory.path(percentEncoded: false)
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [:] }
        while let relative = enumerator.nextObject() as? String {
            let url = directory.appending(path: relative)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path(percentEncoded: false), isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                files[relative] = String(decoding: try Data(contentsOf: url), as: UTF8.self)
            }
        }
        return files
    }

    /// A line diff from the longest common subsequence, with two lines of context around changes.
    static func lineDiff(_ old: String, _ new: String) -> String {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var lengths = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var lines: [(mark: Character, text: String)] = []
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                lines.append((" ", a[i]))
                i += 1
                j += 1
            } else if j < b.count, i == a.count || lengths[i][j + 1] >= lengths[i + 1][j] {
                lines.append(("+", b[j]))
                j += 1
            } else {
                lines.append(("-", a[i]))
                i += 1
            }
        }
        let changed = lines.indices.filter { lines[$0].mark != " " }
        var output: [String] = []
        var previous: Int?
        for index in lines.indices where changed.contains(where: { abs($0 - index) <= 2 }) {
            if let previous, index > previous + 1 { output.append("  …") }
            output.append("\(lines[index].mark) \(lines[index].text)")
            previous = index
        }
        return output.joined(separator: "\n")
    }
}
