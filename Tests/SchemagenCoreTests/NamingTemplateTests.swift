import Testing

@testable import SchemagenCore

/// `Naming.derive` fills ASCII templates byte by byte; the result must be what the three
/// `replacing` passes give, placeholders inside names and odd templates included.
@Suite struct NamingTemplateTests {
    /// The definition: three passes of the standard library's `replacing`, in order.
    static func expected(_ template: String, table: String, columns: [String], name: String?) -> String {
        Naming.fit(
            template.replacing("{table}", with: table).replacing("{columns}", with: columns.joined(separator: "_"))
                .replacing("{name}", with: name ?? columns.joined(separator: "_")),
            keeping: Naming.literalSuffix(of: template))
    }

    static let templates = [
        "pk_{table}", "fk_{table}_{columns}", "uq_{table}_{columns}", "ix_{table}_{columns}", "ck_{table}_{name}",
        "trg_{table}_{columns}", "{table}{table}", "{{table}}", "{tab", "table}", "", "no_placeholders",
        "{columns}_{name}_{table}", "x_{name}", "{table}\r\n{columns}", "ck_{table}\u{301}_{name}",
        "é_{table}_{columns}", "{table}_{columns}_key", "{table}_{columns}_fkey",
    ]

    static let tables = [
        "tasks", "t", "has_{columns}_inside", "{name}", "{table}", "tâches",
        "a_very_long_table_name_of_the_kind_people_write_for_reports",
    ]

    static let columnLists: [([String], String?)] = [
        ([], nil), (["id"], nil), (["agent_id", "project_id"], nil), (["amount"], "amount"), (["x"], "{table}"),
        (["ünits"], nil), (["a", "b"], "1"),
    ]

    @Test(arguments: templates)
    func fillsLikeReplacing(template: String) {
        for table in Self.tables {
            for (columns, name) in Self.columnLists {
                let derived = Naming().derive(template, table: table, columns: columns, name: name)
                #expect(
                    derived == Self.expected(template, table: table, columns: columns, name: name),
                    "\(template) with \(table), \(columns), \(name ?? "nil")")
            }
        }
    }

    /// The one-pass fill against the three `replacing` passes on random templates and names, made
    /// of placeholders, their pieces, braces, CR LF and non-ASCII text as well as plain words.
    @Test func fillsLikeReplacingOnRandomInput() {
        var generator = SystemRandomNumberGenerator()
        let pieces = [
            "{table}", "{columns}", "{name}", "{", "}", "{tab", "le}", "_", "pk", "ck_", "_key", "x", "é", "\r\n",
            "\u{301}", "a_very_long_part_of_a_name_", "7",
        ]
        let words = ["id", "tasks", "agent_id", "x", "", "_", "{", "}", "{name}", "é", "long_column_name_for_a_cut_"]
        func text(from parts: [String], upTo count: Int) -> String {
            (0..<Int.random(in: 0...count, using: &generator)).map { _ in parts.randomElement(using: &generator)! }
                .joined()
        }
        for _ in 0..<5_000 {
            let template = text(from: pieces, upTo: 6)
            let table = text(from: words, upTo: 4)
            let columns = (0..<Int.random(in: 0...3, using: &generator)).map { _ in text(from: words, upTo: 3) }
            let name = Bool.random(using: &generator) ? nil : text(from: words, upTo: 2)
            let derived = Naming().derive(template, table: table, columns: columns, name: name)
            #expect(
                derived == Self.expected(template, table: table, columns: columns, name: name),
                "\(template.debugDescription) with \(table.debugDescription), \(columns), \(name.debugDescription)")
        }
    }

    /// A name cut to fit 63 bytes keeps the template's suffix after the hash, so `_key` still
    /// says that it is a unique constraint.
    @Test func aCutNameKeepsTheTemplateSuffix() {
        let table = "a_very_long_table_name_of_the_kind_people_write_for_reports"
        var convention = NamingConvention()
        convention.unique = "{table}_{columns}_key"
        let naming = Naming(convention)
        let name = naming.unique(table: table, columns: ["tenant_id", "slug"])
        #expect(name.utf8.count == 63)
        #expect(
            name == "a_very_long_table_name_of_the_kind_people_write_fo_"
                + Naming.hexHash(Array((table + "_tenant_id_slug_key").utf8)) + "_key")
        #expect(name.wholeMatch(of: /.*_[0-9a-f]{8}_key/) != nil, "\(name)")
        // Another column list gives another name, though both are cut at the same place.
        #expect(naming.unique(table: table, columns: ["tenant_id", "code"]) != name)
        // A prefix template is cut as before: the prefix is at the start anyway.
        #expect(Naming().unique(table: table, columns: ["tenant_id", "slug"]).hasPrefix("uq_a_very_long"))
    }

    @Test func aPlaceholderInATableNameIsFilledByTheLaterPass() {
        #expect(Naming().derive("fk_{table}", table: "x_{columns}", columns: ["a", "b"]) == "fk_x_a_b")
        #expect(Naming().derive("{name}{table}", table: "t", columns: [], name: "{table}") == "{table}t")
    }
}
