import Foundation
import STTCore
import STTSim
import STTTestSupport
import Testing

/// Trace-driven link capacity (Mahimahi's delivery opportunities): what leaves when, exactly.
@Suite("Trace-driven links")
struct DeliveryTraceTests {
    /// One-way delays (ms) of raw datagrams of `ipSizes` bytes sent at `times` over a link whose
    /// capacity is `trace`, 10 ms propagation delay.
    func delays(_ trace: DeliveryTrace, sizes ipSizes: [Int], at times: [STTDuration]) throws -> [Double] {
        var link = LinkParameters(propagationDelay: .milliseconds(10), mtu: 9_000)
        link.capacity = .deliveryTrace(trace)
        let h = try TwoHosts(seed: 1, link: link)
        let probe = LinkProbe(h.sim)
        for (size, time) in zip(ipSizes, times) {
            h.sim.injectDatagram(
                from: h.client, to: h.sim.address(of: h.server),
                payload: [UInt8](repeating: 0xEE, count: size - LinkParameters.ipUDPOverhead), at: .zero + time)
        }
        try h.sim.run(until: .s(60))
        return probe.order.map { id in
            guard let delivered = probe.deliveredAt[id], let sent = probe.sentAt[id] else { return -1 }
            return Double(delivered - sent) / 1e6
        }
    }

    @Test("small packets share one opportunity; a larger one spends several and leaves with the last")
    func sharingAndSpending() throws {
        let trace = try DeliveryTrace(milliseconds: Array(1...100))
        // Three 500-byte packets fill the opportunity at 1 ms; 4000 bytes need 3 more (2, 3, 4 ms).
        let d = try delays(trace, sizes: [500, 500, 500, 4_000], at: [.zero, .zero, .zero, .zero])
        #expect(d == [11, 11, 11, 14], "departures at 1, 1, 1 and 4 ms, then 10 ms on the wire")
    }

    @Test("an opportunity that finds the queue empty is lost, and the trace loops after its last timestamp")
    func lostOpportunitiesAndLooping() throws {
        let trace = try DeliveryTrace(milliseconds: [10, 20])
        // At 5 ms the next opportunity is 10 ms; at 25 ms it is 30 ms (the loop's 10 ms), at
        // 41 ms it is 50 ms: the opportunities at 20 and 40 ms found nothing to send.
        let d = try delays(
            trace, sizes: [1_500, 1_500, 1_500], at: [.milliseconds(5), .milliseconds(25), .milliseconds(41)])
        #expect(d == [15, 15, 19])
    }

    @Test("a constant 12 Mbit/s trace carries 12 Mbit/s of full-size packets")
    func constantRate() throws {
        let trace = DeliveryTrace.constant(bitsPerSecond: 12e6, duration: .seconds(1))
        #expect(abs(trace.averageBitsPerSecond - 12e6) < 1)
        var link = LinkParameters(propagationDelay: .milliseconds(5))
        link.capacity = .deliveryTrace(trace)
        let h = try TwoHosts(seed: 2, link: link)
        let probe = LinkProbe(h.sim)
        blast(h.sim, count: 3_000, size: 1_472, interval: .microseconds(500))  // 23.5 Mbit/s offered
        try h.sim.run(until: .s(10))
        let delivered = probe.deliveredAt.values.filter { $0 <= 1_000_000_000 + 5_000_000 }.count
        #expect(delivered == 1_000, "one 1500-byte packet per millisecond in the first second")
    }

    @Test("Mahimahi text round-trips; decreasing, negative or missing timestamps are refused with their line")
    func parsing() throws {
        let trace = try DeliveryTrace(mahimahi: "1\n1\n 2 \n\n5\n")
        #expect(trace.milliseconds == [1, 1, 2, 5] && trace.mahimahiText == "1\n1\n2\n5\n")
        #expect(throws: DeliveryTrace.Problem.self) { try DeliveryTrace(mahimahi: "3\n2\n") }
        #expect((try? DeliveryTrace(mahimahi: "3\n2\n")) == nil)
        do {
            _ = try DeliveryTrace(mahimahi: "1\nx\n")
            Issue.record("a non-number must be refused")
        } catch {
            #expect(error.line == 2)
        }
        #expect(throws: DeliveryTrace.Problem.self) { try DeliveryTrace(mahimahi: "") }
        #expect(throws: DeliveryTrace.Problem.self) { try DeliveryTrace(mahimahi: "0\n0\n") }
        #expect(throws: DeliveryTrace.Problem.self) { try DeliveryTrace(mahimahi: "-4\n") }
    }

    @Test("the traces Scenarios/ ships are the ones the project generates")
    func shippedTracesAreGenerated() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scenarios/traces")
        let constant = try String(contentsOf: root.appendingPathComponent("constant-12mbps.trace"), encoding: .utf8)
        let cellular = try String(contentsOf: root.appendingPathComponent("cellular.trace"), encoding: .utf8)
        #expect(constant == DeliveryTrace.constant(bitsPerSecond: 12e6, duration: .seconds(10)).mahimahiText)
        #expect(cellular == DeliveryTrace.cellular(seed: 2026, duration: .seconds(60)).mahimahiText)
        let rate = try DeliveryTrace(mahimahi: cellular).averageBitsPerSecond
        #expect(rate > 3e6 && rate < 30e6, "the cellular trace averages \(rate) bit/s")
    }
}
