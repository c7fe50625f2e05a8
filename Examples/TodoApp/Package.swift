// swift-tools-version:6.0
// An app package that uses schemagen as a user would: the build plugin generates the models of
// schema/ into the TodoModels target at build time (docs/plugins.md). `make test` builds and tests
// it through scripts/test-example.sh.
import PackageDescription

let package = Package(
    name: "TodoApp",
    platforms: [.macOS(.v13)],
    dependencies: [
        // schemagen itself, two folders up. A path dependency's identity is its folder's name,
        // which differs between checkouts of schemagen: `name:` fixes it for `package:` below.
        .package(name: "schemagen", path: "../..")
    ],
    targets: [
        // The generated models, with code of the app's own that uses them.
        .target(
            name: "TodoModels",
            plugins: [.plugin(name: "SchemagenPlugin", package: "schemagen")]
        ),
        // A small command-line app over the models.
        .executableTarget(name: "todo", dependencies: ["TodoModels"]),
        .testTarget(name: "TodoModelsTests", dependencies: ["TodoModels"]),
    ]
)
