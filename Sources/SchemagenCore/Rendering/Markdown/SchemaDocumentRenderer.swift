/// Renders `SCHEMA.md`: the schema for the people who review it. One section per schema file, with
/// a Mermaid diagram of that file's tables and their foreign keys (one diagram per file, so that a
/// large schema stays readable), then each of its tables: comment, columns, keys, indexes and
/// checks; then the enums.
///
/// Layout, as in the DDL: one line per column in the diagram and one row per column in the table,
/// no alignment, and lists with one item per line, so that a one-column change is a one- or
/// two-line diff. Tables in the schema's order (dependency order, ties as written), enums by name.
public struct SchemaDocumentRenderer: Renderer {
    public static let path = "SCHEMA.md"

    public var config: Config

    public init(config: Config) {
        self.config = config
    }

    public func render(_ schema: Schema) throws(Diagnostic) -> [GeneratedFile] {
        [GeneratedFile(path: Self.path, contents: document(for: schema))]
    }

    public func document(for schema: Schema) -> String {
        var blocks: [[String]] = []
        // The SQL header's words, as an HTML comment that a Markdown viewer does not show.
        let header = SQLHeader.lines(config: config)[0].dropFirst("-- ".count)
        blocks.append(["<!-- \(header) -->"])
        blocks.append(["# Schema"])
        blocks.append([introduction(schema)])

        var files: [String] = []
        for table in schema.tables where !files.contains(table.file) { files.append(table.file) }
        for file in files.sorted() {
            let tables = schema.tables.filter { $0.file == file }
            blocks.append(["## " + sourceLink(file)])
            blocks.append(["```mermaid"] + MermaidERDiagram.lines(of: tables) + ["```"])
            for table in tables {
                blocks += section(of: table, in: schema)
            }
        }
        if !schema.enums.isEmpty {
            blocks.append(["## Enums"])
            for type in schema.enums {
                blocks += section(of: type, in: schema)
            }
        }
        return blocks.map { $0.joined(separator: "\n") }.joined(separator: "\n\n") + "\n"
    }

    // MARK: - Parts

    private func introduction(_ schema: Schema) -> String {
        var generated: [String] = []
        if config.targets.contains(.postgres) { generated.append("[PostgreSQL](\(PostgresRenderer.path))") }
        if config.targets.contains(.sqlite) { generated.append("[SQLite](\(SQLiteRenderer.path))") }
        var text =
            "The tables of `\(config.schemaDirectory)/`, file by file: a diagram of each file's tables "
            + "and their foreign keys, then each table."
        if !generated.isEmpty {
            text +=
                " The DDL: " + generated.joined(separator: ", ") + "; every change as a migration: "
                + "[migrations/](migrations/)."
        }
        return text
    }

    private func section(of table: Table, in schema: Schema) -> [[String]] {
        var blocks: [[String]] = [["### \(table.name)"]]
        if let comment = table.comment.map(MarkdownText.line), !comment.isEmpty { blocks.append([comment]) }

        var rows = ["| column | type | null | default | key | comment |", "| --- | --- | --- | --- | --- | --- |"]
        for column in table.columns {
            let cells = [
                MarkdownText.code(column.name), type(of: column), column.isNullable ? "yes" : "no",
                defaultText(of: column), keys(of: column.name, in: table), MarkdownText.cell(column.comment ?? ""),
            ]
            rows.append("| " + cells.joined(separator: " | ") + " |")
        }
        blocks.append(rows)

        var items: [String] = []
        if let key = table.primaryKey {
            items.append("- primary key \(MarkdownText.code(key.name)) (\(codes(key.columns)))")
        }
        for key in table.foreignKeys {
            var item =
                "- foreign key \(MarkdownText.code(key.name)) (\(codes(key.columns))) → "
                + "\(tableLink(key.referencedTable)) (\(codes(key.referencedColumns)))"
            if let action = key.onDelete { item += ", on delete \(action.sql.lowercased())" }
            if let action = key.onUpdate { item += ", on update \(action.sql.lowercased())" }
            items.append(item)
        }
        for unique in table.uniqueConstraints {
            items.append("- unique \(MarkdownText.code(unique.name)) (\(codes(unique.columns)))")
        }
        for check in table.checks {
            items.append(
                "- check \(MarkdownText.code(check.name)): \(MarkdownText.code(MarkdownText.line(check.expression)))")
        }
        for index in table.indexes {
            items.append(indexItem(index))
        }
        for trigger in table.triggers {
            items.append(
                "- trigger \(MarkdownText.code(trigger.name)) sets \(MarkdownText.code(trigger.column)) on every update"
            )
        }
        if !items.isEmpty { blocks.append(items) }
        return blocks
    }

