import Foundation
import STTCore
import STTScenario
import STTSim

/// When a bounded transfer must have completed, judged from the scenario's own figures only
/// (docs/CAMPAIGNS.md, "Long enough"). A flow is *owed* completion when its two endpoints share
/// a shared seed, neither is an attacker, both are up once the last fault is over, every hop of
/// every shortest path between them is open then, and the path and timers leave room for a
/// session; it must complete by its deadline: the quiet start (last event, last flood, the
/// flow's start) plus handshake attempts plus the scenario's offered bytes over the path's
/// loss-limited rate, times a margin. Anything in doubt makes the flow *not owed*, never
/// flagged: the checker must not call a run broken that could not have completed.
public struct CompletionBudget: Sendable {
    /// One bounded flow's verdict.
    public struct Flow: Sendable, Equatable {
        public let flow: Int
        /// When it must be complete; nil when it is not owed completion.
        public let deadline: STTDuration?
        /// Why it is not owed completion, or the deadline's terms.
        public let reason: String
    }

    public let flows: [Flow]

    /// Largest IP packet a session starts with: 1200-byte datagrams plus IPv4 and UDP headers.
    static let firstPacketBytes = 1200 + LinkParameters.ipUDPOverhead
    /// Paths losing more than this (either way, loss and corruption together) are not judged.
    public static let maximumPathLoss = 0.4
    /// The factor between the deadline's estimate and what a flow is given.
    public static let margin = 4.0
    /// Bytes of a protected packet that are not stream payload: header, tag, frame headers.
    static let packetOverhead = 64.0
    /// Expected idle-timeout losses of a transfer's session beyond which it is not judged.
    public static let sessionLossesAllowed = 0.05

    public init(_ scenario: Scenario) {
        let network = QuietNetwork(scenario)
        var quietStart = scenario.events.map(\.at).max() ?? .zero
        var attackers = Set<Int>()
        // What each flow offers, and the hops it crosses (either way: data one way, ACKs back).
        var load: [(hops: Set<Int>, bytes: Double)] = []
        var peers = Array(repeating: Set<Int>(), count: scenario.nodes.count)
        for t in scenario.traffic {
            let bytes: Double
            switch t.kind {
            case .helloFlood(let h):
                attackers.insert(t.from)
                quietStart = max(quietStart, t.start + h.duration)
                continue
            case .bounded(let b): bytes = Double(b.size)
            case .live(let l): bytes = l.rate / 8 * l.duration.seconds
            case .messages(let m): bytes = Double(m.count) * Double(m.size)
            }
            for r in t.to {
                peers[t.from].insert(r)
                peers[r].insert(t.from)
                let hops = network.shortestPathHops(from: t.from, to: r) + network.shortestPathHops(from: r, to: t.from)
                load.append((Set(hops.map(\.link)), bytes))
            }
        }
        let context = Context(
            scenario: scenario, network: network, quietStart: quietStart, attackers: attackers, load: load,
            peers: peers.map(\.count))
        flows = scenario.traffic.enumerated().compactMap { i, t in
            guard case .bounded = t.kind else { return nil }
            return context.judge(flow: i, t)
        }
    }

    /// The flow's verdict, if it is a bounded flow.
    public func verdict(flow: Int) -> Flow? { flows.first { $0.flow == flow } }

    /// The latest deadline of the flows owed completion (nil when none is).
    public var latestDeadline: STTDuration? { flows.compactMap(\.deadline).max() }

    private struct Context {
        let scenario: Scenario
        let network: QuietNetwork
        let quietStart: STTDuration
        let attackers: Set<Int>
        let load: [(hops: Set<Int>, bytes: Double)]
        let peers: [Int]

        /// Bytes of every flow that shares a link with the path between `a` and `b` (this flow
        /// included): the most that competes with it for the bottleneck.
        func offeredBytes(between a: Int, _ b: Int) -> Double {
            let mine = Set(
                (network.shortestPathHops(from: a, to: b) + network.shortestPathHops(from: b, to: a)).map(\.link))
            return load.filter { !$0.hops.isDisjoint(with: mine) }.reduce(0) { $0 + $1.bytes }
        }

