import STTCore
import STTSim

/// Builds a simulation from a scenario, runs it, and reports it with every expectation checked.
public final class ScenarioRunner {
    public let scenario: Scenario
    public let seed: UInt64
    public let simulation: Simulation
    private let lastEventTime: STTDuration
    /// "sim" or "udp" (set by the driver; the report carries it). Over real sockets the
    /// fingerprint is not reproducible, so a fingerprint expectation is not checked.
    public var transport = "sim"

    /// - Parameters:
    ///   - seed: overrides the scenario's seed (`--seed`).
    ///   - addresses: per node index, an address that replaces the scenario's (real-socket
    ///     mode binds loopback sockets first and runs the nodes on their addresses).
    /// - Parameter endpointRandomness: where endpoints draw keys and session ids (nil: from the
    ///   seed, so the run replays byte for byte; real-socket runs pass the system's CSPRNG).
    public init(
        _ scenario: Scenario, seed: UInt64? = nil, addresses: [Int: STTAddress] = [:],
        endpointRandomness: ((Int, Int) -> any RandomNumberGenerator)? = nil
    ) throws {
        self.scenario = scenario
        self.seed = seed ?? scenario.seed
        let sim = Simulation(seed: self.seed)
        sim.endpointRandomness = endpointRandomness
        simulation = sim
        for (i, node) in scenario.nodes.enumerated() {
            switch node.kind {
            case .endpoint:
                try sim.addEndpoint(
                    node.id, nodeSeed: node.nodeSeed, sharedSeed: node.sharedSeed,
                    configuration: node.configuration, address: addresses[i] ?? node.address)
            case .router:
                sim.addRouter(node.id, address: addresses[i] ?? node.address)
            }
        }
        for link in scenario.links { sim.addLink(link.a, link.b, link.forward, reverse: link.reverse, name: link.id) }
        for t in scenario.traffic {
            let start = STTInstant.zero + t.start
            switch t.kind {
            case .bounded(let b):
                sim.addBulkFlow(
                    from: t.from, to: t.to[0], bytes: b.size, segmentSize: b.segmentSize, start: start,
                    streamID: b.streamID)
            case .live(let l):
                sim.addLiveFlow(
                    from: t.from, to: t.to[0], rate: l.rate, duration: l.duration, chunk: l.chunk,
                    deadline: l.deadline, start: start)
            case .messages(let m):
                sim.addMessagesFlow(
                    from: t.from, to: t.to, count: m.count, size: m.size, interval: m.interval, start: start)
            case .helloFlood(let h):
                sim.addHelloFlood(
                    from: t.from, to: t.to[0], hellosPerSecond: h.rate, duration: h.duration, start: start,
                    sharedSeed: h.withSharedSeed ? scenario.nodes[t.to[0]].sharedSeed : nil,
                    echoesCookies: h.echoCookies)
            }
        }
        lastEventTime = scenario.events.map(\.at).max() ?? .zero
        for event in scenario.events {
            let at = STTInstant.zero + event.at
            switch event.action {
            case .linkDown(let l): sim.setLinkUp(l, false, at: at)
            case .linkUp(let l): sim.setLinkUp(l, true, at: at)
            case .setLink(let l, let f, let r): sim.setLink(l, at: at, forward: f, reverse: r)
            case .partition(let groups): sim.partition(groups, at: at)
            case .heal: sim.heal(at: at)
            case .crash(let n): sim.crash(n, at: at)
            case .restart(let n): sim.restart(n, at: at)
            }
        }
    }

    /// Runs to the scenario's duration, or earlier once every flow is complete and every timed
    /// event has happened. `progress` is called now and then with the simulated fraction done.
    public func run(progress: ((Double) -> Void)? = nil) throws {
        let end = endTime
        var nextProgress = 0
        try simulation.run(until: end) {
            if let progress, simulation.eventsProcessed >= nextProgress {
                nextProgress = simulation.eventsProcessed + 50_000
                progress(Double(simulation.now.nanoseconds) / Double(end.nanoseconds))
            }
            return isFinished
        }
    }

    /// When the run ends at the latest: the scenario's duration.
    public var endTime: STTInstant { .zero + scenario.duration }

    /// Whether the run may stop early: every flow is done and every timed event has happened.
    public var isFinished: Bool {
        guard !scenario.traffic.isEmpty else { return false }
        return simulation.now >= .zero + lastEventTime && simulation.allFlowsDone
    }
}
