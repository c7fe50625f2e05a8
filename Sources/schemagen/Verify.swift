import ArgumentParser
import Foundation
import SchemagenCore

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Prove the migrations: every up from empty equals each snapshot's fresh DDL, every down restores the version before."
    )

    @Option(name: .long, help: "The project root, which holds schemagen.yaml and schema/.")
    var project: String = "."

    @Option(
        name: .long,
        help:
            "A Postgres server to verify on (postgres://…; scratch databases are created and dropped there). Default: DATABASE_URL."
    )
    var database: String?

    @Flag(name: .long, help: "Start a throwaway Postgres cluster with the local initdb and verify on it.")
    var postgresTemp = false

    func run() throws {
        let root = URL(fileURLWithPath: project, isDirectory: true).standardizedFileURL
        let report = Verification.run(
            root: root, options: Verification.Options(database: database, postgresTemp: postgresTemp))
        var output = ""
        var errors = ""
        for outcome in report.outcomes {
            let time = String(format: "%.1f s", outcome.seconds)
            if let failure = outcome.failure {
                errors += "error: \(failure)\n"
            } else if outcome.migrations == 0 {
                output += "\(outcome.dialect.rawValue): no migration to verify (`schemagen generate` writes them)\n"
            } else {
                output +=
                    "\(outcome.dialect.rawValue): \(outcome.migrations) migration(s) verified: every up equals its "
                    + "snapshot's fresh DDL, every down restores the version before (\(time))\n"
            }
        }
        output += report.notes.map { "\($0)\n" }.joined()
        errors += report.warnings.map { "\($0)\n" }.joined()
        errors += report.errors.map { "error: \($0)\n" }.joined()
        FileHandle.standardOutput.write(Data(output.utf8))
        FileHandle.standardError.write(Data(errors.utf8))
        if report.failed { throw ExitCode(1) }
    }
}