        func judge(flow i: Int, _ t: Scenario.Traffic) -> Flow {
            func excused(_ why: String) -> Flow { Flow(flow: i, deadline: nil, reason: why) }
            let from = scenario.nodes[t.from]
            let to = scenario.nodes[t.to[0]]
            if attackers.contains(t.from) || attackers.contains(t.to[0]) {
                return excused("an end is a flood attacker")
            }
            guard from.sharedSeed == to.sharedSeed else { return excused("the ends hold different shared seeds") }
            guard to.configuration.acceptsIncomingSessions else { return excused("the receiver accepts no sessions") }
            guard !network.isDown[t.from], !network.isDown[t.to[0]] else { return excused("an end stays crashed") }
            for (node, configuration) in [(t.from, from.configuration), (t.to[0], to.configuration)]
            where configuration.maxSessions < peers[node] {
                return excused("\(scenario.nodes[node].id) holds fewer sessions than it has peers")
            }
            guard let forward = PathFigures(network, from: t.from, to: t.to[0]),
                let reverse = PathFigures(network, from: t.to[0], to: t.from)
            else { return excused("no open path once the faults are over") }
            guard !forward.tracedCapacity, !reverse.tracedCapacity else {
                return excused("a hop's capacity follows a delivery trace")
            }
            guard forward.mtu >= CompletionBudget.firstPacketBytes, reverse.mtu >= CompletionBudget.firstPacketBytes
            else { return excused("a path's MTU is below \(CompletionBudget.firstPacketBytes) bytes") }
            guard forward.queueBytes >= CompletionBudget.firstPacketBytes,
                reverse.queueBytes >= CompletionBudget.firstPacketBytes
            else { return excused("a queue holds less than one \(CompletionBudget.firstPacketBytes)-byte packet") }
            let loss = max(forward.loss, reverse.loss)
            guard loss <= CompletionBudget.maximumPathLoss else {
                return excused("a path loses \(percent(loss)) (above \(percent(CompletionBudget.maximumPathLoss)))")
            }
            // Timers are judged against the path's own round trip; queues are the transfer's cost.
            let rtt = forward.baseDelay + reverse.baseDelay
            let queueing = forward.queueDelay + reverse.queueDelay
            let timers = [
                from.configuration.handshakeTimeout, from.configuration.idleTimeout, to.configuration.idleTimeout,
            ]
            guard timers.allSatisfy({ $0.seconds >= 8 * rtt }) else {
                return excused("a handshake or idle timeout is under 8 round trips (\(seconds(rtt)) each)")
            }
            // Handshakes: a broken session is noticed within the idle timeout; each attempt
            // succeeds when its messages get through both ways.
            let attempts = min(100, (4 / pow((1 - forward.loss) * (1 - reverse.loss), 2)).rounded(.up))
            let handshakes =
                max(from.configuration.idleTimeout, to.configuration.idleTimeout).seconds + attempts
                * (from.configuration.handshakeTimeout.seconds + to.configuration.handshakeTimeout.seconds)
            // Transfer: everything the scenario offers, through this path's bottleneck, at a rate
            // no better than a loss-limited window (Mathis et al.) allows.
            // Payload per packet: the sender's datagrams (1,200 bytes at first, fewer when its
            // maxDatagramSize is smaller) less headers, tag and frame overhead.
            let datagram = Double(min(from.configuration.maxDatagramSize, 1_200))
            let payload = max(16, datagram - CompletionBudget.packetOverhead)
            let efficiency = payload / (datagram + Double(LinkParameters.ipUDPOverhead))
            let bottleneck = min(forward.bandwidth, reverse.bandwidth * 20) * (1 - loss) * efficiency
            let lossLimited = payload * 8 * 1.22 / (max(rtt, 1e-4) * max(loss, 1e-4).squareRoot())
            let rate = min(bottleneck, lossLimited)
            let offeredBytes = offeredBytes(between: t.from, t.to[0])
            let transfer = offeredBytes * 8 / rate + 200 * rtt + 4 * queueing + 10
            // A bounded flow starts over when its session is lost, so the session must be likely
            // to outlive the transfer. Probes back off to a third of the idle timeout: a session
            // idles out when three probe rounds in a row go unanswered (both probes lost, or the
            // answer lost).
            let idle = min(from.configuration.idleTimeout, to.configuration.idleTimeout).seconds
            let unanswered = 1 - (1 - forward.loss * forward.loss) * (1 - reverse.loss)
            let losses = max(1, transfer / idle) * pow(unanswered, 3)
            guard losses <= CompletionBudget.sessionLossesAllowed else {
                return excused(
                    "its session would likely idle out before the transfer ends (\(whole(transfer)) s, "
                        + "idle timeout \(seconds(idle)), expected session losses \(String(format: "%.2f", losses)))")
            }
            let start = max(quietStart, t.start).seconds
            let deadlineSeconds = start + CompletionBudget.margin * (handshakes + transfer)
            guard deadlineSeconds <= ScenarioLimits.maximumDuration.seconds else {
                return excused("its deadline would pass the longest run (\(ScenarioLimits.maximumDurationText))")
            }
            let deadline = STTDuration(saturatingNanoseconds: deadlineSeconds * 1e9)
            guard deadline <= scenario.duration else {
                return excused("the run ends at \(scenario.duration), before its deadline \(deadline)")
            }
            return Flow(
                flow: i, deadline: deadline,
                reason: "quiet from \(seconds(start)), \(whole(attempts)) handshake attempts, "
                    + "\(whole(offeredBytes)) bytes at \(whole(rate)) bit/s, margin \(whole(CompletionBudget.margin))")
        }

