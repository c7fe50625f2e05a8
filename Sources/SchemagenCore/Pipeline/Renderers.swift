import Foundation

/// The renderers of the targets a config turns on, in a fixed order.
enum Renderers {
    static func enabled(for config: Config, root: URL) -> [any Renderer] {
        var renderers: [any Renderer] = []
        if config.targets.contains(.postgres) { renderers.append(PostgresRenderer(config: config)) }
        if config.targets.contains(.sqlite) { renderers.append(SQLiteRenderer(config: config)) }
        if config.targets.contains(.swift) { renderers.append(SwiftRenderer(config: config, projectRoot: root)) }
        if config.targets.contains(.markdown) { renderers.append(SchemaDocumentRenderer(config: config)) }
        return renderers
    }
}
