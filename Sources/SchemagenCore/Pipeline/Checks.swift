/// The convention checks that run on every graph before anything is rendered.
enum Checks {
    static func run(_ schema: Schema, config: Config) -> [Diagnostic] {
        Linter(settings: config.rules, naming: config.naming, targets: config.targets).lint(schema)
    }
}
