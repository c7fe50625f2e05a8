/// The checks that run on every graph before anything is rendered: the conventions, and the names
/// the Swift models would collide on (an error for `lint` too, which renders nothing).
enum Checks {
    static func run(_ schema: Schema, config: Config) -> [Diagnostic] {
        var findings = Linter(settings: config.rules, naming: config.naming, targets: config.targets).lint(schema)
        if config.targets.contains(.swift) {
            let typeNames = SwiftTypeNames(schema: schema, names: SwiftNames(config: config))
            findings += typeNames.collisions
            findings += schema.tables.flatMap(SwiftModelBuilder.propertyCollisions(in:))
        }
        return findings
    }
}
