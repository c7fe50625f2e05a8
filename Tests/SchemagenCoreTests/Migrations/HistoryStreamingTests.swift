import Foundation
import Testing

@testable import SchemagenCore

/// The history read in blocks (issue 11, fourth pass): a run no longer holds the large migration
/// files whole (`DeferredFile`): the integrity proof hashes them in blocks, the snapshot is
/// compared with this schema's encoding in blocks, and a committed migration's Swift file is
/// taken as up to date by its fingerprint (its scripts hashed in blocks). Each is compared here
/// with the way it replaced: a whole read.
@Suite struct HistoryStreamingTests {
    /// The hash of bytes given in any blocks is the hash of the bytes: CR LFs split between two
    /// blocks, CRs at the very end, lone CRs and LFs.
    @Test func theHashInBlocksIsTheHashOfTheBytes() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [13, 10, 13, UInt8(ascii: "a"), UInt8(ascii: "b")]
        for round in 0..<3_000 {
            let bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                alphabet.randomElement(using: &generator)!
            }
            let previous = round % 3 == 0 ? "" : "sha256:previous"
            var hasher = LineFeedHasher(after: previous)
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + Int.random(in: 0...5, using: &generator))
                bytes[start..<end].withUnsafeBytes { _ = hasher.update($0) }
                start = end
            }
            #expect(hasher.finalize() == IntegrityFile.hash(bytes, after: previous), "\(bytes)")
        }
    }

    /// A file of more than one block, with a CR LF across the blocks' boundary, hashes as its
    /// bytes; a file with a byte that is not ASCII, or a small one, is read whole.
    @Test func aDeferredFileHashesAsItsBytes() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "history-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: DeferredFile.blockSize * 2 + 17)
        bytes[DeferredFile.blockSize - 1] = 13
        bytes[DeferredFile.blockSize] = 10
        bytes[bytes.count - 1] = 13
        let path = directory.appending(path: "big.sql").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let file = try #require(DeferredFile.look(atPath: path))
        #expect(IntegrityFile.hash(file, after: "x") == IntegrityFile.hash(bytes, after: "x"))
        #expect(file.read() == bytes)
        #expect(file.isUnchanged)
        bytes[DeferredFile.blockSize + 5] = 0xC3
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(DeferredFile.look(atPath: path) == nil)
        #expect(!file.isUnchanged)
        try Data("small\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(DeferredFile.look(atPath: path) == nil)
        #expect(DeferredFile.look(atPath: path, from: 0) != nil)
    }

    /// The snapshot compared with a file in blocks of any size answers as the compare with its
    /// bytes: the same, a byte changed anywhere, cut short, longer, empty.
    @Test func theSnapshotComparedInBlocksIsTheCompareInMemory() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let committed = try #require(
            readBytes(atPath: root.appending(path: "Generated/migrations/snapshots/0001_create_schema.json").path))
        let snapshot = try MigrationSnapshot.decode(committed).get()
        let encoding = snapshot.bytes
        let directory = FileManager.default.temporaryDirectory.appending(path: "snapshot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var variants: [[UInt8]] = [
            encoding, [], Array(encoding.dropLast()), encoding + [10], Array(encoding.prefix(100)),
        ]
        for position in [0, 1, 99, 100, 4_095, 4_096, encoding.count / 2, encoding.count - 1] {
            var changed = encoding
            changed[position] ^= 1
            variants.append(changed)
        }
        for (index, variant) in variants.enumerated() {
            let path = directory.appending(path: "\(index).json").path
            try Data(variant).write(to: URL(fileURLWithPath: path))
            let file = try #require(OpenFile(path: path))
            for blockSize in [1, 7, 100, 4_096, DeferredFile.blockSize] {
                for keeping in [true, false] {
                    #expect(
                        snapshot.differingEncoding(unlessIn: file, keepingIt: keeping, blockSize: blockSize)
                            == snapshot.differingEncoding(unlessIn: variant, keepingIt: keeping),
                        "variant \(index), blocks of \(blockSize), keeping \(keeping)")
                }
            }
        }
    }

    /// Every version of the history, generated, checked with nothing to do, with a stale
    /// `SchemaMigrations.swift`, and with an edited committed snapshot: a run that reads every
    /// file in blocks gives what a run that reads every file whole gives, files, unchanged paths,
    /// findings and the planned migration.
    @Test func aRunThatReadsTheHistoryInBlocksGivesWhatAWholeReadGives() throws {
        let repository = try HistoryRepository()
        let project = repository.project
        for step in MigrationHistoryReplayTests.steps {
            let source = MigrationHistoryReplayTests.history.appending(path: step)
            let manager = FileManager.default
            for name in ["schema", "schemagen.yaml"] {
                try? manager.removeItem(at: repository.root.appending(path: name))
                if manager.fileExists(atPath: source.appending(path: name).path) {
                    try manager.copyItem(at: source.appending(path: name), to: repository.root.appending(path: name))
                }
            }
            let options = MigrationOptions(
                acceptDataLoss: manager.fileExists(atPath: source.appending(path: "accept-data-loss").path))
            try expectSame(repository.root, options, "\(step): planned")
            let result = Generator(root: repository.root, migrationOptions: options).run()
            try #require(!result.diagnostics.hasErrors, "\(step)")
            try result.writer(root: repository.root).write(result.files)
            try expectSame(repository.root, options, "\(step): nothing to do")
            try repository.commit(step)
            try expectSame(repository.root, options, "\(step): committed")

            // The list, and the first migration's own file, which a run takes as up to date by its
            // fingerprint when it holds.
            let folder = "Generated/" + SwiftMigrationsFile.folder
            let first = try #require(project.files(under: folder).first)
            for swiftFile in ["Generated/" + SwiftMigrationsFile.path, "\(folder)/\(first)"] {
                let original = try #require(project.read(swiftFile))
                var stale = Array(original.utf8)
                stale[stale.count * 2 / 3] = UInt8(ascii: "#")
                try project.write(swiftFile, String(decoding: stale, as: UTF8.self))
                try expectSame(repository.root, options, "\(step): stale \(swiftFile)")
                try project.write(swiftFile, original + "\n")
                try expectSame(repository.root, options, "\(step): \(swiftFile) too long")
                try project.write(swiftFile, original)
            }

            let snapshots = project.files(under: "Generated/migrations/snapshots")
            let snapshot = "Generated/migrations/snapshots/" + (try #require(snapshots.last))
            let committed = try #require(project.read(snapshot))
            try project.write(snapshot, committed.replacingOccurrences(of: "\"name\"", with: "\"nome\""))
            try expectSame(repository.root, options, "\(step): edited snapshot")
            try project.write(snapshot, committed)
        }
    }

    /// A file read in blocks that changes between the history's read and the plan is an error:
    /// the proof and the plan may have read two versions of it.
    @Test func aFileThatChangesWhileTheRunReadsItIsAnError() throws {
        let repository = try HistoryRepository()
        let step = MigrationHistoryReplayTests.history.appending(path: MigrationHistoryReplayTests.steps[0])
        let result = try repository.generate(step: step)
        try repository.commit("first")
        let schema = try #require(result.schema)
        let planner = MigrationPlanner(config: result.config, root: repository.root, options: MigrationOptions())
        let history = planner.readHistory(verifying: true, deferringFrom: 0)
        #expect(planner.plan(schema, history: history).diagnostics == [])
        let snapshot =
            "Generated/migrations/snapshots/"
            + (try #require(repository.project.files(under: "Generated/migrations/snapshots").last))
        let text = try #require(repository.project.read(snapshot))
        try repository.project.write(snapshot, text + " ")
        let diagnostics = planner.plan(schema, history: history).diagnostics.map(\.message)
        #expect(diagnostics.contains { $0.contains("changed while schemagen read it") }, "\(diagnostics)")
    }

    private func expectSame(_ root: URL, _ options: MigrationOptions, _ comment: Comment) throws {
        for keeping in [true, false] {
            var streamed = Generator(root: root, migrationOptions: options)
            streamed.historyDeferringFrom = 0
            var whole = Generator(root: root, migrationOptions: options)
            whole.historyDeferringFrom = .max
            let (left, right) = (streamed.run(keepingOnlyChanges: keeping), whole.run(keepingOnlyChanges: keeping))
            #expect(left.files == right.files, "\(comment), keeping only changes: \(keeping)")
            #expect(left.unchangedPaths == right.unchangedPaths, "\(comment), keeping only changes: \(keeping)")
            #expect(
                left.diagnostics.map(\.description) == right.diagnostics.map(\.description),
                "\(comment), keeping only changes: \(keeping)")
            #expect(left.migration == right.migration, "\(comment), keeping only changes: \(keeping)")
            // Every file kept as text: `SchemaMigrations.swift` and each migration's file are what
            // the simple renderer makes of them.
            if !keeping, !left.diagnostics.hasErrors,
                left.files.contains(where: { $0.path == SwiftMigrationsFile.path })
            {
                let swift = left.files.filter {
                    $0.path == SwiftMigrationsFile.path || $0.path.hasPrefix(SwiftMigrationsFile.folder + "/")
                }
                #expect(SwiftMigrationsFile(config: left.config).render(left.files) == swift, "\(comment)")
            }
        }
    }
}
