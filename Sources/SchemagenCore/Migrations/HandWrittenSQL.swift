import Foundation

/// SQL a team writes for a migration that the schema cannot say: a backfill before a column
/// becomes NOT NULL, rows moved from one table to another. It lives beside the schema, in
/// `<schema>/migrations/<NNNN>/`, one file per point and direction, for both dialects or one:
///
///     up.before.sql    up.after.sql    down.before.sql    down.after.sql
///     up.before.postgres.sql    up.after.sqlite.sql    …
///
/// `generate` weaves the files into the pending migration's scripts, inside the transaction,
/// before or after the generated statements, and marks where each comes from. Once the migration
/// is committed its scripts are what they are, and the integrity file covers the woven SQL too.
struct HandWrittenSQL {
    struct Part: Sendable, Hashable {
        /// Relative to the project root, for the comment that marks it in the script.
        var path: String
        var text: String
    }

    enum Point: String, CaseIterable {
        case before, after
    }

    /// Keyed by direction, point and dialect; a file for both dialects comes first.
    private var parts: [String: [Part]] = [:]

    func parts(_ direction: MigrationLayout.Direction, _ point: Point, dialect: Config.Target) -> [Part] {
        parts["\(direction.rawValue).\(point.rawValue).\(dialect.rawValue)"] ?? []
    }

    var isEmpty: Bool { parts.isEmpty }

    static func folder(revision: String, config: Config) -> String {
        "\(config.schemaDirectory)/migrations/\(revision)"
    }

    static func read(revision: String, config: Config, root: URL) -> HandWrittenSQL {
        var result = HandWrittenSQL()
        let folder = folder(revision: revision, config: config)
        let base = ProjectPaths.resolve(folder, root: root)
        for direction in MigrationLayout.Direction.allCases {
            for point in Point.allCases {
                for dialect in MigrationLayout.dialects {
                    for name in [
                        "\(direction.rawValue).\(point.rawValue).sql",
                        "\(direction.rawValue).\(point.rawValue).\(dialect.rawValue).sql",
                    ] {
                        guard let data = FileManager.default.contents(atPath: base.appendingPathComponent(name).path)
                        else { continue }
                        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                        guard !text.isEmpty else { continue }
                        result.parts["\(direction.rawValue).\(point.rawValue).\(dialect.rawValue)", default: []].append(
                            Part(path: "\(folder)/\(name)", text: text))
                    }
                }
            }
        }
        return result
    }
}
