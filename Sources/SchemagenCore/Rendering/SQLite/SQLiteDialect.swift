/// How SQLite (3.40 and later) spells each part of the schema graph.
///
/// SQLite has five storage classes, so most logical types map to `TEXT`. Every table is STRICT,
/// which refuses a value of the wrong storage class (`'lots'` in an INTEGER column), and the graph's
/// implicit checks keep each value within its logical type (booleans 0/1, JSON, enum values, the
/// forms of uuids, dates and timestamps, the ranges of numbers), so that SQLite holds the rows that
/// Postgres would and the Swift models can read. The renderer and the migrations build from
/// these pieces. Its identifiers quote every SQLite keyword used as a name, as SQLite's
/// documentation asks.
public struct SQLiteDialect: SQLDialect {
    public static let database = ImplicitCheck.Database.sqlite
    public var config: Config
    public var spelling: SQLSpelling

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

    /// The storage class of the column's type.
    public func typeName(of column: Column) -> String {
        switch column.type {
        case .smallint, .int, .bigint, .bool: "INTEGER"
        // A decimal is REAL, not TEXT: a TEXT column compares as text, so `amount > 100` in a check
        // or a query would disagree with Postgres ('1.00' > '1.0'), and so would ORDER BY. A STRICT
        // table has no NUMERIC, which stored a fraction as REAL anyway: both keep 15 significant
        // digits exactly, and the `portability` rule reports a wider decimal.
        case .real, .double, .decimal: "REAL"
        case .bytes, .vector: "BLOB"
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

    /// The condition of an implicit check on `column` (`ImplicitCheck.Kind` says what each keeps).
    /// The STRICT table has already refused a value of the wrong storage class; these keep the
    /// value within the logical type. A CHECK passes when its condition is NULL, so most of these
    /// let a NULL through by themselves, as Postgres's types do; `json_valid(NULL)` and
    /// `julianday(NULL) IS NOT NULL` are false, so there a nullable column says `x IS NULL OR …`.
    /// SQLite holds every kind.
    public func checkCondition(_ kind: ImplicitCheck.Kind, column: Column) -> String? {
        let name = identifier(column.name)
        let condition: String
        switch kind {
        case .values(let values):
            return "\(name) IN \(SQLText.list(values.map(SQLText.stringLiteral)))"
        case .bool:
            return "\(name) IN (0, 1)"
        case .length(let length):
            return "length(\(name)) <= \(length)"
        case .range(let lower, let upper):
            return "\(name) BETWEEN \(lower) AND \(upper)"
        case .digits(let precision, let scale):
            return "abs(\(name)) < \(Self.powerOfTen(precision - scale))"
        case .uuid:
            // No regular expressions in SQLite: the shape, exactly four dashes, and hex digits.
            return "\(name) GLOB '????????-????-????-????-????????????' AND length(replace(\(name), '-', '')) = 32 "
                + "AND NOT \(name) GLOB '*[^0-9A-Fa-f-]*'"
        case .date:
            // julianday reads 2023-02-30 as March 2nd: a day that exists comes back the same.
            return "date(julianday(\(name))) IS \(name)"
        case .json:
            condition = "json_valid(\(name))"
        case .timestamp:
            let day = "substr(\(name), 1, 10)"
            condition =
                "\(name) GLOB '????-??-??[T ]??:??*' AND julianday(\(name)) IS NOT NULL "
                + "AND date(julianday(\(day))) IS \(day)"
        }
        guard column.isNullable else { return condition }
        return "\(name) IS NULL OR " + (condition.contains(" AND ") ? "(\(condition))" : condition)
    }

    /// `1e8` for 8; `1` for 0.
    static func powerOfTen(_ exponent: Int) -> String {
        exponent <= 0 ? "1" : "1e\(exponent)"
    }

    /// `CONSTRAINT ck_… CHECK (…)` for each implicit check of `table` that SQLite holds, in
    /// column order.
    public func implicitChecks(of table: Table) -> [String] {
        table.implicitChecks.compactMap { check in
            table.column(named: check.column).flatMap { implicitCheckConstraint(check, on: $0) }
        }
    }

    /// The column whose `identity` becomes SQLite's rowid alias: it must be the whole primary key.
    func isRowidAlias(_ column: Column, in table: Table) -> Bool {
        column.isIdentity && table.primaryKey?.columns == [column.name]
    }

    /// `name TYPE NOT NULL DEFAULT …`, without indentation or comma.
    /// An identity column that is the whole primary key carries the key itself (`INTEGER … PRIMARY
    /// KEY`), which makes it an alias of the rowid: SQLite then assigns it on insert. Any other
    /// identity column is a plain `INTEGER` (see `columnNotes`).
    public func columnDefinition(_ column: Column, in table: Table) -> String {
        var text = identifier(column.name)
        text += " "
        text += typeName(of: column)
        // Postgres reads a uuid in either case, and Foundation's `uuidString` writes capitals, while
        // SQLite's `uuid()` default and the Swift models write small letters: NOCASE lets them
        // match in keys and lookups.
        if column.type == .uuid { text += " COLLATE NOCASE" }
        if !column.isNullable { text += " NOT NULL" }
        if column.isIdentity {
            if isRowidAlias(column, in: table), let key = table.primaryKey {
                text += " CONSTRAINT "
                text += identifier(key.name)
                text += " PRIMARY KEY"
            }
        } else if let expression = defaultExpression(of: column) {
            text += " DEFAULT "
            text += expression
        }
        return text
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

    /// `CREATE TABLE … STRICT` with one column or constraint per line, column comments and notes as
    /// `--` lines above their column (SQLite keeps them in `sqlite_schema`), and the foreign keys
    /// inline: SQLite checks references when rows change, not when tables are created, so the
    /// renderers give it every key (`createTable(_:)`), cycles included. The implicit checks come
    /// last, under a comment: they are the same for every column of a type, and long, so the
    /// columns above read as in the Postgres script.
    public func createTable(_ table: Table, foreignKeys: [ForeignKey], as name: String? = nil) -> String {
        // Written into one buffer: one item per line group, `,` and a line break between them.
        var text = TextBuffer(capacity: 4_096)
        for line in table.comment.map({ SQLText.commentLines($0) }) ?? [] {
            text += line
            text += "\n"
        }
        text += "CREATE TABLE "
        text += identifier(name ?? table.name)
        text += " (\n"
        var separator = ""
        for column in table.columns {
            text += separator
            separator = ",\n"
            let comment = column.comment.map { SQLText.commentLines($0, indent: "    ") } ?? []
            for line in comment + columnNotes(column, in: table).flatMap({ SQLText.commentLines($0, indent: "    ") }) {
                text += line
                text += "\n"
            }
            text += "    "
            text += columnDefinition(column, in: table)
        }
        let keyIsInline = table.columns.contains { isRowidAlias($0, in: table) }
        var constraints: [String] = []
        if let key = table.primaryKey, !keyIsInline { constraints.append(spelling.primaryKeyConstraint(key)) }
        constraints += table.uniqueConstraints.map(spelling.uniqueConstraint)
        constraints += foreignKeys.map(spelling.foreignKeyConstraint)
        constraints += table.checks.map(spelling.checkConstraint)
        for constraint in constraints {
            text += separator
            separator = ",\n"
            text += "    "
            text += constraint
        }
        for (position, check) in implicitChecks(of: table).enumerated() {
            text += separator
            separator = ",\n"
            if position == 0 { text += "    -- Each value within its column's type:\n" }
            text += "    "
            text += check
        }
        text += "\n) STRICT;"
        return text.text
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
    public func createTrigger(_ trigger: UpdateTrigger, column: Column, table: Table) -> String {
        let now = column.type == .date ? Self.today : Self.now
        let target = identifier(column.name)
        let keyColumns = table.primaryKey?.columns ?? []
        let match =
            keyColumns.isEmpty
            ? "rowid = NEW.rowid"
            : keyColumns.map { "\(identifier($0)) = NEW.\(identifier($0))" }.joined(separator: " AND ")
        let name = identifier(trigger.name)
        return """
            CREATE TRIGGER \(name) AFTER UPDATE ON \(identifier(table.name)) FOR EACH ROW
            WHEN NEW.\(target) IS NOT \(now)
            BEGIN
                UPDATE \(identifier(table.name)) SET \(target) = \(now) WHERE \(match);
            END;
            """
    }
}
