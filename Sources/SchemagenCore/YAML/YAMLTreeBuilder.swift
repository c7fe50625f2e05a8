/// Builds a `YAMLNode` tree from parser events with an explicit stack, so that deep input costs
/// heap, not call stack, and the depth limit can stop it at the first level too many.
struct YAMLTreeBuilder {
    /// An anchored node with what expanding one alias to it costs.
    private struct Anchored {
        var node: YAMLNode
        /// Nodes in the subtree, counting every alias inside it as fully expanded.
        var size: Int
        /// Levels of collections in the subtree (0 for a scalar).
        var height: Int
    }

    /// A sequence or mapping whose end event has not come yet.
    private struct Frame {
        var isMapping: Bool
        var location: SourceLocation
        var tag: String?
        var anchor: String?
        var size = 1
        var height = 1
        var items: [YAMLNode] = []
        var mapping = YAMLMappingBuilder()
    }

    let limits: YAMLReader.Limits
    private var stack: [Frame] = []
    private var anchors: [String: Anchored] = [:]
    /// Nodes that aliases have added so far: the billion-laughs guard counts instead of copying.
    private var expandedNodes = 0
    private(set) var root: YAMLNode?

    init(limits: YAMLReader.Limits) {
        self.limits = limits
    }

    mutating func scalar(
        _ scalar: YAMLScalar, tag: String?, anchor: String?, at location: SourceLocation
    ) throws(Diagnostic) {
        let node = YAMLNode(.scalar(scalar), at: location, tag: tag)
        if let anchor { anchors[anchor] = Anchored(node: node, size: 1, height: 0) }
        try attach(node, size: 1, height: 0)
    }

    mutating func startCollection(
        isMapping: Bool, tag: String?, anchor: String?, at location: SourceLocation
    ) throws(Diagnostic) {
        guard stack.count < limits.maxDepth else {
            throw .error(
                "nesting is deeper than \(limits.maxDepth) levels of lists and mappings", rule: "yaml-depth",
                at: location)
        }
        stack.append(Frame(isMapping: isMapping, location: location, tag: tag, anchor: anchor))
    }

    mutating func endCollection() throws(Diagnostic) {
        guard let frame = stack.popLast() else { return }
        let content: YAMLNode.Content = frame.isMapping ? .mapping(frame.mapping.finish()) : .sequence(frame.items)
        let node = YAMLNode(content, at: frame.location, tag: frame.tag)
        if let anchor = frame.anchor {
            anchors[anchor] = Anchored(node: node, size: frame.size, height: frame.height)
        }
        try attach(node, size: frame.size, height: frame.height)
    }

    mutating func alias(_ name: String, at location: SourceLocation) throws(Diagnostic) {
        guard let target = anchors[name] else {
            if stack.contains(where: { $0.anchor == name }) {
                throw .error(
                    "alias *\(name) refers to a node that contains it; recursive structures are not supported",
                    rule: "yaml-alias", at: location, length: name.count + 1)
            }
            throw .error(
                "undefined alias *\(name): no anchor &\(name) is defined before it", rule: "yaml-alias",
                at: location, length: name.count + 1)
        }
        // Sizes stay below the limit plus the document's own node count, so this cannot overflow.
        expandedNodes += target.size
        guard expandedNodes <= limits.maxExpandedNodes else {
            throw .error(
                "alias *\(name) makes alias expansion exceed \(limits.maxExpandedNodes) nodes "
                    + "(aliases nested in anchors multiply: a \"billion laughs\" document?)",
                rule: "yaml-alias", at: location, length: name.count + 1)
        }
        guard stack.count + target.height <= limits.maxDepth else {
            throw .error(
                "alias *\(name) nests lists and mappings deeper than \(limits.maxDepth) levels", rule: "yaml-depth",
                at: location, length: name.count + 1)
        }
        // Copying is cheap: the copy shares the anchored node's storage.
        try attach(target.node, size: target.size, height: target.height)
    }

    /// `node` is consumed: moved into its parent, not copied and then released.
    private mutating func attach(_ node: consuming YAMLNode, size: Int, height: Int) throws(Diagnostic) {
        let top = stack.count - 1
        guard top >= 0 else {
            root = node
            return
        }
        stack[top].size += size
        stack[top].height = max(stack[top].height, height + 1)
        if stack[top].isMapping {
            try stack[top].mapping.add(node)
        } else {
            stack[top].items.append(node)
        }
    }
}
