import Dispatch
import Foundation

/// `map` over the machine's cores: `transform` runs for every index at once, as far as there are
/// cores, and the results come back in index order, so the output is the same whatever the
/// scheduling. `transform` must only read shared state (each result goes to its own slot).
func concurrentMap<Result: Sendable>(count: Int, _ transform: @Sendable (Int) -> Result) -> [Result] {
    guard count > 1, !runsJobsInTurn else { return (0..<count).map(transform) }
    return [Result](unsafeUninitializedCapacity: count) { buffer, initialized in
        let slots = SlotPointer(base: buffer.baseAddress!)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            (slots.base + index).initialize(to: transform(index))
        }
        initialized = count
    }
}

/// `SCHEMAGEN_JOBS=1`: every `concurrentMap` runs its jobs on the calling thread, in turn.
/// `make bench` counts instructions that way, so that a stage's inclusive count holds all of its
/// work, not the part the calling thread happened to take; the output is the same either way.
let runsJobsInTurn = ProcessInfo.processInfo.environment["SCHEMAGEN_JOBS"] == "1"

/// The results' buffer, shared by the workers; each writes only its own index.
private struct SlotPointer<Element>: @unchecked Sendable {
    var base: UnsafeMutablePointer<Element>
}

/// Work that runs on a thread of its own beside the caller, for work that needs nothing the caller
/// computes meanwhile (the migration history while the schema is loaded). A `Thread`, not a
/// dispatch queue: a job on libdispatch's pool would take a worker from the caller's own
/// `concurrentMap`s, which run serially when nested in a pool job.
final class BackgroundJob<Value: Sendable>: @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)
    private var value: Value?
    private let cancellation = Cancellation()

    /// `work` may look at its `Cancellation` between steps, and stop early once it is set.
    init(_ work: @escaping @Sendable (Cancellation) -> Value) {
        let thread = Thread { [self] in
            value = work(cancellation)
            finished.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The job's value, once it is done; call it once.
    func wait() -> Value {
        finished.wait()
        defer { value = nil }
        return value!
    }

    /// Tells the work that its value will not be used (the run found an error), and waits for it
    /// to stop: no thread of a run outlives it.
    func cancel() {
        cancellation.cancel()
        _ = wait()
    }

    /// Set once a job's value is no longer wanted.
    final class Cancellation: @unchecked Sendable {
        private let lock = NSLock()
        private var cancelled = false

        var isCancelled: Bool { lock.withLock { cancelled } }

        fileprivate func cancel() { lock.withLock { cancelled = true } }
    }
}

/// A value one job hands to another, taken once, so that it is released as soon as the taker is
/// done with it rather than when every closure that shares it is.
final class Handoff<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value?

    init(_ value: Value?) {
        self.value = value
    }

    func take() -> Value? {
        lock.lock()
        defer { lock.unlock() }
        defer { value = nil }
        return value
    }
}

/// `concurrentMap` for the layers below this one that take a `JobMap`.
struct ConcurrentJobs: JobMap {
    func map<Result: Sendable>(_ count: Int, _ transform: @Sendable (Int) -> Result) -> [Result] {
        concurrentMap(count: count, transform)
    }
}
