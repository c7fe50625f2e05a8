/// `portability`: nothing that an enabled SQL dialect cannot do (seed 002 runs an SQLite MVP next to
/// Postgres). What it checks, for the dialects among the config's targets:
/// - index predicates and expression keys (`lower(email)`) use no non-deterministic function (`now()`, `random()`,
///   `current_timestamp`…: both dialects refuse them) and no date function (`date(created_at)`:
///   Postgres refuses time-zone-dependent functions in indexes; seed 002 keeps a `date` column);
/// - with Postgres: a unique index is btree (other methods cannot be unique); `hnsw`/`ivfflat`
///   index one vector column; `gin` only json columns and `gist` nothing schemagen's types have an
///   operator class for without an extension schemagen does not create;
/// - with SQLite: checks use no non-deterministic function; raw SQL (checks, predicates, defaults)
///   uses no Postgres-only function or operator (`::`, `~`, `ILIKE`, `date_trunc()`…; an index
///   with a Postgres-only method is exempt, as SQLite does not get it); a raw
///   default has a form for SQLite; an `identity` column is the table's single primary key (the
///   only column SQLite numbers by itself); a decimal has at most 15 digits (SQLite's REAL
///   keeps no more);
/// - with Postgres: raw SQL uses no SQLite-only function (`strftime()`, `json_valid()`…) and a raw
///   default has a form for Postgres.
/// Left alone on purpose: Postgres-only index methods (the SQLite DDL leaves those indexes out with
/// a comment), `vector` columns (a BLOB in SQLite), json (TEXT with a json_valid CHECK).
struct PortabilityRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.portability }

    /// SQLite stores a decimal as REAL, an 8-byte float, which holds 15 significant decimal digits
    /// exactly.
    static let sqliteNumericDigits = 15

    func check(_ table: borrowing Table, in context: LintContext, into findings: inout [RuleFinding]) {
        let postgres = context.targets.contains(.postgres)
        let sqlite = context.targets.contains(.sqlite)
        guard postgres || sqlite else { return }
        let scans = context.sqlScans
        // By position: `for … in` would copy each index and column it passes.
        for index in table.indexes.indices {
            findings += checkIndex(table.indexes[index], of: table, postgres: postgres, sqlite: sqlite, scans: scans)
        }
        // A column's `check:` carries the column's derived check name, and is silenced by the
        // column's exceptions. Deriving a name is string work: done only for a table with a
        // finding about a check, once per column, not once per column and check.
        var columnsByCheckName: [String: Column]?
        for check in table.checks {
            var found = checkCheck(check, of: table, postgres: postgres, sqlite: sqlite, scans: scans)
            guard !found.isEmpty else { continue }
            let columns =
                columnsByCheckName
                ?? Dictionary(
                    table.columns.map { (context.naming.check(table: table.name, name: $0.name), $0) },
                    uniquingKeysWith: { first, _ in first })
            columnsByCheckName = columns
            if let column = columns[check.name] {
                for index in found.indices { found[index].subject = .column(table: table.name, column: column.name) }
            }
            findings += found
        }
        for column in table.columns.indices {
            findings += checkColumn(table.columns[column], of: table, postgres: postgres, sqlite: sqlite, scans: scans)
        }
    }

    // MARK: - Indexes

    private func checkIndex(
        _ index: Index, of table: borrowing Table, postgres: Bool, sqlite: Bool, scans: SQLScans
    ) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        let seed002 =
            "store the value in a column of its own and index that (seed 002 keeps `usage_date` next to `timestamp`)"
        // The predicate and every expression key go into the index as written: both dialects
        // refuse what is not deterministic, and each lacks the other's functions.
        let sql =
            index.predicate == nil && !index.hasExpressions
            ? []
            : index.columns.filter(\.isExpression).map { ("index expression '\($0.name)'", $0.name) }
                + (index.predicate.map { [("index predicate", $0)] } ?? [])
        for (what, text) in sql {
            let scan = scans[text]
            let volatile = scan.nonDeterministic
            if !volatile.isEmpty {
                findings.append(
                    .index(
                        "\(what) uses \(volatile.listedInProse), which is not deterministic; neither Postgres nor SQLite accepts it in an index",
                        index, of: table,
                        fixes: [
                            what == "index predicate"
                                ? "compare with a constant, or drop the predicate and filter in the query"
                                : "index a column that holds the value instead"
                        ]))
            }
            let dates = scan.dateCalls
            if !dates.isEmpty {
                findings.append(
                    .index(
                        "\(what) uses \(dates.listedInProse); Postgres refuses time-zone-dependent functions in an index",
                        index, of: table, fixes: [seed002]))
            }
            if scan.hasSubquery {
                findings.append(.index("\(what) has a subquery; neither dialect accepts one", index, of: table))
            }
            // An index with a Postgres-only method is left out of SQLite, predicate and all.
            let postgresOnly = scan.postgresOnly.filter { !volatile.contains($0) }
            if sqlite, !index.method.isPostgresOnly, !postgresOnly.isEmpty {
                findings.append(
                    .index(
                        "\(what) uses \(postgresOnly.listedInProse), which SQLite does not have", index,
                        of: table, fixes: ["write it in SQL both dialects share"]))
            }
            let sqliteOnly = scan.sqliteOnly.filter {
                !volatile.contains($0) && !dates.contains($0)
            }
            if postgres, !sqliteOnly.isEmpty {
                findings.append(
                    .index(
                        "\(what) uses \(sqliteOnly.listedInProse), which Postgres does not have", index,
                        of: table, fixes: ["write it in SQL both dialects share"]))
            }
        }
        guard postgres else { return findings }
        if index.isUnique, index.method != .btree {
            findings.append(
                .index(
                    "a unique index must be btree: Postgres's \(index.method.rawValue) indexes cannot be unique",
                    index, of: table, fixes: ["leave out `using:`, or `unique: true`"]))
        }
        switch index.method {
        case .hnsw, .ivfflat:
            let types = Self.types(of: index, in: table)
            let isVector = types.count == 1 && { if case .vector = types[0] { true } else { false } }()
            if index.columns.count != 1 || !isVector {
                findings.append(
                    .index(
                        "a \(index.method.rawValue) index works on one vector column only", index, of: table,
                        fixes: ["index a single `vector(n)` column, or use btree"]))
            }
        case .gin:
            for (name, type) in zip(index.columnNames, Self.types(of: index, in: table)) where type != .json {
                findings.append(
                    .index(
                        "gin has no operator class for \(type.formatSpelling) column '\(name)' without the btree_gin extension",
                        index, of: table, fixes: ["use gin for json columns only; index \(name) with btree"]))
            }
        case .gist:
            findings.append(
                .index(
                    "gist has no operator class for schemagen's column types without the btree_gist extension",
                    index, of: table, fixes: ["use btree"]))
        case .btree, .hash:
            break
        }
        return findings
    }

    /// The types of the index's columns that the table has, in order (expressions left out).
    private static func types(of index: Index, in table: borrowing Table) -> [ColumnType] {
        index.columnNames.compactMap { table.column(named: $0)?.type }
    }

    // MARK: - Checks

    /// The findings about a check, about the check as a constraint: the caller makes them about
    /// its column when the check is a column's `check:`.
    private func checkCheck(
        _ check: CheckConstraint, of table: borrowing Table, postgres: Bool, sqlite: Bool, scans: SQLScans
    ) -> [RuleFinding] {
        let subject = RuleSubject.constraint(table: table.name, name: check.name)
        func finding(_ message: String, fixes: [String]) -> RuleFinding {
            RuleFinding(message, about: subject, at: check.location, fixes: fixes)
        }
        let scan = scans[check.expression]
        var findings: [RuleFinding] = []
        if scan.hasSubquery {
            findings.append(
                finding(
                    "check '\(check.name)' has a subquery; neither dialect accepts one",
                    fixes: ["use a foreign key, or enforce the rule in the application"]))
        }
        if sqlite {
            let volatile = scan.nonDeterministic
            if !volatile.isEmpty {
                findings.append(
                    finding(
                        "check '\(check.name)' uses \(volatile.listedInProse); SQLite refuses non-deterministic functions in a CHECK",
                        fixes: ["compare with a constant or another column, or enforce the rule in the application"]))
            }
            // `now()` is both; one finding says enough.
            let postgresOnly = scan.postgresOnly.filter { !volatile.contains($0) }
            if !postgresOnly.isEmpty {
                findings.append(
                    finding(
                        "check '\(check.name)' uses \(postgresOnly.listedInProse), which SQLite does not have",
                        fixes: ["write the check in SQL both dialects share"]))
            }
        }
        if postgres {
            let sqliteOnly = scan.sqliteOnly
            if !sqliteOnly.isEmpty {
                findings.append(
                    finding(
                        "check '\(check.name)' uses \(sqliteOnly.listedInProse), which Postgres does not have",
                        fixes: ["write the check in SQL both dialects share"]))
            }
        }
        return findings
    }

    // MARK: - Columns

    private func checkColumn(
        _ column: Column, of table: borrowing Table, postgres: Bool, sqlite: Bool, scans: SQLScans
    ) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        if sqlite, column.isIdentity, table.primaryKey?.columns != [column.name] {
            findings.append(
                .column(
                    "identity column '\(column.name)' is not the table's single primary key; SQLite numbers only an INTEGER PRIMARY KEY",
                    column, of: table, fixes: ["make it the primary key, or drop `identity: true`"]))
        }
        if sqlite, case .decimal(let precision, let scale) = column.type, precision > Self.sqliteNumericDigits {
            findings.append(
                .column(
                    "'\(column.name)' is decimal(\(precision),\(scale)); SQLite keeps \(Self.sqliteNumericDigits) significant digits of a decimal (a REAL) and rounds the rest",
                    column, of: table,
                    fixes: [
                        "narrow it to \(Self.sqliteNumericDigits) digits or fewer, or excuse it: `exceptions: { portability: … }`"
                    ]))
        }
        guard case .sql(let raw) = column.defaultValue else { return findings }
        if sqlite, raw.forSQLite == nil {
            findings.append(
                .column(
                    "the default of '\(column.name)' has no SQLite form", column, of: table,
                    fixes: ["add `sqlite: \"…\"` to the default, or write one `sql:` form for both dialects"]))
        }
        if postgres, raw.forPostgres == nil {
            findings.append(
                .column(
                    "the default of '\(column.name)' has no Postgres form", column, of: table,
                    fixes: ["add `postgres: \"…\"` to the default, or write one `sql:` form for both dialects"]))
        }
        // The shared form is what a dialect without its own form gets.
        if let common = raw.common {
            let scan = scans[common]
            let postgresOnly = scan.postgresOnly
            if sqlite, raw.sqlite == nil, !postgresOnly.isEmpty {
                findings.append(
                    .column(
                        "the default of '\(column.name)' uses \(postgresOnly.listedInProse), which SQLite does not have",
                        column, of: table,
                        fixes: ["give it per-dialect forms: `default: { postgres: \"…\", sqlite: \"…\" }`"]))
            }
            let sqliteOnly = scan.sqliteOnly
            if postgres, raw.postgres == nil, !sqliteOnly.isEmpty {
                findings.append(
                    .column(
                        "the default of '\(column.name)' uses \(sqliteOnly.listedInProse), which Postgres does not have",
                        column, of: table,
                        fixes: ["give it per-dialect forms: `default: { postgres: \"…\", sqlite: \"…\" }`"]))
            }
        }
        return findings
    }
}

/// What `SQLPortability` finds in each SQL text, found once per text per job: a schema repeats
/// its checks (`amount >= 0`), predicates and defaults from table to table, and lexing them was
/// most of this rule. A reference, so that the rule can fill it through the context it reads;
/// each of the linter's jobs has its own (`LintContext.forJob()`), so none is shared by threads.
final class SQLScans: @unchecked Sendable {
    struct Summary {
        var hasSubquery: Bool
        var nonDeterministic: [String]
        var dateCalls: [String]
        var postgresOnly: [String]
        var sqliteOnly: [String]
    }

    private var summaries: [String: Summary] = [:]

    subscript(text: String) -> Summary {
        if let known = summaries[text] { return known }
        let scan = SQLScanner(text)
        let summary = Summary(
            hasSubquery: SQLPortability.hasSubquery(scan),
            nonDeterministic: SQLPortability.nonDeterministic(in: scan),
            dateCalls: SQLPortability.dateCalls(in: scan), postgresOnly: SQLPortability.postgresOnly(in: scan),
            sqliteOnly: SQLPortability.sqliteOnly(in: scan))
        summaries[text] = summary
        return summary
    }
}
