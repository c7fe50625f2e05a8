import Testing

@testable import SchemagenCore

/// The catalog reader sees every fact a migration must get right, and nothing it need not.
@Suite struct SQLiteCatalogTests {
    static let base = """
        CREATE TABLE parents (id INTEGER CONSTRAINT pk_parents PRIMARY KEY, code TEXT NOT NULL,
            CONSTRAINT uq_parents_code UNIQUE (code));
        CREATE TABLE children (
            -- a comment
            id INTEGER CONSTRAINT pk_children PRIMARY KEY,
            parent_id INTEGER,
            kind TEXT NOT NULL DEFAULT 'a' CONSTRAINT ck_children_kind_values CHECK (kind IN ('a', 'b')),
            CONSTRAINT fk_children_parent_id FOREIGN KEY (parent_id) REFERENCES parents (id) ON DELETE CASCADE,
            CONSTRAINT ck_children_positive CHECK (id > 0)
        );
        CREATE INDEX ix_children_kind ON children (kind) WHERE kind <> 'b';
        CREATE TRIGGER trg_children_kind AFTER UPDATE ON children FOR EACH ROW BEGIN SELECT 1; END;
        """

    static func catalog(_ sql: String) throws -> SQLiteCatalog {
        let db = try SQLiteDatabase()
        try db.execute(sql)
        return try SQLiteCatalog.read(db)
    }

    @Test func columnOrderCommentsQuotesAndCaseAreLeftAside() throws {
        let other = Self.base
            .replacing("            -- a comment\n", with: "")
            .replacing(
                "            parent_id INTEGER,\n            kind TEXT NOT NULL DEFAULT 'a'",
                with: "            kind TEXT NOT NULL DEFAULT 'a'"
            )
            .replacing("            CONSTRAINT fk_", with: "            parent_id INTEGER,\n            CONSTRAINT fk_")
            .replacing("CREATE TABLE children (", with: "create table \"children\" (")
            .replacing("ON children (kind)", with: "ON \"children\" (\"kind\")")
        #expect(try Self.catalog(other) == Self.catalog(Self.base))
    }

    @Test(arguments: [
        ("ck_children_positive", "ck_children_id"),  // a check's name
        ("CHECK (id > 0)", "CHECK (id >= 0)"),  // a check's expression
        ("ck_children_kind_values", "ck_kids_kind_values"),  // a column check's name
        ("ON DELETE CASCADE", "ON DELETE SET NULL"),  // a foreign key's action
        ("code TEXT NOT NULL", "code TEXT"),  // nullability
        ("DEFAULT 'a'", "DEFAULT 'b'"),  // a default
        ("uq_parents_code", "uq_code"),  // a unique constraint's name
        ("ix_children_kind", "ix_kind"),  // an index's name
        ("WHERE kind <> 'b'", "WHERE kind <> 'a'"),  // a partial index's predicate
        ("BEGIN SELECT 1; END", "BEGIN SELECT 2; END"),  // a trigger's body
        ("parent_id INTEGER,", "parent_id TEXT,"),  // a type
    ])
    func everyFactCounts(change: (String, String)) throws {
        let other = Self.base.replacing(change.0, with: change.1)
        #expect(other != Self.base)
        let difference = try Self.catalog(other).differences(from: Self.catalog(Self.base))
        #expect(!difference.isEmpty, "\(change)")
    }
}
