/// Where exceptions apply: for each subject of a finding, the exceptions written on it and around
/// it, most specific first.
struct ExceptionScopes: Sendable {
    private var tables: [String: Table] = [:]
    /// Every exception written in the schema, once each, in schema order. A mixin's column carries
    /// the same exception into every table that uses it: it is one exception, used if it excuses
    /// anything in any of them.
    private(set) var allExceptions: [RuleException] = []

    init(schema: Schema) {
        var seen: Set<RuleException> = []
        for table in schema.tables {
            tables[table.name] = table
            let written = table.exceptions + table.columns.flatMap(\.exceptions) + table.indexes.flatMap(\.exceptions)
            for exception in written where seen.insert(exception).inserted {
                allExceptions.append(exception)
            }
        }
    }

    /// The exception that excuses a finding of `rule` about `subject`, if there is one.
    func exception(for rule: String, on subject: RuleSubject) -> RuleException? {
        for candidates in scopes(of: subject) {
            if let match = candidates.first(where: { $0.rule == rule }) { return match }
        }
        return nil
    }

    private func scopes(of subject: RuleSubject) -> [[RuleException]] {
        guard let tableName = subject.table, let table = tables[tableName] else { return [] }
        switch subject {
        case .column(_, let column):
            return [table.column(named: column)?.exceptions ?? [], table.exceptions]
        case .index(_, let name):
            return [table.indexes.first { $0.name == name }?.exceptions ?? [], table.exceptions]
        case .foreignKey(_, let name):
            // A single-column key is written on its column, so the column's exceptions apply.
            guard let key = table.foreignKeys.first(where: { $0.name == name }), key.columns.count == 1,
                let column = table.column(named: key.columns[0])
            else { return [table.exceptions] }
            return [column.exceptions, table.exceptions]
        case .table, .constraint:
            return [table.exceptions]
        case .schema:
            return []
        }
    }
}
