import Foundation
import Testing

@testable import SchemagenCore

/// The generated Swift, checked by the real toolchain: it compiles in Swift 6 mode (Sendable checks
/// included), it behaves (a harness decodes and encodes rows), and `swift format` leaves it as it is.
@Suite(.enabled(if: SwiftToolchain.isAvailable, "needs swiftc and swift-format on PATH"), .serialized)
struct SwiftGeneratedCodeTests {
    /// Code that uses each case's models the way an app would; it must compile beside them.
    static let usage: [String: String] = [
        "agents": """
        import Foundation

        let project = Project(createdAt: Date(), updatedAt: Date(), id: UUID(), name: "p")
        let agent = Agent(
            createdAt: Date(), updatedAt: Date(), id: UUID(), name: "a", agentKind: .coder,
            modelConfig: ["temperature": 0.2, "tools": ["git"]], isActive: true)
        let ids: [UUID] = [project.id, agent.id]
        let kinds: [AgentKind] = AgentKind.allCases
        let sendable: [any Sendable] = [project, agent, kinds]
        print(ids, agent.systemPrompt ?? "", agent.projectId as Any, sendable.count)
        """,
        "internal-shadowing": """
        import Foundation

        // The models must not hide Foundation's `Data` or Swift's `Task`.
        let bytes: Data = Data([1, 2])
        let task = TaskRecord(id: UUID(), status: .open, priority: .high, data: .parsed)
        let label = TaskLabel(taskId: task.id, tag: "t")
        let policy = Policy(name: "p", id: 1)
        let notification = NotificationRecord(id: UUID(), taskId: task.id, status: .queued)
        let status: Status = task.status
        let beat = Heartbeat()
        let background = Task { bytes.count }
        print(label, policy, notification.id, status, task.payload ?? nil, background, beat)
        """,
        "package-dates": """
        import Foundation

        let holiday = Holiday(id: UUID(), day: DateOnly(year: 2024, month: 12, day: 25)!)
        print(holiday.day, holiday.day.start(in: TimeZone(identifier: "UTC")!) as Any)
        """,
    ]

    @Test(arguments: ["agents", "internal-shadowing", "package-dates"])
    func generatedCodeTypeChecks(caseName: String) throws {
        let fixture = try #require(SwiftFixtures.cases.first { $0.name == caseName })
        let directory = try SwiftToolchain.write(
            try SwiftFixtures.render(fixture.schema, access: fixture.access),
            extra: ["main.swift": try #require(Self.usage[caseName])])
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try SwiftToolchain.run(
            ["swiftc", "-typecheck", "-swift-version", "6", "-package-name", "Models"]
                + SwiftToolchain.swiftFiles(in: directory), in: directory)
        #expect(result.status == 0, "swiftc -typecheck failed:\n\(result.output)")
    }

    /// Compiles the all-types models with a harness and runs it: decoding rows with nulls, enums,
    /// dates, decimals, JSON and bytes, encoding them back, and the support types' edge cases.
    @Test func generatedCodeRunsTheRoundTripHarness() throws {
        let files = try SwiftFixtures.render(SwiftFixtures.allTypes)
        let harness = try String(
            contentsOf: SwiftFixtures.referenceRoot.deletingLastPathComponent().appending(
                path: "swift-harness/all-types-main.swift"), encoding: .utf8)
        let directory = try SwiftToolchain.write(files, extra: ["main.swift": harness])
        defer { try? FileManager.default.removeItem(at: directory) }
        let compiled = try SwiftToolchain.run(
            ["swiftc", "-swift-version", "6", "-module-name", "Harness", "-o", "harness"]
                + SwiftToolchain.swiftFiles(in: directory), in: directory)
        try #require(compiled.status == 0, "swiftc failed:\n\(compiled.output)")
        let ran = try SwiftToolchain.run(
            [directory.appending(path: "harness").path(percentEncoded: false)], in: directory)
        #expect(ran.status == 0, "the harness failed:\n\(ran.output)")
        #expect(ran.output.hasSuffix("harness: all checks passed\n"), "\(ran.output)")
    }

    @Test func swiftFormatLeavesTheGeneratedCodeAsItIs() throws {
        var files: [GeneratedFile] = []
        for fixture in SwiftFixtures.cases {
            files += try SwiftFixtures.render(fixture.schema, access: fixture.access).map {
                GeneratedFile(path: "\(fixture.name)/\($0.path)", contents: $0.contents)
            }
        }
        let directory = try SwiftToolchain.write(files)
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = SwiftFixtures.packageRoot.appending(path: ".swift-format").path(percentEncoded: false)
        let result = try SwiftToolchain.run(
            ["swift", "format", "--in-place", "--recursive", "--configuration", configuration, "."], in: directory)
        try #require(result.status == 0, "swift format failed:\n\(result.output)")
        for file in files {
            let formatted = try String(contentsOf: directory.appending(path: file.path), encoding: .utf8)
            #expect(
                formatted == file.contents,
                "swift format changes \(file.path):\n\(SwiftFixtures.lineDiff(file.contents, formatted))")
        }
    }
}

/// Runs the Swift toolchain found on PATH.
enum SwiftToolchain {
    static let isAvailable: Bool = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").contains { directory in
            FileManager.default.isExecutableFile(atPath: "\(directory)/swiftc")
                && FileManager.default.isExecutableFile(atPath: "\(directory)/swift")
        }
    }()

    /// Writes `files` (and `extra`, by file name) into a new temporary directory.
    static func write(_ files: [GeneratedFile], extra: [String: String] = [:]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appending(path: "schemagen-swift-\(UUID().uuidString)")
        let all = files.map { ($0.path, $0.contents) } + extra.map { ($0.key, $0.value) }
        for (path, contents) in all {
            let url = directory.appending(path: path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url)
        }
        return directory
    }

    static func swiftFiles(in directory: URL) throws -> [String] {
        try SwiftFixtures.readTree(directory).keys.filter { $0.hasSuffix(".swift") }.sorted()
    }

    /// Runs `arguments` (the first looked up on PATH) in `directory`; stdout and stderr together.
    static func run(_ arguments: [String], in directory: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
