import Foundation
import Testing

@testable import SchemagenCore

/// A broken template is an error at its path and line, never a file with a hole in it: a name the
/// context lacks, a partial that is not a template, a section left open.
@Suite struct TemplateCheckTests {
    /// The built-in templates with `name` replaced by `text`, at `Custom/<name>.mustache`.
    func templates(_ name: TemplateSet.Name, _ text: String) throws -> [TemplateSet.Name: TemplateSet.File] {
        var files = try TemplateSetTests.builtinFiles()
        files[name] = TemplateSet.File(path: "Custom/\(name.fileName)", text: "{{%CONTENT_TYPE: TEXT}}\n" + text)
        return files
    }

    func error(_ name: TemplateSet.Name, _ text: String) throws -> Diagnostic? {
        let files = try templates(name, text)
        return #expect(throws: Diagnostic.self) { try TemplateSet(files) }
    }

    @Test func theBuiltinTemplatesPass() throws {
        _ = try TemplateSet(try TemplateSetTests.builtinFiles())
        _ = try TemplateSet.builtin()
    }

    @Test func anUnknownVariableIsAnErrorAtItsLineAndColumn() throws {
        let error = try self.error(.model, "{{header}}\n\nstruct {{typName}} {}\n")
        #expect(error?.rule == "template")
        #expect(error?.location == SourceLocation(file: "Custom/model.mustache", line: 4, column: 8))
        #expect(error?.message.contains("`typName`") == true)
        #expect(error?.message.contains("did you mean 'typeName'") == true)
        #expect(error?.length == "{{typName}}".count)
    }

    @Test func namesResolveInTheOpenSectionsAndTheScopesAroundThem() throws {
        // `access` belongs to the model, and is found from inside a property; `.` is the element.
        let good = """
            {{header}}
            {{#properties}}{{access}}var {{name}}: {{type}}{{#documentation}}{{.}}{{/documentation}}{{/properties}}
            {{#computedID}}{{computedID.type}} {{property}}{{/computedID}}{{^hasProperties}}none{{/hasProperties}}
            {{#nestedEnums}}{{#cases}}{{name}} {{rawValue}} {{typeName}}{{index()}}{{/cases}}{{/nestedEnums}}
            {{{header}}}{{& access}}{{! a comment naming {{nothing}} }}
            """
        _ = try TemplateSet(try templates(.model, good))
        // A property's key at the model's level is not there: it would render as nothing.
        let outside = try self.error(.model, "{{header}}\n{{#properties}}{{name}}{{/properties}}\n{{columnName}}\n")
        #expect(outside?.location == SourceLocation(file: "Custom/model.mustache", line: 4, column: 1))
        // The rest of a dotted name is looked up in what its first part found.
        let dotted = try self.error(.model, "{{header}}\n{{computedID.tipe}}\n")
        #expect(dotted?.location?.line == 3)
        // An inverted section opens no scope.
        let inverted = try self.error(.model, "{{header}}\n{{^properties}}{{name}}{{/properties}}\n")
        #expect(inverted?.location == SourceLocation(file: "Custom/model.mustache", line: 3, column: 16))
        // The support templates have only `header` and `access`.
        let support = try self.error(.dateOnly, "{{header}}\n{{typeName}}\n")
        #expect(support?.location == SourceLocation(file: "Custom/DateOnly.mustache", line: 3, column: 1))
    }

    @Test func aMissingPartialIsAnErrorAtItsLine() throws {
        let error = try self.error(.enum, "{{header}}\n{{#cases}}\n{{> caseLine}}\n{{/cases}}\n")
        #expect(error?.rule == "template")
        #expect(error?.location == SourceLocation(file: "Custom/enum.mustache", line: 4, column: 1))
        #expect(error?.message.contains("`caseLine`") == true)
        // A partial that is one of the templates is there.
        _ = try TemplateSet(try templates(.model, "{{header}}\n{{#nestedEnums}}{{> enum}}{{/nestedEnums}}\n"))
    }

    @Test func aSectionLeftOpenIsReportedWhereItOpens() throws {
        let error = try self.error(.model, "{{header}}\n{{#properties}}\n  var {{name}}\n\n// end\n")
        #expect(error?.rule == "template")
        // Not at the end of the file, where the parser noticed: at the section that stays open.
        #expect(error?.location == SourceLocation(file: "Custom/model.mustache", line: 3, column: 1))
        #expect(error?.message.contains("{{#properties}}") == true)
        #expect(error?.fixes == ["close it with `{{/properties}}`"])
        // The inner of two open sections is the one to close first.
        let nested = try self.error(.model, "{{header}}\n{{#properties}}\n{{#documentation}}{{.}}\n{{/properties}}\n")
        #expect(nested?.location?.file == "Custom/model.mustache")
    }

    @Test func setDelimitersAreFollowed() throws {
        _ = try TemplateSet(try templates(.enum, "{{header}}\n{{=<% %>=}}\nenum <%typeName%> {}\n"))
        let error = try self.error(.enum, "{{header}}\n{{=<% %>=}}\n\nenum <%typName%> {}\n")
        #expect(error?.location == SourceLocation(file: "Custom/enum.mustache", line: 5, column: 6))
    }

    @Test func lineEndsOfEveryKindAreCounted() throws {
        let error = try self.error(.enum, "{{header}}\r\n\r\n{{nope}}\r\n")
        #expect(error?.location?.line == 4)
    }

    /// The keys the check knows are exactly the contexts' stored properties, nested ones included.
    @Test func theScopesMatchTheContexts() {
        expect(TemplateScope.model, matches: SwiftTemplateKeysTests.modelContext, path: "model")
        expect(TemplateScope.enum, matches: SwiftTemplateKeysTests.enumContext, path: "enum")
        expect(TemplateScope.support, matches: SwiftTemplateKeysTests.supportContext, path: "support")
    }

    private func expect(_ scope: TemplateScope, matches context: Any, path: String) {
        let children = Mirror(reflecting: context).children.compactMap { child in
            child.label.map { ($0, Self.unwrap(child.value)) }
        }
        #expect(Set(scope.keys.keys) == Set(children.map(\.0)), "\(path)")
        for (label, value) in children {
            let inner = scope.keys[label] ?? TemplateScope()
            if let object = value as? any TemplateKeyed {
                expect(inner, matches: object, path: "\(path).\(label)")
            } else if let list = value as? [any TemplateKeyed], let first = list.first {
                expect(inner, matches: first, path: "\(path).\(label)[]")
            } else {
                #expect(inner.keys.isEmpty, "\(path).\(label) is a plain value")
            }
        }
    }

    private static func unwrap(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }
}
