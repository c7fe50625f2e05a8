import Foundation
import SchemagenCore
import Testing

/// SQLite keeps the rows Postgres would: its STRICT tables and the graph's implicit checks refuse a
/// value of the wrong type, on the real SQLite library, while every form the Swift models, Postgres
/// and SQLite's own defaults write still goes in.
@Suite struct SQLiteTypeCheckTests {
    static let yaml = """
        tables:
          samples:
            columns:
              id: { type: uuid, primary_key: true, default: uuid() }
              quantity: { type: int, default: 0, check: "quantity >= 0" }
              small: smallint?
              big: bigint?
              price: decimal(10,2)?
              ratio: real?
              score: double?
              day: date?
              at: timestamptz?
              local_at: timestamp?
              ref: uuid?
              flag: bool?
              doc: json?
              kind: { type: enum, values: [a, b], nullable: true }
              name: varchar(5)?
              blob: bytes?
        """

    static func open() throws -> SQLiteDatabase {
        let schema = try #require(loadSchema(yaml).schema)
        let db = try SQLiteDatabase()
        try db.execute(SQLiteRenderer(config: Config()).render(schema)[0].contents)
        return db
    }

    /// What SQLite says about `value` (SQL text) in `column`, or nil when it takes it.
    static func failure(_ db: SQLiteDatabase, _ column: String, _ value: String) -> String? {
        do {
            try db.execute("INSERT INTO samples (\(column)) VALUES (\(value));")
            return nil
        } catch {
            return error.message
        }
    }

    /// Each value, as SQL, and the message SQLite refuses it with: the STRICT table's for the wrong
    /// storage class, the named check's for a value outside the logical type.
    static let refused: [(column: String, value: String, message: String)] = [
        ("quantity", "'lots'", "cannot store TEXT value in INTEGER column samples.quantity"),
        ("quantity", "1.5", "cannot store REAL value in INTEGER column samples.quantity"),
        ("quantity", "2147483648", "CHECK constraint failed: ck_samples_quantity_range"),
        ("quantity", "-1", "CHECK constraint failed: ck_samples_quantity"),
        ("small", "40000", "CHECK constraint failed: ck_samples_small_range"),
        ("big", "'many'", "cannot store TEXT value in INTEGER column samples.big"),
        ("big", "9223372036854775808", "cannot store REAL value in INTEGER column samples.big"),
        ("price", "'free'", "cannot store TEXT value in REAL column samples.price"),
        ("price", "100000000", "CHECK constraint failed: ck_samples_price_range"),
        ("price", "-100000000.5", "CHECK constraint failed: ck_samples_price_range"),
        ("ratio", "1e39", "CHECK constraint failed: ck_samples_ratio_range"),
        ("score", "'high'", "cannot store TEXT value in REAL column samples.score"),
        ("day", "'yesterday'", "CHECK constraint failed: ck_samples_day_date"),
        ("day", "'2023-02-29'", "CHECK constraint failed: ck_samples_day_date"),
        ("day", "'2024-13-01'", "CHECK constraint failed: ck_samples_day_date"),
        ("day", "'2024-5-1'", "CHECK constraint failed: ck_samples_day_date"),
        ("day", "'2024-05-01T00:00:00Z'", "CHECK constraint failed: ck_samples_day_date"),
        ("day", "2460432", "CHECK constraint failed: ck_samples_day_date"),
        ("at", "'yesterday'", "CHECK constraint failed: ck_samples_at_timestamp"),
        ("at", "'now'", "CHECK constraint failed: ck_samples_at_timestamp"),
        ("at", "'2024-05-01'", "CHECK constraint failed: ck_samples_at_timestamp"),
        ("at", "'2024-02-30T10:00:00Z'", "CHECK constraint failed: ck_samples_at_timestamp"),
        ("at", "'2024-05-01T25:00:00Z'", "CHECK constraint failed: ck_samples_at_timestamp"),
        ("at", "'2024-05-01T12:00:00+0100'", "CHECK constraint failed: ck_samples_at_timestamp"),
        ("at", "'2024-05-01T12:00:00Zjunk'", "CHECK constraint failed: ck_samples_at_timestamp"),
        ("at", "1714564800", "CHECK constraint failed: ck_samples_at_timestamp"),
        ("local_at", "'tomorrow noon'", "CHECK constraint failed: ck_samples_local_at_timestamp"),
        ("ref", "'c1'", "CHECK constraint failed: ck_samples_ref_uuid"),
        ("ref", "'6f0c2d8e3c1b4e8a9e572b9f7c1d4a10'", "CHECK constraint failed: ck_samples_ref_uuid"),
        ("ref", "'6f0c2d8e-3c1b-4e8a-9e57-2b9f7c1d4a1g'", "CHECK constraint failed: ck_samples_ref_uuid"),
        ("ref", "'6f0c2d8e-3c1b-4e8a-9e57-2b9f7c1d-a10'", "CHECK constraint failed: ck_samples_ref_uuid"),
        ("ref", "'{6f0c2d8e-3c1b-4e8a-9e57-2b9f7c1d4a1}'", "CHECK constraint failed: ck_samples_ref_uuid"),
        ("ref", "x'6f0c2d8e3c1b4e8a9e572b9f7c1d4a10'", "cannot store BLOB value in TEXT column samples.ref"),
        ("flag", "2", "CHECK constraint failed: ck_samples_flag_bool"),
        ("flag", "'true'", "cannot store TEXT value in INTEGER column samples.flag"),
        ("doc", "'{not json'", "CHECK constraint failed: ck_samples_doc_json"),
        ("kind", "'c'", "CHECK constraint failed: ck_samples_kind_values"),
        ("blob", "'text'", "cannot store TEXT value in BLOB column samples.blob"),
    ]

