import SchemagenCore

/// Hand-built schema graphs for the rule tests: a conventional table by default, which each test
/// bends in the one way its rule is about.
enum LintFixture {
    static let file = "schema/test.yaml"

    static func at(_ line: Int, _ column: Int = 5) -> SchemagenCore.SourceLocation {
        SchemagenCore.SourceLocation(file: file, line: line, column: column)
    }

    static func exceptions(_ entries: [(rule: String, reason: String, line: Int)]) -> [RuleException] {
        entries.map { RuleException(rule: $0.rule, reason: $0.reason, location: at($0.line, 9)) }
    }

    static func column(
        _ name: String, _ type: ColumnType, line: Int, nullable: Bool = false, identity: Bool = false,
        default defaultValue: DefaultValue? = nil, autoUpdate: Bool = false,
        exceptions: [(rule: String, reason: String, line: Int)] = []
    ) -> Column {
        Column(
            name: name, type: type, isNullable: nullable, isIdentity: identity, defaultValue: defaultValue,
            autoUpdate: autoUpdate, exceptions: self.exceptions(exceptions), location: at(line, 7))
    }

    /// `id: { type: uuid, primary_key: true, default: uuid() }`
    static func id(line: Int) -> Column {
        column("id", .uuid, line: line, default: .uuid)
    }

    /// The `timestamps` mixin: `created_at` and an auto-updated `updated_at`, both defaulting to now.
    static func timestamps(line: Int) -> [Column] {
        [
            column("created_at", .timestamptz, line: line, default: .now),
            column("updated_at", .timestamptz, line: line + 1, default: .now, autoUpdate: true),
        ]
    }

    /// A table that keeps every convention: `id`, the given columns, then the timestamps. Its name
    /// is at `line`, column 3; columns follow on the next lines.
    static func table(
        _ name: String, line: Int, columns: [Column] = [], primaryKey: [String]? = ["id"],
        withID: Bool = true, withTimestamps: Bool = true, foreignKeys: [ForeignKey] = [], indexes: [Index] = [],
        uniques: [UniqueConstraint] = [], checks: [CheckConstraint] = [], swiftName: String? = nil,
        exceptions: [(rule: String, reason: String, line: Int)] = []
    ) -> Table {
        var all = withID ? [id(line: line + 1)] : []
        all += columns
        if withTimestamps { all += timestamps(line: line + 40) }
        let naming = Naming()
        return Table(
            name: name, columns: all,
            primaryKey: primaryKey.map {
                PrimaryKey(name: naming.primaryKey(table: name), columns: $0, location: at(line + 1, 7))
            },
            foreignKeys: foreignKeys, uniqueConstraints: uniques, checks: checks, indexes: indexes,
            swiftName: swiftName, exceptions: self.exceptions(exceptions), file: file, location: at(line, 3))
    }

    /// A foreign key as `references:` on a column writes it: at the column's line.
    static func foreignKey(
        _ table: String, _ columns: [String], references target: String, _ targetColumns: [String] = ["id"],
        line: Int, onDelete: ReferentialAction? = nil
    ) -> ForeignKey {
        ForeignKey(
            name: Naming().foreignKey(table: table, columns: columns), columns: columns, referencedTable: target,
            referencedColumns: targetColumns, onDelete: onDelete, location: at(line, 20))
    }

    static func index(
        _ table: String, _ columns: [String], line: Int, name: String? = nil, unique: Bool = false,
        where predicate: String? = nil, using method: IndexMethod = .btree,
        exceptions: [(rule: String, reason: String, line: Int)] = []
    ) -> Index {
        Index(
            name: name ?? Naming().index(table: table, columns: columns, method: method, isUnique: unique),
            columns: columns.map { IndexColumn(name: $0, isExpression: $0.contains("(")) }, isUnique: unique,
            predicate: predicate, method: method,
            isNamedExplicitly: name != nil, exceptions: self.exceptions(exceptions), location: at(line, 9))
    }

    static func lint(
        _ tables: [Table], settings: RuleSettings = RuleSettings(), naming: NamingConvention = NamingConvention(),
        targets: Set<Config.Target> = Set(Config.Target.allCases)
    ) -> [Diagnostic] {
        Linter(settings: settings, naming: naming, targets: targets).lint(Schema(tables: tables))
    }

    /// The findings of one rule, as `line:column: severity: message`.
    static func findings(
        _ rule: String, _ tables: [Table], settings: RuleSettings = RuleSettings(),
        naming: NamingConvention = NamingConvention(), targets: Set<Config.Target> = Set(Config.Target.allCases)
    ) -> [String] {
        lint(tables, settings: settings, naming: naming, targets: targets).filter { $0.rule == rule }.map {
            "\($0.location.map { "\($0.line):\($0.column)" } ?? "-"): \($0.severity.rawValue): \($0.message)"
        }
    }

    /// The fix lines of the first finding of one rule.
    static func fixes(_ rule: String, _ tables: [Table], settings: RuleSettings = RuleSettings()) -> [String] {
        lint(tables, settings: settings).first { $0.rule == rule }?.fixes ?? []
    }

    // MARK: A small conventional schema: users ← projects ← tasks.

    static var users: Table {
        table("users", line: 1, columns: [column("email", .varchar(length: 255), line: 3)])
    }

    static var projects: Table {
        table(
            "projects", line: 50,
            columns: [column("owner_id", .uuid, line: 52)],
            foreignKeys: [foreignKey("projects", ["owner_id"], references: "users", line: 52)],
            indexes: [index("projects", ["owner_id"], line: 60)])
    }
}
