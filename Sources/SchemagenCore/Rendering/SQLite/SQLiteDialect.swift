/// How SQLite (3.40 and later) spells each part of the schema graph.
///
/// SQLite has five storage classes, so most logical types map to `TEXT` and keep their meaning
/// through a named CHECK (booleans, JSON, enums) or through the format of their text (dates and
/// timestamps as ISO-8601 UTC). The renderer and, later, migrations build from these pieces.
public struct SQLiteDialect: Sendable {
    public var config: Config
    /// Constraints, column lists and trigger names, with this dialect's quoting.
    public var spelling: SQLSpelling
    /// Quotes every SQLite keyword used as a name, as SQLite's documentation asks.
    public var identifier: IdentifierQuoting { spelling.identifier }
    public var naming: Naming {
        get { spelling.naming }
        set { spelling.naming = newValue }
    }

    /// The portable `now()`: millisecond ISO-8601 UTC with `T` and `Z`, which sorts as text and
    /// which Foundation's ISO-8601 parsers read (`CURRENT_TIMESTAMP` has neither `T` nor zone).
    public static let now = "strftime('%Y-%m-%dT%H:%M:%fZ','now')"
    /// The portable `now()` for a `date` column.
    public static let today = "date('now')"
    /// The portable `uuid()`: a random (version 4, variant 10xx) UUID as lowercase 8-4-4-4-12 text.
    /// `random() & 3` picks the variant nibble without the overflow that `abs(random())` risks.
    public static let uuidV4 =
        "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || "
        + "substr('89ab', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"

    public init(config: Config) {
        self.config = config
        self.spelling = SQLSpelling(
            identifier: IdentifierQuoting(keywords: SQLiteKeywords.all, allowsDollar: false),
            naming: Naming(config.naming))
    }

    // MARK: Types and defaults

    public func typeName(of type: ColumnType) -> String {
        switch type {
        case .smallint, .int, .bigint, .bool: "INTEGER"
        case .real, .double: "REAL"
        case .bytes, .vector: "BLOB"
        // NUMERIC, not TEXT: a TEXT column compares as text, so `amount > 100` in a check or a
        // query would disagree with Postgres ('1.00' > '1.0'), and so would ORDER BY. NUMERIC
        // keeps 15 significant digits exactly; the `portability` rule reports a wider decimal.
        case .decimal: "NUMERIC"
        case .uuid, .text, .varchar, .date, .timestamptz, .timestamp, .json, .enumeration: "TEXT"
        }
    }

    /// The expression after `DEFAULT`, or `nil` when the column has none, or none for SQLite (a raw
    /// default with a Postgres form only; `columnNotes` says so in the DDL).
    public func defaultExpression(of column: Column) -> String? {
        guard let value = column.defaultValue else { return nil }
        switch value {
        case .string(let text), .json(let text):
            return SQLText.stringLiteral(text)
        case .number(let text):
            return text
        case .bool(let flag):
            return flag ? "1" : "0"
        case .now:
            return "(\(column.type == .date ? Self.today : Self.now))"
        case .uuid:
            return "(\(Self.uuidV4))"
        case .sql(let raw):
            // No SQLite form: the `portability` rule reports it, unless the schema excuses it.
            return raw.forSQLite.map(Self.defaultClauseOperand)
        }
    }

    /// SQLite's `DEFAULT` takes a literal, a signed number or a parenthesized expression.
    static func defaultClauseOperand(_ expression: String) -> String {
        let keywords: Set<String> = ["null", "true", "false", "current_time", "current_date", "current_timestamp"]
        let isLiteral =
            keywords.contains(expression.lowercased())
            || SQLLexer(expression, rules: .sqlite).tokens.map(\.kind) == [.string]
            || Double(expression) != nil
        return isLiteral || SQLText.isParenthesized(expression, rules: .sqlite) ? expression : "(\(expression))"
    }

    // MARK: Columns and constraints

    /// The CHECKs that keep a column's text or integer within its logical type, in this order:
    /// enum values, boolean 0/1, valid JSON, varchar length (where the config asks).
    public func typeChecks(for column: Column, table: String) -> [String] {
        typeCheckParts(for: column).map {
            let constraint = naming.check(table: table, name: "\(column.name)_\($0.suffix)")
            return "CONSTRAINT \(identifier(constraint)) CHECK (\($0.expression))"
        }
    }

    /// The names of `typeChecks`: derived from the table's and the column's names, so a rename
    /// changes them, which only a rebuild can do in SQLite.
    public func typeCheckNames(for column: Column, table: String) -> [String] {
        typeCheckParts(for: column).map { naming.check(table: table, name: "\(column.name)_\($0.suffix)") }
    }

    private func typeCheckParts(for column: Column) -> [(suffix: String, expression: String)] {
        let name = identifier(column.name)
        var checks: [(suffix: String, expression: String)] = []
        switch column.type {
        case .enumeration(let reference):
            checks.append(("values", "\(name) IN \(SQLText.list(reference.values.map(SQLText.stringLiteral)))"))
        case .bool:
            checks.append(("bool", "\(name) IN (0, 1)"))
        case .json:
            // json_valid(NULL) is 0, not NULL, so a nullable column must let NULL through itself.
            checks.append(
                ("json", column.isNullable ? "\(name) IS NULL OR json_valid(\(name))" : "json_valid(\(name))"))
        case .varchar(let length) where config.sqlite.strictVarchar:
            checks.append(("length", "length(\(name)) <= \(length)"))
        default:
            break
        }
        return checks
    }

