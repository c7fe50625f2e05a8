/// `swift-name`: a table's or enum's Swift type name does not shadow a standard type. The renderer derives
/// `Task` from `tasks`; next to Swift's own `Task` that would hide the concurrency type from every
/// file of the module, so the renderer appends `Record` (`TaskRecord`). That works, but it is a
/// name nobody chose: this warns and suggests choosing one with `swift_name:`.
struct SwiftNameRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.swiftName }

    /// The tables' findings come first, then the enums'.
    var reportsSchemaLast: Bool { true }

    /// An enum has no `swift_name`: its Swift type gets `Value` appended (`ResultValue`), and the
    /// way to a chosen name is a different enum name.
    func checkSchema(_ context: LintContext) -> [RuleFinding] {
        guard context.targets.contains(.swift) else { return [] }
        return context.schema.enums.compactMap { enumType in
            let derived = context.swiftNames.derivedTypeName(forEnum: enumType.name)
            guard SwiftNames.shadowsStandardType(derived) else { return nil }
            let generated = context.swiftNames.typeName(forEnum: enumType.name)
            return RuleFinding(
                "enum '\(enumType.name)' would be the Swift type '\(derived)', \(Self.whatItShadows(derived)); it is generated as '\(generated)'",
                about: .schema, at: enumType.location, length: enumType.name.count,
                fixes: ["give the enum a name from your domain (e.g. '\(enumType.name)_kind')"])
        }
    }

    func check(_ table: borrowing Table, in context: LintContext, into findings: inout [RuleFinding]) {
        guard context.targets.contains(.swift), table.swiftName == nil else { return }
        let derived = context.swiftNames.derivedTypeName(forTable: table.name)
        guard SwiftNames.shadowsStandardType(derived) else { return }
        let generated = context.swiftNames.typeName(forTable: table.name)
        findings.append(
            .table(
                "table '\(table.name)' would be the Swift type '\(derived)', \(Self.whatItShadows(derived)); it is generated as '\(generated)'",
                table,
                fixes: [
                    "choose its Swift name with `swift_name:`, e.g. `swift_name: \(generated)` or a name from your domain"
                ]))
    }

    /// A standard type is Swift's or Foundation's; a support type is one schemagen writes beside
    /// the models, which a user may never have heard of.
    static func whatItShadows(_ name: String) -> String {
        if let purpose = SwiftNames.supportTypes[name] {
            return "which is schemagen's own support type, written beside the models \(purpose)"
        }
        return "which shadows the standard '\(name)'"
    }
}
