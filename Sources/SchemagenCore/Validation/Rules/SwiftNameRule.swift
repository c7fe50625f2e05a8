/// `swift-name`: a table's Swift type name does not shadow a standard type. The renderer derives
/// `Task` from `tasks`; next to Swift's own `Task` that would hide the concurrency type from every
/// file of the module, so the renderer appends `Record` (`TaskRecord`). That works, but it is a
/// name nobody chose: this warns and suggests choosing one with `swift_name:`.
struct SwiftNameRule: LintRule {
    var descriptor: RuleDescriptor { RuleCatalogue.swiftName }

    func check(_ context: LintContext) -> [RuleFinding] {
        guard context.targets.contains(.swift) else { return [] }
        return context.schema.tables.compactMap { table in
            guard table.swiftName == nil else { return nil }
            let derived = context.swiftNames.derivedTypeName(forTable: table.name)
            guard SwiftNames.shadowsStandardType(derived) else { return nil }
            let generated = context.swiftNames.typeName(forTable: table.name)
            return .table(
                "table '\(table.name)' would be the Swift type '\(derived)', which shadows the standard '\(derived)'; it is generated as '\(generated)'",
                table,
                fixes: [
                    "choose its Swift name with `swift_name:`, e.g. `swift_name: \(generated)` or a name from your domain"
                ])
        }
    }
}
