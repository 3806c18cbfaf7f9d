import Crypto
import Foundation
import STTScenario
import STTTestSupport
import Testing

/// Every example in Scenarios/ runs with its own seed, meets its expectations, and reproduces
/// its recorded fingerprint (Scenarios/fingerprints.json, regenerated on purpose only by
/// Tools/update-fingerprints.sh).
@Suite("Example scenarios meet their expectations, fingerprints and capture digests")
struct ExampleScenarioTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scenarios")

    static let files: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
        .filter {
            $0.hasSuffix(".json")
                && !["fingerprints.json", "capture-digests.json", "scenario.schema.json"].contains($0)
        }.sorted()

    static let golden = goldenValues("fingerprints.json")
    static let goldenCaptures = goldenValues("capture-digests.json")

    static func goldenValues(_ file: String) -> [String: String] {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent(file)) else { return [:] }
        return (try? JSONDecoder().decode([String: String].self, from: data)) ?? [:]
    }

    @Test("the example scenarios are all there")
    func examplesPresent() {
        let required = [
            "lossy", "clean", "bursty-loss", "dumbbell", "partition-heal", "crash-restart",
            "reorder-duplicate-corrupt", "live-video", "fan-out", "wrong-shared-seed", "many-nodes",
        ]
        for name in required { #expect(Self.files.contains("\(name).json"), "Scenarios/\(name).json is missing") }
    }

    @Test("Scenarios/many-nodes.json is exactly what `stt-sim generate many-nodes` writes")
    func manyNodesIsGenerated() throws {
        let file = try String(contentsOf: Self.directory.appendingPathComponent("many-nodes.json"), encoding: .utf8)
        #expect(
            file == ManyNodesScenario.json(nodes: 1_000),
            "regenerate: stt-sim generate many-nodes > Scenarios/many-nodes.json")
        let small = try Scenario.parse(ManyNodesScenario.json(nodes: 10), file: "many-nodes-10")
        #expect(small.nodes.count == 10)
    }

    @Test(
        "each example meets its expectations, its recorded fingerprint and its recorded capture digest",
        arguments: files)
    func example(file: String) throws {
        let text = try String(contentsOf: Self.directory.appendingPathComponent(file), encoding: .utf8)
        let scenario = try Scenario.parse(text, file: Self.directory.appendingPathComponent(file).path)
        let runner = try ScenarioRunner(scenario)
        let pcap = FileManager.default.temporaryDirectory.appendingPathComponent(
            "stt-regression-\(UUID().uuidString).pcap")
        defer { try? FileManager.default.removeItem(at: pcap) }
        var capture = scenario.capture  // as `stt-sim run FILE --pcap x.pcap`
        capture.file = pcap.path
        let writer = try attachCapture(capture, to: runner)
        try runner.run()
        var report = runner.report(wallSeconds: 0)
        writer.close()
        report.capture = writer.summary
        let replay = "replay: stt-sim run Scenarios/\(file) --seed \(report.seed)"
        for e in report.expectations where !e.passed {
            Issue.record("\(file): \(e.description) failed: \(e.detail) (\(replay))")
        }
        let name = String(file.dropLast(5))
        let expected = try #require(
            Self.golden[name], "no recorded fingerprint for \(name): run Tools/update-fingerprints.sh")
        #expect(
            report.fingerprint == expected,
            "\(file) fingerprint changed (\(replay)); if intended, run Tools/update-fingerprints.sh")
        #expect(report.capture?.errors == [])
        let digest = SHA256.hash(data: try Data(contentsOf: pcap)).map { String(format: "%02x", $0) }.joined()
        let expectedCapture = try #require(
            Self.goldenCaptures[name], "no recorded capture digest for \(name): run Tools/update-fingerprints.sh")
        #expect(
            digest == expectedCapture,
            "\(file) capture bytes changed (\(replay) --pcap x.pcap); if intended, run Tools/update-fingerprints.sh")
    }
}
