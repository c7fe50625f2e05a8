/// The parts of the DDL that Postgres and SQLite spell alike, but for which names each quotes:
/// constraints, column lists and trigger names. Each dialect holds one with its own quoting.
public struct SQLSpelling: Sendable {
    public var identifier: IdentifierQuoting
    public var naming: Naming

    public init(identifier: IdentifierQuoting, naming: Naming) {
        self.identifier = identifier
        self.naming = naming
    }

    /// `(a, b)`, each name quoted where the dialect needs it.
    public func columnList(_ names: [String]) -> String {
        spelled { identifier.writeList(names, into: &$0) }
    }

    /// One key of `CREATE INDEX … (…)`: a quoted column, or an expression in parentheses (which
    /// Postgres requires around anything but a function call, and SQLite accepts), then the
    /// operator class if there is one, then `DESC`.
    public func indexKey(_ key: IndexColumn, operatorClass: String? = nil) -> String {
        spelled { writeIndexKey(key, operatorClass: operatorClass, into: &$0) }
    }

    public func primaryKeyConstraint(_ key: PrimaryKey) -> String {
        spelled { writePrimaryKeyConstraint(key, into: &$0) }
    }

    public func uniqueConstraint(_ unique: UniqueConstraint) -> String {
        spelled { writeUniqueConstraint(unique, into: &$0) }
    }

    public func foreignKeyConstraint(_ key: ForeignKey) -> String {
        spelled { writeForeignKeyConstraint(key, into: &$0) }
    }

    public func checkConstraint(_ check: CheckConstraint) -> String {
        spelled { writeCheckConstraint(check, into: &$0) }
    }

    // MARK: Written into a buffer
    //
    // Each piece is written where it goes (the renderers' scripts); the `String` forms above, which
    // the migrations use, are these written into a buffer of their own, so both read the same.

    /// The text that `write` puts into an empty buffer.
    func spelled(_ write: (inout TextBuffer) -> Void) -> String {
        var text = TextBuffer(capacity: 128)
        write(&text)
        return text.text
    }

    /// The tail every dialect writes after `CREATE … INDEX … ON <table>[ USING …]`: the keys in
    /// parentheses, the partial index's `WHERE`, and the `;`.
    func writeIndexKeysAndPredicate(of index: Index, operatorClass: String?, into text: inout TextBuffer) {
        text += " ("
        for (position, key) in index.columns.enumerated() {
            if position > 0 { text += ", " }
            writeIndexKey(key, operatorClass: operatorClass, into: &text)
        }
        text += ")"
        if let predicate = index.predicate {
            text += " WHERE "
            text += predicate
        }
        text += ";"
    }

    func writeIndexKey(_ key: IndexColumn, operatorClass: String?, into text: inout TextBuffer) {
        if key.isExpression {
            text += "("
            text += key.name
            text += ")"
        } else {
            identifier.write(key.name, into: &text)
        }
        if let operatorClass {
            text += " "
            text += operatorClass
        }
        if key.descending { text += " DESC" }
    }

    func writePrimaryKeyConstraint(_ key: PrimaryKey, into text: inout TextBuffer) {
        text += "CONSTRAINT "
        identifier.write(key.name, into: &text)
        text += " PRIMARY KEY "
        identifier.writeList(key.columns, into: &text)
    }

    func writeUniqueConstraint(_ unique: UniqueConstraint, into text: inout TextBuffer) {
        text += "CONSTRAINT "
        identifier.write(unique.name, into: &text)
        text += " UNIQUE "
        identifier.writeList(unique.columns, into: &text)
    }

    func writeForeignKeyConstraint(_ key: ForeignKey, into text: inout TextBuffer) {
        text += "CONSTRAINT "
        identifier.write(key.name, into: &text)
        text += " FOREIGN KEY "
        identifier.writeList(key.columns, into: &text)
        text += " REFERENCES "
        identifier.write(key.referencedTable, into: &text)
        text += " "
        identifier.writeList(key.referencedColumns, into: &text)
        if let action = key.onDelete {
            text += " ON DELETE "
            text += action.sql
        }
        if let action = key.onUpdate {
            text += " ON UPDATE "
            text += action.sql
        }
    }

    func writeCheckConstraint(_ check: CheckConstraint, into text: inout TextBuffer) {
        text += "CONSTRAINT "
        identifier.write(check.name, into: &text)
        text += " CHECK ("
        text += check.expression
        text += ")"
    }
}
