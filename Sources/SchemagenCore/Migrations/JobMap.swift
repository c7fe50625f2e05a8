/// How this layer runs jobs that do not depend on each other (hashing the committed migration
/// files, reading them): `concurrentMap` lives in Pipeline/, a layer above, so the generator
/// passes it in (`ConcurrentJobs`); alone, the jobs run in turn (`JobsInTurn`). Either way the
/// results come back in index order, so what is computed from them is the same.
protocol JobMap: Sendable {
    func map<Result: Sendable>(_ count: Int, _ transform: @Sendable (Int) -> Result) -> [Result]
}

/// Every job on the calling thread, in index order.
struct JobsInTurn: JobMap {
    func map<Result: Sendable>(_ count: Int, _ transform: @Sendable (Int) -> Result) -> [Result] {
        (0..<count).map(transform)
    }
}
