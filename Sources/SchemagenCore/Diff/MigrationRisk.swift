/// What can go wrong when a change runs on a database that holds rows: the header of a migration
/// lists these first, and the risk gate stops `generate` on the destructive ones until they are
/// acknowledged.
public struct MigrationRisk: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Comparable {
        /// Rows or values are gone after the change (a dropped table or column, a narrower type).
        case dataLoss = "data loss"
        /// The change fails on some existing rows (a NOT NULL column without a default, a new
        /// unique constraint, a value that leaves an enum).
        case mayFail = "may fail"
        /// The change holds a lock that blocks writes (or reads and writes) while it rewrites or
        /// scans the table; the message says which (`Lock`).
        case lock = "lock"

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.order < rhs.order }
        private var order: Int {
            switch self {
            case .dataLoss: 0
            case .mayFail: 1
            case .lock: 2
            }
        }

        /// Data loss and failures on existing rows need an acknowledgement; a lock is reported.
        public var isDestructive: Bool { self != .lock }
    }

    public var kind: Kind
    public var message: String
    /// The table the risk is about (after the change), for the finding's position.
    public var table: String?
    /// The column, when the risk is about one that still exists.
    public var column: String?
    /// A lock that Postgres's online forms avoid (an index built `CONCURRENTLY`).
    public var isAvoidedOnline: Bool = false

    /// The risks of every change of `diff`, in the order of the changes.
    public static func risks(of diff: SchemaDiff) -> [MigrationRisk] {
        let existing = Set(diff.from.tables.map(\.name))
        let renamedTables = Dictionary(
            diff.changes.compactMap { if case .renameTable(let from, let to) = $0 { (to, from) } else { nil } },
            uniquingKeysWith: { first, _ in first })
        let isExisting = { (table: String) in existing.contains(renamedTables[table] ?? table) }
        return diff.changes.flatMap { risks(of: $0, tableExists: isExisting) }
    }

    static func risks(of change: SchemaChange, tableExists: (String) -> Bool) -> [MigrationRisk] {
        switch change {
        case .dropTable(let table):
            return [.init(kind: .dataLoss, message: "drops table \(table.name) and every row in it", table: table.name)]
        case .dropColumn(let table, let column):
            return [
                .init(kind: .dataLoss, message: "drops column \(table).\(column.name) and its values", table: table)
            ]
        case .addColumn(let table, let column) where tableExists(table):
            if column.isIdentity {
                return [.lock("rewrites \(table) to number the rows in \(column.name)", .readsAndWrites, table)]
            }
            if case .uuid = column.defaultValue {
                // Online, the column is added bare and its rows filled by an UPDATE instead.
                return [
                    .lock(
                        "rewrites \(table) to give every row a uuid() in \(column.name)", .readsAndWrites, table,
                        avoidedOnline: true)
                ]
            }
            guard !column.isNullable, column.defaultValue == nil else { return [] }
            return [
                .init(
                    kind: .mayFail,
                    message:
                        "adds NOT NULL column \(table).\(column.name) without a default: fails if \(table) has rows",
                    table: table, column: column.name)
            ]
        case .alterColumn(let table, let from, let to):
            var risks: [MigrationRisk] = []
            if let narrowing = narrowing(from: from.type, to: to.type) {
                risks.append(
                    .init(
                        kind: .dataLoss, message: "changes \(table).\(to.name) \(narrowing)", table: table,
                        column: to.name))
            }
            if rewritesTable(from: from.type, to: to.type) {
                risks.append(.lock("rewrites \(table) to change the type of \(to.name)", .readsAndWrites, table))
            }
            if from.isNullable && !to.isNullable && to.defaultValue == nil {
                risks.append(
                    .init(
                        kind: .mayFail, message: "makes \(table).\(to.name) NOT NULL: fails if a row holds NULL",
                        table: table, column: to.name))
            }
            if from.isNullable && !to.isNullable && tableExists(table) {
                risks.append(
                    .lock(
                        "scans \(table) to make \(to.name) NOT NULL", .readsAndWrites, table, column: to.name,
                        avoidedOnline: true))
            }
            return risks
        case .addPrimaryKey(let table, let key) where tableExists(table):
            return [
                .lock("builds the index of primary key \(key.name)", .readsAndWrites, table, avoidedOnline: true)
            ]
        case .addUnique(let table, let unique) where tableExists(table):
            return [
                .init(
                    kind: .mayFail,
                    message: "adds unique constraint \(unique.name): fails if \(table) holds duplicates",
                    table: table),
                .lock(
                    "builds the index of unique constraint \(unique.name)", .readsAndWrites, table, avoidedOnline: true),
            ]
        case .addIndex(let table, let index) where tableExists(table):
            let build = MigrationRisk.lock("builds index \(index.name)", .writes, table, avoidedOnline: true)
            guard index.isUnique else { return [build] }
            return [
                .init(
                    kind: .mayFail, message: "adds unique index \(index.name): fails if \(table) holds duplicates",
                    table: table),
                build,
            ]
        case .addCheck(let table, let check) where tableExists(table):
            return [
                .init(kind: .mayFail, message: "adds check \(check.name): fails if a row breaks it", table: table),
                .lock("scans \(table) to check \(check.name)", .readsAndWrites, table, avoidedOnline: true),
            ]
        case .addImplicitCheck(let table, let check) where tableExists(table) && check.isHeld(by: .postgres):
            // An enum's values check, dropped and added with the values: rows hold one of them.
            return [.lock("scans \(table) to check \(check.name)", .readsAndWrites, table, avoidedOnline: true)]
        case .addForeignKey(let table, let key) where tableExists(table):
            return [
                .init(
                    kind: .mayFail, message: "adds foreign key \(key.name): fails if a row points at nothing",
                    table: table),
                .lock(
                    "scans \(table) to check foreign key \(key.name)", .writes, table, also: key.referencedTable,
                    avoidedOnline: true),
            ]
        case .alterEnum(let from, let to):
            let removed = from.values.filter { !to.values.contains($0) }
            guard !removed.isEmpty else { return [] }
            return [
                .init(
                    kind: .mayFail,
                    message: "removes \(removed.joined(separator: ", ")) from enum \(to.name): fails if a row holds one"
                )
            ]
        default:
            return []
        }
    }

    /// What a lock blocks while it is held, in Postgres's terms: `CREATE INDEX` and a foreign key's
    /// check (SHARE, SHARE ROW EXCLUSIVE) let reads through; a rewrite, `SET NOT NULL` and an
    /// `ADD CONSTRAINT` that scans or builds an index (ACCESS EXCLUSIVE) block reads as well.
    public enum Lock: String, Sendable, Hashable {
        case writes = "writes to"
        case readsAndWrites = "reads and writes of"
    }

    /// A lock risk, in the one form the headers and `schemagen diff` print: what the change does,
    /// then what it blocks (`also` a second table whose writes wait, as a foreign key's parent's).
    static func lock(
        _ work: String, _ blocks: Lock, _ table: String, also other: String? = nil, column: String? = nil,
        avoidedOnline: Bool = false
    ) -> MigrationRisk {
        let tables = [table] + (other.map { $0 == table ? [] : [$0] } ?? [])
        return MigrationRisk(
            kind: .lock, message: "\(work), blocking \(blocks.rawValue) \(tables.joined(separator: " and "))",
            table: table, column: column, isAvoidedOnline: avoidedOnline)
    }

    /// False for the type changes Postgres makes without touching the rows (binary-coercible):
    /// a wider varchar, varchar to text.
    static func rewritesTable(from: ColumnType, to: ColumnType) -> Bool {
        switch (from, to) {
        case (.varchar(let old), .varchar(let new)): new < old
        case (.varchar, .text): false
        default: from != to
        }
    }

    /// How a type change can lose values, or `nil` when every old value fits the new type.
    static func narrowing(from: ColumnType, to: ColumnType) -> String? {
        switch (from, to) {
        case (.varchar(let old), .varchar(let new)) where new < old:
            return "from varchar(\(old)) to varchar(\(new)): longer values fail"
        case (.text, .varchar(let new)):
            return "from text to varchar(\(new)): longer values fail"
        case (.bigint, .int), (.bigint, .smallint), (.int, .smallint), (.double, .real):
            return "from \(from.formatSpelling) to \(to.formatSpelling): larger values fail"
        case (.decimal(let p1, let s1), .decimal(let p2, let s2)) where p2 < p1 || s2 < s1:
            return "from \(from.formatSpelling) to \(to.formatSpelling): digits are lost or values fail"
        case (let old, let new) where old == new:
            return nil
        case (.varchar, .varchar), (.varchar, .text), (.smallint, .int), (.smallint, .bigint), (.int, .bigint),
            (.real, .double), (.decimal, .decimal), (.enumeration, .text), (.enumeration, .varchar),
            (.enumeration, .enumeration):
            return nil
        default:
            return "from \(from.formatSpelling) to \(to.formatSpelling): values that do not convert fail"
        }
    }
}
