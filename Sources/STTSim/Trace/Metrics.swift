import Histogram
import STTCore

/// Percentiles of a latency distribution, in nanoseconds.
public struct LatencySummary: Equatable, Sendable {
    public let count: UInt64
    public let p50: Int64
    public let p99: Int64
    public let max: Int64
    public let mean: Double
}

/// Records one-way delays (queueing + serialisation + propagation) with HdrHistogram:
/// 1 µs to 100 s at 2 significant digits (1 % resolution); count, sum and maximum are kept
/// exactly. The histogram (about 11 KB) is created only past `sparseLimit` samples: a network of
/// ten thousand access links that each carry a few dozen packets would otherwise spend 200 MB
/// on histograms. Below the limit the samples are kept and binned at report time, so the
/// percentiles are the same either way.
struct LatencyRecorder {
    private static let highestMicroseconds: UInt64 = 100_000_000
    private static let sparseLimit = 256
    private var histogram: Histogram<UInt32>?
    private var sparse: [UInt32] = []
    private var count: UInt64 = 0
    private var sumNanoseconds: Double = 0
    private var maxNanoseconds: Int64 = 0

    private static func makeHistogram() -> Histogram<UInt32> {
        Histogram<UInt32>(
            lowestDiscernibleValue: 1, highestTrackableValue: highestMicroseconds,
            numberOfSignificantValueDigits: .two)
    }

    mutating func record(nanoseconds: Int64) {
        let micros = min(UInt64(max(1, nanoseconds / 1_000)), Self.highestMicroseconds)
        if histogram != nil {
            _ = histogram!.record(micros)
        } else if sparse.count < Self.sparseLimit {
            sparse.append(UInt32(micros))
        } else {
            var h = Self.makeHistogram()
            for m in sparse { _ = h.record(UInt64(m)) }
            _ = h.record(micros)
            histogram = h
            sparse = []
        }
        count += 1
        sumNanoseconds += Double(nanoseconds)
        maxNanoseconds = max(maxNanoseconds, nanoseconds)
    }

    var summary: LatencySummary? {
        guard count > 0 else { return nil }
        var h = histogram ?? Self.makeHistogram()
        if histogram == nil { for m in sparse { _ = h.record(UInt64(m)) } }
        return LatencySummary(
            count: count,
            p50: Int64(h.valueAtPercentile(50)) * 1_000,
            p99: Int64(h.valueAtPercentile(99)) * 1_000,
            max: maxNanoseconds,
            mean: sumNanoseconds / Double(count))
    }
}

/// Everything measured in a run, for reports.
public struct SimulationMetrics: Sendable {
    public struct Link: Sendable {
        public let id: Int
        public let name: String
        public let forward: LinkDirectionStatistics
        public let reverse: LinkDirectionStatistics
        /// One-way delay per direction, when packets were delivered.
        public let forwardDelay: LatencySummary?
        public let reverseDelay: LatencySummary?
    }

    public struct Session: Sendable {
        public let node: String
        public let info: SessionInfo
    }

    public let simulated: STTInstant
    public let events: Int
    public let fingerprint: String
    public let links: [Link]
    /// Every session every endpoint still holds, node by node in creation order.
    public let sessions: [Session]
    /// Every flow's report (bounded, live, messages), in the order they were added.
    public let flows: [FlowReport]
}

extension Simulation {
    /// A snapshot of every metric: links (with delay percentiles), sessions (bytes, packets,
    /// losses, RTT, window) and flows (completion, goodput inputs, retransmissions).
    public func metrics() -> SimulationMetrics {
        let linkMetrics = links.indices.map { l in
            SimulationMetrics.Link(
                id: l, name: links[l].name,
                forward: directions[2 * l].statistics, reverse: directions[2 * l + 1].statistics,
                forwardDelay: directions[2 * l].latency.summary,
                reverseDelay: directions[2 * l + 1].latency.summary)
        }
        var sessions: [SimulationMetrics.Session] = []
        for node in nodes {
            guard let endpoint = node.endpoint else { continue }
            for id in endpoint.sessionIDs {
                if let info = endpoint.sessionInfo(id) { sessions.append(.init(node: node.name, info: info)) }
            }
        }
        return SimulationMetrics(
            simulated: now, events: eventsProcessed, fingerprint: fingerprint, links: linkMetrics,
            sessions: sessions, flows: flowReports())
    }

    /// One line of the JSON Lines trace, with node and link names resolved.
    public func traceLine(_ record: TraceRecord) -> String {
        record.json(
            nodeName: nodes[Int(record.node)].name,
            linkName: record.link >= 0
                ? links[Int(directions[Int(record.link)].link)].name
                    + (record.link % 2 == 0 ? ">" : "<") : nil)
    }
}
