/// The convention checks that run on every graph before anything is rendered.
enum Checks {
    static func run(_ schema: Schema, config: Config) -> [Diagnostic] {
        // The convention rules (Validation/) plug in here.
        []
    }
}
