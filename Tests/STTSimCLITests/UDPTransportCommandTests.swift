import Foundation
import Testing

/// `stt-sim run --transport udp`: the same scenario over real loopback sockets.
@Suite("stt-sim run --transport udp", .serialized)
struct UDPTransportCommandTests {
    @Test("a scenario runs over real sockets with the same report, expectations and capture")
    func scenarioOverRealSockets() throws {
        let scenario = NSTemporaryDirectory() + "stt-udp-\(UUID().uuidString).json"
        let pcap = NSTemporaryDirectory() + "stt-udp-\(UUID().uuidString).pcap"
        let keys = pcap + ".keys"
        defer { for p in [scenario, pcap, keys] { try? FileManager.default.removeItem(atPath: p) } }
        try ScenarioCommandTests.valid.write(toFile: scenario, atomically: true, encoding: .utf8)
        let r = try runSTTSim(["run", scenario, "--transport", "udp", "--json", "--pcap", pcap, "--keylog", keys])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(report["transport"] as? String == "udp")
        let flow = try #require((report["flows"] as? [[String: Any]])?.first)
        #expect(flow["complete"] as? Bool == true && flow["intact"] as? Bool == true)
        let digest = try #require(flow["sha256"] as? String)
        let analysis = try runSTTSim(["analyze", pcap, "--keylog", keys, "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(analysis.stdout.utf8)) as? [String: Any])
        let session = try #require((json["sessions"] as? [[String: Any]])?.first)
        #expect((session["initiator"] as? String)?.hasPrefix("127.0.0.1:") == true)
        let stream = try #require((session["streams"] as? [[String: Any]])?.first)
        #expect(stream["sha256"] as? String == digest)

        let determinism = try runSTTSim(["run", scenario, "--transport", "udp", "--check-determinism"])
        #expect(determinism.status == 2 && determinism.stderr.contains("not deterministic"))
    }

    @Test("real sockets draw keys from the system's CSPRNG; --deterministic-keys gives the simulator's key log")
    func keysOverRealSockets() throws {
        let scenario = NSTemporaryDirectory() + "stt-udp-keys-\(UUID().uuidString).json"
        let base = NSTemporaryDirectory() + "stt-udp-keys-\(UUID().uuidString)"
        defer {
            for p in [scenario, base + ".sim", base + ".udp1", base + ".udp2", base + ".det"] {
                try? FileManager.default.removeItem(atPath: p)
            }
        }
        try ScenarioCommandTests.valid.write(toFile: scenario, atomically: true, encoding: .utf8)
        func keyLog(_ name: String, _ flags: [String]) throws -> String {
            let r = try runSTTSim(["run", scenario, "--keylog", base + name, "--quiet"] + flags)
            #expect(r.status == 0, "\(r.stderr)")
            return try String(contentsOfFile: base + name, encoding: .utf8)
        }
        let simulated = try keyLog(".sim", [])
        let first = try keyLog(".udp1", ["--transport", "udp"])
        let second = try keyLog(".udp2", ["--transport", "udp"])
        #expect(first != simulated && first != second, "fresh keys on every real-socket run")
        #expect(try keyLog(".det", ["--transport", "udp", "--deterministic-keys"]) == simulated)
        let misuse = try runSTTSim(["run", scenario, "--deterministic-keys"])
        #expect(misuse.status == 2 && misuse.stderr.contains("--deterministic-keys applies to --transport udp"))
    }
}
