import Foundation

/// The built-in templates of the Swift renderer, shipped as resources of this target.
public enum BuiltinTemplates {
    /// The directory that holds the `.mustache` files.
    public static var swiftDirectory: URL? {
        Bundle.module.url(forResource: "swift", withExtension: nil)
    }
}
