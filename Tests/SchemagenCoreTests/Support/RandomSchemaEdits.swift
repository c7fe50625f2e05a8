/// The edits of `RandomSchema`, one kind of change each; an edit that does not apply to the schema
/// at hand (no column to rename, say) returns `nil` and another is drawn.
extension RandomSchema {
    static let editKinds: [(name: String, edit: @Sendable (inout RandomSchema, inout Random) -> String?)] = [
        ("create table", { $0.createTable(using: &$1) }),
        ("drop table", { $0.dropTable(using: &$1) }),
        ("rename table", { $0.renameTable(using: &$1) }),
        ("add column", { $0.addColumn(using: &$1) }),
        ("drop column", { $0.dropColumn(using: &$1) }),
        ("rename column", { $0.renameColumn(using: &$1) }),
        ("change type", { $0.changeType(using: &$1) }),
        ("change nullability", { $0.changeNullability(using: &$1) }),
        ("change default", { $0.changeDefault(using: &$1) }),
        ("add or drop unique", { $0.toggleUnique(using: &$1) }),
        ("add or drop check", { $0.toggleCheck(using: &$1) }),
        ("change foreign key", { $0.changeForeignKey(using: &$1) }),
        ("add or drop index", { $0.toggleIndex(using: &$1) }),
        ("change enum", { $0.changeEnum(using: &$1) }),
        ("change comment", { $0.changeComment(using: &$1) }),
        ("toggle auto_update", { $0.toggleAutoUpdate(using: &$1) }),
    ]

    /// Applies `count` random edits; returns what each did.
    mutating func edit(count: Int, using random: inout Random) -> [String] {
        var done: [String] = []
        var attempts = 0
        while done.count < count && attempts < 50 {
            attempts += 1
            let kind = Self.editKinds[random.int(0...(Self.editKinds.count - 1))]
            if let what = kind.edit(&self, &random) { done.append(what) }
        }
        return done
    }

    // MARK: Picking

    private func randomTable(_ random: inout Random, where predicate: (Table) -> Bool = { _ in true }) -> Int? {
        tables.indices.filter { predicate(tables[$0]) }.randomElement(using: &random.generator)
    }

    /// A column other than the key, and not a foreign key unless `keys`.
    private func randomColumn(
        _ random: inout Random, keys: Bool = false, where predicate: (Column) -> Bool = { _ in true }
    ) -> (table: Int, column: Int)? {
        let candidates = tables.indices.flatMap { table in
            tables[table].columns.indices.filter { column in
                let value = tables[table].columns[column]
                return value.name != "id" && (keys || value.references == nil) && predicate(value)
            }.map { (table, $0) }
        }
        return candidates.randomElement(using: &random.generator)
    }

    private func unusedName(_ names: [String], taken: [String]) -> String? {
        names.first { !taken.contains($0) }
    }

    // MARK: Tables

    mutating func createTable(using random: inout Random) -> String? {
        guard
            let name = unusedName(
                Self.tableNames, taken: tables.map(\.name) + tables.compactMap(\.renamedFrom) + droppedNames)
        else { return nil }
        tables.append(randomTable(named: name, using: &random, withRows: false))
        return "create table \(name)"
    }

    mutating func dropTable(using random: inout Random) -> String? {
        // Not a parent of a NOT NULL key: the down could give it back neither the column (NOT NULL
        // without a default) nor the key (its rows point at parents the down does not restore).
        let required = Set(
            tables.flatMap { table in
                table.columns.filter { !$0.nullable && $0.references != nil && $0.references != "\(table.name).id" }
                    .compactMap { $0.references?.split(separator: ".").first.map(String.init) }
            })
        guard tables.count > 1,
            let index = randomTable(
                &random, where: { $0.renamedFrom == nil && !$0.isNew && !required.contains($0.name) })
        else { return nil }
        let name = tables.remove(at: index).name
        droppedNames.append(name)
        // The children's nullable keys go with it.
        for table in tables.indices {
            for column in tables[table].columns where column.references == "\(name).id" {
                removeColumn(column.name, of: table)
            }
        }
        return "drop table \(name)"
    }

