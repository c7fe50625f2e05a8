/// `primary-key`: every table has a primary key (seeds 000, 003). A single-column key is a `uuid`
/// with a `uuid()` default, so ids can be made anywhere without a round trip (seed 000); with
/// `conventions.key_type: string` a `varchar`/`text` key with a default is fine too (seed 000 stores
/// string ids). Composite keys are fine (join tables, seed 003). A sequential integer key is
/// sometimes right (ordering, seed 003's `LogEntry`) but needs a written exception.
struct PrimaryKeyRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.primaryKey }

    static let standardKey = "`id: { type: uuid, primary_key: true, default: uuid() }`"

    func check(_ table: borrowing Table, in context: LintContext, into findings: inout [RuleFinding]) {
        guard let key = table.primaryKey, !key.columns.isEmpty else {
            findings.append(
                .table(
                    "table '\(table.name)' has no primary key", table,
                    fixes: [
                        "add \(Self.standardKey)",
                        "or, for a join table, `primary_key: [<column>, <column>]`",
                    ]))
            return
        }
        guard key.columns.count == 1, let column = table.column(named: key.columns[0]) else { return }
        if let finding = check(column, of: table, keyType: context.settings.keyType) { findings.append(finding) }
    }

    private func check(_ column: Column, of table: borrowing Table, keyType: RuleSettings.KeyType) -> RuleFinding? {
        let name = "'\(table.name).\(column.name)'"
        if column.type.isInteger || column.isIdentity {
            return .column(
                "primary key \(name) is a sequential \(column.type.formatSpelling); keys are uuids", column, of: table,
                fixes: [
                    column.isIdentity
                        ? "use `type: uuid` with `default: uuid()`, without `identity: true`"
                        : "use `type: uuid` with `default: uuid()`",
                    "or, if the order of ids matters, justify it: `exceptions: { primary-key: <reason> }`",
                ])
        }
        switch column.type {
        case .uuid:
            guard column.defaultValue == .uuid else {
                return .column(
                    "primary key \(name) has no `uuid()` default", column, of: table,
                    fixes: ["add `default: uuid()` so that every insert gets a fresh id"])
            }
            return nil
        case .varchar where keyType == .string, .text where keyType == .string:
            guard column.defaultValue != nil else {
                return .column(
                    "primary key \(name) has no default", column, of: table,
                    fixes: ["add `default: uuid()` so that every insert gets a fresh id"])
            }
            return nil
        default:
            let expected = keyType == .string ? "a uuid or a string with a default" : "a uuid"
            return .column(
                "primary key \(name) is \(column.type.formatSpelling); a single-column key is \(expected)", column,
                of: table,
                fixes: [
                    "use `type: uuid` with `default: uuid()`",
                    "or justify the exception: `exceptions: { primary-key: <reason> }`",
                ])
        }
    }
}
