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

    /// Parts of whole schema files (each file's diagram and tables), about
    /// `tablesPerPart` tables each; the first part opens the document, the last adds
    /// the enums.
    public func parts(of schema: Schema, tablesPerPart: Int) throws(Diagnostic) -> RenderParts {
        // Each file's tables in the schema's order, found in one pass.
        var tablesByFile: [String: [Int]] = [:]
        for (index, table) in schema.tables.enumerated() { tablesByFile[table.file, default: []].append(index) }
        let files = tablesByFile.keys.sorted().map { ($0, tablesByFile[$0]!) }
        // Consecutive files, cut where a part has reached its size.
        var groups: [Range<Int>] = []
        var start = 0
        var size = 0
        for (position, file) in files.enumerated() {
            size += file.1.count
            if size >= tablesPerPart, position < files.count - 1 {
                groups.append(start..<position + 1)
                start = position + 1
                size = 0
            }
        }
        groups.append(start..<files.count)
        let renderer = self
        let parts = groups
        return RenderParts(count: groups.count) { part in
            renderer.renderPart(part, of: schema, files: files, groups: parts)
        }
    }

    /// Part `part` of `parts(of:tablesPerPart:)`: the schema files of `groups[part]`, with the
    /// opening in the first part and the enums in the last. A function of its own (not inlined), so
    /// that a profile shows the renderer's parts as one stage.
    @inline(never)
    func renderPart(_ part: Int, of schema: Schema, files: [(String, [Int])], groups: [Range<Int>]) -> RenderedPart {
        let tableCount = groups[part].reduce(0) { $0 + files[$1].1.count }
        var document = MarkdownDocument(capacity: tableCount * 2_600 + 4_096, continuing: part > 0)
        if part == 0 { opening(schema, into: &document) }
        for (file, indices) in files[groups[part]] {
            section(of: file, tables: indices.map { schema.tables[$0] }, into: &document)
        }
        guard part == groups.count - 1 else {
            return RenderedPart(pieces: [document.piece(of: Self.path, isLast: false)])
        }
        enums(of: schema, into: &document)
        return RenderedPart(pieces: [document.piece(of: Self.path, isLast: true)])
    }

    public func document(for schema: Schema) -> String {
        // No part throws.
        (try? render(schema))?.first?.contents ?? ""
    }

    /// The header, the title and the introduction.
    private func opening(_ schema: Schema, into document: inout MarkdownDocument) {
        // The SQL header's words, as an HTML comment that a Markdown viewer does not show.
        let header = SQLHeader.lines(config: config)[0].dropFirst("-- ".count)
        document.block("<!-- \(header) -->")
        document.block("# Schema")
        document.block(introduction(schema))
    }

    /// A schema file's heading, its diagram, and each of its tables.
    private func section(of file: String, tables: [Table], into document: inout MarkdownDocument) {
        let keys = tables.map(TableKeys.init)
        document.block("## " + sourceLink(file))
        document.block("```mermaid")
        MermaidERDiagram.write(tables, keys: keys, into: &document)
        document.line("```")
        for (table, keys) in zip(tables, keys) {
            section(of: table, keys: keys, into: &document)
        }
    }

    /// The named enums, each with the columns of its type.
    private func enums(of schema: Schema, into document: inout MarkdownDocument) {
        guard !schema.enums.isEmpty else { return }
        document.block("## Enums")
        // Each named enum's columns, in one pass.
        var users: [String: [String]] = [:]
        for table in schema.tables {
            for column in table.columns {
                if case .enumeration(.named(let name)) = column.type {
                    users[name, default: []].append("\(table.name).\(column.name)")
                }
            }
        }
        for type in schema.enums {
            section(of: type, users: users[type.name] ?? [], into: &document)
        }
    }

    // MARK: - Parts

    func introduction(_ schema: Schema) -> String {
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

    func section(of table: Table, keys: TableKeys, into document: inout MarkdownDocument) {
        document.block("### \(table.name)")
        if let comment = table.comment.map(MarkdownText.line), !comment.isEmpty { document.block(comment) }

        // Each cell and item written where it goes, without a string of its own.
        document.block("| column | type | null | default | key | comment |", "| --- | --- | --- | --- | --- | --- |")
        for column in table.columns {
            document.line("| ")
            document.writeCode(column.name)
            document.write(" | ")
            writeType(of: column, into: &document)
            document.write(column.isNullable ? " | yes | " : " | no | ")
            // `defaultText` is empty for a column with none of these (most columns).
            if column.isIdentity || column.defaultValue != nil || column.autoUpdate {
                document.write(defaultText(of: column))
            }
            document.write(" | ")
            writeKeys(of: column.name, in: table, keys: keys, into: &document)
            document.write(" | ")
            // `MarkdownText.cell("")` is empty.
            if let comment = column.comment { document.write(MarkdownText.cell(comment)) }
            document.write(" |")
        }

        // The items: one block, begun at the first item.
        var hasItems = false
        func item(_ start: String) {
            if !hasItems { document.beginBlock() }
            hasItems = true
            document.line(start)
        }
        if let key = table.primaryKey {
            item("- primary key ")
            document.writeCode(key.name)
            document.write(" (")
            document.writeCodes(key.columns)
            document.write(")")
        }
        for key in table.foreignKeys {
            item("- foreign key ")
            document.writeCode(key.name)
            document.write(" (")
            document.writeCodes(key.columns)
            document.write(") → ")
            writeTableLink(key.referencedTable, into: &document)
            document.write(" (")
            document.writeCodes(key.referencedColumns)
            document.write(")")
            if let action = key.onDelete {
                document.write(", on delete ")
                document.write(action.sql.lowercased())
            }
            if let action = key.onUpdate {
                document.write(", on update ")
                document.write(action.sql.lowercased())
            }
        }
        for unique in table.uniqueConstraints {
            item("- unique ")
            document.writeCode(unique.name)
            document.write(" (")
            document.writeCodes(unique.columns)
            document.write(")")
        }
        for check in table.checks {
            item("- check ")
            document.writeCode(check.name)
            document.write(": ")
            document.writeCode(MarkdownText.line(check.expression))
        }
        for index in table.indexes {
            item("- ")
            writeIndexItem(index, into: &document)
        }
        for trigger in table.triggers {
            item("- trigger ")
            document.writeCode(trigger.name)
            document.write(" sets ")
            document.writeCode(trigger.column)
            document.write(" on every update")
        }
    }

    /// An index's item after its `- `.
    private func writeIndexItem(_ index: Index, into document: inout MarkdownDocument) {
        document.write(index.isUnique ? "unique index " : "index ")
        document.writeCode(index.name)
        if index.method != .btree {
            document.write(" using ")
            document.write(index.method.rawValue)
        }
        document.write(" (")
        for (position, key) in index.columns.enumerated() {
            if position > 0 { document.write(", ") }
            document.writeCode(key.name)
            if key.descending { document.write(" desc") }
        }
        document.write(")")
        if let distance = index.distance {
            document.write(", distance ")
            document.write(distance.rawValue)
        }
        if let predicate = index.predicate {
            document.write(" where ")
            document.writeCode(MarkdownText.line(predicate))
        }
    }

    func section(of type: EnumType, users: [String], into document: inout MarkdownDocument) {
        document.block("### enum \(type.name)")
        if let comment = type.comment.map(MarkdownText.line), !comment.isEmpty { document.block(comment) }
        document.block("- values: " + codes(type.values))
        // One line per column, so that a new column of the enum is a new line.
        for user in users { document.line("- used by \(MarkdownText.code(user))") }
    }

    // MARK: - Cells

    /// `type(of:)`, written into `document`.
    private func writeType(of column: Column, into document: inout MarkdownDocument) {
        switch column.type {
        case .enumeration: document.write(type(of: column))
        default: document.writeCode(column.type.formatSpelling)
        }
    }

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

    /// The column's key cell: `PK`, each foreign key it is in, `unique`, `, ` between them.
    private func writeKeys(
        of column: String, in table: Table, keys facts: TableKeys, into document: inout MarkdownDocument
    ) {
        var first = true
        func separate() {
            if !first { document.write(", ") }
            first = false
        }
        if facts.isPrimary(column) {
            separate()
            document.write("PK")
        }
        for key in table.foreignKeys {
            guard let position = key.columns.firstIndex(of: column) else { continue }
            separate()
            document.write("FK → ")
            writeTableLink(key.referencedTable, into: &document)
            document.write(".")
            document.write(key.referencedColumns[position])
        }
        if facts.isUniqueAlone(column) {
            separate()
            document.write("unique")
        }
    }

    /// A link to a table's section: `[`name`](#anchor)`, written into `document`.
    private func writeTableLink(_ name: String, into document: inout MarkdownDocument) {
        document.write("[")
        document.writeCode(name)
        document.write("](#")
        document.writeAnchor(name)
        document.write(")")
    }

    private func codes(_ names: [String]) -> String {
        names.map(MarkdownText.code).joined(separator: ", ")
    }

    /// The schema file as a link from the output directory back to it, when the output directory
    /// is a plain relative path (`Generated`, `Sources/App/Generated`); else its path alone.
    func sourceLink(_ file: String) -> String {
        let output = config.outputDirectory.split(separator: "/").filter { $0 != "." }
        guard !config.outputDirectory.hasPrefix("/"), !output.contains(".."), !output.isEmpty else {
            return MarkdownText.code(file)
        }
        let up = String(repeating: "../", count: output.count)
        return "[\(MarkdownText.code(file))](\(up)\(file))"
    }
}
