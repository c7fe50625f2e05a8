/// Keeps a command's result alive until the process exits, so that the run does not end by
/// releasing it piece by piece: at 1,000 tables `lint` spent 15.6 M instructions (2% of the
/// run, all on the main thread, after the findings were printed) destroying the schema graph,
/// the findings and their sources, memory the kernel takes back at once when the process ends.
/// Only the command-line tool does this; the library frees what it makes, as a library must.
final class KeptUntilExit<Value> {
    let value: Value

    private init(_ value: Value) {
        self.value = value
    }

    /// `value` is never released: call it last, with what the command no longer needs.
    static func keep(_ value: consuming Value) {
        _ = Unmanaged.passRetained(KeptUntilExit(value))
    }
}