    mutating func renameTable(using random: inout Random) -> String? {
        guard let index = randomTable(&random, where: { $0.renamedFrom == nil && !$0.isNew }),
            let name = unusedName(
                ["things", "items", "parts", "notes"],
                taken: tables.map(\.name) + tables.compactMap(\.renamedFrom) + droppedNames)
        else { return nil }
        let old = tables[index].name
        tables[index].name = name
        tables[index].renamedFrom = old
        for table in tables.indices {
            for column in tables[table].columns.indices where tables[table].columns[column].references == "\(old).id" {
                tables[table].columns[column].references = "\(name).id"
            }
        }
        return "rename table \(old) to \(name)"
    }

    // MARK: Columns

    mutating func addColumn(using random: inout Random) -> String? {
        guard let table = randomTable(&random) else { return nil }
        let taken =
            tables[table].columns.map(\.name) + tables[table].columns.compactMap(\.renamedFrom)
            + tables[table].droppedColumns
        if random.int(0...2) == 0, let parent = tables.randomElement(using: &random.generator),
            !taken.contains("\(parent.name)_id")
        {
            var column = randomForeignKey(to: parent.name, named: "\(parent.name)_id", using: &random)
            column.nullable = true
            column.isNew = true
            if column.onDelete == "cascade" && random.bool() { column.onDelete = "set_null" }
            tables[table].columns.append(column)
            return "add foreign key column \(tables[table].name).\(column.name)"
        }
        guard let name = unusedName(Self.columnNames.shuffled(using: &random.generator), taken: taken) else {
            return nil
        }
        tables[table].columns.append(randomColumn(named: name, using: &random, withRows: false))
        return "add column \(tables[table].name).\(name)"
    }

    mutating func dropColumn(using random: inout Random) -> String? {
        // Not a NOT NULL column without a default: its down could not add it back to the rows.
        guard
            let (table, column) = randomColumn(
                &random, keys: true,
                where: { $0.renamedFrom == nil && !$0.isNew && !$0.wasRequired })
        else { return nil }
        let name = tables[table].columns[column].name
        removeColumn(name, of: table)
        return "drop column \(tables[table].name).\(name)"
    }

    /// The column and whatever names it: indexes, unique constraints, checks.
    mutating func removeColumn(_ name: String, of table: Int) {
        tables[table].columns.removeAll { $0.name == name }
        tables[table].droppedColumns.append(name)
        tables[table].indexes.removeAll { index in index.columns.contains { $0 == name || $0.contains("(\(name))") } }
        tables[table].uniques.removeAll { $0.contains(name) }
        tables[table].checks.removeAll { $0.column == name }
    }

    mutating func renameColumn(using random: inout Random) -> String? {
        guard let (table, column) = randomColumn(&random, keys: true, where: { $0.renamedFrom == nil && !$0.isNew })
        else { return nil }
        let old = tables[table].columns[column].name
        let taken =
            tables[table].columns.map(\.name) + tables[table].columns.compactMap(\.renamedFrom)
            + tables[table].droppedColumns
        guard let name = unusedName(["renamed_\(old)", "other_\(old)"], taken: taken) else { return nil }
        tables[table].columns[column].name = name
        tables[table].columns[column].renamedFrom = old
        for index in tables[table].indexes.indices {
            tables[table].indexes[index].columns = tables[table].indexes[index].columns.map {
                $0 == old ? name : $0.replacing("(\(old))", with: "(\(name))")
            }
            tables[table].indexes[index].predicate = tables[table].indexes[index].predicate?.replacing(
                "\(old) IS", with: "\(name) IS")
        }
        tables[table].uniques = tables[table].uniques.map { $0.map { $0 == old ? name : $0 } }
        for check in tables[table].checks.indices where tables[table].checks[check].column == old {
            tables[table].checks[check].column = name
        }
        return "rename column \(tables[table].name).\(old) to \(name)"
    }

