import Foundation
import Testing

@testable import SchemagenCore

/// A database that a chain of migrations is applied to, each script as a team applies it: a file
/// through the dialect's plain shell (`psql -v ON_ERROR_STOP=1 -f FILE`, `sqlite3 -bail DB < FILE`
/// on a connection with foreign keys on). The proof of one step (`MigrationStepProof`) asks no
/// more of a dialect than this.
protocol MigrationChain {
    var dialect: MigrationRows.Dialect { get }
    /// Runs SQL of the test's own (rows), not a migration.
    func execute(_ sql: String) throws
    /// Applies a migration file as written.
    func apply(file: URL) throws
    /// The catalog's facts (`PostgresCatalog`, `SQLiteCatalog`), sorted.
    func catalog() throws -> [String]
    /// The facts of a database built from the fresh DDL in `file`.
    func freshCatalog(file: URL) throws -> [String]
    func rows(_ schema: Schema) throws -> RowSnapshot
    /// Rows that break a foreign key (SQLite checks them only when asked).
    func brokenRows() throws -> [String]
}

/// The chain on one database of the shared Postgres server, and a second database for the fresh
/// DDL, emptied before each use.
struct PostgresChain: MigrationChain {
    let database: PostgresDatabase
    let fresh: PostgresDatabase
    var dialect: MigrationRows.Dialect { .postgres }

    func execute(_ sql: String) throws { try database.execute(sql) }

    func apply(file: URL) throws { try Self.psql(file: file, database: database) }

    static func psql(file: URL, database: PostgresDatabase) throws {
        let cluster = database.cluster
        _ = try CommandRunner.run(
            [
                "\(cluster.binDirectory)/psql", "-X", "-q", "-h", cluster.socketDirectory, "-U", "postgres", "-d",
                database.name, "-v", "ON_ERROR_STOP=1", "-f", file.path,
            ], environment: ["PGTZ": "UTC", "PGCONNECT_TIMEOUT": "10", "PGOPTIONS": "-c client_min_messages=warning"])
    }

    func catalog() throws -> [String] { try PostgresCatalog.facts(of: database) }

    func freshCatalog(file: URL) throws -> [String] {
        try fresh.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        try Self.psql(file: file, database: fresh)
        return try PostgresCatalog.facts(of: fresh)
    }

    func rows(_ schema: Schema) throws -> RowSnapshot { try RowSnapshot.read(postgres: database, schema: schema) }

    func brokenRows() throws -> [String] { [] }
}

/// The chain on a SQLite file.
struct SQLiteChain: MigrationChain {
    let path: String
    var dialect: MigrationRows.Dialect { .sqlite }

    func open() throws -> SQLiteDatabase {
        let db = try SQLiteDatabase(path: path)
        try db.execute("PRAGMA foreign_keys = ON;")
        return db
    }

    func execute(_ sql: String) throws { try open().execute(sql) }

    /// `sqlite3 -bail DB < FILE` with foreign keys on, as an application's connection has them.
    func apply(file: URL) throws {
        _ = try CommandRunner.run([
            "/bin/sh", "-c", "sqlite3 -bail -cmd 'PRAGMA foreign_keys = ON' \"$1\" < \"$2\"", "sh", path, file.path,
        ])
    }

    func catalog() throws -> [String] { try SQLiteCatalog.read(open()).facts }

    func freshCatalog(file: URL) throws -> [String] {
        let db = try SQLiteDatabase()
        try db.execute(String(decoding: try Data(contentsOf: file), as: UTF8.self))
        return try SQLiteCatalog.read(db).facts
    }

    func rows(_ schema: Schema) throws -> RowSnapshot { try RowSnapshot.read(sqlite: open(), schema: schema) }

    func brokenRows() throws -> [String] {
        try open().foreignKeyViolations().map { $0.map { $0 ?? "NULL" }.joined(separator: " ") }
    }
}

/// The proof of one migration on a chain: rows in before the up, the up as written, every row
/// still there, the catalog equal to the fresh DDL's, the down back to the catalog before (an
/// empty database for the first), then the up again so that the chain goes on.
struct MigrationStepProof {
    var diff: SchemaDiff
    var up: URL
    var down: URL
    var freshDDL: URL
    var label: String

    /// The failures found, in words; empty when the step holds. `expectedBefore` is the fresh
    /// catalog of the previous version, which the chain must hold when the step starts.
    func run(on chain: some MigrationChain, rows: inout MigrationRows, expectedBefore: [String]?) throws -> (
        failures: [String], fresh: [String]
    ) {
        var failures: [String] = []
        let note = { (what: String, lines: [String]) in
            if !lines.isEmpty { failures.append("\(label): \(what):\n  " + lines.prefix(40).joined(separator: "\n  ")) }
        }
        if !diff.from.tables.isEmpty {
            try chain.execute(rows.inserts(for: diff.from).joined(separator: "\n"))
        }
        let before = try chain.catalog()
        if let expectedBefore {
            note("the chain before the up ≠ the previous fresh DDL", difference(expectedBefore, before))
        }
        let rowsBefore = try chain.rows(diff.from)
        // Each table got two rows this step: a reading that finds fewer proves nothing.
        note("tables whose rows were not read", diff.from.tables.map(\.name).filter { (rowsBefore.count($0) ?? 0) < 2 })

        do {
            try chain.apply(file: up)
        } catch {
            // A change the risk gate calls "may fail" (a NOT NULL column without a default on a
            // table with rows) may fail: then all of it, leaving the database as it was.
            if MigrationRisk.risks(of: diff).contains(where: { $0.kind == .mayFail }) {
                note("the failed up changed the database", difference(before, try chain.catalog()))
                return (failures, [])
            }
            failures.append("\(label): the up script failed: \(error)")
            return (failures, [])
        }
        let fresh = try chain.freshCatalog(file: freshDDL)
        note("the chain after the up ≠ the fresh DDL (- fresh, + chain)", difference(fresh, try chain.catalog()))
        note("rows lost by the up", RowSnapshot.losses(from: rowsBefore, to: try chain.rows(diff.to), along: diff))
        note("rows that break a foreign key after the up", try chain.brokenRows())

        let afterUp = try chain.catalog()
        do {
            try chain.apply(file: down)
        } catch {
            // A table the up dropped comes back empty: rows of other tables that pointed at its
            // rows break the foreign key again, and the down must fail rather than commit, leaving
            // the database as the up left it. Anything else is a failure of the down.
            let droppedATable = diff.changes.contains { if case .dropTable = $0 { true } else { false } }
            if droppedATable,
                "\(error)".contains("no_row_may_break_a_foreign_key") || "\(error)".contains("violates foreign key")
            {
                note("the failed down changed the database", difference(afterUp, try chain.catalog()))
                return (failures, fresh)
            }
            failures.append("\(label): the down script failed: \(error)")
            return (failures, fresh)
        }
        let back = try chain.catalog()
        note(
            "the down did not return to the catalog before the up (- before, + after the down)",
            difference(before, back))
        if diff.from.tables.isEmpty && diff.from.enums.isEmpty {
            note("the first down left a database that is not empty", back)
        }
        note("rows that break a foreign key after the down", try chain.brokenRows())
        try chain.apply(file: up)
        return (failures, fresh)
    }

    func difference(_ first: [String], _ second: [String]) -> [String] {
        PostgresCatalog.difference(first, second)
    }
}
