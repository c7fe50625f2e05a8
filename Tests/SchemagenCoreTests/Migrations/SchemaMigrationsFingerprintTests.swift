import Crypto
import Foundation
import Testing

@testable import SchemagenCore

/// A committed migration's Swift file is up to date when it holds the fingerprint of its scripts
/// and of its own lines (`SwiftMigrationsFile.holdsFingerprint`), without its scripts rendered
/// again. Each way that could let a stale file through is tried here: a byte changed anywhere, a
/// script that changed, another access level, and a rendering changed without its version.
@Suite struct SchemaMigrationsFingerprintTests {
    static let id = MigrationID(number: 2, name: "probe")

    /// Scripts that take every way of the rendering: parts in and out of a transaction, a trigger,
    /// quotes and hashes that lengthen a literal's delimiters, lines of a statement, CR LF, and
    /// text that is not ASCII.
    static let scripts: [Config.Target: [MigrationLayout.Direction: String]] = [
        .postgres: [
            .up: ##"""
            -- revision: 0002_probe
            BEGIN;
            CREATE TABLE a (x integer, note text DEFAULT '"#');
            COMMENT ON TABLE a IS 'two
            lines';
            COMMIT;
            CREATE INDEX CONCURRENTLY a_x ON a (x);
            BEGIN;
            CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.x := 1; -- a comment; with a semicolon
                RETURN NEW;
            END;
            $$;
            CREATE FUNCTION g() RETURNS text LANGUAGE sql AS $body$ SELECT 'a;b' $body$;
            /* a block comment; /* nested; */ still one */ SELECT E'it\'s; "quoted"', 1;
            INSERT INTO a (note) VALUES ('\#'), ('##');
            COMMIT;

            """##,
            .down: "BEGIN;\r\nDROP TABLE a;\r\nCOMMIT;\r\n",
        ],
        .sqlite: [
            .up: ##"""
            PRAGMA foreign_keys = OFF;
            BEGIN;
            CREATE TABLE a (x INTEGER, note TEXT DEFAULT 'café """#');
            CREATE TRIGGER a_t AFTER UPDATE ON a BEGIN
                UPDATE a SET x = 1;
            END;
            COMMIT;
            PRAGMA foreign_keys = ON;

            """##,
            .down: "BEGIN;\nDROP TABLE a;\nCOMMIT;\n",
        ],
    ]

    static func file(access: SwiftOptions.AccessLevel = .public) -> SwiftMigrationsFile {
        var config = Config()
        config.targets = [.postgres, .sqlite, .swift]
        config.swift.access = access
        return SwiftMigrationsFile(config: config)
    }

    /// The probe's files (its scripts, and the snapshot that makes it listed), with `edit` applied
    /// to the text of each script.
    static func files(_ edit: (String) -> String = { $0 }) -> [GeneratedFile] {
        file().scripts(of: id).map { script in
            GeneratedFile(path: script.path, contents: edit(scripts[script.dialect]![script.direction]!))
        } + [GeneratedFile(path: MigrationLayout.snapshot(id), contents: "{}\n")]
    }

    /// The scripts' hashes in the integrity file that the planner writes for `files`.
    static func scriptHashes(of files: [GeneratedFile]) -> [String] {
        file().scriptHashes(of: id, in: SwiftMigrationsFile.integrityHashes(in: files))
    }

    /// The probe's Swift file as written on disk, opened.
    static func written(_ bytes: [UInt8]) throws -> (OpenFile, URL) {
        let url = FileManager.default.temporaryDirectory.appending(path: "schemagen-fingerprint-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        return (try #require(OpenFile(path: url.path(percentEncoded: false))), url)
    }

    /// When this fails, the lines of a migration's file changed for the same scripts: raise
    /// `SwiftMigrationsFile.fingerprintVersion`, so that a project's files written before are
    /// written again rather than kept, and record the new rendering's hash under it here.
    @Test func theFingerprintsVersionIsRaisedWithTheRendering() throws {
        // Version 2 changed what the fingerprint covers, not the lines.
        let renderings = [
            1: "sha256:LvD3MLy+AlKwguoxI1P2HibH+JO3IvCfJH/7P19vsU4=",
            2: "sha256:LvD3MLy+AlKwguoxI1P2HibH+JO3IvCfJH/7P19vsU4=",
        ]
        // The probe as above, and again with one database, `internal`, and a script without steps.
        var config = Config()
        config.targets = [.postgres, .swift]
        config.swift.access = .internal
        let single = SwiftMigrationsFile(config: config)
        let singleFiles =
            single.scripts(of: Self.id).map { script in
                GeneratedFile(
                    path: script.path, contents: script.direction == .up ? Self.scripts[.postgres]![.up]! : "")
            } + [GeneratedFile(path: MigrationLayout.snapshot(Self.id), contents: "{}\n")]
        let rendered = try [Self.file().render(Self.files()), single.render(singleFiles)].map { files in
            try #require(files.last)
        }
        #expect(rendered.map(\.path) == Array(repeating: "swift/SchemaMigrations/0002_probe.swift", count: 2))
        #expect(rendered[1].contents.contains("\n                steps: []\n"))
        // The lines after the fingerprint's.
        var hasher = SHA256()
        for file in rendered {
            let lines = file.contents.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
            hasher.update(data: Array(lines[2].utf8))
        }
        let hash = "sha256:" + Data(hasher.finalize()).base64EncodedString()
        #expect(
            renderings[SwiftMigrationsFile.fingerprintVersion] == hash,
            "the rendering is \(hash) with version \(SwiftMigrationsFile.fingerprintVersion)")
    }

    @Test func aFileHoldsItsFingerprintAndNoChangedOne() throws {
        let files = Self.files()
        let rendered = try #require(Self.file().render(files).last).bytes
        let hashes = Self.scriptHashes(of: files)
        let (disk, url) = try Self.written(rendered)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(Self.file().holdsFingerprint(disk, of: Self.id, scriptHashes: hashes))

        // A script that changed, another access level.
        let edited = Self.scriptHashes(of: Self.files { $0.replacingOccurrences(of: "a (x", with: "b (x") })
        #expect(edited != hashes)
        #expect(!Self.file().holdsFingerprint(disk, of: Self.id, scriptHashes: edited))
        #expect(!Self.file(access: .internal).holdsFingerprint(disk, of: Self.id, scriptHashes: hashes))
        #expect(!Self.file().holdsFingerprint(disk, of: MigrationID(number: 3, name: "probe"), scriptHashes: hashes))

        // A byte changed anywhere: in the fingerprint, the lines, the last one; one byte more or less.
        var generator = SystemRandomNumberGenerator()
        var positions = [0, 60, 120, rendered.count - 1]
        for _ in 0..<20 { positions.append(Int.random(in: 0..<rendered.count, using: &generator)) }
        for position in positions {
            var changed = rendered
            changed[position] = changed[position] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
            let (other, otherURL) = try Self.written(changed)
            defer { try? FileManager.default.removeItem(at: otherURL) }
            #expect(!Self.file().holdsFingerprint(other, of: Self.id, scriptHashes: hashes), "byte \(position)")
        }
        for changed in [rendered + [10], Array(rendered.dropLast())] {
            let (other, otherURL) = try Self.written(changed)
            defer { try? FileManager.default.removeItem(at: otherURL) }
            #expect(!Self.file().holdsFingerprint(other, of: Self.id, scriptHashes: hashes))
        }
    }

    /// A committed migration's file is taken by its fingerprint over its scripts' lines in the
    /// integrity file, which the proof found to hash them: a file whose lines differ from a
    /// rendering, but whose fingerprint covers them and those hashes, is kept (so its scripts
    /// were not rendered again to be compared), and one whose fingerprint names other hashes is
    /// written again.
    @Test func aCommittedMigrationsFileIsTakenByItsFingerprintOverTheProvenHashes() throws {
        let repo = try MigrationWorkflowTests.Repository(schema: MigrationWorkflowTests.v1)
        try repo.generate()
        try repo.commit()
        let id = MigrationID(number: 1, name: "create_schema")
        let file = SwiftMigrationsFile(config: ConfigLoader.load(root: repo.root).config)
        let sumText = try #require(repo.project.read("Generated/migrations/schemagen.sum"))
        let sum = try #require(IntegrityFile.parse(sumText))
        let hashes = file.scriptHashes(of: id, in: sum.hashes)
        #expect(!hashes.contains(""))
        let scripts = try file.scripts(of: id).map { script in
            let text = try #require(repo.project.read("Generated/" + script.path))
            return file.render(script, bytes: Array(text.utf8)) + Array("            // not a rendering\n".utf8)
        }
        let path = "Generated/" + SwiftMigrationsFile.path(of: id)
        for (scriptHashes, kept) in [(hashes, true), (hashes.map { _ in "sha256:other" }, false)] {
            let bytes = Array(file.pieces(of: id, scripts: scripts, scriptHashes: scriptHashes).joined())
            try repo.project.write(path, String(decoding: bytes, as: UTF8.self))
            let result = Generator(root: repo.root).run(keepingOnlyChanges: true)
            #expect(repo.errors(result).isEmpty)
            #expect(result.files.map(\.path) == (kept ? [] : [SwiftMigrationsFile.path(of: id)]), "kept: \(kept)")
        }
    }

    /// Turning the access level of the models to `internal` writes every migration's file again:
    /// a committed one's fingerprint no longer holds.
    @Test func anotherAccessLevelWritesACommittedMigrationsFileAgain() throws {
        let project = try TemporaryProject(files: ["schema/projects.yaml": GeneratorTests.schema])
        let first = Generator(root: project.root).run()
        try first.writer(root: project.root).write(first.files)
        try project.write("schemagen.yaml", "swift:\n  access: internal\n")
        let result = Generator(root: project.root).run(keepingOnlyChanges: true)
        let path = SwiftMigrationsFile.folder + "/0001_create_schema.swift"
        let file = try #require(result.files.first { $0.path == path })
        #expect(file.contents.contains("\n    static let migration0001 = Migration(\n"))
        try result.writer(root: project.root).write(result.files, unchanged: result.unchangedPaths)
        #expect(Generator(root: project.root).run(keepingOnlyChanges: true).files.map(\.path) == [])
    }
}
