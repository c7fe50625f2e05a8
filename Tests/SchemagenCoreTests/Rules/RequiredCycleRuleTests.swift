import SchemagenCore
import Testing

/// `required-cycle`: a cycle with a NOT NULL key between every two of its tables is an error by
/// default, which a level or an exception can change.
@Suite struct RequiredCycleRuleTests {
    typealias F = LintFixture

    static func table(_ name: String, line: Int, keys: [(target: String, columns: [String], nullable: Bool)]) -> Table {
        let columns = keys.flatMap { key in
            key.columns.enumerated().map { F.column($1, .uuid, line: line + $0 + 1, nullable: key.nullable) }
        }
        return F.table(
            name, line: line, columns: columns,
            foreignKeys: keys.map {
                F.foreignKey(name, $0.columns, references: $0.target, $0.columns.map { _ in "id" }, line: line + 1)
            })
    }

    static func messages(_ tables: [Table]) -> [String] {
        F.lint(tables).filter { $0.rule == "required-cycle" }.map { "\($0.location!.line): \($0.message)" }
    }

    @Test func threeRequiredKeysMakeAnError() {
        let tables = [
            Self.table("a", line: 10, keys: [("b", ["b_id"], false)]),
            Self.table("b", line: 20, keys: [("c", ["c_id"], false)]),
            Self.table("c", line: 30, keys: [("a", ["a_id"], false)]),
        ]
        #expect(
            Self.messages(tables) == [
                "31: foreign keys with NOT NULL columns form a cycle: a → b → c → a; a first row goes in only in one statement with the others, or with the constraints deferred"
            ])
    }

    @Test func aLevelOrAnExceptionChangesIt() {
        let tables = [
            Self.table("a", line: 10, keys: [("b", ["b_id"], false)]),
            Self.table("b", line: 20, keys: [("a", ["a_id"], false)]),
        ]
        var settings = RuleSettings()
        settings.levels["required-cycle"] = .warning
        #expect(F.lint(tables, settings: settings).filter { $0.rule == "required-cycle" }.map(\.severity) == [.warning])
        var excused = tables
        excused[1].exceptions = [
            RuleException(rule: "required-cycle", reason: "Both rows go in with one CTE.", location: F.at(25, 7))
        ]
        #expect(Self.messages(excused) == [])
    }

    @Test func oneNullableKeyBetweenTwoTablesIsNotEnough() {
        // b has a NOT NULL key to a next to a nullable one: a row of b still needs a row of a first.
        let tables = [
            Self.table("a", line: 10, keys: [("b", ["b_id"], false)]),
            Self.table("b", line: 20, keys: [("a", ["spare_a_id"], true), ("a", ["a_id"], false)]),
        ]
        #expect(Self.messages(tables).count == 1)
    }

    @Test func aNullableStepOrAPartlyNullableCompositeKeyBreaksTheCycle() {
        let nullable = [
            Self.table("a", line: 10, keys: [("b", ["b_id"], false)]),
            Self.table("b", line: 20, keys: [("a", ["a_id"], true)]),
        ]
        #expect(Self.messages(nullable) == [])
        var composite = Self.table("b", line: 20, keys: [("a", ["a_id", "a_version"], false)])
        composite.columns[1].isNullable = true
        #expect(Self.messages([nullable[0], composite]) == [])
        // A table that references itself is a tree, not a cycle.
        #expect(Self.messages([Self.table("a", line: 10, keys: [("a", ["parent_id"], false)])]) == [])
    }
}
