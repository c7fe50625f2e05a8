import Foundation
import Testing

@testable import SchemagenCore

/// The integrity proof reads and hashes the committed files each on its own, on both cores, and
/// hashes a large file in the pass that looks at it (issue 11, fifth pass): whatever runs the
/// jobs, and whichever files are read whole or in blocks, its findings are those of the proof
/// that reads every file whole and hashes them in turn, on random histories with files edited,
/// removed, added, renamed, lines of the integrity file dropped or swapped, or the file gone.
@Suite struct IntegrityHashMapTests {
    @Test func theFindingsAreTheSameWhateverRunsTheJobs() throws {
        var generator = SystemRandomNumberGenerator()
        var withFindings = 0
        for round in 0..<120 {
            let root = FileManager.default.temporaryDirectory.appending(path: "integrity-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: root) }
            let committed = try writeHistory(at: root, using: &generator)
            if round % 8 != 0 { try tamper(root, using: &generator) }
            func findings(deferringFrom: Int?, jobs: any JobMap) -> [String] {
                let history = MigrationHistory.read(
                    outputDirectory: root, displayPrefix: "Generated", committed: .some(committed),
                    deferringFrom: deferringFrom, jobs: jobs)
                return IntegrityVerifier(history: history, display: { "Generated/\($0)" }).verify(jobs: jobs)
                    .map(\.description)
            }
            let reference = findings(deferringFrom: nil, jobs: JobsInTurn())
            withFindings += reference.isEmpty ? 0 : 1
            for deferringFrom in [0, 200, nil] {
                for jobs in [ConcurrentJobs(), Backwards(), JobsInTurn()] as [any JobMap] {
                    #expect(
                        findings(deferringFrom: deferringFrom, jobs: jobs) == reference,
                        "round \(round), deferring from \(deferringFrom.map(String.init) ?? "never"), \(jobs)")
                }
            }
        }
        // The rounds prove something only when most of them have findings.
        #expect(withFindings > 60)
    }

    /// Runs the jobs last first.
    private struct Backwards: JobMap {
        func map<Result: Sendable>(_ count: Int, _ transform: @Sendable (Int) -> Result) -> [Result] {
            Array((0..<count).reversed().map(transform).reversed())
        }
    }

    private static let alphabet: [UInt8] = [13, 10, 13, 97, 98, 99, 100]

    /// Migrations of two scripts and a snapshot each, of CRs, LFs and letters, now and then a
    /// byte that is not ASCII, the last one pending now and then, and the integrity file over
    /// the committed ones. What git would say is committed, or `nil` (outside git: all).
    private func writeHistory(at root: URL, using generator: inout SystemRandomNumberGenerator) throws -> Set<String>? {
        var files: [(path: String, bytes: [UInt8])] = []
        let count = Int.random(in: 1...6, using: &generator)
        let pending = count > 1 && Int.random(in: 0...3, using: &generator) == 0
        var committed = Set<String>()
        for number in 1...count {
            let id = MigrationID(number: number, name: "step_\(number)")
            for path in [MigrationLayout.snapshot(id)]
                + MigrationLayout.Direction.allCases.map({
                    MigrationLayout.script(id, dialect: .postgres, direction: $0)
                })
            {
                let size = Int.random(in: 0...(path.hasSuffix(".json") ? 3_000 : 300), using: &generator)
                var bytes = (0..<size).map { _ in Self.alphabet.randomElement(using: &generator)! }
                if size > 0, Int.random(in: 0...9, using: &generator) == 0 {
                    bytes[Int.random(in: 0..<size, using: &generator)] = 0xC3
                }
                try write(bytes, to: root.appending(path: path))
                if !(pending && number == count) { files.append((path, bytes)) }
            }
            if !(pending && number == count) {
                committed.insert(String(MigrationLayout.snapshot(id).dropFirst(MigrationLayout.folder.count + 1)))
            }
        }
        try write(Array(IntegrityFile(files: files).text.utf8), to: root.appending(path: MigrationLayout.integrityFile))
        return pending ? committed : nil
    }

    /// One to three of: a file edited, removed, added, renamed, a CR added; a line of the
    /// integrity file dropped, or two swapped; the integrity file gone or not one.
    private func tamper(_ root: URL, using generator: inout SystemRandomNumberGenerator) throws {
        let manager = FileManager.default
        let sumURL = root.appending(path: MigrationLayout.integrityFile)
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
            let folder = ["postgres", "snapshots"].randomElement(using: &generator)!
            let directory = root.appending(path: "\(MigrationLayout.folder)/\(folder)")
            guard
                let name = try manager.contentsOfDirectory(atPath: directory.path).sorted().randomElement(
                    using: &generator)
            else { continue }
            let file = directory.appending(path: name)
            var bytes = [UInt8]((try? Data(contentsOf: file)) ?? Data())
            var sum = IntegrityFile.parse((try? String(contentsOf: sumURL, encoding: .utf8)) ?? "")
            switch Int.random(in: 0...7, using: &generator) {
            case 0:
                if bytes.isEmpty {
                    bytes = [65]
                } else {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] ^= 1
                }
                try write(bytes, to: file)
            case 1:
                try manager.removeItem(at: file)
            case 2:
                try write([66], to: directory.appending(path: name.replacingOccurrences(of: "step", with: "extra")))
            case 3 where name.contains("step"):
                try manager.moveItem(
                    at: file, to: directory.appending(path: name.replacingOccurrences(of: "step", with: "renamed")))
            case 4 where !(sum?.entries.isEmpty ?? true):
                sum!.entries.remove(at: Int.random(in: 0..<sum!.entries.count, using: &generator))
            case 5 where (sum?.entries.count ?? 0) > 1:
                let line = Int.random(in: 1..<sum!.entries.count, using: &generator)
                sum!.entries.swapAt(line - 1, line)
            case 6 where Int.random(in: 0...4, using: &generator) == 0:
                if Bool.random(using: &generator) {
                    try? manager.removeItem(at: sumURL)
                } else {
                    try write(Array("<<<<<<< HEAD\n".utf8), to: sumURL)
                }
                continue
            default:
                try write(bytes + [13, 10, 13], to: file)
            }
            if let sum, manager.fileExists(atPath: sumURL.path) { try write(Array(sum.text.utf8), to: sumURL) }
        }
    }

    private func write(_ bytes: [UInt8], to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }
}
