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

    @Test func varcharOfLengthZero() {
        #expect(
            only(header + "      code: varchar(0)\n")
                == "5:13: unknown-type: type 'varchar(0)' needs a length of at least 1, as in varchar(255)")
    }
}
