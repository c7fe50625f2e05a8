/// How Postgres (15 and later) spells each part of the schema graph.
///
/// The renderer assembles whole scripts from these pieces; migrations reuse the same pieces for
/// `ALTER TABLE` statements, so that a column reads the same in both. Its identifiers quote
/// reserved and type/function-name keywords and names that are not plain lowercase.
public struct PostgresDialect: SQLDialect {
    public static let database = ImplicitCheck.Database.postgres
    public var config: Config
    public var spelling: SQLSpelling

    public init(config: Config) {
        self.config = config
        self.spelling = SQLSpelling(
            identifier: IdentifierQuoting(keywords: PostgresKeywords.needingQuotes, allowsDollar: true),
            naming: Naming(config.naming))
    }

    // MARK: Types and defaults

    /// `typeName(of:)`, written into `text`.
    func writeTypeName(of column: Column, into text: inout TextBuffer) {
        switch column.type {
        case .varchar(let length):
            text += "varchar("
            text.append(decimal: length)
            text += ")"
        case .enumeration(let reference):
            if let name = nativeEnumName(reference) { identifier.write(name, into: &text) } else { text += "text" }
        default:
            text += typeName(of: column)
        }
    }

    public func typeName(of column: Column) -> String {
        switch column.type {
        case .uuid:
            switch config.postgres.uuidStorage {
            case .uuid: "uuid"
            case .varchar36: "varchar(36)"
            }
        case .text: "text"
        case .varchar(let length): "varchar(\(length))"
        case .smallint: "smallint"
        case .int: "integer"
        case .bigint: "bigint"
        case .bool: "boolean"
        case .decimal(let precision, let scale): "numeric(\(precision),\(scale))"
        case .real: "real"
        case .double: "double precision"
        case .date: "date"
        case .timestamptz: "timestamptz"
        case .timestamp: "timestamp"
        case .json: "jsonb"
        case .bytes: "bytea"
        case .vector(let dimensions): "vector(\(dimensions))"
        case .enumeration(let reference):
            if let name = nativeEnumName(reference) { identifier(name) } else { "text" }
        }
    }

    /// The enum's type name when the config asks for native enums; inline enums never get a type.
    public func nativeEnumName(_ reference: EnumReference) -> String? {
        config.postgres.nativeEnums ? reference.name : nil
    }

    /// The expression after `DEFAULT`, or `nil` when the column has none, or none for Postgres (a
    /// raw default with an SQLite form only; `columnNotes` says so in the DDL).
    public func defaultExpression(of column: Column) -> String? {
        guard let value = column.defaultValue else { return nil }
        switch value {
        case .string(let text):
            return SQLText.stringLiteral(text)
        case .number(let text):
            return text
        case .bool(let flag):
            return flag ? "true" : "false"
        case .json(let text):
            return SQLText.stringLiteral(text) + (column.type == .json ? "::jsonb" : "")
        case .now:
            // A bare now() in a date column is cast in the session's time zone, so two clients
            // would store different days for the same instant; SQLite's date('now') is UTC.
            return column.type == .date ? "((now() AT TIME ZONE 'UTC')::date)" : "now()"
        case .uuid:
            // varchar(36) storage (seed 000) keeps the text form.
            return column.type == .uuid && config.postgres.uuidStorage == .varchar36
                ? "gen_random_uuid()::text" : "gen_random_uuid()"
        case .sql(let raw):
            // No Postgres form: the `portability` rule reports it, unless the schema excuses it.
            return raw.forPostgres.map(Self.defaultClauseOperand)
        }
    }

    /// `DEFAULT` takes a restricted expression in Postgres's grammar (no `AND`, no `IS NULL`…): raw SQL
    /// with an operator outside parentheses is wrapped, a plain call or literal is left as written.
    static func defaultClauseOperand(_ expression: String) -> String {
        let simple = SQLText.topLevelTokens(of: expression, rules: .postgres).allSatisfy {
            $0.kind != .symbol || [".", "::", "(", ")"].contains($0.text)
        }
        return simple || SQLText.isParenthesized(expression, rules: .postgres) ? expression : "(\(expression))"
    }

    // MARK: Columns and constraints

    /// `name type NOT NULL DEFAULT … CONSTRAINT ck_… CHECK (…)`, without indentation or comma.
    public func columnDefinition(_ column: Column, in table: Table) -> String {
        spelling.spelled { writeColumnDefinition(column, in: table, into: &$0) }
    }

    /// The implicit checks that a column definition writes (`writeColumnDefinition`), by column,
    /// each column's in the table's order: `writeCreateTable` finds them once per table. A loop
    /// over all of the table's checks for each column copied columns × checks of them, which took
    /// half of `check` for tables of 400 columns.
    func definitionChecks(of table: Table) -> [String: [ImplicitCheck]] {
        var result: [String: [ImplicitCheck]] = [:]
        for check in table.implicitChecks where check.isHeld(by: .postgres) {
            // Only these kinds have a Postgres condition (`checkCondition`).
            switch check.kind {
            case .values, .uuid: result[check.column, default: []].append(check)
            case .bool, .json, .length, .range, .digits, .date, .timestamp: continue
            }
        }
        return result
    }

