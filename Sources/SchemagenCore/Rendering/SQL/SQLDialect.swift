/// What each SQL dialect answers, with one signature for both, so that a schema renderer and a
/// migration renderer of a dialect are siblings built from the same pieces, and code that holds
/// for every dialect is written once (`some SQLDialect`). A piece that only one database has
/// (Postgres's enum types, trigger functions, comments; SQLite's portable `now()`) is an extra of
/// its dialect type.
public protocol SQLDialect: Sendable {
    /// The database whose implicit checks this dialect renders (`ImplicitCheck.databases`).
    static var database: ImplicitCheck.Database { get }
    var config: Config { get }
    /// Constraints, column lists and trigger names, with the dialect's quoting and the config's naming.
    var spelling: SQLSpelling { get set }

    /// The column's type as the database spells it: `integer`, `INTEGER`, a native enum's name.
    func typeName(of column: Column) -> String
    /// The expression after `DEFAULT`; `nil` when the column has none, or none in this dialect (a
    /// raw default written for the other database only: `columnNotes` says so).
    func defaultExpression(of column: Column) -> String?
    /// `name type NOT NULL DEFAULT …`, without indentation or comma: the column in `CREATE TABLE`
    /// and after `ADD COLUMN`.
    func columnDefinition(_ column: Column, in table: Table) -> String
    /// What the DDL leaves out of a column because the database cannot say it, as comment text.
    func columnNotes(_ column: Column, in table: Table) -> [String]
    /// The condition of an implicit check of `kind` on `column`; `nil` for a kind that the
    /// database's own column type holds (the graph gives the database none of those).
    func checkCondition(_ kind: ImplicitCheck.Kind, column: Column) -> String?
    /// `CREATE TABLE` with one column or constraint per line and `foreignKeys` inline (the caller
    /// adds any others later), under `name` when one is given: a rebuild creates the new table
    /// beside the old one, every derived name still the table's own.
    func createTable(_ table: Table, foreignKeys: [ForeignKey], as name: String?) -> String
    /// `CREATE [UNIQUE] INDEX name ON table …;`, or a comment where the database lacks the method.
    func createIndex(_ index: Index, table: String) -> String
    /// `trigger`, which keeps `column` of `table` current.
    func createTrigger(_ trigger: UpdateTrigger, column: Column, table: Table) -> String
}

extension SQLDialect {
    /// Quotes a name where this database needs it.
    public var identifier: IdentifierQuoting { spelling.identifier }

    public var naming: Naming {
        get { spelling.naming }
        set { spelling.naming = newValue }
    }

    /// `CREATE TABLE` under the table's own name, with every foreign key inline.
    public func createTable(_ table: Table) -> String {
        createTable(table, foreignKeys: table.foreignKeys, as: nil)
    }

    /// `CONSTRAINT ck_… CHECK (…)` for an implicit check of `column` that this database holds;
    /// `nil` for one it does not.
    public func implicitCheckConstraint(_ check: ImplicitCheck, on column: Column) -> String? {
        guard check.isHeld(by: Self.database), let condition = checkCondition(check.kind, column: column) else {
            return nil
        }
        return "CONSTRAINT \(identifier(check.name)) CHECK (\(condition))"
    }

    /// The table's indexes, in order, as `createIndex` spells each.
    public func createIndexes(of table: Table) -> [String] {
        table.indexes.map { createIndex($0, table: table.name) }
    }

    /// A trigger per `auto_update` column of the table, in column order.
    public func createTriggers(of table: Table) -> [String] {
        table.triggeredColumns.map { createTrigger($0.trigger, column: $0.column, table: table) }
    }
}
