/// The checks that run on every graph before anything is rendered: the conventions, Postgres type
/// names that a native enum and a table would share, and the names the Swift models would collide
/// on (errors for `lint` too, which renders nothing).
///
/// The collisions are `swift-collision`, not `swift-name`: the models would not compile or would
/// overwrite each other, so no level turns them off, while `swift-name` (a derived name that
/// shadows a standard type and got a suffix) takes its one level from `rules:` like every
/// convention.
enum Checks {
    static func run(_ schema: Schema, config: Config) -> [Diagnostic] {
        var findings = Linter(settings: config.rules, naming: config.naming, targets: config.targets).lint(schema)
        findings += PostgresTypeNames.diagnostics(in: schema, config: config)
        if config.targets.contains(.swift) {
            let typeNames = SwiftTypeNames(schema: schema, names: SwiftNames(config: config))
            findings += typeNames.collisions
            findings += schema.tables.flatMap(SwiftModelBuilder.propertyCollisions(in:))
        }
        return findings
    }
}
