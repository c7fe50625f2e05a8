/// The schema graph: every table and enum, resolved and ordered.
///
/// A plain value, so that migrations can snapshot it, diff two of them and plan from the difference.
public struct Schema: Sendable, Hashable, Codable {
    /// In dependency order: each table comes after the tables it references, except along
    /// foreign-key cycles, whose back edges are listed in `deferredForeignKeys`.
    public var tables: [Table]
    /// Sorted by name.
    public var enums: [EnumType]

    public init(tables: [Table], enums: [EnumType] = []) {
        self.tables = tables
        self.enums = enums
    }

    public func table(named name: String) -> Table? {
        tables.first { $0.name == name }
    }

    public func enumType(named name: String) -> EnumType? {
        enums.first { $0.name == name }
    }

    /// The values of an enum column: its own, or those of the named enum it refers to (none for
    /// a name that is not in `enums`, which the graph builder never leaves).
    public func values(of reference: EnumReference) -> [String] {
        switch reference {
        case .named(let name): enumType(named: name)?.values ?? []
        case .inline(let values): values
        }
    }

    /// Foreign keys that point at a table created later (cycles): a dialect that checks references
    /// at CREATE time must add them after all tables exist.
    public var deferredForeignKeys: [(table: Table, foreignKey: ForeignKey)] {
        let position = Dictionary(uniqueKeysWithValues: tables.enumerated().map { ($1.name, $0) })
        var deferred: [(table: Table, foreignKey: ForeignKey)] = []
        for (index, table) in tables.enumerated() {
            for foreignKey in table.foreignKeys {
                if let target = position[foreignKey.referencedTable], target > index {
                    deferred.append((table, foreignKey))
                }
            }
        }
        return deferred
    }

    /// True when `foreignKey` of `table` must be added after the tables (see `deferredForeignKeys`).
    public func isDeferred(_ foreignKey: ForeignKey, of table: Table) -> Bool {
        guard let own = tables.firstIndex(where: { $0.name == table.name }),
            let target = tables.firstIndex(where: { $0.name == foreignKey.referencedTable })
        else { return false }
        return target > own
    }

    /// True when some column needs pgvector.
    public var usesVector: Bool {
        tables.contains { $0.columns.contains { if case .vector = $0.type { true } else { false } } }
    }
}
