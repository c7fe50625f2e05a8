import CLibFuzzer

/// libFuzzer calls this once per input. Built with `-sanitize=fuzzer,address -parse-as-library`
/// (Fuzz/fuzz.sh).
@_cdecl("LLVMFuzzerTestOneInput")
public func schemagenFuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    FuzzPipeline.run(FuzzInput(bytes))
    return 0
}

/// The entry point. On Linux SwiftPM links an executable target with `main` aliased to
/// `<Module>_main` (so that tests can link the module), which leaves libFuzzer's own `main` out of
/// the link: this hands control to libFuzzer's driver in its place.
@_cdecl("SchemagenFuzz_main")
public func schemagenFuzzMain(
    _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, count in
        schemagenFuzzTestOneInput(data, count)
    }
}
