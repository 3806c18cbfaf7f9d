// swift-tools-version:6.1
//
// Module layout and dependency direction (arrows point down; nothing imports the CLI):
//
//   stt-sim (executable) ──► STTScenario ──► STTSim ──► STTCore ──► swift-crypto, swift-collections
//                                        ──► STTPcap ──► CPcap (libpcap-dev), STTCore
//                        ──► STTAnalysis ──► STTPcap, STTCore
//                        ──► STTUDP ──► STTCore, STTPcap, NIO
//
// STTCore is sans-IO: no clock, socket, Dispatch or system RNG (checked by Tools/check-sans-io.sh).
import PackageDescription

let package = Package(
    name: "stt-sim",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "STTCore", targets: ["STTCore"]),
        .library(name: "STTHarness", targets: ["STTHarness"]),
        .library(name: "STTSim", targets: ["STTSim"]),
        .library(name: "STTScenario", targets: ["STTScenario"]),
        .library(name: "STTPcap", targets: ["STTPcap"]),
        .library(name: "STTAnalysis", targets: ["STTAnalysis"]),
        .library(name: "STTUDP", targets: ["STTUDP"]),
        .executable(name: "stt-sim", targets: ["stt-sim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
    ],
    targets: [
        .target(
            name: "STTCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        // A manual-clock network of endpoints (quinn's `Pair`), for tests and benchmarks.
        .target(
            name: "STTHarness",
            dependencies: ["STTCore", .product(name: "HeapModule", package: "swift-collections")]
        ),
        .target(
            name: "STTSim",
            dependencies: [
                "STTCore",
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .target(name: "STTUnits", dependencies: ["STTCore"]),
        .target(name: "STTScenario", dependencies: ["STTSim", "STTCore", "STTUnits"]),
        .systemLibrary(
            name: "CPcap",
            pkgConfig: "libpcap",
            providers: [.apt(["libpcap-dev"])]
        ),
        .target(name: "STTPcap", dependencies: ["CPcap", "STTCore"]),
        // Offline analysis of captures: sessions, streams, decryption with a key log.
        .target(
            name: "STTAnalysis",
            dependencies: [
                "STTCore",
                "STTPcap",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .target(
            name: "STTUDP",
            dependencies: [
                "STTCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        // The simulator's hosts over real loopback sockets (`stt-sim run --transport udp`).
        .target(
            name: "STTSimUDP",
            dependencies: [
                "STTCore",
                "STTSim",
                "STTUDP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        .executableTarget(
            name: "stt-sim",
            dependencies: [
                "STTCore",
                "STTHarness",
                "STTSim",
                "STTScenario",
                "STTPcap",
                "STTAnalysis",
                "STTUDP",
                "STTSimUDP",
                "STTUnits",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "STTCoreTests",
            dependencies: ["STTCore", "STTHarness", .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "STTSimTests",
            dependencies: ["STTSim", "STTCore"]
        ),
        .testTarget(
            name: "STTScenarioTests",
            dependencies: ["STTScenario", "STTSim", "STTCore", "STTPcap", "STTAnalysis",
                           .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "STTPcapTests",
            dependencies: ["STTPcap", "STTAnalysis", "STTCore", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "STTUDPTests",
            dependencies: ["STTUDP", "STTCore"]
        ),
        .testTarget(
            name: "STTSimCLITests",
            dependencies: ["stt-sim"]
        ),
    ]
)
