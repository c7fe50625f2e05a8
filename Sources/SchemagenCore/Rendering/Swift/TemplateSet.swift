import Foundation
import Mustache
import SchemagenTemplates

/// The Mustache templates of the Swift renderer, parsed and checked.
///
/// A project may set `swift.templates` to a directory of its own: each `.mustache` file there
/// replaces the built-in one of the same name, the others stay built in. Every problem with a
/// template is a `Diagnostic` (rule `template`) that names the file.
public struct TemplateSet: Sendable {
    /// The templates the renderer uses, by file name without `.mustache`.
    public enum Name: String, Sendable, Hashable, CaseIterable {
        /// One table: `swift/<TypeName>.swift`.
        case model
        /// One named enum: `swift/<EnumTypeName>.swift`.
        case `enum`
        case jsonValue = "JSONValue"
        case dateOnly = "DateOnly"
        case timestampCoding = "TimestampCoding"

        public var fileName: String { rawValue + ".mustache" }
    }

    /// A template's text and the path that messages show for it.
    public struct File: Sendable, Hashable {
        public var path: String
        public var text: String

        public init(path: String, text: String) {
            self.path = path
            self.text = text
        }
    }

    /// The first line every template needs: without it swift-mustache escapes `<`, `&` and quotes
    /// as HTML, which would corrupt Swift source (`"a"` → `&quot;a&quot;`).
    public static let textPragma = "{{%CONTENT_TYPE: TEXT}}"

    /// Where each template came from, for messages.
    public let paths: [Name: String]
    /// The templates whose text is the built-in one, which `BuiltinTemplateText` renders without
    /// Mustache (the same bytes, a fraction of the time); the others go through Mustache.
    let nativeNames: Set<Name>
    /// The native templates of `nativeNames` that are plain text but for `{{header}}` and
    /// `{{access}}` (the support files), rendered by `PlainTemplateText`.
    private let plainTexts: [Name: PlainTemplateText]
    private let library: MustacheLibrary

    /// Parses and checks `files`, which must hold every template. They are all rendered by
    /// Mustache, even when one is the built-in text (`load` and `builtin` take the faster path).
    public init(_ files: [Name: File]) throws(Diagnostic) {
        try self.init(files, builtinTexts: [:])
    }

    /// `builtinTexts`: the built-in templates' texts; a file with the same text is rendered natively.
    init(_ files: [Name: File], builtinTexts: [Name: String]) throws(Diagnostic) {
        var templates: [String: MustacheTemplate] = [:]
        var paths: [Name: String] = [:]
        let partials = Set(Name.allCases.map(\.rawValue))
        let nativeNames = Set(Name.allCases.filter { files[$0]?.text == builtinTexts[$0] })
        // With every template built in, Mustache never sees the model and enum templates (they are
        // rendered natively and no built-in template includes them): parsing and checking them
        // was most of the start of a small project's run. A project's own template may include
        // either as a partial, so then all are parsed, as before.
        // The support templates are plain text but for two tags: with every template built in,
        // none goes through Mustache at all.
        var plainTexts: [Name: PlainTemplateText] = [:]
        var mustacheSkips: Set<Name> = []
        if nativeNames.count == Name.allCases.count {
            mustacheSkips = [.model, .enum]
            for name in Name.allCases where !mustacheSkips.contains(name) {
                if let file = files[name], let plain = PlainTemplateText(file.text) {
                    plainTexts[name] = plain
                    mustacheSkips.insert(name)
                }
            }
        }
        for name in Name.allCases {
            guard let file = files[name] else {
                throw .error("missing the Swift template `\(name.fileName)`", rule: "template", at: nil)
            }
            if mustacheSkips.contains(name) {
                paths[name] = file.path
                continue
            }
            let check = TemplateCheck(file: file, partials: partials)
            templates[name.rawValue] = try TemplateSet.parse(file, check: check)
            // What Mustache would render as nothing: a name the context lacks, a partial that is not there.
            // The built-in text passes (TemplateCheckTests checks it): check a project's own.
            if !nativeNames.contains(name), let problem = check.firstProblem(scope: name.scope) { throw problem }
            paths[name] = file.path
        }
        self.paths = paths
        self.nativeNames = nativeNames
        self.plainTexts = plainTexts
        self.library = MustacheLibrary(templates: templates)
    }

