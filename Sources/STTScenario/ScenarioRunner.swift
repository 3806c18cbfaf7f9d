import STTCore
import STTPcap
import STTSim

/// Builds a simulation from a scenario, runs it, and checks its expectations.
public final class ScenarioRunner {
    public let scenario: Scenario
    public let seed: UInt64
    public let simulation: Simulation
    private var flowIndex: [Int] = []  // scenario traffic index → simulation flow id
    /// The run's pcap/key log writer, once `startCapture` opened it.
    public private(set) var capture: ScenarioCapture?
    private var lastEventTime: STTDuration = .zero
    /// "sim" or "udp" (set by the driver; the report carries it). Over real sockets the
    /// fingerprint is not reproducible, so a fingerprint expectation is not checked.
    public var transport = "sim"

    /// - Parameters:
    ///   - seed: overrides the scenario's seed (`--seed`).
    ///   - addresses: per node index, an address that replaces the scenario's (real-socket
    ///     mode binds loopback sockets first and runs the nodes on their addresses).
    public init(_ scenario: Scenario, seed: UInt64? = nil, addresses: [Int: STTAddress] = [:]) throws {
        self.scenario = scenario
        self.seed = seed ?? scenario.seed
        let sim = Simulation(seed: self.seed)
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
        for traffic in scenario.traffic {
            switch traffic {
            case .bounded(_, let from, let to, let size, let segment, let start, let stream):
                flowIndex.append(
                    sim.addBulkFlow(
                        from: from, to: to, bytes: size, segmentSize: segment,
                        start: .zero + start, streamID: stream
                    ).id)
            case .live(_, let from, let to, let rate, let duration, let chunk, let deadline, let start):
                flowIndex.append(
                    sim.addLiveFlow(
                        from: from, to: to, rate: rate, duration: duration, chunk: chunk,
                        deadline: deadline, start: .zero + start
                    ).id)
            case .messages(_, let from, let to, let count, let size, let interval, let start):
                flowIndex.append(
                    sim.addMessagesFlow(
                        from: from, to: to, count: count, size: size, interval: interval,
                        start: .zero + start
                    ).id)
            }
        }
        lastEventTime = scenario.events.map(Self.time).max() ?? .zero
        for event in scenario.events {
            switch event {
            case .linkDown(let l, let at): sim.setLinkUp(l, false, at: .zero + at)
            case .linkUp(let l, let at): sim.setLinkUp(l, true, at: .zero + at)
            case .setLink(let l, let at, let f, let r): sim.setLink(l, at: .zero + at, forward: f, reverse: r)
            case .partition(let groups, let at): sim.partition(groups, at: .zero + at)
            case .heal(let at): sim.heal(at: .zero + at)
            case .crash(let n, let at): sim.crash(n, at: .zero + at)
            case .restart(let n, let at): sim.restart(n, at: .zero + at)
            }
        }
    }

