/// The identity of a mapping key for duplicate detection and merge overrides.
///
/// Scalar keys compare by text alone (the reader does not resolve types, so `1` and `"1"` are one
/// key, which is what the format layer sees through `YAMLPair.keyText`). Collection keys, rare in
/// practice, compare by structure, ignoring where they were written.
enum YAMLMappingKey: Hashable {
    case text(String)
    case structure(Structure)

    init(_ node: YAMLNode) {
        if case .scalar(let scalar) = node.content {
            self = .text(scalar.text)
        } else {
            self = .structure(Structure(node: node))
        }
    }

    /// A node compared by content, without locations, styles or tags.
    struct Structure: Hashable {
        let node: YAMLNode

        static func == (lhs: Structure, rhs: Structure) -> Bool {
            sameContent(lhs.node, rhs.node)
        }

        func hash(into hasher: inout Hasher) {
            Self.hashContent(node, into: &hasher)
        }

        // Recursion is bounded by the reader's depth limit.
        private static func sameContent(_ lhs: YAMLNode, _ rhs: YAMLNode) -> Bool {
            switch (lhs.content, rhs.content) {
            case (.scalar(let l), .scalar(let r)):
                return l.text == r.text
            case (.sequence(let l), .sequence(let r)):
                return l.count == r.count && zip(l, r).allSatisfy { sameContent($0, $1) }
            case (.mapping(let l), .mapping(let r)):
                return l.count == r.count
                    && zip(l, r).allSatisfy { sameContent($0.key, $1.key) && sameContent($0.value, $1.value) }
            default:
                return false
            }
        }

        private static func hashContent(_ node: YAMLNode, into hasher: inout Hasher) {
            switch node.content {
            case .scalar(let scalar):
                hasher.combine(0)
                hasher.combine(scalar.text)
            case .sequence(let items):
                hasher.combine(1)
                hasher.combine(items.count)
                for item in items { hashContent(item, into: &hasher) }
            case .mapping(let pairs):
                hasher.combine(2)
                hasher.combine(pairs.count)
                for pair in pairs {
                    hashContent(pair.key, into: &hasher)
                    hashContent(pair.value, into: &hasher)
                }
            }
        }
    }
}