    /// `columnDefinition`, written into `text`. `checks`: the table's `definitionChecks`, when the
    /// caller found them for all its columns (empty for most tables: no enum of its own, no
    /// varchar uuid).
    func writeColumnDefinition(
        _ column: Column, in table: Table, checks: [String: [ImplicitCheck]]? = nil, into text: inout TextBuffer
    ) {
        identifier.write(column.name, into: &text)
        text += " "
        writeTypeName(of: column, into: &text)
        if !column.isNullable { text += " NOT NULL" }
        if column.isIdentity {
            // An identity column has no other default; Postgres refuses both.
            text += " GENERATED BY DEFAULT AS IDENTITY"
        } else if let expression = defaultExpression(of: column) {
            text += " DEFAULT "
            text += expression
        }
        let checks = checks ?? definitionChecks(of: table)
        guard !checks.isEmpty, let own = checks[column.name] else { return }
        for check in own {
            text += " "
            writeImplicitCheckConstraint(check, on: column, into: &text)
        }
    }

    /// `implicitCheckConstraint` (for a check Postgres holds), written into `text`.
    private func writeImplicitCheckConstraint(_ check: ImplicitCheck, on column: Column, into text: inout TextBuffer) {
        text += "CONSTRAINT "
        identifier.write(check.name, into: &text)
        text += " CHECK ("
        writeCheckCondition(check.kind, column: column, into: &text)
        text += ")"
    }

    /// What the DDL leaves out of a column because Postgres cannot say it, as comment text. The
    /// `portability` rule reports it; a schema that turns the rule off or excuses the column still
    /// gets a script, and its reader learns what the application must do instead.
    public func columnNotes(_ column: Column, in table: Table) -> [String] {
        guard !column.isIdentity, case .sql(let raw) = column.defaultValue, raw.forPostgres == nil else { return [] }
        return ["default of \(column.name) has no Postgres form; set it in the application"]
    }

    /// The condition of an implicit check on `column`, or nil for a kind that Postgres's own
    /// column types hold by themselves (the graph gives Postgres none of those).
    public func checkCondition(_ kind: ImplicitCheck.Kind, column: Column) -> String? {
        switch kind {
        case .values, .uuid: spelling.spelled { writeCheckCondition(kind, column: column, into: &$0) }
        case .bool, .json, .length, .range, .digits, .date, .timestamp: nil
        }
    }

    /// `checkCondition`, written into `text`; nothing for a kind that has none.
    func writeCheckCondition(_ kind: ImplicitCheck.Kind, column: Column, into text: inout TextBuffer) {
        switch kind {
        case .values(let values):
            identifier.write(column.name, into: &text)
            text += " IN "
            SQLText.writeLiteralList(values, into: &text)
        case .uuid:
            // varchar(36) compares as text: small letters only, as gen_random_uuid() and the Swift
            // models write them, so that a key written by one is found by the other.
            identifier.write(column.name, into: &text)
            text += " ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'"
        case .bool, .json, .length, .range, .digits, .date, .timestamp:
            break
        }
    }

    /// `CONSTRAINT ck_… CHECK (…)` for each implicit check of `column` that Postgres holds: they
    /// stand in the column's definition, so that `ADD COLUMN` brings them.
    public func implicitChecks(on column: Column, in table: Table) -> [String] {
        table.implicitChecks(on: column.name, in: .postgres).compactMap { implicitCheckConstraint($0, on: column) }
    }

    // MARK: Statements

    /// `CREATE TABLE` with one column or constraint per line: columns, primary key, unique
    /// constraints, the given foreign keys, checks. A column's notes are `--` lines above it.
    public func createTable(_ table: Table, foreignKeys: [ForeignKey], as name: String? = nil) -> String {
        var text = TextBuffer(capacity: 4_096)
        writeCreateTable(table, foreignKeys: foreignKeys, as: name, into: &text)
        return text.text
    }

    /// `createTable`, written into `text`: one item per line group, `,` and a line break between
    /// them. `inline(_:)` says which of the table's foreign keys are written (`foreignKeys`, when
    /// given, are written instead).
    func writeCreateTable(
        _ table: Table, foreignKeys: [ForeignKey]? = nil, inline: (ForeignKey) -> Bool = { _ in true },
        as name: String? = nil, into text: inout TextBuffer
    ) {
        text += "CREATE TABLE "
        identifier.write(name ?? table.name, into: &text)
        text += " (\n"
        var first = true
        let checks = definitionChecks(of: table)
        for column in table.columns {
            if !first { text += ",\n" }
            first = false
            for note in columnNotes(column, in: table) {
                for line in SQLText.commentLines(note, indent: "    ") {
                    text += line
                    text += "\n"
                }
            }
            text += "    "
            writeColumnDefinition(column, in: table, checks: checks, into: &text)
        }
        func item() {
            if !first { text += ",\n" }
            first = false
            text += "    "
        }
        if let key = table.primaryKey {
            item()
            spelling.writePrimaryKeyConstraint(key, into: &text)
        }
        for unique in table.uniqueConstraints {
            item()
            spelling.writeUniqueConstraint(unique, into: &text)
        }
        for key in foreignKeys ?? table.foreignKeys where foreignKeys != nil || inline(key) {
            item()
            spelling.writeForeignKeyConstraint(key, into: &text)
        }
        for check in table.checks {
            item()
            spelling.writeCheckConstraint(check, into: &text)
        }
        text += "\n);"
    }

