/// A YAML node as libyaml read it, with the place where it starts.
///
/// Scalars stay text: YAML 1.1 would turn a plain `on` or `no` into a boolean (the "Norway
/// problem"), so the format layer resolves each scalar by the context it appears in.
public struct YAMLNode: Sendable, Hashable {
    public enum Content: Sendable, Hashable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        /// Pairs in document order; `<<` merge keys are already applied and duplicates rejected.
        case mapping([YAMLPair])
    }

    public var content: Content
    public var location: SourceLocation
    /// An explicit tag such as `!!str`, when the document wrote one.
    public var tag: String?

    public init(_ content: Content, at location: SourceLocation, tag: String? = nil) {
        self.content = content
        self.location = location
        self.tag = tag
    }

    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    public var mapping: [YAMLPair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// A short name for the kind of node, for messages such as "expected a mapping, found a list".
    public var kindDescription: String {
        switch content {
        case .scalar(let scalar): scalar.isNull ? "null" : "a scalar"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}

public struct YAMLScalar: Sendable, Hashable {
    public enum Style: String, Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public var text: String
    public var style: Style

    public init(_ text: String, style: Style = .plain) {
        self.text = text
        self.style = style
    }

    /// True for a plain `~`, `null`, `Null`, `NULL` or an empty plain scalar.
    public var isNull: Bool {
        style == .plain && ["", "~", "null", "Null", "NULL"].contains(text)
    }

    public var isQuoted: Bool { style == .singleQuoted || style == .doubleQuoted }
}

public struct YAMLPair: Sendable, Hashable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }

    /// The key's text when it is a scalar (every key in the schema format is).
    public var keyText: String? { key.scalar?.text }
}
