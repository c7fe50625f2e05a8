/// `identifier-length`: every name fits Postgres's 63 bytes. Postgres cuts longer identifiers
/// silently, so two long names can become one. Derived names are shortened with a hash by
/// `Naming`; this rule catches the names users write: tables, columns, enums, and explicit
/// index and constraint names.
struct IdentifierLengthRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.identifierLength }

    func check(_ context: LintContext) -> [RuleFinding] {
        let limit = Naming.maxIdentifierBytes
        func tooLong(_ name: String) -> Bool { name.utf8.count > limit }
        func message(_ what: String, _ name: String) -> String {
            "\(what) '\(name)' is \(name.utf8.count) bytes; Postgres cuts identifiers at \(limit)"
        }
        let fix = ["shorten it to \(limit) bytes or fewer"]
        var findings: [RuleFinding] = []
        for enumType in context.schema.enums where tooLong(enumType.name) {
            findings.append(
                RuleFinding(
                    message("enum name", enumType.name), about: .schema, at: enumType.location,
                    length: enumType.name.count, fixes: fix))
        }
        for table in context.schema.tables {
            if tooLong(table.name) { findings.append(.table(message("table name", table.name), table, fixes: fix)) }
            for column in table.columns where tooLong(column.name) {
                findings.append(.column(message("column name", column.name), column, of: table, fixes: fix))
            }
            for index in table.indexes where tooLong(index.name) {
                findings.append(.index(message("index name", index.name), index, of: table, fixes: fix))
            }
            for key in table.foreignKeys where tooLong(key.name) {
                findings.append(.foreignKey(message("constraint name", key.name), key, of: table, fixes: fix))
            }
            var constraints: [(String, SourceLocation)] = []
            if let key = table.primaryKey { constraints.append((key.name, key.location)) }
            constraints += table.uniqueConstraints.map { ($0.name, $0.location) }
            constraints += table.checks.map { ($0.name, $0.location) }
            for (name, location) in constraints where tooLong(name) {
                findings.append(
                    RuleFinding(
                        message("constraint name", name), about: .constraint(table: table.name, name: name),
                        at: location, fixes: fix))
            }
        }
        return findings
    }
}
