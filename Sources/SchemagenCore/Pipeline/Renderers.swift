import Foundation

/// The renderers of the targets a config turns on, in a fixed order.
enum Renderers {
    static func enabled(for config: Config, root: URL) -> [any Renderer] {
        // Each target's renderer plugs in here as it lands.
        []
    }
}
