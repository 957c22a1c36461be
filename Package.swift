// swift-tools-version:6.0
import PackageDescription

/// The test machinery (`RECONCILE_CRASH_AT`, `RECONCILE_TEST_FAIL`, `RECONCILE_TEST_LOCK_PAUSE`)
/// is compiled into debug builds only, which the tests run; a release binary has none of it.
let testHooks: [SwiftSetting] = [.define("RECONCILE_TEST_HOOKS", .when(configuration: .debug))]

let package = Package(
    name: "Reconcile",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "reconcile", targets: ["reconcile"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(
            name: "ReconcileKit",
            dependencies: [
                "CZlib",
                "CLibXML2",
                "CSQLite",
                "CLibPQ",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: testHooks
        ),
        .executableTarget(
            name: "reconcile",
            dependencies: [
                "ReconcileKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: testHooks
        ),
        .testTarget(
            name: "ReconcileKitTests",
            dependencies: ["ReconcileKit", "reconcile"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
