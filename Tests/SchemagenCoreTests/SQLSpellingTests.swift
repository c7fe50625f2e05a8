import SchemagenCore
import Testing

/// The constraints both SQL dialects spell alike: one `SQLSpelling`, which differs between the
/// dialects only in which names it quotes.
@Suite struct SQLSpellingTests {
    typealias F = SQLFixtures

    static let postgres = PostgresDialect(config: Config()).spelling
    static let sqlite = SQLiteDialect(config: Config()).spelling

    @Test func constraintsDifferOnlyInQuoting() {
        // `user` is reserved in Postgres only, `key` a keyword in SQLite only.
        let key = F.foreignKey(
            "order", ["user", "key"], "user", ["id", "key"], onDelete: .cascade, onUpdate: .restrict)
        #expect(
            Self.postgres.foreignKeyConstraint(key)
                == "CONSTRAINT fk_order_user_key FOREIGN KEY (\"user\", key) REFERENCES \"user\" (id, key) ON DELETE CASCADE ON UPDATE RESTRICT"
        )
        #expect(
            Self.sqlite.foreignKeyConstraint(key)
                == "CONSTRAINT fk_order_user_key FOREIGN KEY (user, \"key\") REFERENCES user (id, \"key\") ON DELETE CASCADE ON UPDATE RESTRICT"
        )
        let primary = F.primaryKey("order", ["user", "key"])
        #expect(Self.postgres.primaryKeyConstraint(primary) == "CONSTRAINT pk_order PRIMARY KEY (\"user\", key)")
        #expect(Self.sqlite.primaryKeyConstraint(primary) == "CONSTRAINT pk_order PRIMARY KEY (user, \"key\")")
        let unique = F.unique("order", ["Name"])
        #expect(Self.postgres.uniqueConstraint(unique) == "CONSTRAINT \"uq_order_Name\" UNIQUE (\"Name\")")
        #expect(Self.sqlite.uniqueConstraint(unique) == Self.postgres.uniqueConstraint(unique))
        let check = CheckConstraint(name: "check", expression: "a > 0", location: F.here)
        #expect(Self.postgres.checkConstraint(check) == "CONSTRAINT \"check\" CHECK (a > 0)")
        #expect(Self.sqlite.checkConstraint(check) == Self.postgres.checkConstraint(check))
    }

    /// A naming change made on a dialect reaches the names its spelling derives.
    @Test func dialectsShareTheirNamingWithTheSpelling() {
        var convention = NamingConvention()
        convention.trigger = "on_change_{table}_{columns}"
        var dialect = SQLiteDialect(config: Config())
        dialect.naming = Naming(convention)
        #expect(dialect.spelling.triggerName(table: "notes", column: "updated_at") == "on_change_notes_updated_at")
        let table = F.table("notes", [F.column("updated_at", .timestamptz, default: .now, autoUpdate: true)])
        #expect(
            dialect.createTrigger(table: table, column: table.columns[0]).hasPrefix(
                "CREATE TRIGGER on_change_notes_updated_at "))
        #expect(Self.postgres.triggerName(table: "notes", column: "updated_at") == "trg_notes_updated_at")
    }
}
