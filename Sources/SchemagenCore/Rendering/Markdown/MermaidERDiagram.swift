/// A Mermaid `erDiagram` of some tables and their foreign keys, as GitHub renders it in a
/// Markdown file.
///
/// Mermaid's lexer is strict and matches keywords first, ignoring case: an unquoted entity named
/// `tokens` starts with the keyword `to`, a column named `pk` is read as a key. So every entity
/// name is quoted, every attribute word is made of letters, digits and `_` only (`varchar(50)` is
/// written `varchar_50`: older Mermaid versions reject parentheses and commas), and a column that
/// would read as a key marker gets a trailing `_`. One line per column, no alignment: a new column
/// is one new line.
enum MermaidERDiagram {
    /// The diagram's lines, from the `erDiagram` line to the last relationship. `tables` are the
    /// ones drawn with their columns; a foreign key to a table outside them still draws its line,
    /// and Mermaid shows that table as a box without columns.
    static func lines(of tables: [Table]) -> [String] {
        var lines = ["erDiagram"]
        for table in tables {
            lines.append("  \(entity(table.name)) {")
            for column in table.columns {
                var line = "    \(attributeWord(typeWord(column.type))) \(attributeWord(column.name))"
                let keys = keyMarkers(of: column.name, in: table)
                if !keys.isEmpty { line += " " + keys.joined(separator: ", ") }
                lines.append(line)
            }
            lines.append("  }")
        }
        for table in tables {
            for key in table.foreignKeys {
                lines.append(relationship(key, of: table))
            }
        }
        return lines
    }

    /// `"parent" ||--o{ "child" : "column"`: the parent's side says whether a child row must have
    /// a parent (the key's columns are not null) or may have none; the child's side whether a
    /// parent has at most one child (the key's columns are unique in the child) or any number.
    /// The line is solid (identifying) when the key's columns are part of the child's primary key.
    static func relationship(_ key: ForeignKey, of table: Table) -> String {
        let optional = key.columns.contains { table.column(named: $0)?.isNullable ?? false }
        let parentSide = optional ? "|o" : "||"
        let childSide = isUnique(key.columns, in: table) ? "o|" : "o{"
        let identifying = table.primaryKey.map { Set(key.columns).isSubset(of: $0.columns) } ?? false
        let line = identifying ? "--" : ".."
        let label = key.columns.joined(separator: ", ")
        return "  \(entity(key.referencedTable)) \(parentSide)\(line)\(childSide) \(entity(table.name)) : \"\(label)\""
    }

    /// `PK`, `FK`, `UK` for a column: in the primary key, in a foreign key, unique on its own.
    static func keyMarkers(of column: String, in table: Table) -> [String] {
        var markers: [String] = []
        if table.primaryKey?.columns.contains(column) == true { markers.append("PK") }
        if table.foreignKeys.contains(where: { $0.columns.contains(column) }) { markers.append("FK") }
        if table.primaryKey?.columns != [column], isUnique([column], in: table) { markers.append("UK") }
        return markers
    }

    /// True when the table holds at most one row per value of exactly these columns: its primary
    /// key, a unique constraint, or a unique index that is not partial.
    static func isUnique(_ columns: [String], in table: Table) -> Bool {
        let wanted = Set(columns)
        if let key = table.primaryKey, Set(key.columns) == wanted { return true }
        if table.uniqueConstraints.contains(where: { Set($0.columns) == wanted }) { return true }
        return table.indexes.contains { index in
            index.isUnique && index.predicate == nil && !index.hasExpressions && Set(index.columnNames) == wanted
        }
    }

    /// The type as one word: the format's spelling with `(`, `,` and `)` turned into `_`.
    static func typeWord(_ type: ColumnType) -> String {
        var spelling = type.formatSpelling
        if case .enumeration(.inline) = type { spelling = "enum" }
        return spelling.replacing("(", with: "_").replacing(",", with: "_").replacing(")", with: "")
    }

    /// A quoted entity name; Mermaid's quoted names refuse `"`, `%`, `\` and line breaks.
    static func entity(_ name: String) -> String {
        "\"" + String(name.map { "\"%\\\r\n".contains($0) ? "_" : $0 }) + "\""
    }

    /// An attribute's type or name as one word that is not a key marker: Mermaid reads `pk`, `fk`
    /// and `uk` as markers in either place (an enum named `pk` broke the diagram).
    static func attributeWord(_ name: String) -> String {
        let cleaned = word(name)
        return ["pk", "fk", "uk"].contains(cleaned.lowercased()) ? cleaned + "_" : cleaned
    }

    /// Letters, digits and `_`, starting with a letter or `_`: what every Mermaid version reads
    /// as an attribute word.
    static func word(_ text: String) -> String {
        var result = String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        if result.first.map({ !$0.isLetter && $0 != "_" }) ?? true { result = "_" + result }
        return result
    }
}
