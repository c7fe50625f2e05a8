import Foundation
import Testing

@testable import SchemagenCore

/// Proves one SQLite migration on a real database file: the old schema from its fresh DDL with
/// foreign keys on, rows in, the up script through the `sqlite3` shell as a team runs it
/// (`sqlite3 -bail DB < FILE`, on a connection with foreign keys on), then every row still there,
/// the catalog equal to the fresh new DDL's, and the down script (in process) back to the old
/// catalog with the rows.
struct SQLiteMigrationProof {
    let diff: SchemaDiff
    let renderer = SQLiteMigrationRenderer(config: Config())
    let directory: URL
    var path: String { directory.appendingPathComponent("test.db").path }

    var upStatements: MigrationStatements { renderer.statements(for: diff) }
    var downStatements: MigrationStatements { renderer.statements(for: diff.reversed) }
    var up: String { renderer.script(upStatements, header: ["-- up"]) }
    var down: String { renderer.script(downStatements, header: ["-- down"]) }

    init(from old: Schema, to new: Schema) throws {
        diff = SchemaDiffer.diff(from: old, to: new)
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "schemagen-sqlite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    init(from old: String, to new: String) throws {
        let oldResult = loadSchema(old)
        let newResult = loadSchema(new)
        let from = try #require(oldResult.schema, "old schema: \(oldResult.diagnostics.map(\.message))")
        let to = try #require(newResult.schema, "new schema: \(newResult.diagnostics.map(\.message))")
        try self.init(from: from, to: to)
    }

    func removeFiles() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The catalog of a database built from `schema`'s fresh DDL.
    static func freshCatalog(_ schema: Schema) throws -> SQLiteCatalog {
        let db = try SQLiteDatabase()
        try db.execute(try SQLiteRenderer(config: Config()).script(for: schema))
        return try SQLiteCatalog.read(db)
    }

    /// Creates the database from the old schema's fresh DDL and runs `rows`, foreign keys on.
    func create(rows: String) throws {
        let db = try SQLiteDatabase(path: path)
        try db.execute("PRAGMA foreign_keys = ON;")
        try db.execute(try SQLiteRenderer(config: Config()).script(for: diff.from))
        try db.execute(rows)
    }

    func open() throws -> SQLiteDatabase {
        let db = try SQLiteDatabase(path: path)
        try db.execute("PRAGMA foreign_keys = ON;")
        return db
    }

    /// Runs `script` as `sqlite3 -bail DB < FILE` does, through a shell; `foreignKeysOn` opens the
    /// shell's connection with `PRAGMA foreign_keys = ON`, as an application's would be.
    func runShell(_ script: String, name: String, foreignKeysOn: Bool = true) throws(CommandError) {
        let file = directory.appendingPathComponent(name).path
        try? script.write(toFile: file, atomically: true, encoding: .utf8)
        let options = foreignKeysOn ? "-cmd 'PRAGMA foreign_keys = ON'" : ""
        _ = try CommandRunner.run([
            "/bin/sh", "-c", "sqlite3 -bail \(options) \"$1\" < \"$2\"", "sh", path, file,
        ])
    }

    /// Every table's rows as `quote()`d values, per column, sorted: what must survive.
    func rows(_ schema: Schema) throws -> [String: [String: [String]]] {
        let db = try open()
        var result: [String: [String: [String]]] = [:]
        for table in schema.tables {
            var columns: [String: [String]] = [:]
            for column in table.columns {
                let name = SQLText.quotedIdentifier(column.name)
                columns[column.name] = try db.query(
                    "SELECT quote(\(name)) FROM \(SQLText.quotedIdentifier(table.name)) ORDER BY 1"
                ).map { $0[0] ?? "" }
            }
            result[table.name] = columns
        }
        return result
    }

    /// The whole proof; returns the rows after the up, for assertions of the case's own.
    @discardableResult
    func prove(
        rows seed: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> [String: [String: [String]]] {
        try create(rows: seed)
        let oldCatalog = try Self.freshCatalog(diff.from)
        let newCatalog = try Self.freshCatalog(diff.to)
        #expect(try SQLiteCatalog.read(open()) == oldCatalog, "the old DDL", sourceLocation: sourceLocation)
        let before = try rows(diff.from)

        try runShell(up, name: "up.sql")
        let afterUp = try rows(diff.to)
        var db = try open()
        let upCatalog = try SQLiteCatalog.read(db)
        #expect(
            upCatalog == newCatalog,
            "up ≠ fresh DDL:\n\(upCatalog.differences(from: newCatalog).joined(separator: "\n"))",
            sourceLocation: sourceLocation)
        #expect(try db.foreignKeyViolations().isEmpty, sourceLocation: sourceLocation)
        expectSurvived(before, afterUp, along: diff, sourceLocation: sourceLocation)

        try db.execute(down)
        #expect(try db.query("PRAGMA foreign_keys") == [["1"]], sourceLocation: sourceLocation)
        db = try open()
        let downCatalog = try SQLiteCatalog.read(db)
        #expect(
            downCatalog == oldCatalog,
            "down ≠ old DDL:\n\(downCatalog.differences(from: oldCatalog).joined(separator: "\n"))",
            sourceLocation: sourceLocation)
        #expect(try db.foreignKeyViolations().isEmpty, sourceLocation: sourceLocation)
        expectSurvived(afterUp, try rows(diff.from), along: diff.reversed, sourceLocation: sourceLocation)
        return afterUp
    }

    /// Every table that survives keeps its number of rows, and every column that survives with
    /// the same type and nullability keeps its values.
    func expectSurvived(
        _ before: [String: [String: [String]]], _ after: [String: [String: [String]]], along diff: SchemaDiff,
        sourceLocation: Testing.SourceLocation
    ) {
        var tableNames: [String: String] = [:]
        var columnNames: [String: [String: String]] = [:]
        for change in diff.changes {
            if case .renameTable(let from, let to) = change { tableNames[from] = to }
        }
        let finalName = { (name: String) in tableNames[name] ?? name }
        for change in diff.changes {
            if case .renameColumn(let table, let from, let to) = change {
                columnNames[finalName(table), default: [:]][from] = to
            }
        }
        for table in diff.from.tables {
            let name = finalName(table.name)
            guard let target = diff.to.table(named: name), let rowsAfter = after[name],
                let rowsBefore = before[table.name]
            else { continue }
            let count = { (rows: [String: [String]]) in rows.values.first?.count ?? 0 }
            #expect(count(rowsAfter) == count(rowsBefore), "rows of \(name)", sourceLocation: sourceLocation)
            for column in table.columns {
                let newName = columnNames[name]?[column.name] ?? column.name
                // A column whose enum values were renamed holds the new names: the test says which.
                let renamesValues = diff.changes.contains {
                    if case .replaceValue(name, newName, _, _) = $0 { true } else { false }
                }
                guard let newColumn = target.column(named: newName), newColumn.type == column.type,
                    newColumn.isNullable == column.isNullable, !renamesValues
                else { continue }
                #expect(
                    rowsAfter[newName] == rowsBefore[column.name], "values of \(name).\(newName)",
                    sourceLocation: sourceLocation)
            }
        }
    }
}
