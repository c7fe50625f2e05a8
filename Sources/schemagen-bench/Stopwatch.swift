/// The times of one stage: every sample, with the median (the typical run) and the minimum (the run
/// least disturbed by the rest of the machine).
struct Timing: Sendable {
    /// The first run, cold: caches, lazily initialised tables and the allocator not yet warmed.
    var cold: Duration = .zero
    var samples: [Duration]

    var median: Duration {
        let sorted = samples.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    var minimum: Duration { samples.min() ?? .zero }
}

/// Times `body` with `ContinuousClock` over `iterations` runs, after one warm-up run (which fills
/// caches and lazily initialised tables, e.g. the linter's rule list), timed as the cold run.
func measure<Result>(iterations: Int, _ body: () throws -> Result) rethrows -> Timing {
    let clock = ContinuousClock()
    var first: Result?
    let cold = try clock.measure { first = try body() }
    keep(first)
    first = nil
    var samples: [Duration] = []
    for _ in 0..<max(1, iterations) {
        var result: Result?
        let elapsed = try clock.measure { result = try body() }
        keep(result)
        samples.append(elapsed)
    }
    return Timing(cold: cold, samples: samples)
}

/// Keeps the optimiser from discarding work whose result nobody reads.
@inline(never)
func keep<Value>(_ value: Value) {
    withExtendedLifetime(value) {}
}

extension Duration {
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1_000 + Double(attoseconds) / 1e15
    }
}