    private func indexItem(_ index: Index) -> String {
        var item = "- " + (index.isUnique ? "unique index " : "index ") + MarkdownText.code(index.name)
        if index.method != .btree { item += " using \(index.method.rawValue)" }
        let keys = index.columns.map { MarkdownText.code($0.name) + ($0.descending ? " desc" : "") }
        item += " (\(keys.joined(separator: ", ")))"
        if let distance = index.distance { item += ", distance \(distance.rawValue)" }
        if let predicate = index.predicate { item += " where \(MarkdownText.code(MarkdownText.line(predicate)))" }
        return item
    }

    private func section(of type: EnumType, in schema: Schema) -> [[String]] {
        var blocks: [[String]] = [["### enum \(type.name)"]]
        if let comment = type.comment.map(MarkdownText.line), !comment.isEmpty { blocks.append([comment]) }
        var lines = ["- values: " + codes(type.values)]
        let users = schema.tables.flatMap { table in
            table.columns.filter { $0.type == .enumeration(.named(name: type.name)) }.map { "\(table.name).\($0.name)" }
        }
        // One line per column, so that a new column of the enum is a new line.
        lines += users.map { "- used by \(MarkdownText.code($0))" }
        blocks.append(lines)
        return blocks
    }

    // MARK: - Cells

    private func type(of column: Column) -> String {
        switch column.type {
        case .enumeration(.named(let name)):
            "[\(MarkdownText.code(name))](#\(MarkdownText.anchor("enum \(name)")))"
        case .enumeration(.inline(let values)):
            "enum (\(codes(values)))"
        default:
            MarkdownText.code(column.type.formatSpelling)
        }
    }

    private func defaultText(of column: Column) -> String {
        var parts: [String] = []
        if column.isIdentity { parts.append("identity") }
        switch column.defaultValue {
        case .sql(let raw) where raw.common == nil:
            if let postgres = raw.postgres { parts.append("\(MarkdownText.code(postgres)) (PostgreSQL)") }
            if let sqlite = raw.sqlite { parts.append("\(MarkdownText.code(sqlite)) (SQLite)") }
        case .some(let value):
            parts.append(MarkdownText.code(MarkdownText.line(value.formatSpelling)))
        case nil:
            break
        }
        if column.autoUpdate { parts.append("set on update") }
        return MarkdownText.cell(parts.joined(separator: ", "))
    }

    private func keys(of column: String, in table: Table) -> String {
        var keys: [String] = []
        if table.primaryKey?.columns.contains(column) == true { keys.append("PK") }
        for key in table.foreignKeys {
            guard let position = key.columns.firstIndex(of: column) else { continue }
            keys.append("FK → \(tableLink(key.referencedTable)).\(key.referencedColumns[position])")
        }
        if table.primaryKey?.columns != [column], MermaidERDiagram.isUnique([column], in: table) {
            keys.append("unique")
        }
        return keys.joined(separator: ", ")
    }

    private func codes(_ names: [String]) -> String {
        names.map(MarkdownText.code).joined(separator: ", ")
    }

    private func tableLink(_ name: String) -> String {
        "[\(MarkdownText.code(name))](#\(MarkdownText.anchor(name)))"
    }

    /// The schema file as a link from the output directory back to it, when the output directory
    /// is a plain relative path (`Generated`, `Sources/App/Generated`); else its path alone.
    private func sourceLink(_ file: String) -> String {
        let output = config.outputDirectory.split(separator: "/").filter { $0 != "." }
        guard !config.outputDirectory.hasPrefix("/"), !output.contains(".."), !output.isEmpty else {
            return MarkdownText.code(file)
        }
        let up = String(repeating: "../", count: output.count)
        return "[\(MarkdownText.code(file))](\(up)\(file))"
    }
}
