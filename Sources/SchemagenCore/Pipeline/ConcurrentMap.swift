import Dispatch

/// `map` over the machine's cores: `transform` runs for every index at once, as far as there are
/// cores, and the results come back in index order, so the output is the same whatever the
/// scheduling. `transform` must only read shared state (each result goes to its own slot).
func concurrentMap<Result: Sendable>(count: Int, _ transform: @Sendable (Int) -> Result) -> [Result] {
    guard count > 1 else { return (0..<count).map(transform) }
    return [Result](unsafeUninitializedCapacity: count) { buffer, initialized in
        let slots = SlotPointer(base: buffer.baseAddress!)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            (slots.base + index).initialize(to: transform(index))
        }
        initialized = count
    }
}

/// The results' buffer, shared by the workers; each writes only its own index.
private struct SlotPointer<Element>: @unchecked Sendable {
    var base: UnsafeMutablePointer<Element>
}
