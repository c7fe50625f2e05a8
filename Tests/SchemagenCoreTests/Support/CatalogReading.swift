@testable import SchemagenCore

// The library's catalog readers, over the tests' own connections.

extension SQLiteCatalog {
    static func read(_ db: SQLiteDatabase) throws -> SQLiteCatalog {
        try read { try db.query($0) }
    }
}

extension PostgresCatalog {
    static func facts(of database: PostgresDatabase) throws -> [String] {
        try facts { try database.column($0) }
    }
}
