/// One change between two versions of a schema, described as data: what the database must do to
/// go from the old version to the new one, before any dialect spells it.
///
/// Every change knows its reverse (`reversed`), so the down script of a migration is the rendering
/// of the reversed changes in reverse order, never a textual inversion of the up script. Changes
/// carry whole graph values (a dropped table, the column before and after), so that the reverse
/// has everything it needs to put the old version back, and a dialect that must rebuild a table
/// (SQLite) knows both shapes.
public enum SchemaChange: Sendable, Hashable {
    case createEnum(EnumType)
    case dropEnum(EnumType)
    /// Values added, removed or reordered in a named enum.
    case alterEnum(from: EnumType, to: EnumType)
    /// A value of a named enum under a new name (`renamed_values`); the rows follow
    /// (`replaceValue`).
    case renameEnumValue(enum: String, from: String, to: String)
    /// The rows of a column of a named enum whose value was renamed take the new name.
    case replaceValue(table: String, column: String, from: String, to: String)

    /// The table with the foreign keys that go inline; those that point at a table created later
    /// in the same migration come as `addForeignKey` after every table exists.
    case createTable(Table)
    /// The table as `createTable` would have made it: the reverse of one is the other.
    case dropTable(Table)
    case renameTable(from: String, to: String)

    case addColumn(table: String, Column)
    case dropColumn(table: String, Column)
    case renameColumn(table: String, from: String, to: String)
    /// Type, nullability, default or identity: `from` and `to` have the same name.
    case alterColumn(table: String, from: Column, to: Column)

    case addPrimaryKey(table: String, PrimaryKey)
    case dropPrimaryKey(table: String, PrimaryKey)
    case addUnique(table: String, UniqueConstraint)
    case dropUnique(table: String, UniqueConstraint)
    case addCheck(table: String, CheckConstraint)
    case dropCheck(table: String, CheckConstraint)
    /// A check schemagen derives from a column's type (`ImplicitCheck`), for a column that stays:
    /// an added column brings its checks in its definition, a dropped one takes them along.
    case addImplicitCheck(table: String, ImplicitCheck)
    case dropImplicitCheck(table: String, ImplicitCheck)
    /// An implicit check whose derived name follows a renamed table or column; apart from
    /// `renameConstraint` because only the databases that hold the check rename it.
    case renameImplicitCheck(table: String, ImplicitCheck, to: String)
    case addForeignKey(table: String, ForeignKey)
    case dropForeignKey(table: String, ForeignKey)
    /// A primary key, unique, check or foreign key whose name changed and nothing else (a derived
    /// name that follows a renamed table or column).
    case renameConstraint(table: String, from: String, to: String)

    case addIndex(table: String, Index)
    case dropIndex(table: String, Index)
    case renameIndex(table: String, from: String, to: String)

    case setTableComment(table: String, from: String?, to: String?)
    case setColumnComment(table: String, column: String, from: String?, to: String?)

    /// The trigger that keeps an `auto_update` column current.
    case addTrigger(table: String, UpdateTrigger)
    case dropTrigger(table: String, UpdateTrigger)
    /// A trigger whose derived name follows a renamed table or column.
    case renameTrigger(table: String, from: String, to: String)

