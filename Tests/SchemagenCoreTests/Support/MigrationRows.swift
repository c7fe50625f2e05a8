import Foundation

@testable import SchemagenCore

/// Rows for proving a migration: two per table, made from the schema graph alone, so that any
/// schema (the example's history, a random one) gets parents and children of every `on_delete`
/// kind before its up script runs.
///
/// Every value is distinct (a counter), so that unique constraints and keys hold. A table's first
/// row leaves its nullable columns NULL (a column that becomes NOT NULL then has NULLs to fill),
/// its second fills them; both point at a parent row through every foreign key (the second at
/// the first, for a table that references itself). A column with a default takes it, except a
/// key or a referenced column, whose value the children must know.
struct MigrationRows {
    enum Dialect { case postgres, sqlite }

    let dialect: Dialect
    /// The next distinct value.
    var counter: Int

    init(dialect: Dialect, start: Int = 1) {
        self.dialect = dialect
        self.counter = start
    }

    /// `INSERT` statements, parents before children.
    mutating func inserts(for schema: Schema) -> [String] {
        let referenced = Set(
            schema.tables.flatMap { table in
                table.foreignKeys.flatMap { key in key.referencedColumns.map { "\(key.referencedTable).\($0)" } }
            })
        var inserted: [String: [[String: String]]] = [:]
        var statements: [String] = []
        for table in Self.insertionOrder(schema) {
            for row in 0..<2 {
                var values: [String: String] = [:]
                for key in table.foreignKeys {
                    let parentRows =
                        key.referencedTable == table.name
                        ? inserted[table.name] ?? [] : inserted[key.referencedTable] ?? []
                    guard !parentRows.isEmpty else { continue }
                    let parent = parentRows[min(row, parentRows.count - 1)]
                    for (column, target) in zip(key.columns, key.referencedColumns) where values[column] == nil {
                        if let value = parent[target] { values[column] = value }
                    }
                }
                for column in table.columns where values[column.name] == nil {
                    let isKey =
                        table.primaryKey?.columns.contains(column.name) == true
                        || referenced.contains("\(table.name).\(column.name)")
                    let isForeignKey = table.foreignKeys.contains { $0.columns.contains(column.name) }
                    if column.isIdentity || isKey {
                        values[column.name] = sample(column.type, in: schema)
                    } else if isForeignKey {
                        continue  // no parent row: NULL (the column is nullable, or the schema has a cycle)
                    } else if column.defaultValue != nil {
                        continue
                    } else if column.isNullable && row == 0 {
                        continue
                    } else {
                        values[column.name] = sample(column.type, in: schema)
                    }
                }
                inserted[table.name, default: []].append(values)
                let columns = table.columns.map(\.name).filter { values[$0] != nil }
                let quoted = columns.map(SQLText.quotedIdentifier)
                let list =
                    columns.isEmpty
                    ? " DEFAULT VALUES"
                    : " (\(quoted.joined(separator: ", "))) VALUES (\(columns.map { values[$0]! }.joined(separator: ", ")))"
                statements.append("INSERT INTO \(SQLText.quotedIdentifier(table.name))\(list);")
            }
        }
        return statements
    }

    /// Tables whose NOT NULL foreign keys point only at tables already listed; a nullable key to a
    /// table that comes later is left NULL (the schema forbids a cycle of NOT NULL keys).
    static func insertionOrder(_ schema: Schema) -> [Table] {
        var order: [Table] = []
        var done: Set<String> = []
        var remaining = schema.tables
        while !remaining.isEmpty {
            let index =
                remaining.firstIndex { table in
                    table.foreignKeys.allSatisfy { key in
                        key.referencedTable == table.name || done.contains(key.referencedTable)
                            || key.columns.allSatisfy { table.column(named: $0)?.isNullable == true }
                    }
                } ?? 0
            let table = remaining.remove(at: index)
            order.append(table)
            done.insert(table.name)
        }
        return order
    }

    /// A literal of `type`, distinct from every other this value made.
    mutating func sample(_ type: ColumnType, in schema: Schema) -> String {
        counter += 1
        let n = counter
        switch type {
        case .uuid: return String(format: "'00000000-0000-4000-8000-%012d'", n)
        case .text: return "'\(n)'"
        case .varchar(let length): return "'\(String(String(n).suffix(length)))'"
        case .smallint, .int, .bigint: return "\(n % 30000)"
        case .bool: return dialect == .postgres ? (n % 2 == 0 ? "true" : "false") : "\(n % 2)"
        case .decimal(let precision, let scale):
            return precision - scale > 1 ? "\(n % 10).5" : "0.5"
        case .real, .double: return "\(n).5"
        case .date: return "'2024-01-\(String(format: "%02d", n % 28 + 1))'"
        case .timestamptz: return "'2024-01-02T03:04:\(String(format: "%02d", n % 60))Z'"
        case .timestamp: return "'2024-01-02T03:04:\(String(format: "%02d", n % 60))'"
        case .json: return "'{\"n\": \(n)}'"
        case .bytes:
            return dialect == .postgres
                ? "'\\x\(String(format: "%04x", n % 65536))'::bytea" : "X'\(String(format: "%04x", n % 65536))'"
        case .vector(let dimensions): return "'[\(Array(repeating: "1", count: dimensions).joined(separator: ","))]'"
        case .enumeration(let reference): return SQLText.stringLiteral(schema.values(of: reference).first ?? "")
        }
    }
}