    /// The column whose `identity` becomes SQLite's rowid alias: it must be the whole primary key.
    func isRowidAlias(_ column: Column, in table: Table) -> Bool {
        column.isIdentity && table.primaryKey?.columns == [column.name]
    }

    /// `name TYPE NOT NULL DEFAULT … CONSTRAINT ck_… CHECK (…)`, without indentation or comma.
    /// An identity column that is the whole primary key carries the key itself (`INTEGER … PRIMARY
    /// KEY`), which makes it an alias of the rowid: SQLite then assigns it on insert. Any other
    /// identity column is a plain `INTEGER` (see `columnNotes`).
    public func columnDefinition(_ column: Column, in table: Table) -> String {
        var parts = [identifier(column.name), typeName(of: column.type)]
        // Postgres reads a uuid in either case and Swift's `UUID` writes capitals, while SQLite's
        // `uuid()` default writes small letters: NOCASE lets them match in keys and lookups.
        if column.type == .uuid { parts.append("COLLATE NOCASE") }
        if !column.isNullable { parts.append("NOT NULL") }
        if column.isIdentity {
            if isRowidAlias(column, in: table), let key = table.primaryKey {
                parts.append("CONSTRAINT \(identifier(key.name)) PRIMARY KEY")
            }
        } else if let expression = defaultExpression(of: column) {
            parts.append("DEFAULT \(expression)")
        }
        parts += typeChecks(for: column, table: table.name)
        return parts.joined(separator: " ")
    }

    /// What the DDL leaves out of a column because SQLite cannot say it, as comment text. The
    /// `portability` rule reports each of these; a schema that turns the rule off or excuses the
    /// column still gets a script, and its reader learns what the application must do instead.
    public func columnNotes(_ column: Column, in table: Table) -> [String] {
        if column.isIdentity {
            return isRowidAlias(column, in: table)
                ? [] : ["\(column.name): identity is generated only for an INTEGER PRIMARY KEY in SQLite"]
        }
        if case .sql(let raw) = column.defaultValue, raw.forSQLite == nil {
            return ["default of \(column.name) has no SQLite form; set it in the application"]
        }
        return []
    }

    // MARK: Statements

    /// `CREATE TABLE` with one column or constraint per line, column comments and notes as `--`
    /// lines above their column (SQLite keeps them in `sqlite_schema`), and every foreign key
    /// inline: SQLite checks references when rows change, not when tables are created, so cycles
    /// need no ALTER. `name` creates it under another name (a migration's rebuild creates the new
    /// table beside the old one), with every derived name still the table's own.
    public func createTable(_ table: Table, as name: String? = nil) -> String {
        var items: [String] = []
        for column in table.columns {
            var lines = column.comment.map { SQLText.commentLines($0, indent: "    ") } ?? []
            lines += columnNotes(column, in: table).flatMap { SQLText.commentLines($0, indent: "    ") }
            lines.append("    " + columnDefinition(column, in: table))
            items.append(lines.joined(separator: "\n"))
        }
        let keyIsInline = table.columns.contains { isRowidAlias($0, in: table) }
        var constraints: [String] = []
        if let key = table.primaryKey, !keyIsInline { constraints.append(spelling.primaryKeyConstraint(key)) }
        constraints += table.uniqueConstraints.map(spelling.uniqueConstraint)
        constraints += table.foreignKeys.map(spelling.foreignKeyConstraint)
        constraints += table.checks.map(spelling.checkConstraint)
        items += constraints.map { "    " + $0 }

        var lines = table.comment.map { SQLText.commentLines($0) } ?? []
        lines.append("CREATE TABLE \(identifier(name ?? table.name)) (\n\(items.joined(separator: ",\n"))\n);")
        return lines.joined(separator: "\n")
    }

    /// `CREATE [UNIQUE] INDEX name ON table (a, b DESC) [WHERE …];`, or a comment for a method
    /// SQLite lacks. A `hash` index becomes an ordinary one, which serves the same lookups.
    public func createIndex(_ index: Index, table: String) -> String {
        if index.method.isPostgresOnly {
            return "-- \(index.name) skipped: \(index.method.rawValue) indexes are Postgres-only"
        }
        var text = index.isUnique ? "CREATE UNIQUE INDEX " : "CREATE INDEX "
        text += "\(identifier(index.name)) ON \(identifier(table)) "
        text += SQLText.list(index.columns.map { spelling.indexKey($0) })
        if let predicate = index.predicate { text += " WHERE \(predicate)" }
        return text + ";"
    }

    // MARK: auto_update triggers

    /// SQLite cannot assign to `NEW`, so an AFTER trigger updates the row again. The `WHEN` keeps
    /// that second UPDATE from firing the trigger anew under `PRAGMA recursive_triggers = ON`:
    /// `'now'` is fixed for the whole statement, so the row already holds it by then. The row is
    /// found by its primary key (by rowid when it has none).
    public func createTrigger(table: Table, column: Column) -> String {
        let now = column.type == .date ? Self.today : Self.now
        let target = identifier(column.name)
        let keyColumns = table.primaryKey?.columns ?? []
        let match =
            keyColumns.isEmpty
            ? "rowid = NEW.rowid"
            : keyColumns.map { "\(identifier($0)) = NEW.\(identifier($0))" }.joined(separator: " AND ")
        let name = identifier(spelling.triggerName(table: table.name, column: column.name))
        return """
            CREATE TRIGGER \(name) AFTER UPDATE ON \(identifier(table.name)) FOR EACH ROW
            WHEN NEW.\(target) IS NOT \(now)
            BEGIN
                UPDATE \(identifier(table.name)) SET \(target) = \(now) WHERE \(match);
            END;
            """
    }
}
