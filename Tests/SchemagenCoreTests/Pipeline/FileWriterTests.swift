import Foundation
import Testing

@testable import SchemagenCore

@Suite struct FileWriterTests {
    private let header = "-- \(GeneratedFile.marker) from schema/. Do not edit.\n"

    private func writer(_ project: TemporaryProject, owning folders: [String] = ["postgres"]) -> FileWriter {
        FileWriter(
            directory: project.root.appendingPathComponent("Generated"), displayPrefix: "Generated",
            ownedFolders: folders)
    }

    @Test func writesOnlyWhatChangedAndRemovesOnlyItsOwnStaleFiles() throws {
        let project = try TemporaryProject(files: [
            "Generated/notes.md": "mine, not schemagen's\n",
            "Generated/postgres/README.md": "# About\nEverything here is \(GeneratedFile.marker).\n",
            "Generated/postgres/old/gone.sql": header + "SELECT 1;\n",
            "Generated/postgres/same.sql": header + "same\n",
            "Generated/sqlite/other-target.sql": header + "SELECT 2;\n",
        ])
        let writer = writer(project)
        let files = [
            GeneratedFile(path: "postgres/same.sql", contents: header + "same\n"),
            GeneratedFile(path: "postgres/new/file.sql", contents: header + "new\n"),
        ]
        let samePath = project.root.appendingPathComponent("Generated/postgres/same.sql").path
        let before = try FileManager.default.attributesOfItem(atPath: samePath)[.modificationDate] as? Date

        let expected: [FileWriter.Change] = [
            .missing("Generated/postgres/new/file.sql"), .extra("Generated/postgres/old/gone.sql"),
        ]
        #expect(writer.changes(for: files) == expected)
        Thread.sleep(forTimeInterval: 0.01)
        #expect(try writer.write(files) == expected)

        #expect(project.read("Generated/postgres/new/file.sql") == header + "new\n")
        #expect(!project.exists("Generated/postgres/old/gone.sql"))
        #expect(project.read("Generated/notes.md") == "mine, not schemagen's\n", "outside the target folders")
        #expect(project.exists("Generated/postgres/README.md"), "the marker is not on its first line")
        #expect(project.exists("Generated/sqlite/other-target.sql"), "a target this run does not generate")
        let after = try FileManager.default.attributesOfItem(atPath: samePath)[.modificationDate] as? Date
        #expect(before == after, "an unchanged file is not rewritten")
        #expect(writer.changes(for: files) == [])
        // No temporary files are left behind.
        #expect(
            project.files(under: "Generated") == [
                "notes.md", "postgres/README.md", "postgres/new/file.sql", "postgres/same.sql",
                "sqlite/other-target.sql",
            ])
    }

    /// A target that is one file (`SCHEMA.md`) is never extra while it is planned, changed or not:
    /// a merge once lost that, and each `generate` removed the file the one before had written.
    /// A few files are synced one by one, more than `FileStaging.mostSyncedOneByOne` with one
    /// `syncfs`: both ways every file lands whole, into folders that are there and into staged
    /// ones, and replaces what was there.
    @Test(arguments: [FileStaging.mostSyncedOneByOne / 4, FileStaging.mostSyncedOneByOne * 2])
    func fewAndManyFilesAreWrittenWhole(count: Int) throws {
        let project = try TemporaryProject(files: ["Generated/postgres/0.sql": header + "old\n"])
        let writer = writer(project)
        let files = (0..<count).map { index in
            GeneratedFile(
                path: index % 2 == 0 ? "postgres/\(index).sql" : "postgres/new/\(index).sql",
                contents: header + String(repeating: "SELECT \(index);\n", count: index + 1))
        }
        #expect(try writer.write(files).count == count)
        for file in files { #expect(project.read("Generated/" + file.path) == file.contents, "\(file.path)") }
        #expect(writer.changes(for: files).isEmpty)
    }

    @Test func aOneFileTargetThatIsPlannedIsKept() throws {
        let document = "<!-- \(GeneratedFile.marker) from schema/. Do not edit. -->\n# Schema\n"
        let project = try TemporaryProject(files: ["Generated/SCHEMA.md": document])
        let writer = writer(project, owning: ["SCHEMA.md"])
        let planned = [GeneratedFile(path: "SCHEMA.md", contents: document)]
        #expect(writer.changes(for: planned) == [])
        #expect(writer.changes(for: []) == [.extra("Generated/SCHEMA.md")])
        #expect(try writer.write(planned) == [])
        #expect(project.read("Generated/SCHEMA.md") == document)
    }

    @Test func reportsStaleFiles() throws {
        let project = try TemporaryProject(files: ["Generated/postgres/a.sql": header + "old\n"])
        #expect(
            writer(project).changes(for: [GeneratedFile(path: "postgres/a.sql", contents: header + "new\n")])
                == [.stale("Generated/postgres/a.sql")])
    }

    @Test func twoFilesWithOnePathAreAnErrorNotACrash() throws {
        let project = try TemporaryProject()
        let file = GeneratedFile(path: "postgres/a.sql", contents: header)
        #expect(throws: FileWriter.Failure.self) { try writer(project).write([file, file]) }
        #expect(!project.exists("Generated/postgres/a.sql"))
    }

    /// The files of the three targets, as `generate` writes them.
    private var targetFiles: [GeneratedFile] {
        [
            GeneratedFile(path: "postgres/schema.sql", contents: header + "pg\n"),
            GeneratedFile(path: "sqlite/schema.sql", contents: header + "lite\n"),
            GeneratedFile(path: "swift/Project.swift", contents: "// \(GeneratedFile.marker). Do not edit.\n"),
            GeneratedFile(path: "swift/TimestampCoding.swift", contents: "// \(GeneratedFile.marker). Do not edit.\n"),
        ]
    }

    private func failure(_ body: () throws -> Void) -> [String] {
        do {
            try body()
            return []
        } catch let failure as FileWriter.Failure {
            return failure.diagnostics.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    /// The case: with `Generated/swift` a plain file, both `schema.sql` were written before
    /// the models failed, with a message that did not say why. Now nothing is written, and the
    /// finding names what is in the way.
    @Test func aFileWhereAFolderGoesStopsTheWriteBeforeAnythingIsWritten() throws {
        let project = try TemporaryProject(files: ["Generated/swift": "not a folder\n"])
        let writer = writer(project, owning: ["postgres", "sqlite", "swift"])
        #expect(
            failure { try writer.write(targetFiles) } == [
                "error: cannot write 'Generated/swift/Project.swift' and 1 more: 'Generated/swift' is a file, where schemagen needs a folder [io]"
            ])
        #expect(writer.obstacles(for: targetFiles).first?.fixes == ["move or remove 'Generated/swift'"])
        #expect(project.files(under: "Generated") == ["swift"])
    }

    @Test func aFolderWhereAFileGoesIsNamed() throws {
        let project = try TemporaryProject(files: ["Generated/sqlite/schema.sql/inside.txt": "x\n"])
        let writer = writer(project, owning: ["postgres", "sqlite", "swift"])
        #expect(
            failure { try writer.write(targetFiles) } == [
                "error: cannot write 'Generated/sqlite/schema.sql': 'Generated/sqlite/schema.sql' is a folder, where schemagen writes a file [io]"
            ])
        #expect(!project.exists("Generated/postgres"))
    }

    /// Above the output directory too: `--output out/gen` with `out` a file, or a link to nothing.
    @Test func whatIsInTheWayAboveTheOutputDirectoryIsNamed() throws {
        let project = try TemporaryProject(files: ["out": "a file\n"])
        let writer = FileWriter(
            directory: project.root.appendingPathComponent("out/gen"), displayPrefix: "out/gen",
            ownedFolders: ["postgres"])
        #expect(
            failure { try writer.write([targetFiles[0]]) } == [
                "error: cannot write 'out/gen/postgres/schema.sql': 'out' is a file, where schemagen needs a folder [io]"
            ])

        try FileManager.default.createSymbolicLink(
            atPath: project.root.appendingPathComponent("Generated").path, withDestinationPath: "/nonexistent/gen")
        #expect(
            failure { try self.writer(project).write([targetFiles[0]]) } == [
                "error: cannot write 'Generated/postgres/schema.sql': 'Generated' is a symbolic link to '/nonexistent/gen', which does not exist [io]"
            ])
    }

    /// A write that fails half-way (here the temporary file of the last model cannot be made, as a
    /// full disk would fail it) leaves the directory as it was: no file renamed into place, no
    /// temporary file, no folder made for the run.
    @Test func aWriteThatFailsHalfWayChangesNothing() throws {
        let project = try TemporaryProject(files: ["Generated/postgres/schema.sql": header + "old\n"])
        let blocker = "Generated/swift/.TimestampCoding.swift.schemagen-\(getpid()).tmp/x"
        try project.write(blocker, "in the way of the temporary file\n")
        let writer = writer(project, owning: ["postgres", "sqlite", "swift"])
        let problems = failure { try writer.write(targetFiles) }
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("error: cannot write 'Generated/swift/TimestampCoding.swift': ") == true)
        #expect(project.read("Generated/postgres/schema.sql") == header + "old\n")
        #expect(!project.exists("Generated/sqlite"), "the folder made for the run is removed again")
        #expect(project.files(under: "Generated") == ["postgres/schema.sql", String(blocker.dropFirst(10))])
    }

    /// The same with megabytes to write, which two threads write side by side: a file that
    /// fails on either thread (a small one, a large one: they go to different threads) fails the
    /// write, and every file written on both is removed again.
    @Test(arguments: ["b.sql", "c.sql"]) func aWriteOnTwoThreadsThatFailsChangesNothing(blocked: String) throws {
        let project = try TemporaryProject(files: ["Generated/postgres/schema.sql": header + "old\n"])
        let blocker = "Generated/postgres/.\(blocked).schemagen-\(getpid()).tmp/x"
        try project.write(blocker, "in the way of the temporary file\n")
        let large = header + String(repeating: "-- a line of a large file\n", count: 80_000)
        let files = [
            GeneratedFile(path: "postgres/schema.sql", contents: large),
            GeneratedFile(path: "postgres/a.sql", contents: header + "a\n"),
            GeneratedFile(path: "postgres/b.sql", contents: header + "b\n"),
            GeneratedFile(path: "postgres/c.sql", contents: large + "c\n"),
            GeneratedFile(path: "sqlite/d.sql", contents: large),
        ]
        let problems = failure { try self.writer(project, owning: ["postgres", "sqlite"]).write(files) }
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("error: cannot write 'Generated/postgres/\(blocked)': ") == true)
        #expect(project.read("Generated/postgres/schema.sql") == header + "old\n")
        #expect(Set(project.files(under: "Generated")) == ["postgres/schema.sql", String(blocker.dropFirst(10))])

        try FileManager.default.removeItem(
            at: project.root.appendingPathComponent("Generated/postgres/.\(blocked).schemagen-\(getpid()).tmp"))
        try self.writer(project, owning: ["postgres", "sqlite"]).write(files)
        for file in files { #expect(project.read("Generated/" + file.path) == file.contents) }
        #expect(project.files(under: "Generated").count == files.count, "no temporary file left")
    }

    /// The writer compares each file with the disk by its size first and then its bytes in place
    /// (`compare`), and stages it from the string's own bytes; the reference is what it did
    /// before: `FileManager.contents(atPath:)` (`nil`: missing) and `Data ==`. Random files,
    /// each on disk the same, a byte off, shorter, longer, empty, absent, a folder, or unreadable
    /// (a mode of 000, which root still reads), ASCII or not, in folders new and old; after the
    /// write every file reads back as planned and no temporary file is left.
    @Test func theComparisonAndTheWriteMatchTheSimpleOnesOnRandomFiles() throws {
        for seed in UInt64(0)..<40 {
            var random = Random(seed: seed &+ 0xF11E)
            let project = try TemporaryProject()
            let writer = writer(project, owning: ["postgres", "swift"])
            var files: [GeneratedFile] = []
            var expected: [FileWriter.Change] = []
            let pieces = ["a", "é", "\n", "-- ", "\u{1F600}", String(repeating: "x", count: 300), "\r\n", "\0"]
            for index in 0..<random.int(1...12) {
                var text = header
                for _ in 0..<random.int(0...20) { text += pieces[random.int(0...(pieces.count - 1))] }
                let folder = ["postgres", "swift", "swift/nested/deeper", "postgres/new"][random.int(0...3)]
                let path = "\(folder)/f\(index).txt"
                let file = GeneratedFile(path: path, contents: text)
                let full = "Generated/" + path
                var bytes = Array(text.utf8)
                switch random.int(0...7) {
                case 0: break  // absent
                case 1: try project.write(full, text)
                case 2:
                    bytes[random.int(0...(bytes.count - 1))] ^= 0x01
                    try project.writeBytes(full, bytes)
                case 3: try project.writeBytes(full, Array(bytes.dropLast(random.int(1...bytes.count))))
                case 4: try project.writeBytes(full, bytes + Array("more".utf8))
                case 5: try project.writeBytes(full, [])
                case 6: try project.write(full + "/inside", "a folder where the file goes\n")
                default:
                    try project.write(full, text + "?")
                    chmod(project.root.appendingPathComponent(full).path, 0)
                }
                files.append(file)
                let url = project.root.appendingPathComponent(full)
                if let existing = FileManager.default.contents(atPath: url.path) {
                    if existing != Data(text.utf8) { expected.append(.stale("Generated/\(path)")) }
                } else {
                    expected.append(.missing("Generated/\(path)"))
                }
            }
            let sorted = expected.sorted { $0.path < $1.path }
            #expect(writer.changes(for: files) == sorted, "seed \(seed)")
            let blocked = files.filter { project.exists("Generated/\($0.path)/inside") }
            guard blocked.isEmpty else {
                #expect(throws: FileWriter.Failure.self) { try writer.write(files) }
                continue
            }
            #expect(try writer.write(files) == sorted, "seed \(seed)")
            for file in files {
                let url = project.root.appendingPathComponent("Generated/\(file.path)")
                #expect(FileManager.default.contents(atPath: url.path) == Data(file.contents.utf8), "seed \(seed)")
            }
            #expect(project.files(under: "Generated").allSatisfy { !$0.contains(".schemagen-") }, "seed \(seed)")
            #expect(writer.changes(for: files) == [], "seed \(seed)")
        }
    }

    /// Staging, as the durability argument needs it (docs/performance.md, "Durability"): until
    /// `commit`, the new bytes are only in hidden temporary files beside their places, or inside
    /// a hidden copy of a folder that was missing, and the old files are untouched; `commit`
    /// renames them into place, the temporary names gone; a roll-back removes the temporary
    /// files and folders.
    @Test func stagedFilesAreHiddenUntilCommitted() throws {
        let project = try TemporaryProject(files: ["Generated/postgres/a.sql": "old\n"])
        let base = project.root.appendingPathComponent("Generated").path
        var staging = FileStaging()
        try staging.stage("new\n", at: base + "/postgres/a.sql")
        try staging.stage("made\n", at: base + "/swift/deep/b.swift")
        try staging.stage("also made\n", at: base + "/swift/c.swift")
        #expect(project.read("Generated/postgres/a.sql") == "old\n")
        #expect(!project.exists("Generated/swift"))
        let temporary = project.files(under: "Generated").filter { $0 != "postgres/a.sql" }
        #expect(temporary.count == 3)
        #expect(
            temporary.allSatisfy { $0.split(separator: "/").contains { $0.hasPrefix(".") } }, "\(temporary)")
        try staging.commit()
        #expect(project.read("Generated/postgres/a.sql") == "new\n")
        #expect(project.read("Generated/swift/deep/b.swift") == "made\n")
        #expect(project.files(under: "Generated") == ["postgres/a.sql", "swift/c.swift", "swift/deep/b.swift"])

        var abandoned = FileStaging()
        try abandoned.stage("never\n", at: base + "/sqlite/new/c.sql")
        try abandoned.stage("never either\n", at: base + "/swift/new/d.swift")
        abandoned.rollBack()
        #expect(!project.exists("Generated/sqlite"))
        #expect(project.files(under: "Generated") == ["postgres/a.sql", "swift/c.swift", "swift/deep/b.swift"])
    }

    /// A missing output folder (a cold `generate`) is staged whole: written under a hidden name
    /// beside its place, nothing of it at its place until `commit` renames it there in one step;
    /// a roll-back removes it with everything inside.
    @Test func aMissingOutputFolderIsStagedWholeAndRenamedOnce() throws {
        let project = try TemporaryProject(files: ["schema/a.yaml": "tables: {}\n"])
        let base = project.root.appendingPathComponent("Generated").path
        let paths = ["postgres/schema.sql", "swift/A.swift", "swift/B.swift", "migrations/snapshots/0001_x.json"]
        var staging = FileStaging()
        for path in paths { try staging.stage(GeneratedFile(path: path, contents: "\(path)\n"), at: base + "/" + path) }
        #expect(!project.exists("Generated"))
        let hidden = try FileManager.default.contentsOfDirectory(atPath: project.root.path).filter { $0.hasPrefix(".") }
        #expect(hidden == [".Generated.schemagen-\(getpid()).tmp"])
        try staging.commit()
        for path in paths { #expect(project.read("Generated/" + path) == "\(path)\n") }
        #expect(project.files(under: "Generated") == paths.sorted())
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: project.root.path).sorted() == ["Generated", "schema"])

        let other = project.root.appendingPathComponent("Other").path
        var abandoned = FileStaging()
        try abandoned.stage("never\n", at: other + "/deep/a.sql")
        abandoned.rollBack()
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: project.root.path).sorted() == ["Generated", "schema"])

        // A place that something else took after staging: the folder's rename fails first, while
        // the file beside it is still the old one; the roll-back leaves both as they were.
        var late = FileStaging()
        try late.stage("new\n", at: base + "/postgres/schema.sql")
        try late.stage("new\n", at: base + "/sqlite/schema.sql")
        try project.write("Generated/sqlite/theirs.sql", "not ours\n")
        #expect(throws: FileStaging.Failure.self) { try late.commit() }
        late.rollBack()
        #expect(project.read("Generated/postgres/schema.sql") == "postgres/schema.sql\n")
        #expect(project.files(under: "Generated") == (paths + ["sqlite/theirs.sql"]).sorted())
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: project.root.path).sorted() == ["Generated", "schema"])
    }

    /// What a run that died before its commit left in the folders a run stages into (hidden
    /// temporary files, a hidden copy of a folder) is removed; what a live process, this one, or
    /// anyone else named is kept.
    @Test func aRunThatDiedLeavesNothingBehindTheNext() throws {
        let dead = "2147483646"  // above any pid_max: no such process
        let project = try TemporaryProject(files: [
            "Generated/postgres/a.sql": "old\n",
            "Generated/postgres/.a.sql.schemagen-\(dead).tmp": "torn\n",
            "Generated/.swift.schemagen-\(dead)-1.tmp/Old.swift": "half a folder\n",
            "Generated/postgres/.b.sql.schemagen-1.tmp": "process 1 runs\n",
            "Generated/.sqlite.schemagen-\(getpid()).tmp/mine.sql": "this process\n",
            "Generated/postgres/.keep": "someone's\n",
            "Generated/postgres/.notes.schemagen-\(dead).txt": "not a staging name\n",
        ])
        let base = project.root.appendingPathComponent("Generated").path
        var staging = FileStaging()
        try staging.stage("new\n", at: base + "/postgres/a.sql")
        try staging.stage("made\n", at: base + "/swift/B.swift")
        try staging.commit()
        #expect(
            project.files(under: "Generated") == [
                ".sqlite.schemagen-\(getpid()).tmp/mine.sql", "postgres/.b.sql.schemagen-1.tmp", "postgres/.keep",
                "postgres/.notes.schemagen-\(dead).txt", "postgres/a.sql", "swift/B.swift",
            ])
    }

    @Test func aStagingNameGivesItsProcess() {
        #expect(FileStaging.stagingProcess(of: ".a.sql.schemagen-123.tmp") == 123)
        #expect(FileStaging.stagingProcess(of: ".Generated.schemagen-55-2.tmp") == 55)
        #expect(FileStaging.stagingProcess(of: ".x.schemagen-y.schemagen-7.tmp") == 7)
        for other in [
            "a.sql.schemagen-123.tmp", ".a.sql.schemagen-.tmp", ".a.schemagen-12a.tmp", ".a.schemagen-1-2-3.tmp",
            ".a.schemagen-\u{661}\u{662}.tmp", ".a.schemagen-0.tmp", ".a.schemagen-123.txt", ".a.tmp", ".",
        ] {
            #expect(FileStaging.stagingProcess(of: other) == nil, "\(other)")
        }
    }

    /// A hidden name that a staged folder would take is left alone when something is there (a
    /// run of the same process ID that ended before its commit): the next name is taken.
    @Test func aStagedFolderNeverTakesANameThatIsThere() throws {
        let project = try TemporaryProject(files: [".Generated.schemagen-\(getpid()).tmp/kept": "someone's\n"])
        var staging = FileStaging()
        try staging.stage("new\n", at: project.root.appendingPathComponent("Generated/a.sql").path)
        try staging.commit()
        #expect(project.read("Generated/a.sql") == "new\n")
        #expect(project.read(".Generated.schemagen-\(getpid()).tmp/kept") == "someone's\n")
    }

    /// `commit` holds each file it replaces open across the renames (`O_PATH`, so a FIFO at a
    /// name does not block it), then lets them go: every name shows its new bytes, in many
    /// folders at once, and a process that had the old file open still reads the old bytes. A
    /// rename that fails part-way (a folder where a file goes) reports that name, keeps the
    /// renames before it, and leaves the rest to `rollBack`, which removes their temporary files.
    @Test func committingReplacesHeldFilesAndAFailedRenameLeavesTheRestStaged() throws {
        var files: [String: String] = [:]
        for folder in ["a", "b", "c/d", "e"] {
            for index in 0..<3 { files["Generated/\(folder)/f\(index).sql"] = "old \(folder) \(index)\n" }
        }
        let project = try TemporaryProject(files: files)
        let base = project.root.appendingPathComponent("Generated").path
        #expect(mkfifo(base + "/a/fifo", 0o600) == 0)
        let reader = try FileHandle(forReadingFrom: URL(fileURLWithPath: base + "/b/f1.sql"))
        defer { try? reader.close() }
        var staging = FileStaging()
        for path in files.keys.sorted() {
            try staging.stage("new \(path)\n", at: project.root.appendingPathComponent(path).path)
        }
        try staging.stage("not a fifo\n", at: base + "/a/fifo")
        try staging.commit()
        for path in files.keys { #expect(project.read(path) == "new \(path)\n", "\(path)") }
        #expect(project.read("Generated/a/fifo") == "not a fifo\n")
        #expect(String(decoding: try reader.readToEnd() ?? Data(), as: UTF8.self) == "old b 1\n")
        #expect(project.files(under: "Generated").allSatisfy { !$0.contains(".schemagen-") })

        try project.write("Generated/e/f1.sql.folder/x", "a folder where a file goes\n")
        var failing = FileStaging()
        try failing.stage("first\n", at: base + "/a/f0.sql")
        try failing.stage("second\n", at: base + "/e/f1.sql.folder")
        try failing.stage("third\n", at: base + "/e/f2.sql")
        #expect(throws: FileStaging.Failure.self) { try failing.commit() }
        failing.rollBack()
        #expect(project.read("Generated/a/f0.sql") == "first\n")
        #expect(project.read("Generated/e/f2.sql") == "new Generated/e/f2.sql\n")
        #expect(project.files(under: "Generated").allSatisfy { !$0.contains(".schemagen-") })
    }

    @Test func aPathSplitsAsURLSplitsIt() {
        for path in ["/a/b/c.txt", "/c.txt", "/a/b/.hidden", "/a b/ü/c d.swift", "/"] {
            let url = URL(fileURLWithPath: path)
            let (folder, name) = FileStaging.split(path)
            if path != "/" {
                #expect(folder == url.deletingLastPathComponent().path, "\(path)")
                #expect(name == url.lastPathComponent, "\(path)")
            }
        }
        let writer = FileWriter(
            directory: URL(fileURLWithPath: "/tmp/x/Generated", isDirectory: true), displayPrefix: "Generated",
            ownedFolders: [])
        for relative in ["postgres/schema.sql", "SCHEMA.md", "migrations/snapshots/0001_x.json"] {
            #expect(writer.path(of: relative) == writer.directory.appendingPathComponent(relative).path)
        }
    }
}

