/// One convention check. A rule looks at each table on its own (`check(_:in:into:)`) and, where
/// a convention spans tables or is about enums, at the schema (`checkSchema`); the `Linter` turns
/// the findings into diagnostics, after exceptions and the config's levels have had their say.
///
/// Tables are looked at one by one so that the linter can split them between cores: a rule's
/// findings are those of `check(_:)`, whatever the split (`LinterSplitTests`).
protocol LintRule: Sendable {
    var descriptor: RuleDescriptor { get }
    /// Appends the findings about `table`, in the order the rule reports them.
    func check(_ table: borrowing Table, in context: LintContext, into findings: inout [RuleFinding])
    /// The findings that are about no one table: enums, cycles through several tables.
    func checkSchema(_ context: LintContext) -> [RuleFinding]
    /// True when the schema's findings follow the tables' in the rule's report.
    var reportsSchemaLast: Bool { get }
}

extension LintRule {
    func check(_ table: borrowing Table, in context: LintContext, into findings: inout [RuleFinding]) {}
    func checkSchema(_ context: LintContext) -> [RuleFinding] { [] }
    var reportsSchemaLast: Bool { false }

    /// Every finding of the rule, the schema's and each table's in turn, on one core: what the
    /// linter's split adds up to.
    func check(_ context: LintContext) -> [RuleFinding] {
        var findings = reportsSchemaLast ? [] : checkSchema(context)
        for position in context.tables.indices {
            check(context.tables[position], in: context, into: &findings)
        }
        if reportsSchemaLast { findings += checkSchema(context) }
        return findings
    }
}

/// What a finding is about. Exceptions apply by subject: a column's `exceptions:` silence findings
/// on that column, an index's on that index, a table's on everything within the table.
enum RuleSubject: Sendable, Hashable {
    case table(String)
    case column(table: String, column: String)
    case index(table: String, name: String)
    /// A foreign key. One written on a column (`references:`) is also silenced by that column's
    /// exceptions, since that is where the user can write them.
    case foreignKey(table: String, name: String)
    /// A primary key, unique or check constraint: only the table's exceptions apply.
    case constraint(table: String, name: String)
    /// Something outside any table (an enum): no exception applies.
    case schema

    var table: String? {
        switch self {
        case .table(let table), .column(let table, _), .index(let table, _), .foreignKey(let table, _),
            .constraint(let table, _):
            table
        case .schema: nil
        }
    }
}

/// A rule's finding before severity and exceptions: the rule id is the rule's own.
struct RuleFinding: Sendable, Hashable {
    var subject: RuleSubject
    var message: String
    var location: SourceLocation?
    var length: Int
    var fixes: [String]
    var notes: [Diagnostic.Note]

    init(
        _ message: String, about subject: RuleSubject, at location: SourceLocation?, length: Int = 1,
        fixes: [String] = [], notes: [Diagnostic.Note] = []
    ) {
        self.subject = subject
        self.message = message
        self.location = location
        self.length = length
        self.fixes = fixes
        self.notes = notes
    }

    /// A finding on a column, underlining its name.
    static func column(
        _ message: String, _ column: Column, of table: borrowing Table, fixes: [String] = [],
        notes: [Diagnostic.Note] = []
    ) -> RuleFinding {
        RuleFinding(
            message, about: .column(table: table.name, column: column.name), at: column.location,
            length: column.name.count, fixes: fixes, notes: notes)
    }

    /// A finding on a table, underlining its name.
    static func table(
        _ message: String, _ table: borrowing Table, fixes: [String] = [], notes: [Diagnostic.Note] = []
    ) -> RuleFinding {
        RuleFinding(
            message, about: .table(table.name), at: table.location, length: table.name.count, fixes: fixes,
            notes: notes)
    }

    /// A finding on an index, underlining its written name, or the start of its entry.
    static func index(_ message: String, _ index: Index, of table: borrowing Table, fixes: [String] = [])
        -> RuleFinding
    {
        RuleFinding(
            message, about: .index(table: table.name, name: index.name), at: index.location,
            length: index.isNamedExplicitly ? index.name.count : 1, fixes: fixes)
    }

    static func foreignKey(
        _ message: String, _ key: ForeignKey, of table: borrowing Table, fixes: [String] = [],
        notes: [Diagnostic.Note] = []
    ) -> RuleFinding {
        RuleFinding(
            message, about: .foreignKey(table: table.name, name: key.name), at: key.location,
            length: key.locationLength, fixes: fixes, notes: notes)
    }
}

/// `on_delete: <action>` or `on_update: <action>` of a foreign key, where it is written: what
/// `fk-set-null` and `fk-set-default` report, underlining the action itself.
struct ReferentialClause {
    /// `on_delete` or `on_update`.
    var key: String
    var action: ReferentialAction
    var location: SourceLocation?

    /// The first of the key's two clauses that says `action`.
    static func first(_ action: ReferentialAction, of key: ForeignKey) -> ReferentialClause? {
        if key.onDelete == action {
            return ReferentialClause(key: "on_delete", action: action, location: key.onDeleteLocation)
        }
        if key.onUpdate == action {
            return ReferentialClause(key: "on_update", action: action, location: key.onUpdateLocation)
        }
        return nil
    }

    /// A finding about the foreign key, at this clause where it is written.
    func finding(_ message: String, _ key: ForeignKey, of table: borrowing Table, fixes: [String]) -> RuleFinding {
        var finding = RuleFinding.foreignKey(message, key, of: table, fixes: fixes)
        if let location {
            finding.location = location
            finding.length = action.rawValue.count
        }
        return finding
    }
}
