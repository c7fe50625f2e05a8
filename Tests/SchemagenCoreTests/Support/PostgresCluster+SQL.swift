import Foundation

@testable import SchemagenCore

/// The tests' SQL on a cluster, through the real `psql`: the library's `PostgresCluster` only
/// starts and stops the server.
extension PostgresCluster {
    func createDatabase(named name: String) throws(CommandError) {
        _ = try execute("CREATE DATABASE \(SQLText.quotedIdentifier(name));", database: "postgres")
    }

    func dropDatabase(named name: String) throws(CommandError) {
        _ = try execute("DROP DATABASE IF EXISTS \(SQLText.quotedIdentifier(name)) WITH (FORCE);", database: "postgres")
    }

    /// Runs `script` with `psql -v ON_ERROR_STOP=1` in one session: the first error stops it and is
    /// thrown with psql's message (`psql:…:12: ERROR: …`). Returns what psql printed.
    @discardableResult
    func execute(_ script: String, database: String) throws(CommandError) -> String {
        let file = "\(directory)/script-\(UUID().uuidString).sql"
        guard FileManager.default.createFile(atPath: file, contents: Data(script.utf8)) else {
            throw CommandError(command: ["psql"], status: -1, output: "", errorOutput: "cannot write \(file)")
        }
        defer { try? FileManager.default.removeItem(atPath: file) }
        return try psql(["-q", "-f", file], database: database).output
    }

    /// Runs one query and returns its rows, each value as Postgres prints it, NULL as `nil`.
    func query(_ sql: String, database: String) throws(CommandError) -> [[String?]] {
        // Unaligned output; every record ends in NUL, fields are split by the unit separator (0x1F).
        let output = try psql(
            ["-At", "-0", "-F", Self.fieldSeparator, "-P", "null=\(Self.nullMarker)", "-c", sql], database: database
        ).output
        return output.split(separator: "\0", omittingEmptySubsequences: false).dropLast().map { record in
            record.split(separator: Character(Self.fieldSeparator), omittingEmptySubsequences: false).map {
                $0 == Self.nullMarker ? nil : String($0)
            }
        }
    }

    static let fieldSeparator = "\u{1F}"
    static let nullMarker = "\u{1}NULL\u{1}"

    private func psql(_ arguments: [String], database: String) throws(CommandError) -> CommandRunner.Result {
        try CommandRunner.run(
            [
                "\(binDirectory)/psql", "-X", "-h", socketDirectory, "-U", "postgres", "-d", database,
                "-v", "ON_ERROR_STOP=1",
            ] + arguments,
            environment: ["PGTZ": "UTC", "PGCONNECT_TIMEOUT": "10"])
    }

}
