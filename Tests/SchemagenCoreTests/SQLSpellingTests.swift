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

    /// The naming convention names an `auto_update` trigger once, in the graph; both dialects
    /// render it under that name.
    @Test func aTriggerIsNamedOnceInTheGraph() throws {
        var convention = NamingConvention()
        convention.trigger = "on_change_{table}_{columns}"
        let yaml = """
            tables:
              notes:
                columns:
                  id: { type: uuid, primary_key: true }
                  updated_at: { type: timestamptz, default: now(), auto_update: true }
            """
        let table = try #require(
            loadSchema(["schema/notes.yaml": yaml], naming: Naming(convention)).schema?.tables.first)
        #expect(table.triggers == [UpdateTrigger(name: "on_change_notes_updated_at", column: "updated_at")])
        #expect(
            SQLiteDialect(config: Config()).createTriggers(of: table).first?.hasPrefix(
                "CREATE TRIGGER on_change_notes_updated_at ") == true)
        #expect(
            PostgresDialect(config: Config()).createTriggers(of: table).first?.hasPrefix(
                "CREATE TRIGGER on_change_notes_updated_at ") == true)
    }
}
