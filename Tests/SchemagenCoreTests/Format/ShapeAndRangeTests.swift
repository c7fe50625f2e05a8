import Testing

@testable import SchemagenCore

/// Inputs that both databases refuse, or that said the wrong thing about themselves, found on a
/// newcomer's first day (issue 12): each is a positioned error that says what to write instead.
@Suite struct ShapeAndRangeTests {
    private func only(_ yaml: String) -> String? {
        let all = findings(loadSchema(yaml))
        return all.count == 1 ? all[0] : all.joined(separator: " | ")
    }

    private let header = "tables:\n  things:\n    columns:\n      id: { type: uuid, primary_key: true }\n"

    // MARK: - unique: a flat list

    @Test func aFlatUniqueListIsAnErrorThatShowsTheNestedList() throws {
        let result = loadSchema(header + "      tenant_id: uuid\n      slug: text\n    unique: [tenant_id, slug]\n")
        #expect(
            findings(result) == [
                "7:13: invalid-value: each entry of `unique` is a list of columns, found a list of names; one constraint over these columns is `[[tenant_id, slug]]`"
            ])
        #expect(
            result.diagnostics.first?.fixes == [
                "write `unique: [[tenant_id, slug]]` (a column alone is unique with `unique: true` on the column)"
            ])
        // Block style is the same list.
        #expect(
            only(header + "      slug: text\n    unique:\n      - id\n      - slug\n")?.hasPrefix(
                "7:7: invalid-value: each entry of `unique` is a list of columns, found a list of names") == true)
    }

    @Test func aNameAmongUniqueListsIsAnErrorOfItsOwn() {
        #expect(
            only(header + "      a: text\n      b: text\n    unique: [[a, b], a]\n")
                == "7:22: invalid-value: each entry of `unique` is a list of columns, found the name 'a'")
    }

    @Test func nestedUniqueListsAreStillOneConstraintEach() throws {
        let result = loadSchema(header + "      a: text\n      b: text\n    unique: [[a, b], [b]]\n")
        #expect(findings(result) == [])
        let table = try #require(result.schema?.tables.first)
        #expect(table.uniqueConstraints.map(\.columns) == [["a", "b"], ["b"]])
    }

    // MARK: - A table needs a column

    @Test func aTableWithoutColumnsIsAnError() throws {
        let result = loadSchema(
            "tables:\n  posts:\n    columns: {}\n    exceptions: { primary-key: a log, timestamps: a log }\n")
        #expect(findings(result) == ["3:5: missing-key: table 'posts' has no columns; a table needs at least one"])
        #expect(result.diagnostics.first?.length == "columns".count)
        #expect(
            only("tables:\n  posts:\n    columns:\n")
                == "3:5: missing-key: table 'posts' has no columns; a table needs at least one")
    }

    @Test func mixinsMayBringEveryColumn() {
        #expect(
            findings(
                loadSchema(
                    "mixins:\n  keyed: { columns: { id: { type: uuid, primary_key: true } } }\n"
                        + "tables:\n  posts:\n    mixins: [keyed]\n    columns: {}\n")) == [])
    }

    // MARK: - Ranges of types and defaults

    @Test func varcharLongerThanPostgresAllows() {
        #expect(
            only(header + "      body: varchar(10485761)\n")
                == "5:13: unknown-type: type 'varchar(10485761)' is longer than Postgres allows: varchar(n) takes at most 10485760 characters; use text"
        )
        #expect(findings(loadSchema(header + "      body: varchar(10485760)\n")) == [])
        // Digits past any integer are too long as well, not "not a whole number".
        #expect(
            only(header + "      body: string(99999999999999999999999)?\n")
                == "5:13: unknown-type: type 'string(99999999999999999999999)' is longer than Postgres allows: string(n) takes at most 10485760 characters; use text"
        )
    }

    @Test func vectorDimensionsWithinPgvectorsLimit() {
        #expect(
            only(header + "      v: vector(16001)\n")
                == "5:10: unknown-type: type 'vector(16001)' needs from 1 to 16000 dimensions (pgvector's limit)")
        #expect(findings(loadSchema(header + "      v: vector(16000)\n")) == [])
    }

    @Test func floatingPointDefaultsOutsideTheirType() {
        #expect(
            only(header + "      r: { type: real, default: 1e39 }\n")
                == "5:33: invalid-default: default '1e39' does not fit column 'r' of type real: expected a number that fits real (up to about ±3.4e38, and not so small it rounds to 0)"
        )
        #expect(
            only(header + "      r: { type: double, default: -1e309 }\n")
                == "5:35: invalid-default: default '-1e309' does not fit column 'r' of type double: expected a number that fits double (up to about ±1.8e308, and not so small it rounds to 0)"
        )
        // Postgres refuses a number that rounds to zero too; a written zero is zero.
        #expect(only(header + "      r: { type: real, default: 1e-50 }\n")?.contains("'1e-50' does not fit") == true)
        // What Postgres 15 takes: the largest real, a subnormal one, 1e39 as a double, zeros.
        for (type, value) in [
            ("real", "3.4028235e38"), ("real", "1e-40"), ("double", "1e39"), ("double", "1e-320"), ("real", "0.0e5"),
            ("double", "-0"),
        ] {
            #expect(findings(loadSchema(header + "      r: { type: \(type), default: \(value) }\n")) == [], "\(value)")
        }
        #expect(only(header + "      r: { type: real, default: 3.4028236e38 }\n")?.contains("does not fit") == true)
    }

    // MARK: - Messages that said the wrong thing

    @Test func aColumnWrittenAsAListSaysSoAndShowsTheMapping() throws {
        let result = loadSchema("tables:\n  things:\n    columns:\n      id: [uuid, primary_key]\n")
        #expect(
            findings(result) == [
                "4:11: invalid-value: column 'id' of table 'things' must be a type or a mapping of options, found a list"
            ])
        #expect(result.diagnostics.first?.fixes == ["write `id: { type: uuid, primary_key: true }`"])
    }

    @Test func varcharOfLengthZero() {
        #expect(
            only(header + "      code: varchar(0)\n")
                == "5:13: unknown-type: type 'varchar(0)' needs a length of at least 1, as in varchar(255)")
    }

    @Test func emptyColumnListsAreErrors() {
        #expect(
            findings(
                loadSchema(
                    header + "    foreign_keys:\n      - { columns: [], references: { table: things, columns: [] } }\n")
            )
                == [
                    "6:20: invalid-value: a foreign key's `columns` is an empty list; it must name at least one column",
                    "6:62: invalid-value: `references: { columns }` (leave it out to reference the primary key) is an empty list; it must name at least one column",
                ])
        #expect(
            only(
                header
                    + "      a: uuid\n    foreign_keys:\n      - { columns: [a], references: { table: things, columns: [] } }\n"
            )
                == "7:63: invalid-value: `references: { columns }` (leave it out to reference the primary key) is an empty list; it must name at least one column"
        )
        #expect(
            only(header + "    unique: [[]]\n")
                == "5:14: invalid-value: an entry of `unique` is an empty list; it must name at least one column")
        #expect(
            only(header + "    indexes:\n      - columns: []\n")
                == "6:18: invalid-value: an index's `columns` is an empty list; it must name at least one column")
        #expect(
            only("tables:\n  t:\n    primary_key: []\n    columns: { a: uuid }\n")
                == "3:18: invalid-value: `primary_key` is an empty list; it must name at least one column")
    }

    @Test func compositeForeignKeyArityNamesBothSides() {
        #expect(
            only(
                header
                    + "      a: text\n    foreign_keys:\n      - { columns: [id, a], references: { table: things, columns: [id] } }\n"
            )
                == "7:9: invalid-value: foreign key of 'things' lists 2 columns (id, a) but 1 referenced column (id)")
        #expect(
            only(
                "tables:\n  logs:\n    columns: { a: text }\n  things:\n    columns:\n      id: { type: uuid, primary_key: true }\n"
                    + "      a: text\n    foreign_keys:\n      - { columns: [a], references: { table: logs } }\n")
                == "9:46: unknown-reference: foreign key of 'things' references the primary key of 'logs', which has none"
        )
        #expect(
            only(
                header + "      a: text\n  others:\n    columns:\n      id: { type: uuid, primary_key: true }\n"
                    + "      x: uuid\n      y: text\n    foreign_keys:\n      - { columns: [x, y], references: { table: things } }\n"
            )
                == "12:9: invalid-value: foreign key of 'others' lists 2 columns (x, y) but the primary key of 'things' has 1 column (id)"
        )
    }

    private let timestamps =
        "mixins:\n  timestamps:\n    columns:\n      created_at: { type: timestamptz, default: now() }\n"

    /// The mistake is the table's `mixins:` list, so the error and its note are there.
    @Test func aMixinListedTwiceIsReportedAtTheTablesList() throws {
        let result = loadSchema(
            timestamps + "tables:\n  things:\n    mixins: [timestamps, timestamps]\n    columns:\n      id: uuid\n")
        let diagnostic = try #require(result.diagnostics.first)
        #expect(findings(result) == ["7:26: duplicate-name: table 'things' lists mixin 'timestamps' twice"])
        #expect(diagnostic.notes.map(\.location) == [SourceLocation(file: "schema/test.yaml", line: 7, column: 14)])
        #expect(diagnostic.fixes == ["remove the second 'timestamps' from `mixins`"])
    }

    @Test func aColumnTwoMixinsDefineIsReportedAtTheSecondMixinOfTheTable() throws {
        let result = loadSchema(
            timestamps + "  audited:\n    columns:\n      created_at: timestamptz\n"
                + "tables:\n  things:\n    mixins: [timestamps, audited]\n    columns:\n      id: uuid\n")
        let diagnostic = try #require(result.diagnostics.first)
        #expect(
            findings(result) == [
                "10:26: duplicate-name: column 'created_at' is defined twice in table 'things': mixin 'audited' defines it too"
            ])
        #expect(
            diagnostic.notes.map { "\($0.location!.line):\($0.location!.column) \($0.message)" } == [
                "7:7 mixin 'audited' defines it here", "4:7 first defined here",
                "10:14 by mixin 'timestamps', used here",
            ])
    }

    /// `unique: [[email]]` beside `email: { unique: true }` is the same constraint twice: remove it.
    @Test func aRepeatedUniqueConstraintSuggestsRemovingIt() throws {
        let result = loadSchema(header + "      email: { type: text, unique: true }\n    unique: [[email]]\n")
        let diagnostic = try #require(result.diagnostics.first)
        #expect(
            findings(result) == [
                "6:14: duplicate-name: the unique constraint [email] repeats `unique: true` on column 'email'"
            ])
        #expect(diagnostic.fixes == ["remove `[email]` from `unique`"])
        #expect(
            diagnostic.notes == [
                .init("the column is unique here", at: SourceLocation(file: "schema/test.yaml", line: 5, column: 7))
            ])
        #expect(
            only(
                header
                    + "      a: text\n      b: text\n    unique:\n      - [a, b]\n      - { name: uq_again, columns: [a, b] }\n"
            )
                == "9:17: duplicate-name: the unique constraint [a, b] repeats an earlier one over the same columns")
    }
}
