import Foundation
import Testing

@testable import SchemagenCore

/// `SCHEMA.md`'s Mermaid diagrams, checked line by line against the rules of Mermaid's `erDiagram`
/// lexer (no Mermaid runs here): quoted entity names without `"`, `%`, `\`; attribute words of
/// letters, digits and `_` (what every Mermaid version reads, without parentheses or commas);
/// key markers `PK`, `FK`, `UK`; relationships with one cardinality on each side and a quoted
/// label. And the cardinalities say what the keys say.
@Suite struct SchemaDocumentTests {
    static var attribute: Regex<AnyRegexOutput> {
        Regex(#/    [A-Za-z_][A-Za-z0-9_]* [A-Za-z_][A-Za-z0-9_]*( (PK|FK|UK)(, (PK|FK|UK))*)?/#)
    }
    static var relationship: Regex<AnyRegexOutput> {
        Regex(#/  "[^"%\\\r\n]+" (\|\||\|o)(--|\.\.)(o\{|o\|) "[^"%\\\r\n]+" : "[^"\r\n]*"/#)
    }
    static var block: Regex<AnyRegexOutput> { Regex(#/  "[^"%\\\r\n]+" \{/#) }

    /// The problems of each diagram in a Markdown text: lines that break a rule.
    static func problems(in markdown: String) -> [String] {
        var problems: [String] = []
        var inDiagram = false
        var inBlock = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line == "```mermaid" {
                inDiagram = true
                continue
            }
            guard inDiagram else { continue }
            if line == "```" {
                inDiagram = false
                if inBlock { problems.append("an entity block is not closed") }
                continue
            }
            if line == "erDiagram" { continue }
            if inBlock {
                if line == "  }" {
                    inBlock = false
                } else if line.wholeMatch(of: attribute) == nil
                    || line.split(separator: " ").prefix(2).contains(where: {
                        ["pk", "fk", "uk"].contains($0.lowercased())
                    })
                {
                    problems.append("attribute: \(line)")
                }
            } else if line.wholeMatch(of: block) != nil {
                inBlock = true
            } else if line.wholeMatch(of: relationship) == nil {
                problems.append("statement: \(line)")
            }
        }
        if inDiagram { problems.append("a diagram is not closed") }
        return problems
    }

    static var documents: [String] {
        let cases = ReferenceCaseTests.casesDirectory
        return ReferenceCaseTests.caseNames.map { cases.appendingPathComponent("\($0)/expected/SCHEMA.md").path }
            + [OutputStabilityTests.repositoryRoot.appendingPathComponent("Generated/SCHEMA.md").path]
    }

    @Test(arguments: documents)
    func everyDiagramFollowsMermaidsRules(_ path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("```mermaid\nerDiagram\n"))
        #expect(Self.problems(in: text) == [], "\(path)")
    }

    /// The checker itself refuses what Mermaid refuses.
    @Test func theRulesRefuseWhatMermaidRefuses() {
        let bad = [
            "```mermaid\nerDiagram\n  users {\n  }\n```",  // unquoted name: `users` is fine, `tokens` is `to`
            "```mermaid\nerDiagram\n  \"t\" {\n    varchar(50) name\n  }\n```",
            "```mermaid\nerDiagram\n  \"t\" {\n    int pk\n  }\n```",
            "```mermaid\nerDiagram\n  \"t\" {\n    FK a\n  }\n```",
            "```mermaid\nerDiagram\n  \"a\" ||--|| \"b\"\n```",
            "```mermaid\nerDiagram\n  \"t\" {\n    int a\n```",
        ]
        for text in bad { #expect(!Self.problems(in: text).isEmpty, "\(text)") }
    }

    @Test func cardinalitiesFollowNullabilityUniquenessAndThePrimaryKey() throws {
        let project = try TemporaryProject(files: [
            "schemagen.yaml": "rules: { timestamps: off }\n",
            "schema/shop.yaml": """
            enums:
              pk: [a, b]
            tables:
              tokens:
                columns:
                  id: { type: uuid, primary_key: true, default: uuid() }
                  pk: int
                  kind: pk
              profiles:
                columns:
                  id: { type: uuid, primary_key: true, default: uuid() }
                  token_id: { type: uuid, references: tokens.id, unique: true }
                  backup_id: { type: uuid, nullable: true, references: tokens.id, index: true }
              grants:
                primary_key: [token_id, scope]
                columns:
                  token_id: { type: uuid, references: tokens.id }
                  scope: varchar(20)
                  amount: decimal(10,2)

            """,
        ])
        let result = Generator(root: project.root).run()
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map(\.description))")
        let text = try #require(result.files.first { $0.path == SchemaDocumentRenderer.path }?.contents)
        #expect(Self.problems(in: text) == [])
        let lines = Set(text.split(separator: "\n").map(String.init))
        #expect(lines.contains(#"  "tokens" ||..o| "profiles" : "token_id""#), "unique: at most one child")
        #expect(lines.contains(#"  "tokens" |o..o{ "profiles" : "backup_id""#), "nullable: a child may have none")
        #expect(lines.contains(#"  "tokens" ||--o{ "grants" : "token_id""#), "in the child's key: identifying")
        #expect(lines.contains("    int pk_"), "a column named pk is not read as a key marker")
        #expect(lines.contains("    pk_ kind"), "nor is an enum type named pk")
        #expect(lines.contains("    decimal_10_2 amount"))
        #expect(lines.contains("    uuid token_id PK, FK"))
    }
}
