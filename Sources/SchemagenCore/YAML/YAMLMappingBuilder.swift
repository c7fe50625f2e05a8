/// Collects one mapping's pairs as libyaml delivers them: rejects duplicate keys and applies
/// `<<` merge keys when the mapping ends.
struct YAMLMappingBuilder {
    /// Merged mappings, inserted where the `<<` key was written, earliest source first.
    private struct Merge {
        var position: Int
        var sources: [[YAMLPair]]
    }

    /// Mappings up to this many keys are checked for duplicates by a scan, which beats hashing
    /// for the small mappings that make up most schema files.
    private static let scanLimit = 8
    /// Most of a schema's mappings are a column's options or a table's keys: a handful of pairs.
    private static let initialCapacity = 4

    private var pairs: [YAMLPair] = []
    /// Every key written explicitly, with where it was first written, once the mapping outgrows
    /// `scanLimit`: the dictionary keeps duplicate detection linear in the size of the mapping.
    private var keys: [YAMLMappingKey: SourceLocation] = [:]
    private var merges: [Merge] = []
    private var pendingKey: YAMLNode?
    private var pendingKeyIsMerge = false
    private var mergeKeyLocation: SourceLocation?

    /// Adds the next node: a key when none is waiting for its value, otherwise that key's value.
    mutating func add(_ node: consuming YAMLNode) throws(Diagnostic) {
        guard let key = pendingKey.take() else {
            try addKey(node)
            return
        }
        if pendingKeyIsMerge {
            pendingKeyIsMerge = false
            merges.append(Merge(position: pairs.count, sources: try Self.mergeSources(node)))
        } else {
            pairs.append(YAMLPair(key: key, value: node))
        }
    }

    private mutating func addKey(_ node: consuming YAMLNode) throws(Diagnostic) {
        // Room for a few pairs at once: growing one pair at a time reallocated on most appends.
        if pairs.capacity == 0 { pairs.reserveCapacity(Self.initialCapacity) }
        if Self.isMergeKey(node) {
            if let first = mergeKeyLocation {
                throw .error(
                    "a mapping can have only one merge key '<<'", rule: "yaml-duplicate-key", at: node.location,
                    length: 2, fixes: ["merge several mappings with one key: `<<: [*first, *second]`"],
                    notes: [Diagnostic.Note("the first '<<' is here", at: first)])
            }
            mergeKeyLocation = node.location
            pendingKeyIsMerge = true
        } else {
            if let first = firstLocation(of: node) {
                throw Self.duplicateKey(node, first: first)
            }
        }
        pendingKey = node
    }

    /// Where a key equal to `key` was written before in this mapping; records `key` when it is new.
    /// Every earlier key is in `pairs` (a key is only added once the previous one has its value).
    private mutating func firstLocation(of key: YAMLNode) -> SourceLocation? {
        if pairs.count < Self.scanLimit {
            // Scalar keys (all of them, in practice) compare by text, as `YAMLMappingKey` does,
            // without making one for every earlier key.
            if case .scalar(let scalar) = key.content {
                return pairs.first { pair in
                    if case .scalar(let earlier) = pair.key.content { earlier.text == scalar.text } else { false }
                }?.key.location
            }
            let identity = YAMLMappingKey(key)
            return pairs.first { YAMLMappingKey($0.key) == identity }?.key.location
        }
        let identity = YAMLMappingKey(key)
        if keys.isEmpty {
            // Room for a table's columns or a file's tables without growing the table one step
            // at a time (each growth rehashed every key).
            keys.reserveCapacity(4 * Self.scanLimit)
            for pair in pairs { keys[YAMLMappingKey(pair.key)] = pair.key.location }
        }
        if let first = keys.updateValue(key.location, forKey: identity) {
            keys[identity] = first
            return first
        }
        return nil
    }

    /// The finished pairs: explicit keys keep their place and win over merged ones; merged pairs
    /// appear where the `<<` key was written, and among merged mappings the earlier one wins.
    func finish() -> [YAMLPair] {
        guard !merges.isEmpty else { return pairs }
        var seen = Set(pairs.lazy.map { YAMLMappingKey($0.key) })
        var result: [YAMLPair] = []
        result.reserveCapacity(pairs.count + merges.reduce(0) { $0 + $1.sources.reduce(0) { $0 + $1.count } })
        var next = 0
        for merge in merges {
            result.append(contentsOf: pairs[next..<merge.position])
            next = merge.position
            for source in merge.sources {
                for pair in source where seen.insert(YAMLMappingKey(pair.key)).inserted {
                    result.append(pair)
                }
            }
        }
        result.append(contentsOf: pairs[next...])
        return result
    }

    /// A plain, untagged (or `!!merge`-tagged) `<<` is a merge key; a quoted `"<<"` is ordinary text.
    private static func isMergeKey(_ node: YAMLNode) -> Bool {
        guard let scalar = node.scalar, scalar.style == .plain, scalar.text == "<<" else { return false }
        return node.tag == nil || node.tag == "!!merge"
    }

    private static func mergeSources(_ value: YAMLNode) throws(Diagnostic) -> [[YAMLPair]] {
        switch value.content {
        case .mapping(let pairs):
            return [pairs]
        case .sequence(let items):
            var sources: [[YAMLPair]] = []
            for item in items {
                guard let pairs = item.mapping else {
                    throw .error(
                        "every item of a merge key '<<' list must be a mapping, found \(item.kindDescription)",
                        rule: "yaml-merge", at: item.location)
                }
                sources.append(pairs)
            }
            return sources
        case .scalar:
            throw .error(
                "the value of a merge key '<<' must be a mapping or a list of mappings, found \(value.kindDescription)",
                rule: "yaml-merge", at: value.location,
                fixes: ["merge an anchored mapping: `<<: *name`, or quote the key if '<<' is meant as text"])
        }
    }

    private static func duplicateKey(_ key: YAMLNode, first: SourceLocation) -> Diagnostic {
        let name = key.scalar.map { "'\($0.text)'" } ?? "(\(key.kindDescription))"
        return .error(
            "duplicate key \(name) in this mapping", rule: "yaml-duplicate-key", at: key.location,
            length: key.scalar.map { max(1, $0.text.count) } ?? 1,
            fixes: ["remove one of the two, or rename it"],
            notes: [Diagnostic.Note("\(name) is first written here", at: first)])
    }
}
