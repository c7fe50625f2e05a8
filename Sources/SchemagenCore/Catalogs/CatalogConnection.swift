extension SQLiteCatalog {
    /// The catalog of the database `connection` is open on.
    public static func read(_ connection: any DatabaseConnection) throws -> SQLiteCatalog {
        try read { try connection.query($0) }
    }
}

extension PostgresCatalog {
    /// The facts of the database `connection` is open on.
    public static func facts(of connection: any DatabaseConnection) throws -> [String] {
        try facts { try connection.query($0).map { $0.first ?? nil } }
    }
}
