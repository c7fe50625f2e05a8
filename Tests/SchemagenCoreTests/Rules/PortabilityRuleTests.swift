import SchemagenCore
import Testing

@Suite struct PortabilityRuleTests {
    typealias F = LintFixture

    static func usage(indexes: [Index] = [], checks: [CheckConstraint] = [], columns: [Column] = []) -> Table {
        F.table(
            "token_usage", line: 1,
            columns: [F.column("timestamp", .timestamptz, line: 3), F.column("tokens", .int, line: 4)] + columns,
            indexes: indexes, checks: checks)
    }

    @Test func nonDeterministicIndexPredicateIsReported() {
        let table = Self.usage(indexes: [F.index("token_usage", ["tokens"], line: 9, where: "timestamp > now() - 1")])
        let diagnostic = F.lint([table]).first { $0.rule == "portability" }
        #expect(
            diagnostic?.message
                == "index predicate uses now(), which is not deterministic; neither Postgres nor SQLite accepts it in an index"
        )
        #expect(diagnostic?.location == F.at(9, 9))
        let keywords = Self.usage(
            indexes: [F.index("token_usage", ["tokens"], line: 9, where: "timestamp > CURRENT_TIMESTAMP")])
        #expect(F.findings("portability", [keywords]).count == 1)
    }

    /// SQLite's NUMERIC keeps 15 significant digits: a wider decimal is reported when SQLite is a target.
    @Test func decimalWiderThanSQLiteKeepsIsReported() {
        let table = Self.usage(columns: [
            F.column("cost_usd", .decimal(precision: 15, scale: 6), line: 5),
            F.column("balance", .decimal(precision: 20, scale: 6), line: 6),
        ])
        #expect(
            F.findings("portability", [table]) == [
                "6:7: error: 'balance' is decimal(20,6); SQLite keeps 15 significant digits of a decimal (a REAL) and rounds the rest"
            ])
        #expect(F.findings("portability", [table], targets: [.postgres, .swift]) == [])
    }

    @Test func dateFunctionInAnIndexIsReported() {
        let table = Self.usage(
            indexes: [F.index("token_usage", ["tokens"], line: 9, where: "DATE(timestamp) = '2025-01-01'")])
        #expect(
            F.findings("portability", [table]) == [
                "9:9: error: index predicate uses date(); Postgres refuses time-zone-dependent functions in an index"
            ])
        let expression = Self.usage(indexes: [F.index("token_usage", ["date(timestamp)"], line: 9)])
        #expect(
            F.findings("portability", [expression]) == [
                "9:9: error: index expression 'date(timestamp)' uses date(); Postgres refuses time-zone-dependent functions in an index"
            ])
        // An expression both dialects accept in an index is fine.
        let lower = Self.usage(indexes: [F.index("token_usage", ["lower(model)"], line: 9)])
        #expect(F.findings("portability", [lower]) == [])
        let volatile = Self.usage(indexes: [F.index("token_usage", ["(tokens + random())"], line: 9)])
        #expect(
            F.findings("portability", [volatile]) == [
                "9:9: error: index expression '(tokens + random())' uses random(), which is not deterministic; neither Postgres nor SQLite accepts it in an index"
            ])
    }

    @Test func wordsInsideStringsAndIdentifiersDoNotCount() {
        let table = Self.usage(
            indexes: [F.index("token_usage", ["tokens"], line: 9, where: "tokens > 0 AND \"now\" IS NULL")],
            checks: [
                CheckConstraint(
                    name: "ck_token_usage_kind", expression: "kind IN ('random()', 'now')", location: F.at(12, 9))
            ])
        #expect(F.findings("portability", [table]) == [])
    }

    @Test func nonDeterministicCheckIsReportedOnlyForSQLite() {
        let check = CheckConstraint(
            name: "ck_token_usage_timestamp", expression: "timestamp <= CURRENT_TIMESTAMP", location: F.at(12, 9))
        let table = Self.usage(checks: [check])
        #expect(
            F.findings("portability", [table]) == [
                "12:9: error: check 'ck_token_usage_timestamp' uses current_timestamp; SQLite refuses non-deterministic functions in a CHECK"
            ])
        #expect(F.findings("portability", [table], targets: [.postgres, .swift]) == [])
    }

    @Test func postgresOnlySyntaxInACheckIsReportedForSQLite() {
        let check = CheckConstraint(
            name: "ck_token_usage_model", expression: "model ~* '^gpt' AND tokens::int > 0", location: F.at(12, 9))
        let table = Self.usage(checks: [check])
        #expect(
            F.findings("portability", [table]) == [
                "12:9: error: check 'ck_token_usage_model' uses `~*` and `::`, which SQLite does not have"
            ])
        #expect(F.findings("portability", [table], targets: [.postgres]) == [])
    }

    @Test func dialectSpecificSyntaxInAnIndexPredicateIsReported() {
        let table = Self.usage(
            indexes: [
                F.index("token_usage", ["tokens"], line: 9, where: "tokens::bigint > 10"),
                F.index("token_usage", ["payload"], line: 10, where: "payload @> '{}'", using: .gin),
                F.index("token_usage", ["tokens"], line: 11, where: "typeof(tokens) = 'integer'"),
            ],
            columns: [F.column("payload", .json, line: 5)])
        #expect(
            F.findings("portability", [table]) == [
                "9:9: error: index predicate uses `::`, which SQLite does not have",
                "11:9: error: index predicate uses typeof(), which Postgres does not have",
            ])
        #expect(F.findings("portability", [table], targets: [.sqlite]).count == 1)
    }

    @Test func sqliteOnlyFunctionInACheckIsReportedForPostgres() {
        let check = CheckConstraint(
            name: "ck_token_usage_payload", expression: "json_valid(payload)", location: F.at(12, 9))
        #expect(
            F.findings("portability", [Self.usage(checks: [check])], targets: [.postgres]) == [
                "12:9: error: check 'ck_token_usage_payload' uses json_valid(), which Postgres does not have"
            ])
    }

    @Test func rawDefaultsNeedAFormForEveryDialect() {
        let postgresOnly = F.column(
            "request_id", .uuid, line: 5, default: .sql(RawSQL(postgres: "uuid_generate_v4()")))
        let shared = F.column("label", .text, line: 6, default: .sql(RawSQL(common: "'n/a'")))
        let castInShared = F.column("limit_value", .int, line: 7, default: .sql(RawSQL(common: "'5'::int")))
        let table = Self.usage(columns: [postgresOnly, shared, castInShared])
        #expect(
            F.findings("portability", [table]) == [
                "5:7: error: the default of 'request_id' has no SQLite form",
                "7:7: error: the default of 'limit_value' uses `::`, which SQLite does not have",
            ])
        #expect(F.findings("portability", [table], targets: [.postgres]) == [])
    }

    @Test func postgresIndexMethodsNeedFittingColumns() {
        let table = Self.usage(
            indexes: [
                F.index("token_usage", ["tokens"], line: 9, using: .gin),
                F.index("token_usage", ["tokens"], line: 10, unique: true, using: .hash),
                F.index("token_usage", ["tokens"], line: 11, using: .hnsw),
            ],
            columns: [F.column("embedding", .vector(dimensions: 3), line: 5), F.column("payload", .json, line: 6)])
        #expect(
            F.findings("portability", [table]) == [
                "9:9: error: gin has no operator class for int column 'tokens' without the btree_gin extension",
                "10:9: error: a unique index must be btree: Postgres's hash indexes cannot be unique",
                "11:9: error: a hnsw index works on one vector column only",
            ])
        let fitting = Self.usage(
            indexes: [
                F.index("token_usage", ["payload"], line: 9, using: .gin),
                F.index("token_usage", ["embedding"], line: 11, using: .hnsw),
            ],
            columns: [F.column("embedding", .vector(dimensions: 3), line: 5), F.column("payload", .json, line: 6)])
        #expect(F.findings("portability", [fitting]) == [])
    }

    @Test func identityOutsideThePrimaryKeyIsReportedForSQLite() {
        let table = Self.usage(columns: [F.column("sequence", .bigint, line: 5, identity: true)])
        #expect(
            F.findings("portability", [table]) == [
                "5:7: error: identity column 'sequence' is not the table's single primary key; SQLite numbers only an INTEGER PRIMARY KEY"
            ])
        #expect(F.findings("portability", [table], targets: [.postgres]) == [])
    }
}
