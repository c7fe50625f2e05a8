import Testing

/// A guard against a hang, or against work worse than linear, measured on the work itself.
///
/// A `.timeLimit` trait counts from when a test case starts, waits included: in one CI run every
/// case of `InvalidCorpusTests` (each a few milliseconds of work, 2 s for all of them alone)
/// passed its minute together, most likely waiting for threads that slower tests held. The
/// traits stay, at ten minutes, so that a real hang still ends; the minute is checked here.
func expectWithinAMinute<Result>(_ what: @autoclosure () -> String, _ body: () throws -> Result) rethrows -> Result {
    let clock = ContinuousClock()
    let start = clock.now
    let result = try body()
    let elapsed = start.duration(to: clock.now)
    #expect(elapsed < .seconds(60), "\(what()) took \(elapsed)")
    return result
}
