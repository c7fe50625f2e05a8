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
        spelling.spelled { writeCheckCondition(kind, column: column, into: &$0) }
    }

    /// `checkCondition`, written into `text` (SQLite holds every kind: there is always one).
    func writeCheckCondition(_ kind: ImplicitCheck.Kind, column: Column, into text: inout TextBuffer) {
        let name = column.name
        switch kind {
        case .values(let values):
            identifier.write(name, into: &text)
            text += " IN "
            SQLText.writeLiteralList(values, into: &text)
        case .bool:
            identifier.write(name, into: &text)
            text += " IN (0, 1)"
        case .length(let length):
            text += "length("
            identifier.write(name, into: &text)
            text += ") <= "
            text.append(decimal: length)
        case .range(let lower, let upper):
            identifier.write(name, into: &text)
            text += " BETWEEN "
            text += lower
            text += " AND "
            text += upper
        case .digits(let precision, let scale):
            text += "abs("
            identifier.write(name, into: &text)
            text += ") < "
            text += Self.powerOfTen(precision - scale)
        case .uuid:
            // No regular expressions in SQLite: the shape, exactly four dashes, and hex digits.
            let quoted = identifier(name)
            text += quoted
            text += " GLOB '????????-????-????-????-????????????' AND length(replace("
            text += quoted
            text += ", '-', '')) = 32 AND NOT "
            text += quoted
            text += " GLOB '*[^0-9A-Fa-f-]*'"
        case .date:
            // julianday reads 2023-02-30 as March 2nd: a day that exists comes back the same.
            let quoted = identifier(name)
            text += "date(julianday("
            text += quoted
            text += ")) IS "
            text += quoted
        case .json:
            // `json_valid(NULL)` is false: a nullable column lets NULL through by itself.
            let condition = "json_valid(\(identifier(name)))"
            guard column.isNullable else {
                text += condition
                return
            }
            identifier.write(name, into: &text)
            text += " IS NULL OR "
            text += condition.contains(" AND ") ? "(\(condition))" : condition
        case .timestamp:
            // `julianday(NULL) IS NOT NULL` is false: a nullable column lets NULL through by
            // itself, and the condition (with its ANDs) goes in parentheses.
            let quoted = identifier(name)
            if column.isNullable {
                text += quoted
                text += " IS NULL OR ("
            }
            text += quoted
            text += " GLOB '????-??-??[T ]??:??*' AND julianday("
            text += quoted
            text += ") IS NOT NULL AND date(julianday(substr("
            text += quoted
            text += ", 1, 10))) IS substr("
            text += quoted
            text += ", 1, 10)"
            if column.isNullable { text += ")" }
        }
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

    /// `implicitChecks(of:)`, each written into `text` after `separator(position)` writes what
    /// goes before the `position`th.
    private func writeImplicitChecks(
        of table: Table, into text: inout TextBuffer, separator: (Int, inout TextBuffer) -> Void
    ) {
        var position = 0
        let columns = table.columns
        for check in table.implicitChecks where check.isHeld(by: .sqlite) {
            guard let index = columns.firstIndex(where: { $0.name == check.column }) else { continue }
            separator(position, &text)
            position += 1
            text += "CONSTRAINT "
            identifier.write(check.name, into: &text)
            text += " CHECK ("
            writeCheckCondition(check.kind, column: columns[index], into: &text)
            text += ")"
        }
    }

    /// The column whose `identity` becomes SQLite's rowid alias: it must be the whole primary key.
    func isRowidAlias(_ column: Column, in table: Table) -> Bool {
        guard column.isIdentity, let key = table.primaryKey?.columns else { return false }
        return key.count == 1 && key[0] == column.name
    }

    /// `name TYPE NOT NULL DEFAULT …`, without indentation or comma.
    /// An identity column that is the whole primary key carries the key itself (`INTEGER … PRIMARY
    /// KEY`), which makes it an alias of the rowid: SQLite then assigns it on insert. Any other
    /// identity column is a plain `INTEGER` (see `columnNotes`).
    public func columnDefinition(_ column: Column, in table: Table) -> String {
        spelling.spelled { writeColumnDefinition(column, in: table, into: &$0) }
    }

    /// `columnDefinition`, written into `text`.
    func writeColumnDefinition(_ column: Column, in table: Table, into text: inout TextBuffer) {
        identifier.write(column.name, into: &text)
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
                identifier.write(key.name, into: &text)
                text += " PRIMARY KEY"
            }
        } else if let expression = defaultExpression(of: column) {
            text += " DEFAULT "
            text += expression
        }
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
        var text = TextBuffer(capacity: 4_096)
        writeCreateTable(table, foreignKeys: foreignKeys, as: name, into: &text)
        return text.text
    }

    /// `createTable`, written into `text`: one item per line group, `,` and a line break between
    /// them; the table's own foreign keys when `foreignKeys` is nil.
    func writeCreateTable(
        _ table: Table, foreignKeys: [ForeignKey]? = nil, as name: String? = nil, into text: inout TextBuffer
    ) {
        if let comment = table.comment {
            for line in SQLText.commentLines(comment) {
                text += line
                text += "\n"
            }
        }
        text += "CREATE TABLE "
        identifier.write(name ?? table.name, into: &text)
        text += " (\n"
        var first = true
        var keyIsInline = false
        for column in table.columns {
            if !first { text += ",\n" }
            first = false
            if let comment = column.comment {
                for line in SQLText.commentLines(comment, indent: "    ") {
                    text += line
                    text += "\n"
                }
            }
            for note in columnNotes(column, in: table) {
                for line in SQLText.commentLines(note, indent: "    ") {
                    text += line
                    text += "\n"
                }
            }
            text += "    "
            writeColumnDefinition(column, in: table, into: &text)
            keyIsInline = keyIsInline || isRowidAlias(column, in: table)
        }
        func item() {
            if !first { text += ",\n" }
            first = false
            text += "    "
        }
        if let key = table.primaryKey, !keyIsInline {
            item()
            spelling.writePrimaryKeyConstraint(key, into: &text)
        }
        for unique in table.uniqueConstraints {
            item()
            spelling.writeUniqueConstraint(unique, into: &text)
        }
        for key in foreignKeys ?? table.foreignKeys {
            item()
            spelling.writeForeignKeyConstraint(key, into: &text)
        }
        for check in table.checks {
            item()
            spelling.writeCheckConstraint(check, into: &text)
        }
        writeImplicitChecks(of: table, into: &text) { position, text in
            if !first { text += ",\n" }
            first = false
            if position == 0 { text += "    -- Each value within its column's type:\n" }
            text += "    "
        }
        text += "\n) STRICT;"
    }

    /// `CREATE [UNIQUE] INDEX name ON table (a, b DESC) [WHERE …];`, or a comment for a method
    /// SQLite lacks. A `hash` index becomes an ordinary one, which serves the same lookups.
    public func createIndex(_ index: Index, table: String) -> String {
        spelling.spelled { writeCreateIndex(index, table: table, into: &$0) }
    }

    /// `createIndex`, written into `text`.
    func writeCreateIndex(_ index: Index, table: String, into text: inout TextBuffer) {
        if index.method.isPostgresOnly {
            text += "-- "
            text += index.name
            text += " skipped: "
            text += index.method.rawValue
            text += " indexes are Postgres-only"
            return
        }
        text += index.isUnique ? "CREATE UNIQUE INDEX " : "CREATE INDEX "
        identifier.write(index.name, into: &text)
        text += " ON "
        identifier.write(table, into: &text)
        spelling.writeIndexKeysAndPredicate(of: index, operatorClass: nil, into: &text)
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
