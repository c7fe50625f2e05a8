import Foundation

/// A command that exited with a failure, with what it printed.
public struct CommandError: Error, Sendable, Hashable, CustomStringConvertible {
    public var command: [String]
    public var status: Int32
    public var output: String
    public var errorOutput: String

    public var description: String {
        let printed = [errorOutput, output].first { !$0.isEmpty } ?? "(no output)"
        return "\(command.joined(separator: " ")) exited with \(status): \(printed)"
    }
}

/// Runs external programs (initdb, pg_ctl, psql) and collects their output.
///
/// Output goes to temporary files rather than pipes: `pg_ctl start` leaves a server running that
/// inherits the descriptors, and a pipe held open by it would never reach end of file.
enum CommandRunner {
    struct Result {
        var output: String
        var errorOutput: String
    }

    static func run(_ command: [String], environment: [String: String] = [:]) throws(CommandError) -> Result {
        let files = FileManager.default
        let base = files.temporaryDirectory.appendingPathComponent("schemagen-cmd-\(UUID().uuidString)")
        let outURL = base.appendingPathExtension("out")
        let errURL = base.appendingPathExtension("err")
        defer {
            try? files.removeItem(at: outURL)
            try? files.removeItem(at: errURL)
        }
        func failure(_ message: String) -> CommandError {
            CommandError(command: command, status: -1, output: "", errorOutput: message)
        }
        guard files.createFile(atPath: outURL.path, contents: nil),
            files.createFile(atPath: errURL.path, contents: nil),
            let out = try? FileHandle(forWritingTo: outURL),
            let err = try? FileHandle(forWritingTo: errURL)
        else { throw failure("cannot create output files in \(files.temporaryDirectory.path)") }
        defer {
            try? out.close()
            try? err.close()
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        do {
            try process.run()
        } catch {
            throw failure("cannot start: \(error)")
        }
        process.waitUntilExit()

        let result = Result(
            output: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            errorOutput: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw CommandError(
                command: command, status: process.terminationStatus, output: result.output,
                errorOutput: result.errorOutput)
        }
        return result
    }

    /// The first of `candidates` that is an executable file.
    static func executable(_ candidates: [String]) -> String? {
        candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