/// Every table's rows, column by column: each column's values as the database prints them, sorted,
/// so that two readings compare without an order.
struct RowSnapshot: Equatable {
    var tables: [String: [String: [String]]]

    func count(_ table: String) -> Int? {
        tables[table].map { $0.values.first?.count ?? 0 }
    }

    static func read(postgres database: PostgresDatabase, schema: Schema) throws -> RowSnapshot {
        guard !schema.tables.isEmpty else { return RowSnapshot(tables: [:]) }
        // One query for the whole database: a JSON object of tables, each an array of rows whose
        // values are text.
        let parts = schema.tables.map { table in
            let columns = table.columns.map {
                "\(SQLText.stringLiteral($0.name)), \(SQLText.quotedIdentifier($0.name))::text"
            }
            let row = "json_build_object(\(columns.joined(separator: ", ")))"
            return "\(SQLText.stringLiteral(table.name)), "
                + "(SELECT coalesce(json_agg(\(row)), '[]'::json) FROM \(SQLText.quotedIdentifier(table.name)))"
        }
        var tables: [String: [String: [String]]] = [:]
        // json_build_object takes at most 100 arguments: fifty tables a query.
        for chunk in stride(from: 0, to: parts.count, by: 50) {
            let sql = "SELECT json_build_object(\(parts[chunk..<min(chunk + 50, parts.count)].joined(separator: ", ")))"
            let text = try database.value(sql) ?? "{}"
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: [[String: Any]]] ?? [:]
            for table in schema.tables {
                guard let rows = object[table.name] else { continue }
                var columns: [String: [String]] = [:]
                for column in table.columns {
                    columns[column.name] = rows.map { ($0[column.name] as? String) ?? "NULL" }.sorted()
                }
                if table.columns.isEmpty { columns[""] = rows.map { _ in "" } }
                tables[table.name] = columns
            }
        }
        return RowSnapshot(tables: tables)
    }

    static func read(sqlite db: SQLiteDatabase, schema: Schema) throws -> RowSnapshot {
        var tables: [String: [String: [String]]] = [:]
        for table in schema.tables {
            let columns = table.columns.map { "quote(\(SQLText.quotedIdentifier($0.name)))" }
            let rows = try db.query(
                "SELECT \(columns.joined(separator: ", ")) FROM \(SQLText.quotedIdentifier(table.name))")
            var values: [String: [String]] = [:]
            for (index, column) in table.columns.enumerated() {
                values[column.name] = rows.map { $0[index] ?? "NULL" }.sorted()
            }
            tables[table.name] = values
        }
        return RowSnapshot(tables: tables)
    }

    /// What did not survive `diff`: every table that stays keeps its number of rows, and every
    /// column that stays with the same type and nullability keeps its values (an `auto_update`
    /// column aside where the migration fills NULLs with an UPDATE, which fires its trigger).
    static func losses(from before: RowSnapshot, to after: RowSnapshot, along diff: SchemaDiff) -> [String] {
        var tableNames: [String: String] = [:]
        for case .renameTable(let from, let to) in diff.changes { tableNames[from] = to }
        let finalName = { (name: String) in tableNames[name] ?? name }
        var columnNames: [String: [String: String]] = [:]
        var filled: Set<String> = []
        for change in diff.changes {
            switch change {
            case .renameColumn(let table, let from, let to):
                columnNames[finalName(table), default: [:]][from] = to
            case .alterColumn(let table, let from, let to) where from.isNullable && !to.isNullable:
                filled.insert(finalName(table))
            default:
                break
            }
        }
        var losses: [String] = []
        for table in diff.from.tables {
            let name = finalName(table.name)
            guard let target = diff.to.table(named: name), let rowsAfter = after.tables[name],
                let rowsBefore = before.tables[table.name]
            else { continue }
            if after.count(name) != before.count(table.name) {
                losses.append("\(name): \(before.count(table.name) ?? 0) rows before, \(after.count(name) ?? 0) after")
                continue
            }
            for column in table.columns {
                let newName = columnNames[name]?[column.name] ?? column.name
                guard let newColumn = target.column(named: newName), newColumn.type == column.type,
                    newColumn.isNullable == column.isNullable, !(newColumn.autoUpdate && filled.contains(name))
                else { continue }
                if rowsAfter[newName] != rowsBefore[column.name] {
                    losses.append(
                        "\(name).\(newName): \(rowsBefore[column.name] ?? []) before, \(rowsAfter[newName] ?? []) after"
                    )
                }
            }
        }
        return losses
    }
}
