import Foundation
import Testing

@testable import SchemagenCore

/// With `postgres.uuid_type: varchar(36)` Postgres compares ids as text. A parent whose id the
/// database wrote (`gen_random_uuid()::text`, small letters) goes through the compiled Swift
/// models, which write a child pointing at it; the child goes back into the real Postgres the
/// tests start, and finds its parent.
@Suite(
    .postgresAvailable, .enabled(if: SwiftToolchain.isAvailable, "needs swiftc on PATH"), .serialized)
struct UUIDCaseRoundTripTests {
    static let yaml = """
        tables:
          parents:
            columns:
              id: { type: uuid, primary_key: true, default: uuid() }
              name: text
          children:
            columns:
              id: { type: uuid, primary_key: true, default: uuid() }
              parent_id: { type: uuid, references: parents.id, index: true }
              other_parent_id: { type: uuid?, references: parents.id, index: true }
        """

    /// Reads a parent row as Postgres's `row_to_json` hands it over, and prints a child of it as
    /// the models encode it.
    static let app = """
        import Foundation

        let parent = try JSONDecoder().decode(Parent.self, from: Data(CommandLine.arguments[1].utf8))
        let child = Child(id: UUID(), parentId: parent.id, otherParentId: parent.id)
        print(String(decoding: try JSONEncoder().encode(child), as: UTF8.self))
        """

    @Test func aChildWrittenByTheModelsFindsItsParent() throws {
        var config = Config()
        config.postgres.uuidStorage = .varchar36
        let sources = SchemaSources(files: [.init(path: "schema/family.yaml", bytes: Array(Self.yaml.utf8))])
        let schema = try #require(SchemaLoader(config: config).load(sources).schema)
        let ddl = try PostgresRenderer(config: config).render(schema)[0].contents
        let models = try SwiftRenderer(config: config, templates: TemplateSet.builtin()).render(schema)

        let directory = try SwiftToolchain.write(models, extra: ["main.swift": Self.app])
        defer { try? FileManager.default.removeItem(at: directory) }
        let compiled = try SwiftToolchain.run(
            ["swiftc", "-swift-version", "6", "-module-name", "App", "-o", "app"]
                + SwiftToolchain.swiftFiles(in: directory), in: directory)
        try #require(compiled.status == 0, "swiftc failed:\n\(compiled.output)")

        try PostgresServer.withDatabase { db in
            try db.execute(ddl)
            let parent = try #require(
                try db.value("INSERT INTO parents (name) VALUES ('p') RETURNING row_to_json(parents)"))
            let ran = try SwiftToolchain.run(
                [directory.appending(path: "app").path(percentEncoded: false), parent], in: directory)
            try #require(ran.status == 0, "the app failed:\n\(ran.output)")
            let child = ran.output.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(child == child.lowercased(), "\(child)")

            let literal = SQLText.stringLiteral(child)
            try db.execute("INSERT INTO children SELECT * FROM json_populate_record(NULL::children, \(literal));")
            #expect(
                try db.value(
                    "SELECT count(*) FROM children JOIN parents ON parents.id = children.parent_id AND parents.id = children.other_parent_id"
                ) == "1")

            // Capitals, as Foundation's `uuidString` writes them, are refused by name rather than
            // stored where no lookup by the parent's id would find them.
            let upper = try #require(try db.value("SELECT upper(id) FROM parents"))
            let failure = db.failure(of: "INSERT INTO parents (id, name) VALUES ('\(upper)', 'q');")
            #expect(failure?.contains("ck_parents_id_uuid") == true, "\(failure ?? "accepted")")
        }
    }
}
