/// What a SQL fragment uses that some dialect or context cannot take. Each list is short on
/// purpose: it names what the team's schemas have run into, not every difference between the
/// dialects (see docs/rules.md, `portability`).
enum SQLPortability {
    /// Functions whose result changes from call to call or with the session: neither dialect
    /// accepts them in an index, and SQLite refuses them in CHECK constraints.
    static let nonDeterministicFunctions: Set<String> = [
        "now", "random", "gen_random_uuid", "uuid_generate_v4", "clock_timestamp", "statement_timestamp",
        "transaction_timestamp", "timeofday", "randomblob", "nextval", "currval", "changes", "total_changes",
        "last_insert_rowid",
    ]
    /// SQL's time keywords, written without parentheses.
    static let nonDeterministicKeywords: Set<String> = [
        "current_timestamp", "current_date", "current_time", "localtimestamp", "localtime",
    ]
    /// Date and time functions: applied to a timestamptz they depend on the session's time zone,
    /// so Postgres refuses them in indexes (seed 002: "functional indexes (e.g. `DATE(timestamp)`)
    /// are not supported … use a separate `date` column").
    static let dateFunctions: Set<String> = [
        "date", "time", "datetime", "date_trunc", "date_part", "extract", "strftime", "julianday", "to_char",
        "age", "timezone", "unixepoch",
    ]
    /// SQLite's date functions read `'now'` as the current time.
    static let sqliteDateFunctions: Set<String> = ["date", "time", "datetime", "julianday", "strftime", "unixepoch"]

    static let postgresOnlyFunctions: Set<String> = [
        "now", "gen_random_uuid", "uuid_generate_v4", "date_trunc", "date_part", "to_char", "to_timestamp",
        "to_date", "age", "extract", "jsonb_typeof", "jsonb_array_length", "jsonb_build_object",
        "jsonb_object_keys", "array_length", "cardinality", "regexp_replace", "regexp_match", "regexp_matches",
        "char_length", "character_length", "btrim", "split_part", "any",
    ]
    /// Operators SQLite does not have: casts, regular expressions, jsonb containment.
    static let postgresOnlySymbols: Set<String> = [
        "::", "~", "~*", "!~", "!~*", "~~", "~~*", "!~~", "!~~*", "@>", "<@", "?|", "?&", "#>", "#>>",
    ]
    static let sqliteOnlyFunctions: Set<String> = [
        "strftime", "julianday", "datetime", "unixepoch", "json_valid", "json_extract", "typeof", "ifnull", "instr",
        "randomblob", "zeroblob", "hex", "printf", "iif", "likelihood", "glob",
    ]

    /// Non-deterministic calls and keywords, as written in messages (`now()`, `current_timestamp`).
    static func nonDeterministic(in scan: SQLScanner) -> [String] {
        var found = scan.functionCalls.filter(nonDeterministicFunctions.contains).map { "\($0)()" }
        found += scan.words.filter(nonDeterministicKeywords.contains)
        let calls = Set(scan.functionCalls)
        if !calls.isDisjoint(with: sqliteDateFunctions) || scan.symbols.contains("::"),
            scan.strings.contains(where: { $0.trimmingWhitespace.lowercased() == "now" })
        {
            found.append("'now'")
        }
        return unique(found)
    }

    static func dateCalls(in scan: SQLScanner) -> [String] {
        unique(scan.functionCalls.filter(dateFunctions.contains).map { "\($0)()" })
    }

    static func postgresOnly(in scan: SQLScanner) -> [String] {
        var found = scan.functionCalls.filter(postgresOnlyFunctions.contains).map { "\($0)()" }
        found += scan.symbols.filter(postgresOnlySymbols.contains).map { "`\($0)`" }
        if scan.words.contains("ilike") { found.append("ILIKE") }
        if scan.containsWords(["similar", "to"]) { found.append("SIMILAR TO") }
        if scan.words.contains("array") { found.append("ARRAY") }
        return unique(found)
    }

    static func sqliteOnly(in scan: SQLScanner) -> [String] {
        var found = scan.functionCalls.filter(sqliteOnlyFunctions.contains).map { "\($0)()" }
        if scan.words.contains("glob"), !found.contains("glob()") { found.append("GLOB") }
        return unique(found)
    }

    static func hasSubquery(_ scan: SQLScanner) -> Bool {
        scan.words.contains("select")
    }

    private static func unique(_ items: [String]) -> [String] {
        var seen: Set<String> = []
        return items.filter { seen.insert($0).inserted }
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}

extension Array where Element == String {
    /// `a`, `a and b`, `a, b and c`: for messages.
    var listedInProse: String {
        switch count {
        case 0: ""
        case 1: self[0]
        default: dropLast().joined(separator: ", ") + " and " + last!
        }
    }
}
