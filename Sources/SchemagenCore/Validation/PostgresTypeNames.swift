/// Postgres gives every table a row type of the table's name, in the same namespace as the types
/// `CREATE TYPE` makes: with `native_enums`, an enum named like a table fails at `CREATE` time.
enum PostgresTypeNames {
    static func diagnostics(in schema: Schema, config: Config) -> [Diagnostic] {
        guard config.postgres.nativeEnums, config.targets.contains(.postgres) else { return [] }
        guard !schema.enums.isEmpty else { return [] }
        var tables: [String: Int] = [:]
        for position in schema.tables.indices where tables[schema.tables[position].name] == nil {
            tables[schema.tables[position].name] = position
        }
        return schema.enums.compactMap { enumType in
            guard let position = tables[enumType.name] else { return nil }
            let table = schema.tables[position]
            return .error(
                "enum '\(enumType.name)' has the name of a table; with native_enums, Postgres keeps both as types and refuses the second",
                rule: FormatRule.duplicateName, at: enumType.location, length: enumType.name.utf8.count,
                fixes: ["rename the enum, e.g. '\(enumType.name)_kind'"],
                notes: [.init("table '\(table.name)' is defined here", at: table.location)])
        }
    }
}