    /// Type changes whose values convert: the rows' samples are small numbers and numeric text.
    static let typeChanges: [String: [String]] = [
        "int": ["bigint", "text", "smallint"], "bigint": ["int", "text"], "smallint": ["int"],
        "text": ["varchar(40)", "int"], "varchar(40)": ["text"], "double": ["decimal(10,2)"],
        "decimal(10,2)": ["double", "decimal(12,3)"], "decimal(12,3)": ["decimal(10,2)"],
    ]

    mutating func changeType(using random: inout Random) -> String? {
        guard
            let (table, column) = randomColumn(
                &random, where: { Self.typeChanges[$0.type] != nil && !$0.autoUpdate })
        else { return nil }
        var value = tables[table].columns[column]
        let options = Self.typeChanges[value.type] ?? []
        let old = value.type
        value.type = options[random.int(0...(options.count - 1))]
        // Text becomes a number only where the rows hold numbers (no default went in).
        if Self.isText(old), value.type == "int", !value.distinct { return nil }
        if value.defaultValue != nil {
            // A number as text: the rows it fills convert back in the down.
            value.defaultValue = Self.defaults(for: value).first ?? "0"
        }
        value.distinct = value.distinct && Self.keepsDistinct(value.type)
        tables[table].columns[column] = value
        // Checks and expression indexes are written for the old type.
        tables[table].checks.removeAll { $0.column == value.name }
        tables[table].indexes.removeAll { $0.columns.contains("lower(\(value.name))") }
        if !value.distinct {
            tables[table].uniques.removeAll { $0.contains(value.name) }
            tables[table].indexes.removeAll { $0.unique && $0.columns.contains(value.name) }
        }
        return "change \(tables[table].name).\(value.name) from \(old) to \(value.type)"
    }

    mutating func changeNullability(using random: inout Random) -> String? {
        guard let (table, column) = randomColumn(&random) else { return nil }
        var value = tables[table].columns[column]
        if value.nullable {
            // NOT NULL: the NULL rows take the default.
            guard let fill = Self.defaults(for: value).first ?? (value.type == "date" ? "now()" : nil) else {
                return nil
            }
            if value.defaultValue == nil { value.defaultValue = fill }
            value.nullable = false
        } else {
            value.nullable = true
        }
        tables[table].columns[column] = value
        return "make \(tables[table].name).\(value.name) \(value.nullable ? "nullable" : "NOT NULL")"
    }

    mutating func changeDefault(using random: inout Random) -> String? {
        guard let (table, column) = randomColumn(&random, where: { !$0.autoUpdate }) else { return nil }
        var value = tables[table].columns[column]
        let options = Self.defaults(for: value).filter { $0 != value.defaultValue }
        // A column made NOT NULL keeps a default, which fills its NULL rows.
        let mayDrop = value.nullable || !value.wasNullable
        if value.defaultValue != nil, mayDrop, options.isEmpty || random.bool() {
            value.defaultValue = nil
        } else if let choice = options.randomElement(using: &random.generator) {
            value.defaultValue = choice
        } else {
            return nil
        }
        tables[table].columns[column] = value
        return "default of \(tables[table].name).\(value.name): \(value.defaultValue ?? "none")"
    }

    // MARK: Constraints and indexes

    mutating func toggleUnique(using random: inout Random) -> String? {
        guard let table = randomTable(&random) else { return nil }
        if !tables[table].uniques.isEmpty, random.bool() {
            let removed = tables[table].uniques.removeLast()
            return "drop unique \(tables[table].name) \(removed)"
        }
        let candidates = tables[table].columns.filter { $0.distinct && $0.name != "id" }.map(\.name)
        guard let column = candidates.randomElement(using: &random.generator),
            !tables[table].uniques.contains([column]), !tables[table].clashes(Index(columns: [column], unique: true))
        else { return nil }
        tables[table].uniques.append([column])
        return "add unique \(tables[table].name) (\(column))"
    }

    mutating func toggleCheck(using random: inout Random) -> String? {
        guard let table = randomTable(&random) else { return nil }
        if !tables[table].checks.isEmpty, random.bool() {
            let removed = tables[table].checks.removeLast()
            return "drop check \(tables[table].name).\(removed.name)"
        }
        let candidates = tables[table].columns.filter { Self.isText($0.type) || $0.type == "int" }.map(\.name)
        guard let column = candidates.randomElement(using: &random.generator),
            !tables[table].checks.contains(where: { $0.name == "\(column)_ok" })
        else { return nil }
        tables[table].checks.append(Check(name: "\(column)_ok", column: column))
        return "add check \(tables[table].name).\(column)_ok"
    }

