/// `index-name`: names written in the schema follow the naming convention (seeds 000, 003): `ix_`
/// for a single-column btree index, `idx_` for a composite or special (GIN, GiST…) one, `uq_` for a
/// unique index or constraint. The expected shape comes from the config's naming templates: the
/// text before `{` is the prefix, the text after the last `}` the suffix. Derived names follow the
/// templates by construction and are not checked.
struct IndexNameRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.indexName }

    func check(_ table: borrowing Table, in context: LintContext, into findings: inout [RuleFinding]) {
        let convention = context.naming.convention
        var allShapes: [TemplateShape] {
            [convention.index, convention.specialIndex, convention.unique].map(TemplateShape.init)
        }
        // By position: `for … in` would copy each index and constraint it passes.
        for position in table.indexes.indices where table.indexes[position].isNamedExplicitly {
            let index = table.indexes[position]
            let (template, kind) = expectation(for: index, convention: convention)
            let shape = TemplateShape(template)
            guard !shape.matches(index.name) else { continue }
            let derived = context.naming.index(
                table: table.name, columns: index.namingKeys, method: index.method, isUnique: index.isUnique)
            findings.append(
                .index(
                    "index name '\(index.name)' should \(shape.expectation) (\(kind))", index, of: table,
                    fixes: fixes(for: index.name, shape: shape, others: allShapes, derived: derived)))
        }
        guard !table.uniqueConstraints.isEmpty else { return }
        let shape = TemplateShape(convention.unique)
        for position in table.uniqueConstraints.indices {
            // A name of the convention's shape passes whatever it derives: the name is derived
            // (string work) only for the others.
            guard !shape.matches(table.uniqueConstraints[position].name) else { continue }
            let constraint = table.uniqueConstraints[position]
            let derived = context.naming.unique(table: table.name, columns: constraint.columns)
            guard constraint.name != derived else { continue }
            findings.append(
                RuleFinding(
                    "unique constraint name '\(constraint.name)' should \(shape.expectation)",
                    about: .constraint(table: table.name, name: constraint.name), at: constraint.location,
                    fixes: fixes(for: constraint.name, shape: shape, others: allShapes, derived: derived)))
        }
    }

    private func expectation(for index: Index, convention: NamingConvention) -> (String, String) {
        if index.isUnique { return (convention.unique, "a unique index") }
        if index.method != .btree { return (convention.specialIndex, "a \(index.method.rawValue) index") }
        if index.columns.count > 1 { return (convention.specialIndex, "a composite index") }
        return (convention.index, "a single-column btree index")
    }

    /// Swaps a wrong prefix or suffix of the convention for the right one; otherwise suggests the
    /// derived name.
    private func fixes(for name: String, shape: TemplateShape, others: [TemplateShape], derived: String) -> [String] {
        var candidate = name
        for other in others where other != shape && other.matches(candidate) {
            candidate =
                shape.prefix + candidate.dropFirst(other.prefix.count).dropLast(other.suffix.count)
                + shape.suffix
            break
        }
        if candidate == name || !shape.matches(candidate) {
            return ["rename it to '\(derived)', or leave out `name:` to get that name"]
        }
        return ["rename it to '\(candidate)'", "or leave out `name:` to get '\(derived)'"]
    }
}

/// The fixed text around a naming template's placeholders: `ix_{table}_{columns}` → `ix_`, ``.
struct TemplateShape: Sendable, Hashable {
    var prefix: String
    var suffix: String

    init(_ template: String) {
        guard let open = template.firstIndex(of: "{"), let close = template.lastIndex(of: "}") else {
            prefix = template
            suffix = ""
            return
        }
        prefix = String(template[..<open])
        suffix = String(template[template.index(after: close)...])
    }

    func matches(_ name: String) -> Bool {
        name.count > prefix.count + suffix.count && name.hasPrefix(prefix) && name.hasSuffix(suffix)
    }

    var expectation: String {
        switch (prefix.isEmpty, suffix.isEmpty) {
        case (false, true): "start with '\(prefix)'"
        case (true, false): "end with '\(suffix)'"
        case (false, false): "start with '\(prefix)' and end with '\(suffix)'"
        case (true, true): "follow the naming convention"
        }
    }
}
