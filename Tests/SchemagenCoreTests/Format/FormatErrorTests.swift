import Testing

@testable import SchemagenCore

/// Every format-level error: its rule id, its message and the exact line:column it points at.
@Suite struct FormatErrorTests {
    private func only(_ yaml: String) -> String? {
        let all = findings(loadSchema(yaml))
        return all.count == 1 ? all[0] : all.joined(separator: " | ")
    }

    private let header = "tables:\n  things:\n    columns:\n      id: { type: uuid, primary_key: true }\n"

    @Test func unknownTopLevelKeySuggestsTheRightOne() {
        #expect(
            only("tabels:\n  x: {}\n")
                == "1:1: unknown-key: unknown key 'tabels' in a schema file; did you mean 'tables'?")
    }

    @Test func unknownColumnKeySuggests() {
        #expect(
            only(header + "      name: { type: text, nullabel: true }\n")
                == "5:27: unknown-key: unknown key 'nullabel' in column 'name'; did you mean 'nullable'?")
    }

    @Test func unknownTableKeySuggests() {
        #expect(
            only(header + "    indices: []\n")
                == "5:5: unknown-key: unknown key 'indices' in table 'things'; did you mean 'indexes'?")
    }

    @Test func unknownTypeSuggestsBuiltinOrEnum() {
        #expect(only(header + "      name: txt\n") == "5:13: unknown-type: unknown type 'txt'; did you mean 'text'?")
        // A suggested type that needs arguments is shown with them, so that it is valid as written.
        #expect(
            only(header + "      name: strng\n")
                == "5:13: unknown-type: unknown type 'strng'; did you mean 'string(255)'?")
        #expect(
            only("enums:\n  agent_kind: [a]\n" + header + "      kind: agent_knd\n")
                == "7:13: unknown-type: unknown type 'agent_knd'; did you mean 'agent_kind'?")
    }

    @Test func badTypeArguments() {
        #expect(
            only(header + "      name: varchar\n")
                == "5:13: unknown-type: type 'varchar' needs a length, as in varchar(255)")
        #expect(
            only(header + "      name: decimal(10)\n")
                == "5:13: unknown-type: type 'decimal' needs a precision and a scale, as in decimal(10,2)")
        #expect(only(header + "      name: text(3)\n") == "5:13: unknown-type: type 'text' takes no arguments")
    }

    @Test func flowMappingSplitsDecimalAtTheComma() {
        #expect(
            only(header + "      cost: { type: decimal(10,6), default: 0 }\n")
                == "5:21: invalid-value: type 'decimal(10,6)' was split at its comma by the flow mapping `{ … }`; quote it"
        )
        let result = loadSchema(header + "      cost: { type: decimal(10,6), default: 0 }\n")
        #expect(result.diagnostics.first?.fixes == ["write `type: \"decimal(10,6)\"`, or use block style"])
    }

    @Test func flowMappingSplitsAreRecognisedInEveryShape() {
        #expect(
            only(header + "      cost: { type: decimal(10,2)?, default: 0 }\n")
                == "5:21: invalid-value: type 'decimal(10,2)?' was split at its comma by the flow mapping `{ … }`; quote it"
        )
        #expect(
            only("tables:\n  things:\n    columns: { id: uuid, amount: decimal(10,2) }\n")
                == "3:34: invalid-value: type 'decimal(10,2)' was split at its comma by the flow mapping `{ … }`; quote it"
        )
    }

    @Test func missingType() {
        #expect(
            only(header + "      name: { nullable: true }\n")
                == "5:7: missing-key: column 'name' of table 'things' has no `type`")
        #expect(
            only(header + "      name:\n")
                == "5:7: missing-key: column 'name' of table 'things' needs a type, as in `name: text`")
    }

    @Test func missingColumns() {
        #expect(only("tables:\n  things:\n    comment: x\n") == "2:3: missing-key: table 'things' has no `columns`")
    }

    @Test func wrongKindOfNode() {
        #expect(
            only("tables: [a, b]\n")
                == "1:9: invalid-value: `tables` must be a mapping of names to definitions, found a list")
        #expect(
            only(header + "      name: { type: text, unique: maybe }\n")
                == "5:35: invalid-value: unique must be true or false, found 'maybe'")
        #expect(
            only(header + "    indexes: { columns: [id] }\n")
                == "5:14: invalid-value: indexes must be a list, found a mapping")
    }

    @Test func yesAndNoAreNotBooleans() {
        #expect(
            only(header + "      name: { type: text, unique: yes }\n")
                == "5:35: invalid-value: unique must be true or false, found 'yes'")
    }

    @Test func nullableConflict() {
        #expect(
            only(header + "      name: { type: text?, nullable: false }\n")
                == "5:38: invalid-value: column 'name' is marked nullable by `?` and `nullable: false`")
    }

    @Test func unknownReferencedTableAndColumn() {
        #expect(
            only(header + "      other_id: { type: uuid, references: thigns.id }\n")
                == "5:43: unknown-reference: unknown table 'thigns'; did you mean 'things'?")
        #expect(
            only(header + "      other_id: { type: uuid, references: things.idd }\n")
                == "5:43: unknown-reference: table 'things' has no column 'idd'; did you mean 'id'?")
    }

    @Test func unknownMixin() {
        #expect(
            only(
                "mixins:\n  timestamps: { columns: { at: timestamptz } }\n"
                    + "tables:\n  things:\n    mixins: [timestamp]\n    columns:\n      id: { type: uuid, primary_key: true }\n"
            )
                == "5:14: unknown-reference: table 'things' uses unknown mixin 'timestamp'; did you mean 'timestamps'?")
    }

    @Test func unknownIndexColumn() {
        #expect(
            only(header + "    indexes:\n      - columns: [idd]\n")
                == "6:19: unknown-reference: table 'things' has no column 'idd'; did you mean 'id'?")
    }

    @Test func tableDefinedTwiceNamesBothPlaces() throws {
        let result = loadSchema([
            "schema/a.yaml": "tables:\n  things:\n    columns: { id: uuid }\n",
            "schema/b.yaml": "tables:\n  things:\n    columns: { id: uuid }\n",
        ])
        let diagnostic = try #require(result.diagnostics.first)
        #expect(result.diagnostics.count == 1)
        #expect(diagnostic.description == "schema/b.yaml:2:3: error: table 'things' is defined twice [duplicate-name]")
        #expect(
            diagnostic.notes == [
                .init("first defined here", at: SourceLocation(file: "schema/a.yaml", line: 2, column: 3))
            ])
    }

    @Test func columnDefinedTwiceThroughAMixin() {
        #expect(
            only(
                "mixins:\n  m: { columns: { id: uuid } }\ntables:\n  things:\n    mixins: [m]\n    columns:\n      id: uuid\n"
            )
                == "7:7: duplicate-name: column 'id' is defined twice in table 'things'")
    }

    @Test func constraintNameUsedTwice() {
        #expect(
            only(
                header
                    + "      a: { type: text, index: true }\n    indexes:\n      - { columns: [id], name: ix_things_a }\n"
            )
                == "7:32: duplicate-name: the name 'ix_things_a' is already taken")
        // An index may not take a table's name: both live in the schema's namespace of relations.
        #expect(
            only(header + "    indexes:\n      - { columns: [id], name: things }\n")
                == "6:32: duplicate-name: the name 'things' is already taken")
        // Check names are per table: two tables may each have a check named ck_positive.
        #expect(
            findings(
                loadSchema(
                    "tables:\n  a:\n    columns: { n: int }\n    checks: [{ name: ck_positive, expr: n > 0 }]\n"
                        + "  b:\n    columns: { n: int }\n    checks: [{ name: ck_positive, expr: n > 0 }]\n")) == [])
    }

    @Test func defaultsThatDoNotFitTheirType() {
        #expect(
            only(header + "      n: { type: int, default: lots }\n")
                == "5:32: invalid-default: default 'lots' does not fit column 'n' of type int: expected a whole number")
        #expect(
            only(header + "      n: { type: smallint, default: 70000 }\n")
                == "5:37: invalid-default: default '70000' does not fit column 'n' of type smallint: expected a number that fits smallint"
        )
        #expect(
            only(header + "      b: { type: bool, default: yes }\n")
                == "5:33: invalid-default: default 'yes' does not fit column 'b' of type bool: expected true or false")
        #expect(
            only(header + "      d: { type: \"decimal(3,2)\", default: 10.5 }\n")
                == "5:43: invalid-default: default '10.5' does not fit column 'd' of type decimal(3,2): expected a number that fits decimal(3,2)"
        )
        #expect(
            only(header + "      t: { type: text, default: now() }\n")
                == "5:33: invalid-default: default 'now()' does not fit column 't' of type text: expected a timestamp or date column"
        )
        #expect(
            only(header + "      v: { type: varchar(2), default: abc }\n")
                == "5:39: invalid-default: default 'abc' does not fit column 'v' of type varchar(2): expected text of at most 2 characters"
        )
    }

    @Test func enumDefaultOutsideItsValues() {
        #expect(
            only("enums:\n  state: [open, closed]\n" + header + "      s: { type: state, default: opne }\n")
                == "7:34: invalid-default: default 'opne' of column 's' is not one of its values (open, closed); did you mean 'open'?"
        )
    }

    @Test func checkWithStatementSeparatorOrComment() {
        #expect(
            only(header + "      n: { type: int, check: \"n > 0; DROP TABLE things\" }\n")
                == "5:30: invalid-check: the check expression 'n > 0; DROP TABLE things' contains a statement separator ';'; it must be a single SQL expression"
        )
        #expect(
            only(header + "    checks:\n      - { expr: \"id IS NOT NULL -- sure\" }\n")
                == "6:17: invalid-check: the check expression 'id IS NOT NULL -- sure' contains a comment '--'; it must be a single SQL expression"
        )
        // Inside a string literal a semicolon is just a character.
        #expect(findings(loadSchema(header + "      s: { type: text, check: \"s <> ';'\" }\n")) == [])
    }

    @Test func indexExpressions() throws {
        let result = loadSchema(
            header + "      email: text\n    indexes:\n      - { columns: [\"lower(email) DESC\", id], unique: true }\n"
        )
        let index = try #require(result.schema?.tables.first?.indexes.first)
        #expect(
            index.columns == [
                IndexColumn(name: "lower(email)", descending: true, isExpression: true), IndexColumn(name: "id"),
            ])
        #expect(index.name == "uq_things_lower_email_id")
        #expect(index.columnNames == ["id"] && index.leadingColumnNames == [] && index.hasExpressions)
        #expect(
            only(header + "    indexes:\n      - { columns: [\"lower(id\"] }\n")
                == "6:21: invalid-check: the index expression 'lower(id' leaves a '(' unclosed; it must be a single SQL expression"
        )
    }

    @Test func enumProblems() {
        #expect(only(header + "      s: enum\n") == "5:10: missing-key: column 's' is an enum without `values`")
        #expect(
            only(header + "      s: { type: enum, values: [a, a] }\n")
                == "5:36: duplicate-name: 'a' is listed twice in the values of 's'")
        #expect(
            only(header + "      s: { type: text, values: [a] }\n")
                == "5:33: invalid-value: `values` only applies to `type: enum`")
        #expect(only("enums:\n  e: [x, x]\n") == "2:10: duplicate-name: enum 'e' lists 'x' twice")
        #expect(
            only("enums:\n  Text: [a, b]\n")
                == "2:3: duplicate-name: enum 'Text' has the name of the built-in type 'text'; a column of type 'Text' would get the built-in type, never this enum"
        )
    }

    @Test func keyProblems() {
        #expect(
            only(
                "tables:\n  t:\n    columns:\n      a: { type: uuid, primary_key: true }\n      b: { type: uuid, primary_key: true }\n"
            )
                == "5:7: invalid-value: table 't' marks 2 columns `primary_key: true`")
        #expect(
            only("tables:\n  t:\n    columns:\n      a: { type: text, identity: true }\n")
                == "4:7: invalid-value: `identity` needs an integer type (smallint, int, bigint); 'a' is text")
        #expect(
            only(header + "      a: { type: text, auto_update: true }\n")
                == "5:24: invalid-value: `auto_update` only applies to timestamp columns; 'a' is text")
    }

    @Test func referentialActionAndIndexMethodSuggest() {
        #expect(
            only(header + "      o: { type: uuid, references: things, on_delete: cascde }\n")
                == "5:55: invalid-value: on_delete must be one of cascade, set_null, set_default, restrict, no_action, found 'cascde'; did you mean 'cascade'?"
        )
        #expect(
            only(header + "    indexes:\n      - { columns: [id], using: gn }\n")
                == "6:33: invalid-value: using must be one of btree, gin, gist, hash, hnsw, ivfflat, found 'gn'; did you mean 'gin'?"
        )
    }

    @Test func descendingNeedsABtreeIndex() {
        #expect(
            only(header + "      v: json\n    indexes:\n      - { columns: [\"v desc\"], using: gin }\n")
                == "7:21: invalid-value: 'v desc' asks for an order, but a gin index has none")
    }

    @Test func distanceBelongsToVectorIndexesAndTheirOperatorClasses() {
        let vector = header + "      v: vector(3)\n    indexes:\n"
        #expect(
            only(vector + "      - { columns: [v], using: hnsw, distance: cosin }\n")
                == "7:48: invalid-value: distance of a hnsw index must be one of l2, cosine, inner_product, l1, found 'cosin'; did you mean 'cosine'?"
        )
        // pgvector has no L1 operator class for ivfflat.
        #expect(
            only(vector + "      - { columns: [v], using: ivfflat, distance: l1 }\n")
                == "7:51: invalid-value: pgvector's ivfflat has no l1 distance; use hnsw, or one of l2, cosine, inner_product"
        )
        #expect(
            only(vector + "      - { columns: [v], distance: l2 }\n")
                == "7:35: invalid-value: distance applies to hnsw and ivfflat indexes only, not btree")
    }

    @Test func compositeForeignKeyArity() {
        #expect(
            only(
                header
                    + "      a: text\n    foreign_keys:\n      - { columns: [id, a], references: { table: things, columns: [id] } }\n"
            )
                == "7:9: invalid-value: foreign key of 'things' lists 2 columns (id, a) but 1 referenced column (id)")
    }

    @Test func emptyFileIsAWarningAndLoadsNothing() {
        let result = loadSchema("# nothing here yet\n")
        #expect(findings(result) == ["1:1: empty-file: schema file is empty"])
        #expect(result.diagnostics.first?.severity == .warning)
        #expect(result.schema == Schema(tables: [], enums: []))
    }

    @Test func everyFindingIsReportedNotJustTheFirst() {
        let result = loadSchema(
            header + "      a: txt\n      b: { type: int, default: x }\n      c: { typo: 1, type: text }\n")
        #expect(result.diagnostics.map(\.rule) == ["unknown-type", "invalid-default", "unknown-key"])
        #expect(result.schema == nil)
    }

    // MARK: - Found in review

    @Test func malformedReferenceIsAnErrorNotACrash() {
        #expect(
            only(header + "      other_id: { type: uuid, references: \".\" }\n")
                == "5:43: invalid-value: references must be `table` or `table.column`, found '.'")
        #expect(only(header + "      other_id: { type: uuid, references: a.b.c }\n")?.contains("found 'a.b.c'") == true)
    }

    @Test func nullablePrimaryKey() {
        #expect(
            only("tables:\n  t:\n    columns:\n      code: { type: text?, primary_key: true }\n")
                == "4:7: invalid-value: primary key column 'code' is nullable; a key identifies every row")
        #expect(
            only("tables:\n  t:\n    primary_key: [a, b]\n    columns:\n      a: text\n      b: int?\n")
                == "6:7: invalid-value: primary key column 'b' is nullable; a key identifies every row")
    }

    @Test func optionsThatWouldBeSilentlyDropped() {
        #expect(
            only(
                "tables:\n  t:\n    columns:\n      id: { type: int, identity: true, primary_key: true, default: 5 }\n")
                == "4:68: invalid-value: column 'id' is an identity column and has a default; the identity is its default"
        )
        #expect(
            only(header + "      a: { type: uuid, on_delete: cascade }\n")
                == "5:7: invalid-value: column 'a' has `on_delete`/`on_update` but no `references`")
    }

    @Test func controlCharactersCannotReachTheSQL() {
        #expect(
            only(header + "      a: { type: text, comment: \"before\\0after\" }\n")
                == "5:33: invalid-value: a comment contains the control character U+0000; SQL files cannot carry it")
        #expect(
            only(header + "      a: { type: text, default: \"x\\ay\" }\n")
                == "5:33: invalid-value: a default contains the control character U+0007; SQL files cannot carry it")
    }

    @Test func swiftNameMustBeAnIdentifier() {
        #expect(
            only("tables:\n  t:\n    swift_name: \"../../escaped\"\n    columns: { id: uuid }\n")
                == "3:17: invalid-value: swift_name '../../escaped' is not a Swift type name (letters, digits and _, not starting with a digit)"
        )
        #expect(
            only("tables:\n  t:\n    swift_name: Thing2\n    columns: { id: uuid }\n") == nil
                || findings(loadSchema("tables:\n  t:\n    swift_name: Thing2\n    columns: { id: uuid }\n")).isEmpty)
    }

    @Test func timestampDefaultsAreTimestampsOrNow() {
        #expect(
            only(header + "      at: { type: timestamptz, default: now }\n")
                == "5:41: invalid-default: default 'now' of column 'at' would be fixed once, when the table is created")
        #expect(
            only(header + "      at: { type: timestamptz, default: hello }\n")
                == "5:41: invalid-default: default 'hello' does not fit column 'at' of type timestamptz: expected an ISO-8601 timestamp such as 2024-01-31T12:00:00Z or 2024-01-31 12:00:00+01:00, or now()"
        )
        // SQLite's date functions read only these forms, and the SQLite script checks that every
        // timestamp is one: an offset without its colon, or a leap second, would fail every insert.
        for unread in ["2024-01-31T23:59:59-05", "2024-01-31T12:00:00+0100", "2024-12-31T23:59:60Z"] {
            #expect(
                only(header + "      at: { type: timestamptz, default: \"\(unread)\" }\n")?.contains(
                    "default '\(unread)' does not fit column 'at' of type timestamptz: expected an ISO-8601 timestamp")
                    == true, "\(unread)")
        }
        // The shape is right but the day does not exist: Postgres would refuse the DDL.
        #expect(
            only(header + "      at: { type: timestamptz, default: \"2023-02-29T10:00:00Z\" }\n")
                == "5:41: invalid-default: default '2023-02-29T10:00:00Z' does not fit column 'at' of type timestamptz: expected a day that exists (February 2023 has 28 days)"
        )
        for good in [
            "2024-01-31T12:00:00Z", "2024-01-31 12:00", "2024-01-31T12:00:00.123+02:00", "2024-01-31T23:59:59-05:00",
            "2024-02-29T00:00:00Z",
        ] {
            #expect(
                findings(loadSchema(header + "      at: { type: timestamptz, default: \"\(good)\" }\n")) == [],
                "\(good)")
        }
    }

    /// A column whose type failed is reported once: an index, a unique constraint or a reference
    /// that names it does not add "no column" errors about it.
    @Test func aColumnThatFailedIsNotReportedAgainWhereItIsUsed() {
        let yaml =
            header + "      kind: txt\n    unique: [[kind]]\n    indexes:\n      - columns: [kind]\n"
            + "  others:\n    columns:\n      id: { type: uuid, primary_key: true }\n"
            + "      thing_kind: { type: text, references: things.kind }\n"
        #expect(only(yaml) == "5:13: unknown-type: unknown type 'txt'; did you mean 'text'?")
    }

    /// A unique constraint is both an index and a constraint: a clash of its name is one error.
    @Test func aNameClashOfAUniqueConstraintIsReportedOnce() {
        #expect(
            only(
                header
                    + "      a_b: { type: text, unique: true }\n      a: text\n      b: text\n    unique:\n      - [a, b]\n"
            )
                == "9:9: duplicate-name: the name 'uq_things_a_b' is already taken")
    }

    @Test func swiftNameIsNotAKeyword() {
        #expect(
            only(
                "tables:\n  classes:\n    swift_name: class\n    columns:\n      id: { type: uuid, primary_key: true }\n"
            )
                == "3:17: invalid-value: swift_name 'class' is a Swift keyword")
    }

    /// `default: null` is JSON's null in a json column, nothing to say on a nullable column, and an
    /// error on a NOT NULL one, where it was dropped and every insert leaving the column out failed.
    @Test func nullDefault() {
        #expect(
            only(header + "      a: { type: text, default: null }\n")
                == "5:33: invalid-default: default null of column 'a' can never be stored: the column is NOT NULL")
        #expect(only(header + "      a: { type: text?, default: null }\n") == "")
        let json = loadSchema(header + "      a: { type: json, default: null }\n")
        #expect(findings(json) == [])
        #expect(json.schema?.tables.first?.column(named: "a")?.defaultValue == .json("null"))
        let nullableJSON = loadSchema(header + "      a: { type: json?, default: null }\n")
        #expect(findings(nullableJSON) == [])
        #expect(nullableJSON.schema?.tables.first?.column(named: "a")?.defaultValue == nil, "SQL NULL")
    }

    /// `.5` is a number in YAML and in both databases: numeric columns take it, with its zero.
    @Test func aNumberWithoutItsLeadingZeroIsANumber() {
        for (type, written, kept) in [
            ("real", ".5", DefaultValue.number("0.5")), ("double", "-.25", .number("-0.25")),
            ("\"decimal(3,2)\"", ".75", .number("0.75")), ("text", ".5", .string(".5")),
        ] {
            let loaded = loadSchema(header + "      a: { type: \(type), default: \(written) }\n")
            #expect(findings(loaded) == [], "\(type)")
            #expect(loaded.schema?.tables.first?.column(named: "a")?.defaultValue == kept, "\(type)")
        }
    }

    @Test func dateDefaultsAreDaysThatExist() {
        let column = "      on: { type: date, default: "
        for (text, reason) in [
            ("2023-02-30", "February 2023 has 28 days"), ("2023-02-29", "February 2023 has 28 days"),
            ("1900-02-29", "February 1900 has 28 days"), ("2024-04-31", "April 2024 has 30 days"),
            ("0000-01-01", "there is no year 0000"), ("2024-13-01", "there is no month 13"),
        ] {
            #expect(
                only(header + column + "\"\(text)\" }\n")
                    == "5:34: invalid-default: default '\(text)' does not fit column 'on' of type date: expected a day that exists (\(reason))"
            )
        }
        #expect(
            only(header + column + "\"2024-1-5\" }\n")
                == "5:34: invalid-default: default '2024-1-5' does not fit column 'on' of type date: expected a date as YYYY-MM-DD"
        )
        for good in ["2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31"] {
            #expect(findings(loadSchema(header + column + "\"\(good)\" }\n")) == [], "\(good)")
        }
    }

    @Test func derivedCheckAndTriggerNamesAreCheckedToo() {
        #expect(
            only(
                header
                    + "      status: { type: enum, values: [a, b] }\n      status_values: { type: text, check: \"status_values <> ''\" }\n"
            )
                == "6:43: duplicate-name: the name 'ck_things_status_values' is already taken")
    }

    /// The length check of `strict_varchar` is named like every implicit check, in the graph, so a
    /// written check of the same name is a clash there too (it was found only by SQLite).
    @Test func strictVarcharLengthCheckNameIsTakenToo() throws {
        let yaml =
            header
            + "      name: varchar(20)\n    checks:\n      - { name: ck_things_name_length, expr: \"name <> ''\" }\n"
        let sources = SchemaSources(files: [.init(path: "schema/test.yaml", bytes: Array(yaml.utf8))])
        let result = SchemaLoader(policy: ImplicitCheck.Policy(strictVarchar: true)).load(sources)
        #expect(findings(result) == ["7:17: duplicate-name: the name 'ck_things_name_length' is already taken"])
        let note = try #require(result.diagnostics.first?.notes.first)
        #expect(note.message == "used here by the CHECK that keeps 'name' within its type")
        #expect(note.location?.line == 5)
        // Without strict_varchar there is no length check, and the name is free.
        #expect(findings(loadSchema(yaml)) == [])
    }
}
