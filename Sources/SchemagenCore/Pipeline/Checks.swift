/// The checks that run on every graph before anything is rendered: the conventions, Postgres type
/// names that a native enum and a table would share, and the names the Swift models would collide
/// on (errors for `lint` too, which renders nothing).
///
/// The collisions are `swift-collision`, not `swift-name`: the models would not compile or would
/// overwrite each other, so no level turns them off, while `swift-name` (a derived name that
/// shadows a standard type and got a suffix) takes its one level from `rules:` like every
/// convention.
///
/// They run on both cores: one job takes what spans the schema (cycles, enums, type names), the
/// others a part of the tables each (the rules, the property names), and the findings are joined
/// in a fixed order, the one `runSerially` gives.
enum Checks {
    static func run(_ schema: Schema, config: Config) -> [Diagnostic] {
        run(schema, config: config, parts: nil)
    }

    /// `parts` splits the tables (nil: as many parts as pay for the schema's size).
    static func run(_ schema: Schema, config: Config, parts: Int?) -> [Diagnostic] {
        runKeepingSwiftTypeNames(schema, config: config, parts: parts).findings
    }

    /// `run`, and the Swift type names of the schema that the collisions were found in (when the
    /// Swift target is on), for the Swift renderer to take instead of deriving them again: 2–3 ms
    /// at 1,000 tables, on the one core that sets the renderers up while the other waits.
    static func runKeepingSwiftTypeNames(_ schema: Schema, config: Config, parts: Int? = nil)
        -> (findings: [Diagnostic], swiftTypeNames: SwiftTypeNames?)
    {
        let linter = Linter(settings: config.rules, naming: config.naming, targets: config.targets)
        let swift = config.targets.contains(.swift)
        let run = LintRun(linter: linter, schema: schema, parts: parts)
        let outcomes = concurrentMap(count: run.parts.count + 1) {
            job -> (LintPass, [Diagnostic], SwiftTypeNames?) in
            guard job > 0 else {
                var findings = PostgresTypeNames.diagnostics(in: schema, config: config)
                let typeNames = swift ? SwiftTypeNames(schema: schema, names: SwiftNames(config: config)) : nil
                findings += typeNames?.collisions ?? []
                return (run.schemaPass(), findings, typeNames)
            }
            guard swift else { return (run.tablePass(job - 1), [], nil) }
            var collisions: [Diagnostic] = []
            let pass = run.tablePass(job - 1) { table in
                guard !propertyNamesAreDistinct(in: table) else { return }
                collisions += SwiftModelBuilder.propertyCollisions(in: table)
            }
            return (pass, collisions, nil)
        }
        var findings = run.diagnostics(schemaPass: outcomes[0].0, tablePasses: outcomes.dropFirst().map(\.0))
        for outcome in outcomes { findings += outcome.1 }
        return (findings, outcomes[0].2)
    }

    /// True when no two columns of `table` can become one Swift property, so that
    /// `SwiftModelBuilder.propertyCollisions(in:)` (which derives every property name, most of
    /// what the checks cost) has nothing to find: the names are distinct, and each is snake_case
    /// with no word after the first starting with a digit. Such a name's property is its words
    /// joined with the first letter of each but the first capitalized (`task_id` → `taskId`),
    /// never a keyword needing backticks once they are stripped, and `self_` or `hashValue_` for
    /// `self` and `hash_value`, which hold an `_` no other such property has: the capitals mark
    /// where each `_` was, so distinct names give distinct properties. A word starting with a
    /// digit has no capital to mark it (`x_1` and `x1` are both `x1`), and any other name takes
    /// the full derivation. (`LinterSplitTests` compares with the derivation on random names.)
    static func propertyNamesAreDistinct(in table: borrowing Table) -> Bool {
        let columns = table.columns
        for index in columns.indices where !isPlainSnakeCase(columns[index].name) { return false }
        // A few columns: compared with each other; many: hashed.
        guard columns.count > 16 else {
            for index in columns.indices {
                for earlier in 0..<index where columns[earlier].name == columns[index].name { return false }
            }
            return true
        }
        var names: Set<String> = []
        names.reserveCapacity(columns.count)
        for index in columns.indices where !names.insert(columns[index].name).inserted { return false }
        return true
    }

    /// `a`–`z` first, then `a`–`z`, `0`–`9` and single `_` between words, none of which (after the
    /// first) starts with a digit.
    private static func isPlainSnakeCase(_ name: String) -> Bool {
        var previous: UInt8 = 0
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): break
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard previous != 0, previous != UInt8(ascii: "_") else { return false }
            case UInt8(ascii: "_"): guard previous != 0, previous != UInt8(ascii: "_") else { return false }
            default: return false
            }
            previous = byte
        }
        return previous != 0 && previous != UInt8(ascii: "_")
    }

    /// The checks one after the other on one core, as they ran before they were split: what `run`
    /// must equal (`LinterSplitTests`).
    static func runSerially(_ schema: Schema, config: Config) -> [Diagnostic] {
        var findings = Linter(settings: config.rules, naming: config.naming, targets: config.targets)
            .lintSerially(schema)
        findings += PostgresTypeNames.diagnostics(in: schema, config: config)
        if config.targets.contains(.swift) {
            let typeNames = SwiftTypeNames(schema: schema, names: SwiftNames(config: config))
            findings += typeNames.collisions
            findings += schema.tables.flatMap(SwiftModelBuilder.propertyCollisions(in:))
        }
        return findings
    }
}
