import Foundation
import PropertyBased
import Testing

@testable import SchemagenCore

/// Output stability, the property reviewers rely on: adding one column to one table of the example
/// schema changes, outside the new migration, only the lines about that column, in each DDL file,
/// in that table's model and in `SCHEMA.md`, and no other file.
///
/// A changed line is about the column when it names it (as in the YAML, or as its Swift property),
/// or is a comment line (`///`, `--`) right above such a line, or is the line before it in a comma
/// list, which gained a comma, or is the blank line that sets off a block the column started (a
/// table's first index). Lines are compared with the standard library's diff (Myers), as git does.
@Suite struct OutputStabilityTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The new column, drawn: where, of which kind, with which options.
    struct Case: CustomStringConvertible, Sendable {
        let table: Int
        let kind: Int
        let nullable: Bool
        let indexed: Bool
        let commented: Bool

        static let name = "stability_probe"
        /// Types as the YAML writes them; `uuid` references another table (with its index, as the
        /// `fk-index` rule asks), `priority_level` is a named enum of the example.
        static let kinds = [
            "int", "text", "bool", "varchar(40)", "timestamptz", "\"decimal(10,2)\"", "json", "priority_level", "uuid",
            "date", "bigint",
        ]

        var description: String {
            "table #\(table), \(Self.kinds[kind]), nullable: \(nullable), index: \(indexed), comment: \(commented)"
        }

        /// The column as one line of block YAML, at `indent`.
        func yamlLine(indent: String) -> String {
            var options = ["type: \(Self.kinds[kind])"]
            // A reference is nullable: a required one to its own table would be a cycle no row can start.
            let nullable = nullable || Self.kinds[kind] == "uuid"
            if nullable { options.append("nullable: true") }
            if Self.kinds[kind] == "uuid" {
                options += ["references: users.id", "index: true"]
            } else if indexed {
                options.append("index: true")
            }
            if !nullable {
                let defaults = [
                    "int": "0", "text": "''", "bool": "false", "varchar(40)": "''", "timestamptz": "now()",
                    "\"decimal(10,2)\"": "0", "json": "{}", "priority_level": "low", "date": "now()", "bigint": "0",
                ]
                if let value = defaults[Self.kinds[kind]] { options.append("default: \(value)") }
            }
            if commented { options.append("comment: Added to prove one column is a small diff.") }
            return indent + Self.name + ": { " + options.joined(separator: ", ") + " }"
        }
    }

    static let cases = Generator<Case, Shrink.None<Case>>(run: { rng in
        Case(
            table: Int(rng.next() % 64), kind: Int(rng.next() % UInt64(Case.kinds.count)),
            nullable: rng.next() % 2 == 0,
            indexed: rng.next() % 3 == 0, commented: rng.next() % 2 == 0)
    })

    /// Every file the renderers write for `sources`, by path; the migrations are left out.
    static func render(_ sources: SchemaSources) throws -> (schema: Schema, files: [String: String]) {
        let config = Config()
        let loaded = SchemaLoader(config: config).load(sources)
        let errors = (loaded.diagnostics + (loaded.schema.map { Checks.run($0, config: config) } ?? []))
            .filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map(\.description))")
        let schema = try #require(loaded.schema)
        var files: [String: String] = [:]
        for renderer in Renderers.enabled(config.targets, config: config, root: repositoryRoot) {
            for file in try renderer.render(schema) { files[file.path] = file.contents }
        }
        return (schema, files)
    }

    /// The example schema with the case's column written first among the table's own columns.
    static func edited(_ sources: SchemaSources, schema: Schema, case item: Case) throws -> SchemaSources {
        let table = schema.tables[item.table % schema.tables.count]
        let first = try #require(table.columns.first { $0.mixin == nil })
        var files = sources.files
        let position = try #require(files.firstIndex { $0.path == first.location.file })
        var lines = String(decoding: files[position].bytes, as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let line = first.location.line - 1
        let indent = String(repeating: " ", count: first.location.column - 1)
        try #require(lines[line].hasPrefix(indent + first.name), "the example writes its columns in block style")
        lines.insert(item.yamlLine(indent: indent), at: line)
        files[position] = .init(path: files[position].path, bytes: Array(lines.joined(separator: "\n").utf8))
        return SchemaSources(files: files)
    }

    /// The lines of the diff from `old` to `new` that are not about the column.
    static func unrelatedChanges(from old: String, to new: String, names: [String]) -> [String] {
        let before = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let after = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var inserted: [Int: String] = [:]
        var removed: [String] = []
        for change in after.difference(from: before) {
            switch change {
            case .insert(let offset, let line, _): inserted[offset] = line
            case .remove(_, let line, _): removed.append(line)
            }
        }
        func namesTheColumn(_ line: String) -> Bool { names.contains { line.contains($0) } }
        var unrelated: [String] = []
        for (offset, line) in inserted.sorted(by: { $0.key < $1.key }) {
            if namesTheColumn(line) || removed.contains(where: { $0 + "," == line }) { continue }
            // The blank line that sets off a block the column started (a table's first index).
            if line.isEmpty, [offset - 1, offset + 1].contains(where: { inserted[$0].map(namesTheColumn) ?? false }) {
                continue
            }
            // The column's comment (`///` in Swift, `--` in SQLite), right above the line that
            // declares it.
            func isComment(_ text: String) -> Bool {
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                return trimmed.hasPrefix("///") || trimmed.hasPrefix("--")
            }
            if isComment(line), let next = (offset + 1..<after.count).first(where: { !isComment(after[$0]) }),
                inserted[next] != nil, namesTheColumn(after[next])
            {
                continue
            }
            unrelated.append("+ " + line)
        }
        for line in removed where !inserted.values.contains(line + ",") {
            unrelated.append("- " + line)
        }
        return unrelated
    }

    func prove(_ item: Case) throws {
        let (sources, problems) = SchemaSources.read(directory: "schema", root: Self.repositoryRoot)
        #expect(problems.isEmpty)
        let (schema, old) = try Self.render(sources)
        let table = schema.tables[item.table % schema.tables.count]
        let (_, new) = try Self.render(try Self.edited(sources, schema: schema, case: item))

        let changed = Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }.sorted()
        let model = changed.filter { $0.hasPrefix("swift/") }
        #expect(
            Set(changed).subtracting(model) == [
                PostgresRenderer.path, SQLiteRenderer.path, SchemaDocumentRenderer.path,
            ],
            "\(table.name): \(changed)")
        #expect(model.count == 1, "only \(table.name)'s model changes: \(model)")
        let names = [Case.name, SwiftNames.propertyName(forColumn: Case.name)]
        for path in changed {
            let unrelated = Self.unrelatedChanges(from: old[path] ?? "", to: new[path] ?? "", names: names)
            #expect(unrelated.isEmpty, "\(path), column added to \(table.name):\n\(unrelated.joined(separator: "\n"))")
        }
    }

    @Test func addingOneColumnChangesOnlyItsLines() async {
        await propertyCheck(count: 12, input: Self.cases) { item in
            try prove(item)
        }
    }

    /// The diff rule itself: a line that gained a comma is allowed, a shifted neighbour is not.
    @Test func theDiffRuleAllowsACommaAndNothingElse() {
        let names = ["probe"]
        #expect(Self.unrelatedChanges(from: "a(\n  x int\n)", to: "a(\n  x int,\n  probe int\n)", names: names) == [])
        #expect(
            Self.unrelatedChanges(from: "| x | int |", to: "| x  | int |\n| probe | int |", names: names) == [
                "+ | x  | int |", "- | x | int |",
            ])
    }
}
