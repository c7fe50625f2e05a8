import Foundation
import SchemagenJSONSchemas
import Testing

@testable import SchemagenCore

/// The JSON Schemas in `schemas/` stay in step with the parsers: every key that
/// `DocumentParser` and `ConfigLoader` accept is in the schema, and no other (each object closes
/// with `additionalProperties: false`); every closed list of values is the code's own list. And an
/// independent validator (check-jsonschema) accepts the example and rejects a broken file.
@Suite struct JSONSchemaTests {
    static let root = OutputStabilityTests.repositoryRoot

    static func schema(_ kind: JSONSchemas.Kind) throws -> [String: Any] {
        let data = try Data(contentsOf: root.appendingPathComponent("schemas/\(kind.fileName)"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The keys of an object schema (the object branch of a `oneOf`), checking that it is closed.
    static func keys(_ node: Any?, _ what: String) -> Set<String> {
        var object = node as? [String: Any] ?? [:]
        if let branches = object["oneOf"] as? [[String: Any]],
            let branch = branches.first(where: { $0["properties"] != nil })
        {
            object = branch
        }
        #expect(object["additionalProperties"] as? Bool == false, "\(what) must refuse unknown keys")
        return Set((object["properties"] as? [String: Any] ?? [:]).keys)
    }

    static func values(_ node: Any?) -> Set<String> {
        var object = node as? [String: Any] ?? [:]
        if let branches = object["oneOf"] as? [[String: Any]] { object = branches[0] }
        return Set(object["enum"] as? [String] ?? [])
    }

    @Test func theSchemaFormatHasEveryKeyOfTheParserAndNoOther() throws {
        let schema = try Self.schema(.schema)
        let definitions = try #require(schema["definitions"] as? [String: Any])
        let pairs: [(String, Any?, [String])] = [
            ("top level", schema, DocumentParser.topLevelKeys),
            ("table", definitions["table"], DocumentParser.tableKeys),
            ("column", definitions["column"], DocumentParser.columnKeys),
            ("mixin", definitions["mixin"], DocumentParser.mixinKeys),
            ("enum", definitions["enum"], DocumentParser.enumKeys),
            ("index", definitions["index"], DocumentParser.indexKeys),
            ("unique", definitions["unique"], DocumentParser.uniqueKeys),
            ("check", definitions["check"], DocumentParser.checkKeys),
            ("foreign key", definitions["foreign_key"], DocumentParser.foreignKeyKeys),
            ("references", definitions["reference"], DocumentParser.referenceKeys),
        ]
        for (what, node, parserKeys) in pairs {
            #expect(Self.keys(node, what) == Set(parserKeys), "\(what)")
        }
        let column = (definitions["column"] as? [String: Any])?["oneOf"] as? [[String: Any]]
        let options = column?.first { $0["properties"] != nil }?["properties"] as? [String: Any]
        #expect(Self.values(options?["on_delete"]) == Set(ReferentialAction.allCases.map(\.rawValue)))
        let index = (definitions["index"] as? [String: Any])?["properties"] as? [String: Any]
        #expect(Self.values(index?["using"]) == Set(IndexMethod.allCases.map(\.rawValue)))
        #expect(Self.values(index?["distance"]) == Set(VectorDistance.allCases.map(\.rawValue)))
    }

    @Test func theConfigSchemaHasEveryKeyOfTheLoaderAndNoOther() throws {
        let schema = try Self.schema(.config)
        let properties = try #require(schema["properties"] as? [String: Any])
        #expect(Self.keys(schema, "schemagen.yaml") == Set(ConfigLoader.topKeys))
        let sections: [(String, [String])] = [
            ("postgres", ConfigLoader.postgresKeys), ("sqlite", ConfigLoader.sqliteKeys),
            ("swift", ConfigLoader.swiftKeys), ("naming", ConfigLoader.namingKeys),
            ("conventions", ConfigLoader.conventionKeys),
        ]
        for (section, loaderKeys) in sections {
            #expect(Self.keys(properties[section], section) == Set(loaderKeys), "\(section)")
        }
        #expect(Self.values(properties["targets"]) == Set(Config.Target.allCases.map(\.rawValue)))
        let rules = properties["rules"] as? [String: Any]
        #expect(
            Set((rules?["propertyNames"] as? [String: Any])?["enum"] as? [String] ?? [])
                == Set(RuleCatalogue.all.map(\.id)))
        let levels = Self.values(rules?["additionalProperties"])
        #expect(levels == ["error", "warning", "off"])
        for level in levels { #expect(RuleSettings.Level(rawValue: level) != nil) }
        let postgres = (properties["postgres"] as? [String: Any])?["properties"] as? [String: Any]
        let storages = Self.values(postgres?["uuid_type"])
        #expect(storages == ["uuid", "varchar(36)"])
        for storage in storages { #expect(UUIDStorage(rawValue: storage) != nil) }
    }

    /// The binary ships the committed files, byte for byte.
    @Test func theShippedSchemasAreTheCommittedFiles() throws {
        for kind in JSONSchemas.Kind.allCases {
            let committed = try String(
                contentsOf: Self.root.appendingPathComponent("schemas/\(kind.fileName)"), encoding: .utf8)
            #expect(JSONSchemas.text(of: kind) == committed, "\(kind)")
        }
    }

    /// `schemagen json-schema schema|config` prints them; another word is a usage error.
    @Test func theCommandPrintsThem() throws {
        let executable = try #require(CommandLineTests.executable, "build the schemagen executable first")
        for kind in JSONSchemas.Kind.allCases {
            let printed = try CommandRunner.run([executable, "json-schema", kind.rawValue]).output
            #expect(printed == JSONSchemas.text(of: kind), "\(kind)")
        }
        #expect(throws: (any Error).self) { try CommandRunner.run([executable, "json-schema", "models"]) }
    }

    // MARK: - An independent validator

    static let validator: String? = {
        let environment = ProcessInfo.processInfo.environment
        let candidates =
            [root.appendingPathComponent(".build/check-jsonschema/bin/check-jsonschema").path]
            + (environment["PATH"] ?? "").split(separator: ":").map { "\($0)/check-jsonschema" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Runs check-jsonschema; `nil` when it accepts the files, its output when it rejects them.
    static func validate(_ files: [String], against kind: JSONSchemas.Kind) throws -> String? {
        let validator = try #require(
            validator, "check-jsonschema not found (.build/check-jsonschema, the PATH); `make test-deps` installs it")
        let schema = root.appendingPathComponent("schemas/\(kind.fileName)").path
        do {
            _ = try CommandRunner.run([validator, "--schemafile", schema] + files)
            return nil
        } catch {
            return error.output
        }
    }

    static var skipValidator: Bool {
        validator == nil && ProcessInfo.processInfo.environment["CI"] == nil
    }

    @Test(.disabled(if: skipValidator, "check-jsonschema not installed; `make test-deps`"))
    func theExampleValidatesAndABrokenFileDoesNot() throws {
        let examples = try FileManager.default.contentsOfDirectory(
            atPath: Self.root.appendingPathComponent("schema").path
        )
        .filter { $0.hasSuffix(".yaml") }.sorted().map { Self.root.appendingPathComponent("schema/\($0)").path }
        #expect(examples.count >= 5)
        #expect(try Self.validate(examples, against: .schema) == nil)
        let config = Self.root.appendingPathComponent(
            "Tests/SchemagenCoreTests/Fixtures/cases/custom-config/schemagen.yaml")
        #expect(try Self.validate([config.path], against: .config) == nil)

        let project = try TemporaryProject(files: [
            "broken.yaml": """
            tables:
              agents:
                columns:
                  id: { type: uuid, primary_key: true, nulable: true }
                  project_id: { type: uuid, references: projects.id, on_delete: explode }

            """,
            "schemagen.yaml": "targets: [postgres, rust]\nrules: { no-such-rule: error }\n",
        ])
        let schemaErrors = try #require(
            try Self.validate([project.root.appendingPathComponent("broken.yaml").path], against: .schema))
        #expect(schemaErrors.contains("nulable") || schemaErrors.contains("additional"), "\(schemaErrors)")
        let configErrors = try #require(
            try Self.validate([project.root.appendingPathComponent("schemagen.yaml").path], against: .config))
        #expect(configErrors.contains("rust") || configErrors.contains("targets"), "\(configErrors)")
    }
}
