/// Turns a validated schema graph into output files for one target.
public protocol Renderer: Sendable {
    func render(_ schema: Schema) throws(Diagnostic) -> [GeneratedFile]
}
