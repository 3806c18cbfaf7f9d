// swift-tools-version:6.1
//
// Modules, and what each may import (Tools/check-imports.py checks every import against these
// lines, and that every target declares exactly the modules its files import):
//
//   STTCore → CLibCrypto, Crypto, DequeModule, HeapModule, OrderedCollections
//   STTHarness → STTCore, Crypto, HeapModule
//   STTSim → STTCore, Crypto, DequeModule, HeapModule, Histogram
//   STTUnits → STTCore
//   STTScenario → STTCore, STTSim, STTUnits
//   STTCampaign → STTCore, STTSim, STTScenario, Foundation, HeapModule, Crypto
//   STTCharts → Foundation
//   STTReport → STTCore, STTSim, STTCharts, STTAnalysis, STTPcap
//   STTPcap → CPcap, STTCore
//   STTAnalysis → STTCore, STTPcap, Crypto, OrderedCollections
//   STTUDP → STTCore, NIOCore, NIOPosix, NIOConcurrencyHelpers, DequeModule
//   STTSimUDP → STTCore, STTSim, STTUDP, NIOCore, NIOPosix, NIOConcurrencyHelpers, DequeModule
//   stt-sim → STTCore, STTHarness, STTSim, STTScenario, STTUnits, STTPcap, STTAnalysis, STTUDP, STTSimUDP
//   stt-sim → STTReport, STTCharts, STTCampaign, CLibCrypto, CMalloc
//   STTTestSupport → STTCore, STTHarness, STTSim
//   stt-sim → ArgumentParser, Crypto, HeapModule, NIOCore, NIOPosix, NIOConcurrencyHelpers
//
// In a picture (arrows point to what a module uses; nothing imports the command line):
//
//   stt-sim ─┬─► STTScenario ─► STTSim ─► STTCore ─► swift-crypto, CLibCrypto (libssl-dev),
//            │                                          swift-collections
//            ├─► STTSimUDP ───► STTSim, STTUDP ─► SwiftNIO
//            ├─► STTCampaign ─► STTScenario
//            ├─► STTAnalysis ─► STTPcap ─► CPcap (libpcap-dev)
//            └─► STTUnits, STTHarness
//
// STTCore is sans-IO: no clock, socket, Dispatch or system RNG (Tools/check-sans-io.sh).
import PackageDescription

let package = Package(
    name: "stt-sim",
    platforms: [.macOS(.v15)],
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
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        // Documentation only (`swift package generate-documentation`); nothing links it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "STTCore",
            dependencies: [
                "CLibCrypto",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        // A manual-clock network of endpoints (quinn's `Pair`), for tests and benchmarks.
        .target(
            name: "STTHarness",
            dependencies: [
                "STTCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]
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
        // SVG charts for the HTML report (no charting library exists for Swift on Linux).
        .target(name: "STTCharts"),
        // The run report: transport events and link fates sampled into series, drawn as one HTML file.
        .target(
            name: "STTReport",
            dependencies: ["STTCore", "STTSim", "STTCharts", "STTAnalysis", "STTPcap"]
        ),
        .target(name: "STTScenario", dependencies: ["STTSim", "STTCore", "STTUnits"]),
        // Campaigns: random scenarios checked against invariants and shrunk (swarm), parameter
        // studies with confidence intervals (sweep), shards and their merge.
        .target(
            name: "STTCampaign",
            dependencies: [
                "STTCore", "STTSim", "STTScenario",
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .systemLibrary(
            name: "CPcap",
            pkgConfig: "libpcap",
            providers: [.apt(["libpcap-dev"])]
        ),
        // glibc's malloc.h, for the bench's heap-bytes-per-node figures (no library to link).
        .systemLibrary(name: "CMalloc"),
        // OpenSSL 3's libcrypto: packet AEADs with a key schedule set up once per key.
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
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
                "STTReport",
                "STTCharts",
                "STTCampaign",
                "CLibCrypto",
                "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // What the test suites share: endpoint pairs on the harness, simulated hosts, temporary files.
        .target(
            name: "STTTestSupport",
            dependencies: ["STTCore", "STTHarness", "STTSim"],
            path: "Tests/STTTestSupport"
        ),
        .testTarget(
            name: "STTCoreTests",
            dependencies: [
                "STTTestSupport", "STTCore", "STTHarness", .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "STTSimTests",
            dependencies: [
                "STTTestSupport", "STTSim", "STTCore", .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .testTarget(
            name: "STTScenarioTests",
            dependencies: [
                "STTTestSupport",
                "STTScenario", "STTSim", "STTCore", "STTPcap", "STTAnalysis",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "STTPcapTests",
            dependencies: [
                "STTTestSupport", "STTPcap", "STTAnalysis", "STTCore",
            ]
        ),
        .testTarget(
            name: "STTUDPTests",
            dependencies: [
                "STTUDP",
                "STTCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "STTChartsTests", dependencies: ["STTCharts"], exclude: ["Snapshots"]),
        .testTarget(
            name: "STTReportTests",
            dependencies: ["STTReport", "STTSim", "STTCore", "STTTestSupport"]
        ),
        .testTarget(
            name: "STTCampaignTests",
            dependencies: ["STTCampaign", "STTScenario", "STTSim", "STTCore"]
        ),
        .testTarget(
            name: "STTSimCLITests",
            dependencies: ["stt-sim"]
        ),
    ]
)
