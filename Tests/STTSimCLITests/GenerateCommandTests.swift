import Foundation
import Testing

/// `stt-sim generate`: what it writes is what the project ships.
@Suite("stt-sim generate")
struct GenerateCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("delivery-trace writes the shipped traces byte for byte; a bad rate, or none, exits 2 with the reason")
    func deliveryTrace() throws {
        let traces = Self.root.appendingPathComponent("Scenarios/traces")
        let constant = try runSTTSim(["generate", "delivery-trace", "--rate", "12Mbps", "--duration", "10s"])
        #expect(constant.status == 0)
        #expect(
            constant.stdout
                == (try String(contentsOf: traces.appendingPathComponent("constant-12mbps.trace"), encoding: .utf8)))
        let cellular = try runSTTSim([
            "generate", "delivery-trace", "--cellular", "--seed", "2026", "--duration", "60s",
        ])
        #expect(
            cellular.stdout
                == (try String(contentsOf: traces.appendingPathComponent("cellular.trace"), encoding: .utf8)))
        let bad = try runSTTSim(["generate", "delivery-trace", "--rate", "1e3Mbps"])
        #expect(bad.status == 2 && bad.stderr.contains("--rate must be a rate"))
        let neither = try runSTTSim(["generate", "delivery-trace"])
        #expect(neither.status == 2 && neither.stderr.contains("exactly one of --rate R and --cellular"))
        let huge = try runSTTSim(["generate", "delivery-trace", "--rate", "100Gbps", "--duration", "1h"])
        #expect(huge.status == 2 && huge.stderr.contains("at most 50 million"))
    }

    @Test("schema writes the committed scenario schema")
    func schema() throws {
        let r = try runSTTSim(["generate", "schema"])
        let committed = try String(
            contentsOf: Self.root.appendingPathComponent("Scenarios/scenario.schema.json"), encoding: .utf8)
        #expect(r.status == 0 && r.stdout == committed)
    }
}
