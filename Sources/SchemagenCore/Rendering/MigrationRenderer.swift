/// Turns the changes between two schema versions into one dialect's statements: the migration
/// renderer of a dialect is the sibling of its schema renderer, built from the same dialect pieces,
/// so a column reads the same in `schema.sql` and in a migration.
public protocol MigrationRenderer: Sendable {
    func statements(for diff: SchemaDiff) -> MigrationStatements
    /// The whole script that applies `statements` as the dialect's plain shell runs a file
    /// (`psql -v ON_ERROR_STOP=1 -f`, `sqlite3 -bail`): all or nothing, `header` (comment lines,
    /// schemagen's marker first) on top.
    func script(_ statements: MigrationStatements, header: [String]) -> String
    /// How the script is applied, for its header: `psql -v ON_ERROR_STOP=1 -f FILE`.
    static func applyCommand(file: String) -> String
}

/// A migration's statements for one dialect, grouped by how they must run.
public struct MigrationStatements: Sendable, Hashable {
    /// Statements that must run before the transaction and commit on their own: Postgres's
    /// `ALTER TYPE … ADD VALUE`, whose value no statement may use in the transaction that adds it.
    public var beforeTransaction: [String] = []
    /// The migration proper, all or nothing.
    public var transactional: [String] = []
    /// Statements that cannot run inside a transaction block (`CREATE INDEX CONCURRENTLY`).
    public var afterTransaction: [String] = []
    /// Transactions after those statements, in order, each all or nothing: Postgres with
    /// `postgres.online` validates there the constraints the first transaction added `NOT VALID`
    /// (validating in the transaction that adds a constraint gains nothing), and turns the indexes
    /// built concurrently into constraints.
    public var laterTransactions: [[String]] = []
    /// SQLite: the script turns foreign keys off around its transaction, because it rebuilds a
    /// table (`DROP TABLE` would fire the children's `ON DELETE` actions).
    public var needsForeignKeysOff: Bool = false

    public init(
        beforeTransaction: [String] = [], transactional: [String] = [], afterTransaction: [String] = [],
        laterTransactions: [[String]] = [], needsForeignKeysOff: Bool = false
    ) {
        self.beforeTransaction = beforeTransaction
        self.transactional = transactional
        self.afterTransaction = afterTransaction
        self.laterTransactions = laterTransactions
        self.needsForeignKeysOff = needsForeignKeysOff
    }

    public var isEmpty: Bool {
        beforeTransaction.isEmpty && transactional.isEmpty && afterTransaction.isEmpty
            && laterTransactions.allSatisfy(\.isEmpty)
    }
}
