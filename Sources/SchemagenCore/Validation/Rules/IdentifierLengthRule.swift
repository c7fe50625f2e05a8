/// `identifier-length`: every name fits Postgres's 63 bytes. Postgres cuts longer identifiers
/// silently, so two long names can become one. Derived names are shortened with a hash by
/// `Naming`; this rule catches the names users write: tables, columns, enums, and explicit
/// index and constraint names.
struct IdentifierLengthRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.identifierLength }

    private static let limit = Naming.maxIdentifierBytes

    private static func tooLong(_ name: String) -> Bool { name.utf8.count > limit }

    private static func message(_ what: String, _ name: String) -> String {
        "\(what) '\(name)' is \(name.utf8.count) bytes; Postgres cuts identifiers at \(limit)"
    }

    private static var fix: [String] { ["shorten it to \(limit) bytes or fewer"] }

    func checkSchema(_ context: LintContext) -> [RuleFinding] {
        context.schema.enums.filter { Self.tooLong($0.name) }.map { enumType in
            RuleFinding(
                Self.message("enum name", enumType.name), about: .schema, at: enumType.location,
                length: enumType.name.count, fixes: Self.fix)
        }
    }

    func check(_ table: borrowing Table, in context: LintContext, into findings: inout [RuleFinding]) {
        if Self.tooLong(table.name) {
            findings.append(.table(Self.message("table name", table.name), table, fixes: Self.fix))
        }
        // By position: `for … in` would copy each column, index and key it passes.
        for position in table.columns.indices where Self.tooLong(table.columns[position].name) {
            let column = table.columns[position]
            findings.append(.column(Self.message("column name", column.name), column, of: table, fixes: Self.fix))
        }
        for position in table.indexes.indices where Self.tooLong(table.indexes[position].name) {
            let index = table.indexes[position]
            findings.append(.index(Self.message("index name", index.name), index, of: table, fixes: Self.fix))
        }
        for position in table.foreignKeys.indices where Self.tooLong(table.foreignKeys[position].name) {
            let key = table.foreignKeys[position]
            findings.append(.foreignKey(Self.message("constraint name", key.name), key, of: table, fixes: Self.fix))
        }
        func constraint(_ name: String, at location: SourceLocation, of table: borrowing Table) {
            guard Self.tooLong(name) else { return }
            findings.append(
                RuleFinding(
                    Self.message("constraint name", name), about: .constraint(table: table.name, name: name),
                    at: location, fixes: Self.fix))
        }
        if let key = table.primaryKey { constraint(key.name, at: key.location, of: table) }
        for position in table.uniqueConstraints.indices {
            constraint(
                table.uniqueConstraints[position].name, at: table.uniqueConstraints[position].location, of: table)
        }
        for position in table.checks.indices {
            constraint(table.checks[position].name, at: table.checks[position].location, of: table)
        }
    }
}