extension TemporaryProject {
    /// Writes `bytes` at `path`, making its folders.
    fileprivate func writeBytes(_ path: String, _ bytes: [UInt8]) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }
}

extension FileStaging {
    /// A text staged as a file's bytes, as the writer stages a generated file.
    fileprivate mutating func stage(_ text: String, at destination: String) throws(Failure) {
        try stage(GeneratedFile(path: "", contents: text), at: destination)
    }
}

/// `FileWriter.forEachFile` against `FileManager`'s enumerator with `skipsHiddenFiles`, which the
/// writer used to find its old files: random trees of folders, files, hidden names, links to
/// files, to folders and to nothing, and a FIFO.
@Suite struct FileWalkTests {
    /// The files the enumerator finds under `base`, as `previouslyGenerated` read them before.
    private func enumerated(_ base: URL, as folder: String) -> [String] {
        guard
            let enumerator = FileManager.default.enumerator(
                at: base, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { return [] }
        let basePath = base.standardizedFileURL.path
        var paths: [String] = []
        while let url = enumerator.nextObject() as? URL {
            let relative = url.standardizedFileURL.path.dropFirst(basePath.count).drop { $0 == "/" }
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            paths.append(folder + "/" + relative)
        }
        return paths.sorted()
    }

    @Test func findsWhatTheEnumeratorFinds() throws {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<40 {
            let project = try TemporaryProject(files: [:])
            let base = project.root.appendingPathComponent("Generated/swift")
            var folders = [base.path]
            var made: [String] = []
            for index in 0..<Int.random(in: 0...30, using: &generator) {
                let folder = folders.randomElement(using: &generator)!
                let name = (Bool.random(using: &generator) && index % 3 == 0 ? "." : "") + "n\(index)"
                let path = folder + "/" + name
                switch Int.random(in: 0..<10, using: &generator) {
                case 0...3:
                    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                    folders.append(path)
                case 4...7:
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    _ = FileManager.default.createFile(atPath: path, contents: Data("x\n".utf8))
                    made.append(path)
                case 8:
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    let target = (made + folders + [folder + "/nothing"]).randomElement(using: &generator)!
                    try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
                default:
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    mkfifo(path, 0o644)
                }
            }
            var found: [String] = []
            FileWriter.forEachFile(in: base.path, as: "swift") { path, _ in found.append(path) }
            #expect(found.sorted() == enumerated(base, as: "swift"), "round \(round)")
            // The folder itself a link to the tree: neither enters it.
            let link = project.root.appendingPathComponent("Generated/linked")
            // A round that made nothing made no `Generated/` either.
            try FileManager.default.createDirectory(
                at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: base.path)
            var throughLink: [String] = []
            FileWriter.forEachFile(in: link.path, as: "linked") { path, _ in throughLink.append(path) }
            #expect(throughLink.sorted() == enumerated(link, as: "linked"), "round \(round), linked")
        }
    }
}
