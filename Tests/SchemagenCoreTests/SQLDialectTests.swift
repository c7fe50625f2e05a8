import SchemagenCore
import Testing

/// What holds for every SQL dialect, written once over `SQLDialect` and checked for each: the
/// pieces that a schema renderer and a migration renderer of one dialect share.
@Suite struct SQLDialectTests {
    typealias F = SQLFixtures

    static func dialect(_ database: ImplicitCheck.Database) -> any SQLDialect {
        switch database {
        case .postgres: PostgresDialect(config: Config())
        case .sqlite: SQLiteDialect(config: Config())
        }
    }

    static let dialects = ImplicitCheck.Database.allCases.map(dialect)

    /// Implicit checks that both databases hold (an enum's values) and that SQLite alone holds
    /// (uuids, a boolean, JSON, a timestamp), a foreign key, an index and an `auto_update` trigger.
    static let notes = F.table(
        "notes",
        [
            F.column("id", .uuid, default: .uuid),
            F.column("author_id", .uuid),
            F.column(
                "state", .enumeration(.inline(values: ["draft", "done"])), default: .string("draft")),
            F.column("is_pinned", .bool, default: .bool(false)),
            F.column("body", .json, nullable: true),
            F.column("updated_at", .timestamptz, default: .now, autoUpdate: true),
        ],
        primaryKey: ["id"], foreignKeys: [F.foreignKey("notes", ["author_id"], "authors", ["id"])],
        indexes: [F.index("notes", [IndexColumn(name: "author_id")])])

    /// `ADD COLUMN` takes the column as `CREATE TABLE` writes it, so that a column a migration
    /// adds is the column a fresh schema creates.
    @Test(arguments: ImplicitCheck.Database.allCases) func createTableHoldsEachColumnDefinition(
        _ database: ImplicitCheck.Database
    ) {
        let dialect = Self.dialect(database)
        let created = dialect.createTable(Self.notes)
        for column in Self.notes.columns {
            #expect(created.contains("    " + dialect.columnDefinition(column, in: Self.notes)), "\(column.name)")
        }
    }

    /// A rebuild creates the table under another name, with every line but the first the same;
    /// the foreign keys are the caller's choice.
    @Test(arguments: ImplicitCheck.Database.allCases) func createTableUnderAnotherNameOrWithoutForeignKeys(
        _ database: ImplicitCheck.Database
    ) {
        let dialect = Self.dialect(database)
        let table = Self.notes
        let created = dialect.createTable(table)
        #expect(
            dialect.createTable(table, foreignKeys: table.foreignKeys, as: "new_notes")
                == created.replacing("CREATE TABLE notes (", with: "CREATE TABLE new_notes (", maxReplacements: 1))
        #expect(created.contains("FOREIGN KEY (author_id) REFERENCES authors (id)"))
        #expect(!dialect.createTable(table, foreignKeys: [], as: nil).contains("FOREIGN KEY"))
    }

    /// An implicit check is spelled exactly where the graph says the dialect's database holds it.
    @Test(arguments: ImplicitCheck.Database.allCases) func implicitChecksAreSpelledWhereTheDatabaseHoldsThem(
        _ database: ImplicitCheck.Database
    ) {
        let dialect = Self.dialect(database)
        let table = Self.notes
        #expect(type(of: dialect).database == database)
        #expect(table.implicitChecks.count == 6)
        for check in table.implicitChecks {
            let column = table.column(named: check.column)!
            let constraint = dialect.implicitCheckConstraint(check, on: column)
            #expect((constraint != nil) == check.isHeld(by: database), "\(check.name)")
            if let constraint {
                #expect(constraint.hasPrefix("CONSTRAINT \(check.name) CHECK ("))
                #expect(dialect.createTable(table).contains(constraint))
            }
        }
    }

    @Test(arguments: ImplicitCheck.Database.allCases) func indexesAndTriggersFollowTheTable(
        _ database: ImplicitCheck.Database
    ) {
        let dialect = Self.dialect(database)
        let table = Self.notes
        #expect(dialect.createIndexes(of: table) == [dialect.createIndex(table.indexes[0], table: "notes")])
        #expect(dialect.createIndexes(of: table)[0].hasPrefix("CREATE INDEX ix_notes_author_id ON notes "))
        let triggers = dialect.createTriggers(of: table)
        #expect(triggers.count == 1)
        #expect(triggers[0].hasPrefix("CREATE TRIGGER trg_notes_updated_at "))
    }

    /// The same question gets an answer of the same shape from both: a quoted keyword, a type.
    @Test func bothAnswerTheSamePiecesInTheirOwnSpelling() {
        let pinned = Self.notes.column(named: "is_pinned")!
        #expect(Self.dialects.map { $0.typeName(of: pinned) } == ["boolean", "INTEGER"])
        #expect(Self.dialects.map { $0.defaultExpression(of: pinned) } == ["false", "0"])
        #expect(Self.dialects.map { $0.identifier("user") } == ["\"user\"", "user"])
        #expect(Self.dialects.map { $0.columnNotes(pinned, in: Self.notes) } == [[], []])
    }
}
