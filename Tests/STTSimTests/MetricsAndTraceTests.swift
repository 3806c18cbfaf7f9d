import Foundation
import STTCore
import STTSim
import STTTestSupport
import Testing

@Suite("Metrics and trace")
struct MetricsAndTraceTests {
    @Test("metrics report links with delay percentiles, sessions with RTT, and flows with completion")
    func metricsReport() throws {
        let h = try TwoHosts(
            seed: 5,
            link: LinkParameters(
                propagationDelay: .milliseconds(25), bandwidthBitsPerSecond: 20e6,
                queueLimitPackets: 80, loss: .bernoulli(p: 0.01)))
        let flow = h.sim.addBulkFlow(from: h.client, to: h.server, bytes: 2 << 20)
        try h.sim.run(until: .s(60)) { flow.isComplete }
        let m = h.sim.metrics()
        let link = try #require(m.links.first)
        let delay = try #require(link.forward.delay)
        #expect(delay.p50 >= 25_000_000 && delay.p99 >= delay.p50 && delay.max >= delay.p99)
        let forward = link.forward.statistics
        #expect(forward.delivered > 1_450 && forward[.loss] > 0, "2 MiB in 1,472-byte datagrams is 1,494 packets")
        #expect(Double(forward[.loss]) / Double(forward.packets) < 0.03)
        let f = try #require(m.flows.first?.statistics)
        #expect(f.complete && f.intact && f.bytesDelivered == 2 << 20 && f.retransmittedBytes > 0)
        #expect(f.completion.map { $0 > .seconds(1) } == true, "2 MiB at 20 Mbit/s takes more than a second")
        let clientSession = try #require(m.sessions.first { $0.node == "client" })
        #expect(clientSession.info.recovery.minimumRTT.map { $0 >= .milliseconds(50) } == true)
        #expect(m.fingerprint == h.sim.fingerprint && m.events == h.sim.eventsProcessed)
    }

    @Test("every trace record becomes one JSON object naming the node, link, fate and reason")
    func jsonLinesTrace() throws {
        let h = try TwoHosts(
            seed: 6, link: LinkParameters(propagationDelay: .milliseconds(5), loss: .bernoulli(p: 0.2)))
        var lines: [String] = []
        h.sim.traceSink = { lines.append(h.sim.traceLine($0)) }
        let flow = h.sim.addBulkFlow(from: h.client, to: h.server, bytes: 64 * 1024)
        try h.sim.run(until: .s(60)) { flow.isComplete }
        let objects = try lines.map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.count > 50)
        let fates = Set(objects.compactMap { $0["fate"] as? String })
        #expect(fates.isSuperset(of: ["sent", "delivered", "dropped"]))
        let drop = try #require(objects.first { $0["fate"] as? String == "dropped" })
        #expect(drop["reason"] as? String == "loss" && (drop["link"] as? String)?.hasPrefix("client-server") == true)
        #expect(objects.allSatisfy { $0["t"] is Int && $0["packet"] is Int && $0["node"] is String })
    }
}
