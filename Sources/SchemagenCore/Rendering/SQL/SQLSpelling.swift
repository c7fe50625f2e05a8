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
        SQLText.list(names.map { identifier($0) })
    }

    /// One key of `CREATE INDEX … (…)`: a quoted column, or an expression in parentheses (which
    /// Postgres requires around anything but a function call, and SQLite accepts), then the
    /// operator class if there is one, then `DESC`.
    public func indexKey(_ key: IndexColumn, operatorClass: String? = nil) -> String {
        [key.isExpression ? "(\(key.name))" : identifier(key.name), operatorClass, key.descending ? "DESC" : nil]
            .compactMap { $0 }.joined(separator: " ")
    }

    public func primaryKeyConstraint(_ key: PrimaryKey) -> String {
        "CONSTRAINT \(identifier(key.name)) PRIMARY KEY \(columnList(key.columns))"
    }

    public func uniqueConstraint(_ unique: UniqueConstraint) -> String {
        "CONSTRAINT \(identifier(unique.name)) UNIQUE \(columnList(unique.columns))"
    }

    public func foreignKeyConstraint(_ key: ForeignKey) -> String {
        var text =
            "CONSTRAINT \(identifier(key.name)) FOREIGN KEY \(columnList(key.columns))"
            + " REFERENCES \(identifier(key.referencedTable)) \(columnList(key.referencedColumns))"
        if let action = key.onDelete { text += " ON DELETE \(action.sql)" }
        if let action = key.onUpdate { text += " ON UPDATE \(action.sql)" }
        return text
    }

    public func checkConstraint(_ check: CheckConstraint) -> String {
        "CONSTRAINT \(identifier(check.name)) CHECK (\(check.expression))"
    }
}