    @Test func valuesOfTheWrongTypeAreRefused() throws {
        let db = try Self.open()
        for (column, value, message) in Self.refused {
            #expect(Self.failure(db, column, value) == message, "\(column) = \(value)")
        }
        #expect(try db.query("SELECT count(*) FROM samples") == [["0"]])
    }

    /// What SQLite writes by itself, what Postgres hands over (`row_to_json`, `CURRENT_TIMESTAMP`-like
    /// text), and text that SQLite turns into the column's class on the way in, as Postgres does.
    static let accepted: [(column: String, value: String)] = [
        ("quantity", "'5'"), ("quantity", "2147483647"), ("quantity", "5.0"),
        ("small", "-32768"), ("big", "9223372036854775807"),
        ("price", "'12.50'"), ("price", "99999999.99"), ("price", "-0.01"), ("price", "100"),
        ("ratio", "3.4e38"), ("ratio", "1"), ("score", "1e300"),
        ("day", "'2024-02-29'"), ("day", "date('now')"),
        ("at", "'2024-05-01T12:00:00.25+00:00'"), ("at", "'2024-05-01T12:00:00.123456+05:30'"),
        ("at", "'2024-05-01T12:00:00Z'"), ("at", "'2024-05-01T12:00Z'"), ("at", "'2024-05-01 12:00:00'"),
        ("at", "CURRENT_TIMESTAMP"), ("at", "strftime('%Y-%m-%dT%H:%M:%fZ','now')"),
        ("local_at", "'2024-05-01T12:00:00'"),
        ("ref", "'6f0c2d8e-3c1b-4e8a-9e57-2b9f7c1d4a10'"), ("ref", "'6F0C2D8E-3C1B-4E8A-9E57-2B9F7C1D4A10'"),
        ("flag", "1"), ("flag", "'0'"), ("doc", "'{\"a\": [1]}'"), ("kind", "'b'"), ("name", "'hello!'"),
        ("blob", "x'00ff'"),
    ]

    @Test func valuesOfTheRightTypeGoIn() throws {
        let db = try Self.open()
        for (column, value) in Self.accepted {
            #expect(Self.failure(db, column, value) == nil, "\(column) = \(value)")
        }
        // Every nullable column takes NULL, the checks that are not NULL-safe included.
        let nullable = [
            "small", "big", "price", "ratio", "score", "day", "at", "local_at", "ref", "flag", "doc", "kind",
        ]
        try db.execute(
            "INSERT INTO samples (\(nullable.joined(separator: ", "))) VALUES (\(nullable.map { _ in "NULL" }.joined(separator: ", ")));"
        )
        #expect(try db.query("SELECT count(*) FROM samples") == [[String(Self.accepted.count + 1)]])
    }

    /// A row as the Swift models encode it: a `Date` with milliseconds and `Z`, a `DateOnly` as
    /// `YYYY-MM-DD`, a `UUID` (in small letters or, from other code, capitals), a `Decimal` as a
    /// JSON number; put in through SQLite's JSON functions.
    @Test func rowsTheSwiftModelsEncodeGoIn() throws {
        struct Row: Encodable {
            var ref: String
            var at: String
            var day: String
            var price: Decimal
            var flag: Bool
            var doc: [String: Int]
        }
        let db = try Self.open()
        let uuid = UUID()
        let now = Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        for ref in [uuid.uuidString.lowercased(), uuid.uuidString] {
            let row = Row(
                ref: ref, at: now, day: "2024-02-29", price: Decimal(string: "12.50")!, flag: true, doc: ["a": 1])
            let json = String(decoding: try JSONEncoder().encode(row), as: UTF8.self)
            _ = try db.query(
                """
                INSERT INTO samples (ref, at, day, price, flag, doc)
                SELECT j ->> 'ref', j ->> 'at', j ->> 'day', j ->> 'price', j ->> 'flag', j -> 'doc' FROM (SELECT ? AS j)
                """, [json])
        }
        #expect(
            try db.query("SELECT count(DISTINCT ref), min(at), min(price), min(flag) FROM samples")
                == [["1", now, "12.5", "1"]])
    }

    /// Every literal default the format takes passes its column's check: a row of defaults goes in.
    @Test func literalDefaultsPassTheirChecks() throws {
        let yaml = """
            tables:
              defaults:
                columns:
                  id: { type: uuid, primary_key: true, default: "6F0C2D8E-3C1B-4E8A-9E57-2B9F7C1D4A10" }
                  small: { type: smallint, default: -32768 }
                  quantity: { type: int, default: 2147483647 }
                  price: { type: "decimal(4,2)", default: -99.99 }
                  ratio: { type: real, default: .5 }
                  day: { type: date, default: "2024-02-29" }
                  today: { type: date, default: now() }
                  at: { type: timestamptz, default: "2024-01-31 12:00" }
                  zoned: { type: timestamptz, default: "2024-01-31T12:00:00.123-05:30" }
                  local_at: { type: timestamp, default: "2024-01-31T23:59:59" }
                  flag: { type: bool, default: true }
                  doc: { type: json, default: {} }
                  kind: { type: enum, values: [a, b], default: b }
            """
        let schema = try #require(loadSchema(yaml).schema)
        let db = try SQLiteDatabase()
        try db.execute(SQLiteRenderer(config: Config()).render(schema)[0].contents)
        try db.execute("INSERT INTO defaults DEFAULT VALUES;")
        #expect(
            try db.query("SELECT id, price, zoned FROM defaults") == [
                [
                    "6f0c2d8e-3c1b-4e8a-9e57-2b9f7c1d4a10", "-99.99", "2024-01-31T12:00:00.123-05:30",
                ]
            ])
    }
}
