// What the layers below the config take from it, as their own values: the graph its naming
// templates and storage choices, the names their mass nouns. They never see `Config` itself, so
// that a graph, a snapshot of it and a diff of two depend on no configuration type.

extension ImplicitCheck.Policy {
    /// `postgres.native_enums`, `postgres.uuid_type` and `sqlite.strict_varchar`.
    public init(_ config: Config) {
        self.init(
            nativeEnums: config.postgres.nativeEnums, uuidStorage: config.postgres.uuidStorage,
            strictVarchar: config.sqlite.strictVarchar)
    }
}

extension SwiftNames {
    /// The names of a project whose config may add mass nouns (`rules.mass_nouns`).
    public init(config: Config) {
        self.init(massNouns: config.rules.massNouns)
    }
}
