// swift-tools-version:6.0
import PackageDescription

// The libFuzzer target of schemagen, kept out of the main package: its executable has no `main`
// (libFuzzer supplies one), so it only links when built with `-sanitize=fuzzer`, which the main
// package's `swift build` must never need. Build and run it with `make fuzz-smoke` or `make fuzz`
// (Fuzz/fuzz.sh); see docs/testing.md.
let package = Package(
    name: "schemagen-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "schemagen", path: "..")
    ],
    targets: [
        // libFuzzer's driver entry, declared for Swift.
        .target(name: "CLibFuzzer"),
        .executableTarget(
            name: "SchemagenFuzz",
            dependencies: ["CLibFuzzer", .product(name: "SchemagenCore", package: "schemagen")]
        ),
    ]
)
