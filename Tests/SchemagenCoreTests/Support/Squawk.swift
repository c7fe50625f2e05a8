import Foundation
import Testing

@testable import SchemagenCore

/// squawk, the Postgres migration linter teams run in CI, as the tests run it: the one that
/// `make test-deps` installs into a virtual environment of its own (`.build/squawk`), else one on
/// the PATH. Missing, the tests that need it are skipped, and fail under CI.
enum Squawk {
    /// The repository root, where `.squawk.toml` is.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var configuration: URL { root.appendingPathComponent(".squawk.toml") }

    static let executable: String? = {
        let environment = ProcessInfo.processInfo.environment
        let path = (environment["PATH"] ?? "").split(separator: ":").map { "\($0)/squawk" }
        let candidates: [String] =
            [environment["SCHEMAGEN_SQUAWK"], root.appendingPathComponent(".build/squawk/bin/squawk").path].compactMap {
                $0
            } + path
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static let skipReason: Comment = """
        squawk not found ($SCHEMAGEN_SQUAWK, .build/squawk/bin/squawk, the PATH); `make test-deps` \
        installs it
        """

    /// The rules `.squawk.toml` leaves out, read from its `excluded_rules` list, because squawk's
    /// `--exclude` replaces the file's list instead of adding to it.
    static func excludedRules() throws -> [String] {
        let text = try String(contentsOf: configuration, encoding: .utf8)
        let start = try #require(text.range(of: "excluded_rules = ["), "no excluded_rules in .squawk.toml")
        let end = try #require(text[start.upperBound...].firstIndex(of: "]"))
        return text[start.upperBound..<end].split(separator: "\n").compactMap { line in
            let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let parts = code.split(separator: "\"")
            return parts.count >= 2 ? String(parts[1]) : nil
        }
    }

    /// squawk's findings over `files` with the committed `.squawk.toml`, and `extraExclusions`
    /// left out as well: one `file:line:col: warning: rule message` line each, none when clean.
    static func findings(in files: [String], extraExclusions: [String] = []) throws -> [String] {
        let squawk = try #require(executable, "\(skipReason) (CI is set, so this fails)")
        var arguments = [squawk, "--config", configuration.path, "--reporter", "gcc"]
        if !extraExclusions.isEmpty {
            arguments.append("--exclude=" + (try excludedRules() + extraExclusions).joined(separator: ","))
        }
        do {
            _ = try CommandRunner.run(arguments + files)
            return []
        } catch {
            // 1 is "findings"; anything else (a bad rule name, a file it cannot parse) is an error.
            guard error.status == 1, !error.output.isEmpty else { throw error }
            return error.output.split(separator: "\n").map(String.init)
        }
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs a test when squawk is installed, and always under CI.
    static var squawkAvailable: Self {
        .enabled(if: Squawk.executable != nil || PostgresServer.isCI, Squawk.skipReason)
    }
}
