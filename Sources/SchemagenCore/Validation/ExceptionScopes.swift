/// Where exceptions apply: for each subject of a finding, the exceptions written on it and around
/// it, most specific first.
struct ExceptionScopes: Sendable {
    private let context: LintContext
    /// Where the tables' names repeat, the last table of each name is the one whose exceptions
    /// apply (as they always have); nil otherwise, when that is `context.position(ofTable:)`.
    private var lastPositions: [String: Int]?
    /// Every exception written in the schema, once each, in schema order. A mixin's column carries
    /// the same exception into every table that uses it: it is one exception, used if it excuses
    /// anything in any of them.
    private(set) var allExceptions: [RuleException] = []

    init(_ context: LintContext) {
        self.context = context
        var seen: Set<RuleException> = []
        func add(_ exceptions: [RuleException]) {
            for exception in exceptions where seen.insert(exception).inserted {
                allExceptions.append(exception)
            }
        }
        let tables = context.tables
        if context.hasRepeatedTableNames {
            lastPositions = Dictionary(
                tables.indices.map { (tables[$0].name, $0) }, uniquingKeysWith: { _, last in last })
        }
        for position in tables.indices {
            add(tables[position].exceptions)
            for column in tables[position].columns where !column.exceptions.isEmpty { add(column.exceptions) }
            for index in tables[position].indexes where !index.exceptions.isEmpty { add(index.exceptions) }
        }
    }

    /// The exception that excuses a finding of `rule` about `subject`, if there is one.
    func exception(for rule: String, on subject: RuleSubject) -> RuleException? {
        guard let tableName = subject.table,
            let position = lastPositions.map({ $0[tableName] }) ?? context.position(ofTable: tableName)
        else { return nil }
        return exception(for: rule, on: subject, in: context.tables[position])
    }

    private func exception(for rule: String, on subject: RuleSubject, in table: borrowing Table) -> RuleException? {
        for candidates in scopes(of: subject, in: table) {
            if let match = candidates.first(where: { $0.rule == rule }) { return match }
        }
        return nil
    }

    private func scopes(of subject: RuleSubject, in table: borrowing Table) -> [[RuleException]] {
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