        /// A figure without its fraction, whatever its size (no conversion to Int that could trap).
        private func whole(_ x: Double) -> String { String(format: "%.0f", x) }
        private func percent(_ x: Double) -> String { String(format: "%.1f %%", x * 100) }
        private func seconds(_ x: Double) -> String { String(format: "%.3f s", x) }
    }
}

/// One direction of a path once the faults are over: its worst hop by each measure.
struct PathFigures {
    var loss = 0.0
    var bandwidth = Double.infinity
    var mtu = Int.max
    var queueBytes = Int.max
    /// Propagation, worst-case jitter and one packet's serialisation, seconds.
    var baseDelay = 0.0
    /// Waiting in full queues, seconds.
    var queueDelay = 0.0
    /// A hop's capacity follows a delivery trace, whose long-run rate is not judged here.
    var tracedCapacity = false

    init?(_ network: QuietNetwork, from: Int, to: Int) {
        let hops = network.shortestPathHops(from: from, to: to)
        guard !hops.isEmpty, hops.allSatisfy(network.isOpen) else { return nil }
        var delivered = 1.0
        for hop in hops {
            let p = hop.parameters
            delivered *= (1 - Self.worstLoss(p.loss)) * (1 - p.corruptProbability)
            mtu = min(mtu, p.mtu)
            if let q = p.queueLimitBytes { queueBytes = min(queueBytes, q) }
            let rate: Double?
            switch p.capacity {
            case .bitsPerSecond(let bps): rate = bps
            case .unlimited: rate = nil
            default:
                rate = nil
                tracedCapacity = true
            }
            if let rate { bandwidth = min(bandwidth, rate) }
            let packetTime = rate.map { Double(CompletionBudget.firstPacketBytes) * 8 / $0 } ?? 0.01
            let queued = Double(p.queueLimitPackets ?? 1_000) * packetTime
            baseDelay += p.propagationDelay.seconds + Self.jitterBound(p.jitter) + packetTime
            queueDelay += queued
        }
        loss = 1 - delivered
        if !bandwidth.isFinite { bandwidth = 10e9 }
    }

    /// The loss a sparse sender may see for as long as it matters. Gilbert-Elliott's state moves
    /// per packet, not per second: when a session is down to a probe every few seconds, a bad
    /// state lasts minutes, so the bad state's loss is what decides whether it survives.
    static func worstLoss(_ model: LossModel) -> Double {
        switch model {
        case .none: return 0
        case .bernoulli(let p): return p
        case .gilbertElliott(let p, _, let h, let k): return p > 0 ? max(1 - h, 1 - k) : 1 - k
        }
    }

    /// Extra delay almost every packet stays under, seconds.
    static func jitterBound(_ jitter: JitterDistribution?) -> Double {
        switch jitter {
        case nil: return 0
        case .uniform(let width): return width.seconds
        case .normal(let sigma): return 4 * sigma.seconds
        case .exponential(let mean): return 7 * mean.seconds
        case .pareto(let mean, let shape): return mean.seconds * pow(1000, 1 / shape)
        }
    }
}