    /// Opens the capture files `settings` name (the scenario's own `capture`, possibly
    /// overridden by flags) and taps the simulation. Call before `run`; throws when a file
    /// cannot be created, before anything ran.
    public func startCapture(
        _ settings: CaptureSettings,
        epochNanoseconds: Int64 = CaptureSettings.epochUnixSeconds * 1_000_000_000
    ) throws(PcapError) {
        guard settings.isActive, capture == nil else { return }
        let c = try ScenarioCapture(settings, scenario: scenario)
        c.attach(to: simulation, epochNanoseconds: epochNanoseconds)
        capture = c
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

    private static func time(_ e: Scenario.Event) -> STTDuration {
        switch e {
        case .linkDown(_, let at), .linkUp(_, let at), .setLink(_, let at, _, _), .partition(_, let at), .heal(let at),
            .crash(_, let at), .restart(_, let at):
            return at
        }
    }

    /// The report, with every expectation checked.
    public func report(wallSeconds: Double) -> ScenarioReport {
        let sim = simulation
        let flowReports = sim.flowReports()
        let names = scenario.nodes.map(\.id)
        let flows = zip(scenario.traffic, flowReports).map { traffic, f in
            ScenarioReport.Flow(
                id: traffic.id, kind: f.kind, from: names[f.from], to: f.to.map { names[$0] }.joined(separator: ","),
                bytesOffered: f.bytesOffered, bytesDelivered: f.bytesDelivered, complete: f.complete, intact: f.intact,
                completionSeconds: f.completion?.seconds, goodputBitsPerSecond: f.goodputBitsPerSecond,
                retransmittedSegments: f.retransmittedSegments, outOfOrderSegments: f.outOfOrderSegments,
                skippedSegments: f.skippedSegments, attempts: f.attempts,
                latency: f.latency.map {
                    .init(p50: Double($0.p50) / 1e9, p99: Double($0.p99) / 1e9, max: Double($0.max) / 1e9)
                },
                sha256: f.sha256)
        }
        let metrics = sim.metrics()
        var links: [ScenarioReport.Link] = []
        for l in metrics.links {
            for (dir, stats, delay) in [
                ("\(names[Int(scenario.links[l.id].a)])>\(names[scenario.links[l.id].b])", l.forward, l.forwardDelay),
                ("\(names[scenario.links[l.id].b])>\(names[scenario.links[l.id].a])", l.reverse, l.reverseDelay),
            ] {
                links.append(
                    .init(
                        id: l.name, direction: dir, packets: stats.packets, bytes: stats.bytes,
                        delivered: stats.delivered,
                        dropped: .init(
                            loss: stats[.loss], queue: stats[.queue], down: stats[.down], mtu: stats[.mtu],
                            partition: stats[.partition], crash: stats[.crash], noRoute: stats[.noRoute]),
                        duplicated: stats.duplicated, corrupted: stats.corrupted, reordered: stats.reordered,
                        peakQueuePackets: stats.peakQueuePackets,
                        delayP50Seconds: delay.map { Double($0.p50) / 1e9 },
                        delayP99Seconds: delay.map { Double($0.p99) / 1e9 }))
            }
        }
        let sessions = sessionOutcomes()
        var expectations: [ScenarioReport.Expectation] = []
        for e in scenario.flowExpectations {
            expectations.append(contentsOf: check(e, flows[e.flow], flowReports[e.flow]))
        }
        for e in scenario.sessionExpectations {
            let seen = sessions.filter { $0.from == names[e.from] && $0.to == names[e.to] }
            let outcome: String
            if seen.contains(where: \.established) {
                outcome = "established"
            } else {
                outcome = seen.first?.failure ?? "no attempt"
            }
            expectations.append(
                .init(
                    description: "session \(names[e.from]) → \(names[e.to]) is \(e.outcome.rawValue)",
                    passed: outcome == e.outcome.rawValue, detail: outcome))
        }
        if scenario.noSessionFailed {
            let failed = sessions.filter { !$0.established }
            expectations.append(
                .init(
                    description: "no session failed", passed: failed.isEmpty,
                    detail: failed.isEmpty
                        ? "all \(sessions.count) established"
                        : failed.map { "\($0.from) → \($0.to): \($0.failure ?? "?")" }.joined(separator: "; ")))
        }
        if let expected = scenario.fingerprint, transport == "sim" {
            expectations.append(
                .init(
                    description: "fingerprint is \(expected.prefix(16))…", passed: metrics.fingerprint == expected,
                    detail: metrics.fingerprint))
        }
        capture?.close()  // the run is over: flush, and learn of any late write failure
        return ScenarioReport(
            scenario: scenario.name, seed: seed, fingerprint: metrics.fingerprint,
            simulatedSeconds: sim.now.nanoseconds > 0 ? Double(sim.now.nanoseconds) / 1e9 : 0,
            wallSeconds: wallSeconds, events: sim.eventsProcessed, flows: flows, links: links,
            sessions: sessions, expectations: expectations, capture: capture?.summary, transport: transport)
    }

    private func check(_ e: Scenario.FlowExpectation, _ f: ScenarioReport.Flow, _ r: FlowReport) -> [ScenarioReport
        .Expectation]
    {
        var out: [ScenarioReport.Expectation] = []
        func add(_ what: String, _ ok: Bool, _ detail: String) {
            out.append(.init(description: "\(f.id) \(what)", passed: ok, detail: detail))
        }
        if let c = e.completes {
            add(c ? "completes" : "does not complete", r.complete == c, "\(f.bytesDelivered)/\(f.bytesOffered) bytes")
        }
        if let i = e.intact {
            add(
                i ? "is intact" : "is not intact", r.intact == i,
                r.intact ? "every byte checked" : "check failed or incomplete")
        }
        if let w = e.within {
            add(
                "completes within \(w)", r.completion.map { $0 <= w } ?? false,
                r.completion.map { "took \(format($0.seconds))s" } ?? "did not complete")
        }
        if let g = e.goodputAtLeast {
            add("goodput ≥ \(formatRate(g))", r.goodputBitsPerSecond >= g, formatRate(r.goodputBitsPerSecond))
        }
        if let l = e.latencyP99AtMost {
            add(
                "latency p99 ≤ \(l)", r.latency.map { $0.p99 <= l.nanoseconds } ?? false,
                r.latency.map { "p99 \(format(Double($0.p99) / 1e6)) ms" } ?? "no latency measured")
        }
        if let s = e.skipsAtLeast {
            add("skips ≥ \(s) stale segments", r.skippedSegments >= s, "\(r.skippedSegments) skipped")
        }
        return out
    }

    /// Every session attempt, by initiator and responder, with its outcome.
    private func sessionOutcomes() -> [ScenarioReport.Session] {
        var out: [ScenarioReport.Session] = []
        let names = scenario.nodes.map(\.id)
        for n in scenario.nodes.indices {
            for event in simulation.events(of: n) {
                switch event {
                case .sessionEstablished(_, _, let address, .initiator):
                    out.append(.init(from: names[n], to: name(of: address), established: true, failure: nil))
                case .sessionFailed(_, let address, let failure):
                    let text: String
                    switch failure {
                    case .authenticationFailed: text = "authentication-failed"
                    case .handshakeTimeout: text = "timeout"
                    case .peerIdentityMismatch: text = "peer-identity-mismatch"
                    }
                    // A responder's failure names the initiator's address: report it from the initiator's side once.
                    if isInitiatorSide(n, address) {
                        out.append(.init(from: names[n], to: name(of: address), established: false, failure: text))
                    }
                default: break
                }
            }
        }
        return out
    }

    private func isInitiatorSide(_ node: Int, _ peer: STTAddress) -> Bool {
        !scenario.nodes[node].configuration.acceptsIncomingSessions
            || scenario.traffic.contains { t in
                switch t {
                case .bounded(_, let from, _, _, _, _, _), .live(_, let from, _, _, _, _, _, _),
                    .messages(_, let from, _, _, _, _, _):
                    return from == node
                }
            }
    }

    private func name(of address: STTAddress) -> String {
        (0..<simulation.nodeCount).first { simulation.address(of: $0) == address }.map { scenario.nodes[$0].id }
            ?? "\(address)"
    }
}

func format(_ x: Double) -> String {
    let r = (x * 1000).rounded() / 1000
    return r == r.rounded() ? String(Int(r)) : String(r)
}

func formatRate(_ bps: Double) -> String {
    if bps >= 1e9 { return "\(format(bps / 1e9)) Gbit/s" }
    if bps >= 1e6 { return "\(format(bps / 1e6)) Mbit/s" }
    if bps >= 1e3 { return "\(format(bps / 1e3)) kbit/s" }
    return "\(format(bps)) bit/s"
}