    /// The templates shipped with schemagen.
    public static func builtin() throws(Diagnostic) -> TemplateSet {
        let files = try builtinFiles()
        return try TemplateSet(files, builtinTexts: files.mapValues(\.text))
    }

    /// The built-in templates in `Name` order, as `schemagen templates export` writes them out.
    public static func builtinTemplateFiles() throws(Diagnostic) -> [File] {
        let files = try builtinFiles()
        return Name.allCases.compactMap { files[$0] }
    }

    /// The templates `config` asks for: the project's directory (`swift.templates`, relative to
    /// `projectRoot`) over the built-in ones.
    public static func load(config: Config, projectRoot: URL) throws(Diagnostic) -> TemplateSet {
        let builtin = try builtinFiles()
        var files = builtin
        if let directory = config.swift.templatesDirectory {
            let ownFiles = try projectFiles(
                directory: directory, projectRoot: projectRoot, writtenAt: config.swift.templatesLocation)
            for (name, file) in ownFiles {
                files[name] = file
            }
        }
        return try TemplateSet(files, builtinTexts: builtin.mapValues(\.text))
    }

    /// Renders `context` with the template `name`, with LF line ends and one final newline.
    /// How `SwiftRenderer.header` starts.
    private static let headerStart = "// \(GeneratedFile.marker)"

    func render(_ name: Name, _ context: Any) throws(Diagnostic) -> String {
        let path = paths[name] ?? name.fileName
        let rendered: String
        // A built-in template's first line is its context's `header` (`SwiftRenderer.header`),
        // which carries the marker: no need to look for it (that search cost as much as a model).
        var startsWithHeader = false
        if name == .model, nativeNames.contains(.model), let model = context as? SwiftModelContext {
            rendered = BuiltinTemplateText.model(model)
            startsWithHeader = model.header.utf8.starts(with: Self.headerStart.utf8)
        } else if name == .enum, nativeNames.contains(.enum), let enumeration = context as? SwiftEnumContext {
            rendered = BuiltinTemplateText.enumeration(enumeration)
            startsWithHeader = enumeration.header.utf8.starts(with: Self.headerStart.utf8)
        } else if let plain = plainTexts[name], let support = context as? SwiftSupportContext {
            rendered = plain.render(support)
            startsWithHeader = support.header.utf8.starts(with: Self.headerStart.utf8)
        } else if let text = library.render(context, withTemplate: name.rawValue) {
            rendered = text
        } else {
            throw .error("missing the Swift template `\(name.fileName)`", rule: "template", at: nil)
        }
        // `replacing` costs a search of the whole text even when there is nothing to replace, and
        // templates rarely have a CR at all: look for the byte first.
        var text = rendered.containsUTF8(13) ? rendered.replacing("\r\n", with: "\n") : rendered
        if !Self.endsWithOneNewline(text) {
            while text.hasSuffix("\n") { text.removeLast() }
            text += "\n"
        }
        // The writer deletes only files that carry the marker: a template that drops the header
        // would leave its files behind forever.
        // Only the first three lines count: `maxSplits` spares splitting the whole file to find them.
        guard
            startsWithHeader
                || text.split(separator: "\n", maxSplits: 3).prefix(3).contains(where: {
                    $0.contains(GeneratedFile.marker)
                })
        else {
            throw .error(
                "the output of this template does not start with the `// \(GeneratedFile.marker)` header",
                rule: "template", at: SourceLocation(file: path, line: 1, column: 1),
                fixes: ["put `{{header}}` in the template's first lines"])
        }
        return text
    }

