import Foundation
import Testing

@testable import SchemagenCore

/// The built-in model and enum templates are rendered by `BuiltinTemplateText` without Mustache;
/// these tests render the same schemas through Mustache with the same template files and compare
/// the bytes, so the two cannot drift apart (a change to a template shows here first).
@Suite struct BuiltinTemplateTextTests {
    private static func renderBothWays(_ schema: Schema, access: SwiftOptions.AccessLevel) throws -> (
        native: [GeneratedFile], mustache: [GeneratedFile]
    ) {
        var config = Config()
        config.swift.access = access
        let native = try TemplateSet.builtin()
        let mustache = try TemplateSet(TemplateSet.builtinFiles())
        #expect(native.nativeNames.isSuperset(of: [.model, .enum]))
        #expect(mustache.nativeNames.isEmpty)
        return (
            try SwiftRenderer(config: config, templates: native).render(schema),
            try SwiftRenderer(config: config, templates: mustache).render(schema)
        )
    }

    @Test(arguments: SwiftFixtures.cases.map(\.name))
    func fixturesRenderTheSameBytes(caseName: String) throws {
        let fixture = try #require(SwiftFixtures.cases.first { $0.name == caseName })
        for access in [SwiftOptions.AccessLevel.public, .package, .internal] {
            let (native, mustache) = try Self.renderBothWays(fixture.schema, access: access)
            #expect(native.map(\.path) == mustache.map(\.path))
            for (one, other) in zip(native, mustache) {
                #expect(Array(one.contents.utf8) == Array(other.contents.utf8), "\(one.path), \(access)")
            }
        }
    }

    @Test func theExampleAndTheReferenceCasesRenderTheSameBytes() throws {
        let root = SwiftFixtures.packageRoot
        let directories =
            [root.appending(path: "schema")]
            + (try FileManager.default.contentsOfDirectory(
                at: root.appending(path: "Tests/SchemagenCoreTests/Fixtures/cases"), includingPropertiesForKeys: nil))
            .map { $0.appending(path: "schema") }
        var compared = 0
        for directory in directories where FileManager.default.fileExists(atPath: directory.path) {
            let (sources, problems) = SchemaSources.read(
                directory: directory.lastPathComponent, root: directory.deletingLastPathComponent())
            #expect(problems.isEmpty)
            guard let schema = SchemaLoader().load(sources).schema else { continue }
            let (native, mustache) = try Self.renderBothWays(schema, access: .public)
            #expect(native == mustache, "\(directory.path)")
            compared += native.count
        }
        #expect(compared > 20)
    }

    @Test func aProjectsOwnTemplateGoesThroughMustache() throws {
        var files = try TemplateSet.builtinFiles()
        files[.model]?.text += "\n"
        let builtin = try TemplateSet.builtinFiles().mapValues(\.text)
        let set = try TemplateSet(files, builtinTexts: builtin)
        #expect(!set.nativeNames.contains(.model))
        #expect(set.nativeNames.contains(.enum))
    }

    @Test func theSupportTemplatesRenderTheSameBytesWithAnyHeaderAndAccess() throws {
        let native = try TemplateSet.builtin()
        let mustache = try TemplateSet(TemplateSet.builtinFiles())
        let headers = [
            SwiftRenderer.header(from: nil), "// \(GeneratedFile.marker) <a & \"b\"> {{x}} é\n// two lines",
            "// \(GeneratedFile.marker)",
        ]
        var compared = 0
        for name in [TemplateSet.Name.jsonValue, .dateOnly, .timestampCoding] {
            #expect(native.nativeNames.contains(name))
            for header in headers {
                for access in ["", "public ", "package "] {
                    let context = SwiftSupportContext(header: header, access: access)
                    let one = try native.render(name, context)
                    let other = try mustache.render(name, context)
                    #expect(Array(one.utf8) == Array(other.utf8), "\(name) \(header) \(access)")
                    compared += 1
                }
            }
        }
        #expect(compared == 27)
    }

    @Test func onlyAPlainTemplateIsRenderedWithoutMustache() throws {
        let pragma = TemplateSet.textPragma + "\n"
        #expect(PlainTemplateText(pragma + "{{header}}\n{{access}}struct A {}\n") != nil)
        #expect(PlainTemplateText(pragma + "{{header}}\n{{#access}}x{{/access}}\n") == nil)
        #expect(PlainTemplateText(pragma + "{{header}}\n{{typeName}}\n") == nil)
        #expect(PlainTemplateText("{{header}}\n") == nil)
        let plain = try #require(PlainTemplateText(pragma + "a{{header}}b{{access}}c{{access}}"))
        #expect(plain.render(SwiftSupportContext(header: "H", access: "public ")) == "aHbpublic cpublic ")
    }

    @Test func asciiWordsAreTheWordsOfTheCharacterRule() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aZ_9-xY .Q0bcHTTPStatus\t")
        for _ in 0..<5_000 {
            let name = String((0..<Int.random(in: 0...14, using: &generator)).map { _ in alphabet.randomElement()! })
            #expect(SwiftNames.words(name) == SwiftNames.unicodeWords(name), "\(name)")
        }
    }

    /// `TemplateSet.render` skips trimming a text that `endsWithOneNewline` says it would give back
    /// unchanged: random endings of LF, CR, CR LF, combining marks and letters, both ways.
    @Test func aTextEndingInOneNewlineIsWhatTrimmingGivesBack() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["\n", "\r", "\r\n", "}", "a", "\u{301}", "é", " ", "\u{200D}", "\u{600}"]
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...5, using: &generator)).map { _ in pieces.randomElement()! }.joined()
            var trimmed = text
            while trimmed.hasSuffix("\n") { trimmed.removeLast() }
            trimmed += "\n"
            if TemplateSet.endsWithOneNewline(text) {
                #expect(Array(trimmed.utf8) == Array(text.utf8), "\(Array(text.utf8))")
            }
        }
        #expect(TemplateSet.endsWithOneNewline("}\n"))
        #expect(!TemplateSet.endsWithOneNewline("}\n\n") && !TemplateSet.endsWithOneNewline("}\r\n"))
    }
}
