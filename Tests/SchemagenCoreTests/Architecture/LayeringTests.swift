import Foundation
import Testing

/// The dependency rules of docs/architecture.md, enforced: a file of `Sources/SchemagenCore` names
/// only the types of its own folder and of the folders in lower rows of the document's table.
///
/// The library is one module, so `import`s say nothing; the test reads every folder's top-level
/// declarations and looks for their names in the code of each file (comments and the text of
/// strings left out). What it cannot see is a member that a higher layer adds to a lower layer's
/// type by an extension; such extensions are rare, and reviewed like any other code.
@Suite struct LayeringTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let sources = root.appendingPathComponent("Sources/SchemagenCore")

    /// Folder → row, from the table under `## Dependency rules` in docs/architecture.md.
    static func rows() throws -> [String: Int] {
        let text = try String(contentsOf: root.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
        var rows: [String: Int] = [:]
        var inSection = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") { inSection = line == "## Dependency rules" }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard inSection, cells.count >= 2, let row = Int(cells[0]) else { continue }
            for folder in cells[1].split(separator: "`") where folder.hasSuffix("/") {
                rows[String(folder.dropLast())] = row
            }
        }
        return rows
    }

    /// Folder → the Swift files under it, paths relative to the library's sources.
    static func files() throws -> [String: [String]] {
        let enumerator = FileManager.default.enumerator(atPath: sources.path)
        var files: [String: [String]] = [:]
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            let folder = path.split(separator: "/").first.map(String.init) ?? ""
            files[folder, default: []].append(path)
        }
        return files.mapValues { $0.sorted() }
    }

    @Test func everyFolderOfTheLibraryIsALayerOfTheTable() throws {
        let rows = try Self.rows()
        let folders = try Self.files().keys
        #expect(rows.count >= 10, "the table under `## Dependency rules` was not found")
        #expect(Set(folders) == Set(rows.keys), "folders without a row, or rows without a folder")
    }

    @Test func noFileNamesATypeOfALayerAboveIt() throws {
        let rows = try Self.rows()
        let files = try Self.files()
        var code: [String: String] = [:]
        var declaredIn: [String: String] = [:]
        for (folder, paths) in files {
            for path in paths {
                let source = try String(contentsOf: Self.sources.appendingPathComponent(path), encoding: .utf8)
                code[path] = SwiftSourceScanner.code(of: source)
                for name in SwiftSourceScanner.topLevelDeclarations(in: code[path]!) { declaredIn[name] = folder }
            }
        }
        var violations: [String] = []
        for (folder, paths) in files {
            guard let row = rows[folder] else { continue }
            // What this folder must not name: everything in its row's other folders and above.
            let forbidden = declaredIn.filter { name, owner in
                owner != folder && (rows[owner] ?? .max) >= row
            }
            for path in paths {
                let names = SwiftSourceScanner.identifiers(in: code[path]!)
                for (name, owner) in forbidden where names.contains(name) {
                    violations.append("\(path) names \(name) of \(owner)/ (row \(rows[owner]!), not below \(row))")
                }
            }
        }
        #expect(violations.sorted() == [])
    }

    @Test func theScannerReadsCodeNotCommentsOrText() {
        let source = #"""
            /// A `Config` in a comment. /* Block /* nested Config */ still a comment */
            public struct Report: Sendable {
                let title = "Config \"quoted\" and \\"
                let raw = #"Config "in" a raw string \(Config)"#
                let shown = "\(GeneratedFile.marker) from \(path.map { "(\($0))" } ?? "")"
                let block = """
                    Config in a "block"
                    \(Renderer.self)
                    """
            }
            private struct Hidden {}
            extension Table { struct Nested {} }
            func helper() {}
            """#
        let code = SwiftSourceScanner.code(of: source)
        let names = SwiftSourceScanner.identifiers(in: code)
        #expect(!names.contains("Config"))
        #expect(names.isSuperset(of: ["Report", "Sendable", "GeneratedFile", "marker", "path", "Renderer", "Table"]))
        #expect(code.split(separator: "\n", omittingEmptySubsequences: false).count == 13)
        #expect(SwiftSourceScanner.topLevelDeclarations(in: code) == ["Report", "helper"])
    }
}
