/// What a SQLite database holds, as a sorted list of facts that two databases compare line by
/// line: a database after a chain of migrations must equal one built from the fresh DDL.
///
/// Read from `pragma_table_list`, `pragma_table_info`, `pragma_foreign_key_list`,
/// `pragma_index_list` and `pragma_index_xinfo`, and from the text that `sqlite_schema` keeps:
/// each column's definition, each named table constraint (the pragmas give no constraint names and
/// no CHECKs), each index's and trigger's SQL. The text is compared as tokens, without comments,
/// quotes or case (SQLite writes a renamed name as `"tasks"`; names are case-insensitive), so that
/// only what the database enforces counts. Column order is left aside: `ALTER TABLE … ADD COLUMN`
/// appends where the fresh DDL may have the column in the middle, and no query by name can tell.
/// Column comments live only in the `CREATE TABLE` text, as `--` lines, and are left aside too.
///
/// It reads through `query`, one statement's rows as text (NULL as `nil`), so that any connection
/// serves: `schemagen verify`'s, and the tests' own.
public struct SQLiteCatalog: Sendable, Equatable, CustomStringConvertible {
    public var facts: [String]

    public init(facts: [String]) {
        self.facts = facts
    }

    /// Reads the catalog through `query`, one statement's rows as text.
    public static func read(query: (String) throws -> [[String?]]) rethrows -> SQLiteCatalog {
        var facts: [String] = []
        let tables = try query(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        for row in tables {
            let name = row[0] ?? ""
            facts += try tableFacts(query, table: name, sql: row[1] ?? "")
        }
        let triggers = try query("SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'trigger'")
        for row in triggers {
            facts.append("trigger \(row[0] ?? "") on \(row[1] ?? ""): \(normalized(row[2] ?? ""))")
        }
        let views = try query("SELECT name, sql FROM sqlite_schema WHERE type = 'view'")
        facts += views.map { "view \($0[0] ?? ""): \(normalized($0[1] ?? ""))" }
        return SQLiteCatalog(facts: facts.sorted())
    }

    private static func tableFacts(_ query: (String) throws -> [[String?]], table: String, sql: String) rethrows
        -> [String]
    {
        let quoted = literal(table)
        var facts = ["table \(table)"]
        for row in try query("SELECT type, ncol, wr, strict FROM pragma_table_list(\(quoted)) WHERE schema = 'main'") {
            facts.append("\(table) kind: \(row[0] ?? "") without_rowid=\(row[2] ?? "") strict=\(row[3] ?? "")")
        }
        for row in try query("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(\(quoted))") {
            facts.append(
                "\(table) column \(row[0] ?? ""): type=\(row[1] ?? "") notnull=\(row[2] ?? "") "
                    + "default=\(row[3] ?? "NULL") pk=\(row[4] ?? "")")
        }
        let (columns, constraints) = definitions(inCreateTable: sql)
        facts += columns.map { "\(table) column definition \($0.name): \($0.definition)" }
        facts += constraints.map { "\(table) constraint \($0)" }

        let keys = try query(
            "SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete, \"match\" "
                + "FROM pragma_foreign_key_list(\(quoted)) ORDER BY id, seq")
        let byID = Dictionary(grouping: keys, by: { $0[0] ?? "" })
        for (_, rows) in byID {
            let first = rows[0]
            let from = rows.map { $0[3] ?? "" }.joined(separator: ", ")
            let to = rows.map { $0[4] ?? "(key)" }.joined(separator: ", ")
            facts.append(
                "\(table) foreign key (\(from)) references \((first[2] ?? "").lowercased()) (\(to)) "
                    + "on update \(first[5] ?? "") on delete \(first[6] ?? "") match \(first[7] ?? "")")
        }

        for row in try query("SELECT name, \"unique\", origin, partial FROM pragma_index_list(\(quoted))") {
            let name = row[0] ?? ""
            let columns = try query(
                "SELECT cid, name, \"desc\", coll FROM pragma_index_xinfo(\(literal(name))) "
                    + "WHERE key = 1 ORDER BY seqno"
            ).map { key in
                let column = key[0] == "-2" ? "<expression>" : (key[1] ?? "rowid")
                return "\(column) \(key[2] == "1" ? "desc" : "asc") \(key[3] ?? "")"
            }
            let text =
                try query("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = \(literal(name))")
                .first?[0].map { normalized($0) } ?? "-"
            facts.append(
                "\(table) index \(name): unique=\(row[1] ?? "") origin=\(row[2] ?? "") partial=\(row[3] ?? "") "
                    + "keys=[\(columns.joined(separator: ", "))] sql=\(text)")
        }
        return facts
    }

    /// The column definitions and the table constraints of a `CREATE TABLE`, each as normalised
    /// tokens. A named table constraint reads `name: definition`.
    /// A SQL string literal: single quotes, each quote inside doubled.
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    static func definitions(inCreateTable sql: String) -> (
        columns: [(name: String, definition: String)], constraints: [String]
    ) {
        let tokens = SQLLexer(sql, rules: .sqlite).tokens.filter { $0.kind != .comment }
        guard let open = tokens.firstIndex(where: { $0.kind == .symbol && $0.text == "(" && $0.depth == 0 }) else {
            return ([], [])
        }
        var items: [[SQLToken]] = [[]]
        for token in tokens[(open + 1)...] {
            if token.depth == 0 { break }  // the closing parenthesis
            if token.depth == 1, token.kind == .symbol, token.text == "," {
                items.append([])
            } else {
                items[items.count - 1].append(token)
            }
        }
        var columns: [(name: String, definition: String)] = []
        var constraints: [String] = []
        let tableConstraintWords: Set<String> = ["constraint", "primary", "unique", "check", "foreign"]
        for item in items where !item.isEmpty {
            let first = item[0]
            if first.kind == .word, tableConstraintWords.contains(first.text) {
                if first.text == "constraint", item.count > 1 {
                    constraints.append("\(text(of: item[1])): \(normalized(Array(item.dropFirst(2))))")
                } else {
                    constraints.append(normalized(item))
                }
            } else {
                columns.append((text(of: first), normalized(item)))
            }
        }
        return (columns, constraints)
    }

    /// SQL as tokens separated by one space: no comments, names unquoted and in lower case,
    /// string literals in single quotes.
    static func normalized(_ sql: String) -> String {
        normalized(SQLLexer(sql, rules: .sqlite).tokens)
    }

    static func normalized(_ tokens: [SQLToken]) -> String {
        tokens.filter { $0.kind != .comment }.map(text(of:)).joined(separator: " ")
    }

    private static func text(of token: SQLToken) -> String {
        switch token.kind {
        case .string: literal(token.text)
        case .quotedIdentifier, .word: token.text.lowercased()
        default: token.text
        }
    }

    /// The facts one catalog has and the other lacks, `-` for this one's and `+` for `other`'s.
    public func differences(from other: SQLiteCatalog) -> [String] {
        let mine = Set(facts)
        let theirs = Set(other.facts)
        return facts.filter { !theirs.contains($0) }.map { "- " + $0 }
            + other.facts.filter { !mine.contains($0) }.map { "+ " + $0 }
    }

    public var description: String { facts.joined(separator: "\n") }
}
