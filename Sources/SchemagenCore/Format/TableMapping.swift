/// How the graph builder runs the work that divides by table: each table builds, and later finds
/// its foreign keys, reading only shared values. The pipeline passes `concurrentMap` (Pipeline/, a
/// layer above this one) so that both cores take it; the results come back in index order, so the
/// graph and the findings are the same whatever the scheduling, and the same as `SerialMapping`'s.
protocol TableMapping: Sendable {
    func map<Result: Sendable>(count: Int, _ transform: @Sendable (Int) -> Result) -> [Result]
}

/// One index after the other, on the caller's thread.
struct SerialMapping: TableMapping {
    func map<Result: Sendable>(count: Int, _ transform: @Sendable (Int) -> Result) -> [Result] {
        (0..<count).map(transform)
    }
}

extension TableMapping {
    /// `transform` over `0..<count` in contiguous chunks of at most `chunkSize` indexes, each chunk
    /// with a fresh `State` (what a chunk may learn and reuse, such as the expressions found valid),
    /// flattened in index order.
    func chunkedMap<State, Result: Sendable>(
        count: Int, chunkSize: Int, state: @Sendable () -> State,
        _ transform: @Sendable (Int, inout State) -> Result
    ) -> [Result] {
        let chunks = (count + chunkSize - 1) / chunkSize
        let results = map(count: chunks) { chunk in
            var local = state()
            return (chunk * chunkSize..<min(count, (chunk + 1) * chunkSize)).map { transform($0, &local) }
        }
        var flat: [Result] = []
        flat.reserveCapacity(count)
        for chunk in results { flat += chunk }
        return flat
    }
}