    /// `CREATE [UNIQUE] INDEX name ON table [USING method] (a, b DESC) [WHERE …];`
    /// A pgvector index names its operator class: hnsw has no default one, and the class decides
    /// which distance queries the index serves.
    public func createIndex(_ index: Index, table: String) -> String {
        spelling.spelled { writeCreateIndex(index, table: table, into: &$0) }
    }

    /// `createIndex`, written into `text`.
    func writeCreateIndex(_ index: Index, table: String, into text: inout TextBuffer) {
        text += index.isUnique ? "CREATE UNIQUE INDEX " : "CREATE INDEX "
        identifier.write(index.name, into: &text)
        text += " ON "
        identifier.write(table, into: &text)
        if index.method != .btree {
            text += " USING "
            text += index.method.rawValue
        }
        spelling.writeIndexKeysAndPredicate(of: index, operatorClass: index.distance?.operatorClass, into: &text)
    }

    public func addForeignKey(_ key: ForeignKey, table: String) -> String {
        "ALTER TABLE \(identifier(table)) ADD \(spelling.foreignKeyConstraint(key));"
    }

    /// `COMMENT ON TABLE` and `COMMENT ON COLUMN` statements, table first, columns in order.
    public func comments(on table: Table) -> [String] {
        var lines: [String] = []
        if let comment = table.comment {
            lines.append(spelling.spelled { writeTableComment(comment, on: table, into: &$0) })
        }
        for column in table.columns {
            if let comment = column.comment {
                lines.append(spelling.spelled { writeColumnComment(comment, on: column, of: table, into: &$0) })
            }
        }
        return lines
    }

    /// `comments(on:)` as lines of `text`, each after a line break but the first, which comes after
    /// `opening` (nothing is written when there are no comments).
    func writeComments(on table: Table, opening: String, into text: inout TextBuffer) {
        var first = true
        if let comment = table.comment {
            text += opening
            first = false
            writeTableComment(comment, on: table, into: &text)
        }
        for column in table.columns {
            guard let comment = column.comment else { continue }
            text += first ? opening : "\n"
            first = false
            writeColumnComment(comment, on: column, of: table, into: &text)
        }
    }

    private func writeTableComment(_ comment: String, on table: Table, into text: inout TextBuffer) {
        text += "COMMENT ON TABLE "
        identifier.write(table.name, into: &text)
        text += " IS "
        SQLText.writeStringLiteral(comment, into: &text)
        text += ";"
    }

    private func writeColumnComment(_ comment: String, on column: Column, of table: Table, into text: inout TextBuffer)
    {
        text += "COMMENT ON COLUMN "
        identifier.write(table.name, into: &text)
        text += "."
        identifier.write(column.name, into: &text)
        text += " IS "
        SQLText.writeStringLiteral(comment, into: &text)
        text += ";"
    }

    public func createEnumType(_ type: EnumType) -> [String] {
        let values = SQLText.list(type.values.map(SQLText.stringLiteral))
        var lines = ["CREATE TYPE \(identifier(type.name)) AS ENUM \(values);"]
        if let comment = type.comment {
            lines.append("COMMENT ON TYPE \(identifier(type.name)) IS \(SQLText.stringLiteral(comment));")
        }
        return lines
    }

    // MARK: auto_update triggers

    /// One function per column name, shared by every table with such a column.
    public func triggerFunctionName(column: String) -> String {
        Naming.fit("schemagen_set_\(column)")
    }

    public func createTriggerFunction(column: String) -> String {
        let body = """
            BEGIN
                NEW.\(identifier(column)) := now();
                RETURN NEW;
            END;

            """
        // A `$$` inside a name (Postgres allows `$` in identifiers) would end the body early.
        let tag = body.contains("$$") ? "$schemagen$" : "$$"
        return """
            CREATE OR REPLACE FUNCTION \(identifier(triggerFunctionName(column: column)))() RETURNS trigger
                LANGUAGE plpgsql
                AS \(tag)
            \(body)\(tag);
            """
    }

    /// A `BEFORE UPDATE` trigger that calls the column's shared function.
    public func createTrigger(_ trigger: UpdateTrigger, column: Column, table: Table) -> String {
        let function = identifier(triggerFunctionName(column: column.name))
        return "CREATE TRIGGER \(identifier(trigger.name)) BEFORE UPDATE ON "
            + "\(identifier(table.name)) FOR EACH ROW EXECUTE FUNCTION \(function)();"
    }
}
