/// A migration's identity: its four-digit number and its name, `0007_add_tasks_priority`, as its
/// files are named (golang-migrate's `{version}_{title}.up.sql`, so other tools read the folder).
public struct MigrationID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var number: Int
    public var name: String

    public init(number: Int, name: String) {
        self.number = number
        self.name = name
    }

    /// `0007`
    public var revision: String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// `0007_add_tasks_priority`
    public var description: String { "\(revision)_\(name)" }

    /// The identity in a file name such as `0007_add_tasks_priority.up.sql`, or `nil` when the name
    /// does not start with digits, `_` and a name.
    public init?(fileName: String) {
        let digits = fileName.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let number = Int(digits), fileName.dropFirst(digits.count).first == "_" else {
            return nil
        }
        let rest = fileName.dropFirst(digits.count + 1)
        guard let dot = rest.firstIndex(of: "."), dot > rest.startIndex else { return nil }
        self.init(number: number, name: String(rest[..<dot]))
    }

    /// The identity in the last component of a path (`migrations/postgres/0007_x.up.sql`).
    public init?(path: String) {
        self.init(fileName: String(path.split(separator: "/").last ?? ""))
    }

    public static func < (lhs: MigrationID, rhs: MigrationID) -> Bool {
        (lhs.number, lhs.name) < (rhs.number, rhs.name)
    }

    /// Letters, digits and `_`: what a name may hold, so that it is a file name everywhere.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 80
            && name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }
    }
}

/// Where a migration's files lie inside the output directory.
public enum MigrationLayout {
    public static let folder = "migrations"
    public static let snapshotFolder = "migrations/snapshots"
    /// The integrity file: one line per file, each hash covering its file and every line before.
    public static let integrityFile = "migrations/schemagen.sum"

    public enum Direction: String, Sendable, CaseIterable {
        case up, down
    }

    /// `migrations/postgres/0007_add_tasks_priority.up.sql`
    public static func script(_ id: MigrationID, dialect: Config.Target, direction: Direction) -> String {
        "\(folder)/\(dialect.rawValue)/\(id).\(direction.rawValue).sql"
    }

    /// `migrations/snapshots/0007_add_tasks_priority.json`: the schema the migration leads to.
    public static func snapshot(_ id: MigrationID) -> String {
        "\(snapshotFolder)/\(id).json"
    }

    /// The SQL targets, whose migrations schemagen writes.
    public static let dialects: [Config.Target] = [.postgres, .sqlite]
}
