import Foundation
import Testing

@testable import SchemagenCore

/// How the schema directory is read: links followed, hidden names skipped, extensions in any case,
/// and every file that cannot be read an error that names it (never a schema with a file missing).
@Suite struct SchemaSourcesTests {
    static let schema = GeneratorTests.schema

    private func link(_ path: String, to destination: String, in project: TemporaryProject) throws {
        let url = project.root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: destination)
    }

    private func read(_ project: TemporaryProject) -> (paths: [String], problems: [String]) {
        let (sources, problems) = SchemaSources.read(directory: "schema", root: project.root)
        return (sources.files.map(\.path), problems.map(\.description))
    }

    /// The case: `schema` a link to a folder was read as empty, and `generate` removed
    /// every model.
    @Test func aSchemaDirectoryThatIsALinkIsFollowed() throws {
        let project = try TemporaryProject(files: ["shared/db/projects.yaml": Self.schema])
        try link("schema", to: "shared/db", in: project)
        #expect(read(project).paths == ["schema/projects.yaml"])
        let result = Generator(root: project.root).run()
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        #expect(result.files.map(\.path).contains("swift/Project.swift"))
    }

    @Test func linkedFilesAndFoldersInsideAreReadUnderTheirLinkNames() throws {
        let project = try TemporaryProject(files: [
            "schema/a.yaml": "tables:\n",
            "elsewhere/b.yaml": "tables:\n",
            "elsewhere/more/c.yml": "tables:\n",
        ])
        try link("schema/b.yaml", to: "../elsewhere/b.yaml", in: project)
        try link("schema/more", to: "../elsewhere/more", in: project)
        #expect(read(project).paths == ["schema/a.yaml", "schema/b.yaml", "schema/more/c.yml"])
        #expect(read(project).problems == [])
    }

    @Test func aDanglingLinkIsAnErrorNamingIt() throws {
        let project = try TemporaryProject(files: ["schema/a.yaml": Self.schema])
        try link("schema/gone.yaml", to: "../nowhere/gone.yaml", in: project)
        #expect(
            read(project).problems == [
                "error: 'schema/gone.yaml' is a symbolic link to '../nowhere/gone.yaml', which does not exist [io]"
            ])
        // The schema is not read without it: its tables would look dropped.
        let result = Generator(root: project.root).run()
        #expect(result.schema == nil)
        #expect(result.files.isEmpty)
        #expect(result.diagnostics.map(\.rule) == ["io"])
    }

    @Test func aLinkBackToAnEnclosingFolderIsALoopError() throws {
        let project = try TemporaryProject(files: ["schema/sub/a.yaml": Self.schema])
        try link("schema/sub/up", to: "..", in: project)
        #expect(read(project).paths == ["schema/sub/a.yaml"])
        #expect(
            read(project).problems == [
                "error: 'schema/sub/up' leads back to 'schema', a folder it is in: the schema directory would never end [io]"
            ])
    }

    @Test func linksThatLeadToEachOtherAreAnError() throws {
        let project = try TemporaryProject(files: ["schema/a.yaml": Self.schema])
        try link("schema/x.yaml", to: "y.yaml", in: project)
        try link("schema/y.yaml", to: "x.yaml", in: project)
        #expect(
            read(project).problems == [
                "error: 'schema/x.yaml' is a symbolic link that leads to itself (through 'y.yaml') [io]",
                "error: 'schema/y.yaml' is a symbolic link that leads to itself (through 'x.yaml') [io]",
            ])
    }

    @Test func aDanglingSchemaDirectoryLinkIsAnErrorNamingIt() throws {
        let project = try TemporaryProject()
        try link("schema", to: "unmounted/db", in: project)
        #expect(
            read(project).problems == [
                "error: 'schema' is a symbolic link to 'unmounted/db', which does not exist [io]"
            ])
    }

    @Test func aSchemaDirectoryThatIsAFileIsAnError() throws {
        let project = try TemporaryProject(files: ["schema": "tables:\n"])
        #expect(read(project).problems == ["error: schema directory 'schema' is not a directory [io]"])
    }

    @Test func aPipeNamedLikeASchemaFileIsAnErrorNotAHang() throws {
        let project = try TemporaryProject(files: ["schema/a.yaml": Self.schema])
        #expect(mkfifo(project.root.appendingPathComponent("schema/b.yaml").path, 0o600) == 0)
        #expect(read(project).problems == ["error: 'schema/b.yaml' is not a regular file [io]"])
    }

    /// Hidden names are skipped (Emacs's lock file is a link to nowhere, and must not be an error);
    /// the extension is matched in any case.
    @Test func hiddenNamesAreSkippedAndExtensionsMatchInAnyCase() throws {
        let project = try TemporaryProject(files: [
            "schema/Accounts.YAML": "tables:\n",
            "schema/notes.Yml": "tables:\n",
            "schema/.draft.yaml": "tables:\n",
            "schema/.hidden/a.yaml": "tables:\n",
            "schema/._Accounts.YAML": "\u{0}\u{5}binary",
            "schema/README.md": "notes\n",
        ])
        try link("schema/.#Accounts.YAML", to: "root@host.1234:1700000000", in: project)
        #expect(read(project).paths == ["schema/Accounts.YAML", "schema/notes.Yml"])
        #expect(read(project).problems == [])
    }
}
