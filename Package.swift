// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Sakuin",
    products: [
        .library(name: "Sakuin", targets: ["Sakuin"]),
        .executable(name: "sakuin", targets: ["sakuin"]),
        .executable(name: "sakuin-bench", targets: ["sakuin-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // zlib for the catalog's stored text (README: "Dependencies"); used in one file only.
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        // A binary heap for choosing the top results (README: "Dependencies").
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
    ],
    targets: [
        // The system ICU, seen only by the C bridge below (see README: "Why a C bridge").
        .systemLibrary(name: "CICU", path: "Sources/CICU", pkgConfig: "icu-uc icu-i18n",
                       providers: [.apt(["libicu-dev"])]),
        // Plain C functions over opaque handles; ICU headers stay inside its .c file.
        .target(name: "ICUBridge", dependencies: ["CICU"], path: "Sources/ICUBridge"),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "Sakuin", dependencies: [
            "ICUBridge", "CSQLite",
            .product(name: "CompressNIO", package: "compress-nio"),
            .product(name: "HeapModule", package: "swift-collections"),
        ], path: "Sources/Sakuin"),
        .executableTarget(name: "sakuin", dependencies: [
            "Sakuin",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Sources/sakuin"),
        // The side-by-side benchmark's two commands (Benchmarks/README.md), over the library.
        .executableTarget(name: "sakuin-bench", dependencies: [
            "Sakuin",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Sources/sakuin-bench"),
        .testTarget(name: "SakuinTests", dependencies: ["Sakuin", "sakuin", "sakuin-bench"], path: "Tests/SakuinTests",
                    resources: [.copy("Fixtures")]),
    ]
)
