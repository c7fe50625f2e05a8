import CLibYAML
import Foundation

/// Reads one YAML document into a `YAMLNode` tree over libyaml's event API.
///
/// Limits guard against hostile input: alias expansion and nesting depth are bounded, and every
/// failure is a `Diagnostic` with the position libyaml or the reader saw it at.
public struct YAMLReader: Sendable {
    public struct Limits: Sendable, Hashable {
        /// Most nodes that alias expansion may produce in one document (the "billion laughs" guard).
        public var maxExpandedNodes: Int = 1_000_000
        /// Deepest nesting of sequences and mappings.
        public var maxDepth: Int = 256
        public init() {}
    }

    public var limits: Limits

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Parses `bytes` as the contents of `file`. Returns `nil` for a file with no document.
    public func read(_ bytes: [UInt8], file: String) throws(Diagnostic) -> YAMLNode? {
        // Implemented in YAMLEventParser.swift.
        try YAMLEventParser(bytes: bytes, file: file, limits: limits).parseDocument()
    }
}