    mutating func changeForeignKey(using random: inout Random) -> String? {
        guard let (table, column) = randomColumn(&random, keys: true, where: { $0.references != nil }) else {
            return nil
        }
        var value = tables[table].columns[column]
        if random.int(0...2) == 0 {
            dropReference(of: value.name, in: table)
            return "drop the foreign key of \(tables[table].name).\(value.name)"
        }
        let actions: [String?] = (value.nullable ? [nil, "cascade", "set_null"] : [nil, "cascade"]).filter {
            $0 != value.onDelete
        }
        value.onDelete = actions[random.int(0...(actions.count - 1))]
        tables[table].columns[column] = value
        return "on_delete of \(tables[table].name).\(value.name): \(value.onDelete ?? "no action")"
    }

    /// The column stays, and its index: its `index: true` went with its reference.
    mutating func dropReference(of name: String, in table: Int) {
        guard let column = tables[table].columns.firstIndex(where: { $0.name == name }) else { return }
        tables[table].columns[column].references = nil
        tables[table].columns[column].onDelete = nil
        if !tables[table].clashes(Index(columns: [name])) {
            tables[table].indexes.append(Index(columns: [name]))
        }
    }

    mutating func toggleIndex(using random: inout Random) -> String? {
        guard let table = randomTable(&random) else { return nil }
        if !tables[table].indexes.isEmpty, random.bool() {
            let removed = tables[table].indexes.removeLast()
            return "drop index \(tables[table].name) \(removed.columns)"
        }
        let columns = tables[table].columns.filter { $0.name != "id" && $0.type != "json" }
        guard let first = columns.randomElement(using: &random.generator) else { return nil }
        var index = Index(columns: [first.name])
        switch random.int(0...4) {
        case 0:
            guard let second = columns.filter({ $0.name != first.name }).randomElement(using: &random.generator)
            else { return nil }
            index.columns.append(second.name)
        case 1:
            index.predicate = "\(first.name) IS NOT NULL"
        case 2:
            guard Self.isText(first.type) else { return nil }
            index.columns = ["lower(\(first.name))"]
        case 3:
            index.method = "hash"
        default:
            guard first.distinct else { return nil }
            index.unique = true
        }
        guard !tables[table].clashes(index) else { return nil }
        tables[table].indexes.append(index)
        return "add index \(tables[table].name) \(index)"
    }

    mutating func changeEnum(using random: inout Random) -> String? {
        if enumValues.count > 2, random.bool() {
            // Never the first value: the rows and the defaults hold it.
            let removed = enumValues.remove(at: random.int(1...(enumValues.count - 1)))
            return "remove \(removed) from \(enumName)"
        }
        guard let value = ["idle", "late", "away"].first(where: { !enumValues.contains($0) }) else { return nil }
        enumValues.insert(value, at: random.int(1...enumValues.count))
        return "add \(value) to \(enumName)"
    }

    mutating func changeComment(using random: inout Random) -> String? {
        guard let table = randomTable(&random) else { return nil }
        if random.bool() {
            tables[table].comment = tables[table].comment == nil ? "Now commented" : nil
            return "comment of \(tables[table].name)"
        }
        guard let column = tables[table].columns.indices.randomElement(using: &random.generator) else { return nil }
        tables[table].columns[column].comment =
            tables[table].columns[column].comment == nil ? "Now commented" : nil
        return "comment of \(tables[table].name).\(tables[table].columns[column].name)"
    }

    mutating func toggleAutoUpdate(using random: inout Random) -> String? {
        guard
            let (table, column) = randomColumn(
                &random, where: { $0.type == "timestamptz" && ($0.defaultValue == "now()" || $0.nullable) })
        else { return nil }
        tables[table].columns[column].autoUpdate.toggle()
        return "auto_update of \(tables[table].name).\(tables[table].columns[column].name)"
    }
}
