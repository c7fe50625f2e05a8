import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory schemagen [generate|check|lint …]`: runs
/// the `schemagen` executable in the package root with the arguments as given, exactly as
/// `swift run schemagen …` would in a checkout of schemagen, so a package that only depends on
/// schemagen can regenerate its committed `Generated/` (SQL, migrations and models).
@main
struct SchemagenCommand: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let process = Process()
        process.executableURL = try context.tool(named: "schemagen").url
        process.arguments = arguments
        process.currentDirectoryURL = context.package.directoryURL
        // Its output and findings go straight to the terminal, as they would from `swift run`.
        try process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw CommandFailure(status: process.terminationStatus)
        }
    }
}

/// schemagen printed why it failed; this only carries its exit status to SwiftPM.
struct CommandFailure: Error, CustomStringConvertible {
    var status: Int32
    var description: String { "schemagen exited with status \(status)" }
}
