/// What changed between two versions of a schema, for a pull request's description (`schemagen
/// diff`): the risks first, then each enum and table with what was added, removed, renamed and
/// changed, and the migrations that hold the changes. A plain value: `markdown` and `json` only
/// spell it.
public struct ChangeReport: Sendable, Hashable, Codable {
    public var from: String
    public var to: String
    /// The migrations between the two versions, in number order: those `to` holds beyond the last
    /// one `from` holds.
    public var migrations: [Migration]
    /// True when `to`'s schema holds changes that no migration of `to` holds yet (`schemagen
    /// generate` was not run).
    public var notYetInMigration: Bool
    /// In the order of `MigrationRisk.Kind`: data loss, may fail, lock.
    public var risks: [Risk]
    public var enums: [EnumEntry]
    /// The tables `to` holds in its order, then those it dropped.
    public var tables: [TableEntry]

    public var isEmpty: Bool { enums.isEmpty && tables.isEmpty }

    public struct Migration: Sendable, Hashable, Codable {
        public var id: String
        /// Not committed yet: `generate` still rewrites it.
        public var pending: Bool
    }

    public struct Risk: Sendable, Hashable, Codable {
        /// `data loss`, `may fail` or `lock` (`MigrationRisk.Kind`).
        public var kind: String
        /// A NOT NULL column that existing rows must be given a value for first.
        public var needsBackfill: Bool
        public var message: String
        public var table: String?
        public var column: String?
    }

    public enum State: String, Sendable, Hashable, Codable {
        case created, dropped, renamed, changed
    }

    public enum Action: String, Sendable, Hashable, Codable {
        case added, removed, renamed, changed
    }

    public struct EnumEntry: Sendable, Hashable, Codable {
        public var name: String
        public var state: State
        public var added: [String]
        public var removed: [String]
        /// `old → new` pairs.
        public var renamed: [Rename]
        /// True when only the values' order changed.
        public var reordered: Bool
        /// The migrations that change this enum.
        public var migrations: [String] = []
    }

    public struct Rename: Sendable, Hashable, Codable {
        public var from: String
        public var to: String
    }

    public struct TableEntry: Sendable, Hashable, Codable {
        public var name: String
        public var state: State
        public var renamedFrom: String?
        public var items: [Item]
        /// The migrations that change this table (by its name then, or its old name).
        public var migrations: [String]
    }

    /// One part of a table that changed.
    public struct Item: Sendable, Hashable, Codable {
        public var action: Action
        /// `column`, `primary key`, `unique`, `foreign key`, `check`, `index`, `trigger`, `comment`.
        public var kind: String
        public var name: String
        /// The new name of a renamed part.
        public var newName: String?
        /// What it is (`int, default 0`), or what changed of it (`type int → bigint`).
        public var detail: String
    }
}
