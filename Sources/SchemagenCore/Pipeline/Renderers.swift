import Foundation

/// The renderers of the targets a run writes, in a fixed order.
enum Renderers {
    /// `targets` chooses the renderers; `config` is what they render with, the project's own
    /// targets included: a file that names the others (`SCHEMA.md` links each DDL) must read the
    /// same whether `--target` narrowed the run or not, or the full run would call it stale.
    /// `swiftTypeNames`: the schema's Swift type names, when the checks derived them.
    static func enabled(
        _ targets: Set<Config.Target>, config: Config, root: URL, swiftTypeNames: SwiftTypeNames? = nil
    ) -> [any Renderer] {
        var renderers: [any Renderer] = []
        if targets.contains(.postgres) { renderers.append(PostgresRenderer(config: config)) }
        if targets.contains(.sqlite) { renderers.append(SQLiteRenderer(config: config)) }
        if targets.contains(.swift) {
            var swift = SwiftRenderer(config: config, projectRoot: root)
            swift.typeNames = swiftTypeNames
            renderers.append(swift)
        }
        if targets.contains(.markdown) { renderers.append(SchemaDocumentRenderer(config: config)) }
        return renderers
    }
}
