// swift-tools-version:6.1
//
// libFuzzer targets for stt-sim: one executable per target, each a `fuzz` function for one input
// and a `<target>_main` that hands the command line to libFuzzer's driver (FuzzDriver). A
// separate package, so the main
// package never links the fuzzer runtime; build and run it with `Tools/fuzz.sh TARGET SECONDS`,
// which passes `-sanitize=fuzzer,address` and uses the git-ignored scratch path `.build-fuzz`.
//
// Targets: endpoint (an STTEndpoint's receive path, handshake included), packet (packet prefix
// and frame codecs), stream-decoder (BinaryStreamDecoder), scenario (Scenario.parse), pcap
// (PcapReader and CaptureAnalyzer). Seed inputs are in Corpus/<target>/.
import PackageDescription

let package = Package(
    name: "stt-sim-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "stt-sim", path: ".."),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
    ],
    targets: [
        // libFuzzer's driver, called by every target's `main`.
        .target(name: "FuzzDriver"),
        .executableTarget(
            name: "endpoint",
            dependencies: [
                "FuzzDriver",
                .product(name: "STTCore", package: "stt-sim"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "packet",
            dependencies: ["FuzzDriver", .product(name: "STTCore", package: "stt-sim")]
        ),
        .executableTarget(
            name: "stream-decoder",
            dependencies: [
                "FuzzDriver",
                .product(name: "STTCore", package: "stt-sim"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "scenario",
            dependencies: ["FuzzDriver", .product(name: "STTScenario", package: "stt-sim")]
        ),
        .executableTarget(
            name: "pcap",
            dependencies: [
                "FuzzDriver",
                .product(name: "STTCore", package: "stt-sim"),
                .product(name: "STTPcap", package: "stt-sim"),
                .product(name: "STTAnalysis", package: "stt-sim"),
            ]
        ),
    ]
)
