import Foundation
import STTCore
import STTSim
import STTTestSupport
import Testing

@Suite("Transport events: what each packet carried and became, and how recovery responded")
struct TransportEventTests {
    func lossyHosts(seed: UInt64) throws -> TwoHosts {
        try TwoHosts(
            seed: seed,
            link: LinkParameters(
                propagationDelay: .milliseconds(20), bandwidthBitsPerSecond: 20e6, queueLimitPackets: 60,
                loss: .bernoulli(p: 0.02)))
    }

    @Test("a lossy transfer reports each packet sent once, settles it at most once, and names each loss's rule")
    func packetsAreSentAckedAndLost() throws {
        let h = try lossyHosts(seed: 11)
        var events: [(Int, TransportEvent)] = []
        h.sim.transportEventSink = { events.append(($0, $1)) }
        let flow = h.sim.addBulkFlow(from: h.client, to: h.server, bytes: 1 << 20)
        try h.sim.run(until: .s(60)) { flow.isComplete }
        let client = events.filter { $0.0 == h.client }.map(\.1)
        var sent: [UInt64: Int] = [:]
        var settled = Set<UInt64>()
        var lost = 0
        var streamBytes = 0
        for e in client {
            switch e.kind {
            case .packetSent(let pn, let bytes, let frames):
                #expect(sent[pn] == nil, "packet \(pn) reported sent twice")
                sent[pn] = bytes
                for case .stream(_, _, _, let length, _) in frames { streamBytes += length }
            case .packetAcknowledged(let pn, let bytes, let spurious):
                #expect(sent[pn] == bytes, "acknowledged packet \(pn) was not sent with \(bytes) bytes")
                #expect(spurious || settled.insert(pn).inserted, "packet \(pn) acknowledged twice")
            case .packetLost(let pn, let bytes, _):
                #expect(sent[pn] == bytes)
                #expect(settled.insert(pn).inserted, "packet \(pn) settled twice")
                lost += 1
            default: break
            }
        }
        #expect(lost > 0, "2 % loss on 700 packets loses some")
        #expect(streamBytes > 1 << 20, "the retransmissions show in the frames: more than the file was sent")
        let metrics = client.compactMap { e -> TransportMetrics? in
            if case .metricsUpdated(let m) = e.kind { return m }
            return nil
        }
        #expect(metrics.count > 20 && metrics.allSatisfy { $0.congestionWindow > 0 })
        #expect(metrics.last?.smoothedRTT.map { $0 >= .milliseconds(40) } == true, "two 20 ms hops and back")
        let times = client.map(\.time)
        #expect(times == times.sorted(), "events come in time order, stamped in simulated time")
        #expect(
            events.contains { if case .lifecycle(.sessionEstablished) = $1.kind { return true } else { return false } })
    }

    @Test("turning transport events on changes nothing the run does: the fingerprint is the same")
    func eventsDoNotChangeTheRun() throws {
        var fingerprints: [String] = []
        for on in [false, true] {
            let h = try lossyHosts(seed: 12)
            var count = 0
            if on { h.sim.transportEventSink = { _, _ in count += 1 } }
            let flow = h.sim.addBulkFlow(from: h.client, to: h.server, bytes: 256 * 1024)
            try h.sim.run(until: .s(60)) { flow.isComplete }
            #expect(on == (count > 0))
            fingerprints.append(h.sim.fingerprint)
        }
        #expect(fingerprints[0] == fingerprints[1])
    }

    @Test("a transport event becomes one JSON object with its time, node, session and fields")
    func eventsAsJSONLines() throws {
        let h = try lossyHosts(seed: 13)
        var lines: [String] = []
        h.sim.transportEventSink = { lines.append(h.sim.traceLine(node: $0, $1)) }
        let flow = h.sim.addBulkFlow(from: h.client, to: h.server, bytes: 256 * 1024)
        try h.sim.run(until: .s(60)) { flow.isComplete }
        let objects = try lines.map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let names = Set(objects.compactMap { $0["event"] as? String })
        #expect(
            names.isSuperset(of: [
                "packet_sent", "packet_received", "packet_acked", "metrics_updated", "session_established",
            ]))
        let lostLine = try #require(objects.first { $0["event"] as? String == "packet_lost" })
        #expect(["packet_threshold", "time_threshold"].contains(lostLine["trigger"] as? String ?? ""))
        let sentLine = try #require(
            objects.first { ($0["frames"] as? [String])?.contains { $0.hasPrefix("STREAM") } == true })
        #expect(sentLine["pn"] is Int && sentLine["bytes"] is Int && (sentLine["session"] as? String)?.count == 16)
    }
}