    /// True when `text` ends in one LF after a byte that is neither LF nor CR: trimming its final
    /// newlines and adding one would give it back as it is. (A CR before the LF makes one
    /// `Character` of both, which `hasSuffix("\n")` does not see: such a text is left to the loop.)
    /// Every built-in model ends so; the loop's `removeLast` copied the whole model.
    static func endsWithOneNewline(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            bytes.count >= 2 && bytes[bytes.count - 1] == 0x0A && bytes[bytes.count - 2] != 0x0A
                && bytes[bytes.count - 2] != 0x0D
        }
    }

    // MARK: Loading

    static func builtinFiles() throws(Diagnostic) -> [Name: File] {
        guard let directory = BuiltinTemplates.swiftDirectory else {
            throw .error("the built-in Swift templates are missing from this installation", rule: "template", at: nil)
        }
        var files: [Name: File] = [:]
        for name in Name.allCases {
            let path = "Templates/swift/" + name.fileName
            files[name] = File(path: path, text: try read(directory.appending(path: name.fileName), shownAs: path))
        }
        return files
    }

    private static func projectFiles(
        directory: String, projectRoot: URL, writtenAt location: SourceLocation?
    ) throws(Diagnostic) -> [Name: File] {
        let url = ProjectPaths.resolve(directory, root: projectRoot)
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: url.path(percentEncoded: false))
        } catch {
            throw .error(
                "cannot read the Swift templates directory `\(directory)`", rule: "template", at: location,
                length: directory.count,
                fixes: ["create it, or remove `swift.templates` from schemagen.yaml to use the built-in templates"])
        }
        var files: [Name: File] = [:]
        for entry in entries.sorted() where entry.hasSuffix(".mustache") {
            let path = directory.hasSuffix("/") ? directory + entry : directory + "/" + entry
            guard let name = Name(rawValue: String(entry.dropLast(".mustache".count))) else {
                let known = Name.allCases.map { "`\($0.fileName)`" }.joined(separator: ", ")
                throw .error(
                    "`\(entry)` is not a Swift template schemagen knows; the templates are \(known)",
                    rule: "template", at: SourceLocation(file: path, line: 1, column: 1),
                    fixes: ["rename or remove the file"])
            }
            files[name] = File(path: path, text: try read(url.appending(path: entry), shownAs: path))
        }
        return files
    }

    private static func read(_ url: URL, shownAs path: String) throws(Diagnostic) -> String {
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw .error("cannot read the Swift template `\(path)`", rule: "template", at: nil)
        }
    }

    // MARK: Checking

    private static func parse(_ file: File, check: TemplateCheck) throws(Diagnostic) -> MustacheTemplate {
        let firstLine = file.text.prefix(while: { !$0.isNewline }).filter { $0 != " " }
        guard firstLine == textPragma.filter({ $0 != " " }) else {
            throw .error(
                "a Swift template must start with `\(textPragma)`, or Mustache escapes its output as HTML",
                rule: "template", at: SourceLocation(file: file.path, line: 1, column: 1),
                fixes: ["add `\(textPragma)` as the first line"])
        }
        do {
            return try MustacheTemplate(string: file.text)
        } catch let error as MustacheTemplate.ParserError {
            // The parser only knows that the file ended inside a section; the check says which one.
            if case .expectedSectionEnd? = error.error as? MustacheTemplate.Error,
                let open = check.firstProblem(scope: nil)
            {
                throw open
            }
            throw .error(
                "cannot parse the Swift template: \(describe(error.error))", rule: "template",
                at: SourceLocation(file: file.path, line: error.context.lineNumber, column: error.context.columnNumber))
        } catch {
            throw .error(
                "cannot parse the Swift template: \(error)", rule: "template",
                at: SourceLocation(file: file.path, line: 1, column: 1))
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect: "a section is closed with another name than it was opened with"
        case .unfinishedName: "a tag is not closed, or its name is not valid"
        case .expectedSectionEnd: "a section is never closed"
        case .invalidSetDelimiter: "a set-delimiter tag is malformed"
        case .invalidConfigVariableSyntax: "a `{{% … }}` pragma is malformed"
        case .unrecognisedConfigVariable: "a `{{% … }}` pragma is unknown"
        default: "\(error)"
        }
    }
}
