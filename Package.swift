// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "schemagen",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "schemagen", targets: ["schemagen"]),
        .library(name: "SchemagenCore", targets: ["SchemagenCore"]),
        // The models at build time, and `swift package schemagen …` in a user's package (docs/plugins.md).
        .plugin(name: "SchemagenPlugin", targets: ["SchemagenPlugin"]),
        .plugin(name: "SchemagenCommand", targets: ["SchemagenCommand"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        // SHA-256 for the migrations' integrity file (CryptoKit on Apple platforms).
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // Property tests of the migrations (random schemas and edits), in the tests only.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // libyaml's event API, through a module of our own.
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // The real SQLite library, in process: `schemagen migrate` on a SQLite file, and the
        // tests' proofs of generated SQL.
        .systemLibrary(
            name: "CSQLite3",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        // The templates the Swift renderer reads; shipped as resources so an installed
        // binary or a plugin finds them without a checkout.
        .target(
            name: "SchemagenTemplates",
            path: "Templates",
            exclude: ["README.md"],
            resources: [.copy("swift")]
        ),
        // The JSON Schemas of the YAML format and of schemagen.yaml (schemas/*.json), shipped as
        // resources so that `schemagen json-schema` prints the committed files.
        .target(
            name: "SchemagenJSONSchemas",
            path: "schemas",
            resources: [.copy("schemagen-schema.json"), .copy("schemagen-config.json")]
        ),
        // The whole pipeline: YAML → graph → validation → renderers → writer.
        .target(
            name: "SchemagenCore",
            dependencies: [
                "CLibYAML",
                "CSQLite3",
                "SchemagenTemplates",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // A thin command-line shell over SchemagenCore.
        .executableTarget(
            name: "schemagen",
            dependencies: [
                "SchemagenCore",
                "SchemagenJSONSchemas",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Runs `schemagen models` as a build command: the schema's Swift models, in one file of
        // the plugin's work directory, compiled with the target that uses the plugin.
        .plugin(
            name: "SchemagenPlugin",
            capability: .buildTool(),
            dependencies: ["schemagen"]
        ),
        // `swift package --allow-writing-to-package-directory schemagen [generate|check|lint …]`.
        .plugin(
            name: "SchemagenCommand",
            capability: .command(
                intent: .custom(
                    verb: "schemagen",
                    description:
                        "Run schemagen in the package root (generate, check, lint…), as `swift run schemagen` would."
                ),
                permissions: [
                    .writeToPackageDirectory(reason: "schemagen generate writes Generated/ (SQL, migrations, models).")
                ]
            ),
            dependencies: ["schemagen"]
        ),
        // Times each stage on synthetic schemas (`make bench`); never run by the tests.
        .executableTarget(
            name: "schemagen-bench",
            dependencies: [
                "SchemagenCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The example schema's generated models, compiled as a real target so a change
        // that breaks the generated Swift breaks the build.
        .target(
            name: "ExampleModels",
            path: "Generated/swift"
        ),
        .testTarget(
            name: "SchemagenCoreTests",
            dependencies: [
                "SchemagenCore", "CSQLite3", "SchemagenJSONSchemas",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Fixtures"]
        ),
        // The example's models and embedded migrations, used as an app uses them (the library's
        // in-process SQLite and catalog reader prove the migrations).
        .testTarget(
            name: "ExampleModelsTests",
            dependencies: ["ExampleModels", "SchemagenCore"]
        ),
    ]
)
