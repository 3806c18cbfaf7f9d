import Foundation
import STTCore
import STTReport
import STTSim
import STTTestSupport
import Testing

@Suite("Run report: series sampled from a run, the time series CSV and the HTML")
struct RunReportTests {
    func transfer(seed: UInt64, bytes: Int, observe: Bool) throws -> (TwoHosts, RunObserver?) {
        let h = try TwoHosts(
            seed: seed,
            link: LinkParameters(
                propagationDelay: .milliseconds(10), bandwidthBitsPerSecond: 50e6, queueLimitPackets: 40,
                loss: .bernoulli(p: 0.01)))
        let observer = observe ? RunObserver(attachingTo: h.sim) : nil
        let flow = h.sim.addBulkFlow(from: h.client, to: h.server, bytes: bytes)
        try h.sim.run(until: .s(120)) { flow.isComplete }
        return (h, observer)
    }

    @Test("the time series has one header, known metrics, bounded rows, and times within the run")
    func timeSeriesCSV() throws {
        let (h, observer) = try transfer(seed: 21, bytes: 4 << 20, observe: true)
        let csv = try #require(observer).timeSeriesCSV(nodeName: { h.sim.name(of: $0) })
        let rows = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.first?.joined(separator: ",") == "time_s,entity,metric,value")
        let body = rows.dropFirst()
        #expect(body.allSatisfy { $0.count == 4 && Double($0[0]) != nil && Double($0[3]) != nil })
        let metrics = Set(body.map { String($0[2]) })
        #expect(metrics.isSuperset(of: ["cwnd_bytes", "bytes_in_flight", "srtt_ms", "goodput_bps", "queue_bytes"]))
        let latest = body.compactMap { Double($0[0]) }.max() ?? 0
        #expect(latest <= Double(h.sim.now.nanoseconds) / 1e9 + 0.001)
        let perSeries = Dictionary(grouping: body) { "\($0[1])|\($0[2])" }.mapValues(\.count)
        #expect(perSeries.values.allSatisfy { $0 <= 1024 }, "at most 1,024 intervals per series")
    }

    @Test("a long transfer's report stays small: series are binned, not listed per packet")
    func reportSizeIsBounded() throws {
        let (h, observer) = try transfer(seed: 22, bytes: 24 << 20, observe: true)
        var context = ReportContext(title: "bulk", source: "test", nodeNames: ["client", "server"])
        context.flows = [
            .init(
                label: "bulk", node: h.client, sessions: h.sim.flowSessions.map(\.session), summary: "24 MiB")
        ]
        let html = HTMLReport.render(context, try #require(observer))
        #expect(html.utf8.count < 400_000, "got \(html.utf8.count) bytes for ~17,000 packets")
        for chart in ["goodput", "time-sequence", "window", "pacing", "rtt", "queue", "drops"] {
            #expect(html.contains("data-chart=\"\(chart)\""), "no \(chart) chart")
        }
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http"), "the report fetches nothing")
    }

    @Test("observing a run for a report does not change what the run does")
    func observingKeepsTheFingerprint() throws {
        let (plain, _) = try transfer(seed: 23, bytes: 1 << 20, observe: false)
        let (observed, _) = try transfer(seed: 23, bytes: 1 << 20, observe: true)
        #expect(plain.sim.fingerprint == observed.sim.fingerprint)
    }
}