    /// The change that undoes this one.
    public var reversed: SchemaChange {
        switch self {
        case .createEnum(let type): .dropEnum(type)
        case .dropEnum(let type): .createEnum(type)
        case .alterEnum(let from, let to): .alterEnum(from: to, to: from)
        case .renameEnumValue(let type, let from, let to): .renameEnumValue(enum: type, from: to, to: from)
        case .replaceValue(let table, let column, let from, let to):
            .replaceValue(table: table, column: column, from: to, to: from)
        case .createTable(let table): .dropTable(table)
        case .dropTable(let table): .createTable(table)
        case .renameTable(let from, let to): .renameTable(from: to, to: from)
        case .addColumn(let table, let column): .dropColumn(table: table, column)
        case .dropColumn(let table, let column): .addColumn(table: table, column)
        case .renameColumn(let table, let from, let to): .renameColumn(table: table, from: to, to: from)
        case .alterColumn(let table, let from, let to): .alterColumn(table: table, from: to, to: from)
        case .addPrimaryKey(let table, let key): .dropPrimaryKey(table: table, key)
        case .dropPrimaryKey(let table, let key): .addPrimaryKey(table: table, key)
        case .addUnique(let table, let unique): .dropUnique(table: table, unique)
        case .dropUnique(let table, let unique): .addUnique(table: table, unique)
        case .addCheck(let table, let check): .dropCheck(table: table, check)
        case .dropCheck(let table, let check): .addCheck(table: table, check)
        case .addImplicitCheck(let table, let check): .dropImplicitCheck(table: table, check)
        case .dropImplicitCheck(let table, let check): .addImplicitCheck(table: table, check)
        case .renameImplicitCheck(let table, let check, let to):
            .renameImplicitCheck(table: table, check.renamed(to), to: check.name)
        case .addForeignKey(let table, let key): .dropForeignKey(table: table, key)
        case .dropForeignKey(let table, let key): .addForeignKey(table: table, key)
        case .renameConstraint(let table, let from, let to): .renameConstraint(table: table, from: to, to: from)
        case .addIndex(let table, let index): .dropIndex(table: table, index)
        case .dropIndex(let table, let index): .addIndex(table: table, index)
        case .renameIndex(let table, let from, let to): .renameIndex(table: table, from: to, to: from)
        case .setTableComment(let table, let from, let to): .setTableComment(table: table, from: to, to: from)
        case .setColumnComment(let table, let column, let from, let to):
            .setColumnComment(table: table, column: column, from: to, to: from)
        case .addTrigger(let table, let trigger): .dropTrigger(table: table, trigger)
        case .dropTrigger(let table, let trigger): .addTrigger(table: table, trigger)
        case .renameTrigger(let table, let from, let to): .renameTrigger(table: table, from: to, to: from)
        }
    }

    /// The table the change is about, after it (`nil` for enums).
    public var table: String? {
        switch self {
        case .createEnum, .dropEnum, .alterEnum, .renameEnumValue: nil
        case .createTable(let table), .dropTable(let table): table.name
        case .renameTable(_, let to): to
        case .addColumn(let table, _), .dropColumn(let table, _), .renameColumn(let table, _, _),
            .alterColumn(let table, _, _), .addPrimaryKey(let table, _), .dropPrimaryKey(let table, _),
            .addUnique(let table, _), .dropUnique(let table, _), .addCheck(let table, _), .dropCheck(let table, _),
            .addImplicitCheck(let table, _), .dropImplicitCheck(let table, _), .renameImplicitCheck(let table, _, _),
            .addForeignKey(let table, _), .dropForeignKey(let table, _), .renameConstraint(let table, _, _),
            .addIndex(let table, _), .dropIndex(let table, _), .renameIndex(let table, _, _),
            .setTableComment(let table, _, _), .setColumnComment(let table, _, _, _),
            .addTrigger(let table, _), .dropTrigger(let table, _), .renameTrigger(let table, _, _),
            .replaceValue(let table, _, _, _):
            table
        }
    }
}

extension SchemaChange {
    /// False for a change of an implicit check that `database` does not hold (a SQLite type check
    /// in a Postgres script): it does nothing there, and a header that listed it would mislead.
    public func concerns(_ database: ImplicitCheck.Database) -> Bool {
        switch self {
        case .addImplicitCheck(_, let check), .dropImplicitCheck(_, let check), .renameImplicitCheck(_, let check, _):
            check.isHeld(by: database)
        default:
            true
        }
    }
}

extension ImplicitCheck {
    /// The same check under another name.
    func renamed(_ name: String) -> ImplicitCheck {
        var copy = self
        copy.name = name
        return copy
    }
}
