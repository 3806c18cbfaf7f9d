import STTCore
import STTSim
import STTTestSupport
import Testing

/// Scenarios: build hosts and links, start flows, run, break things, assert. Each failure message
/// carries the seed, and the same seed replays the run exactly.
@Suite("Simulation scenarios")
struct SimulationScenarioTests {
    func lossyTransfer(seed: UInt64) throws -> (Simulation, BulkFlow) {
        let h = try TwoHosts(
            seed: seed,
            link: LinkParameters(
                propagationDelay: .milliseconds(20), jitter: .uniform(width: .milliseconds(2)),
                bandwidthBitsPerSecond: 20e6, queueLimitPackets: 100,
                loss: .bernoulli(p: 0.02), duplicateProbability: 0.01))
        let flow = h.sim.addBulkFlow(from: h.client, to: h.server, bytes: 2 << 20)
        try h.sim.run(until: .s(120)) { flow.isComplete }
        return (h.sim, flow)
    }

    @Test("the same seed gives the same fingerprint twice; another seed gives another")
    func deterministic() throws {
        let (a, fa) = try lossyTransfer(seed: 7)
        let (b, fb) = try lossyTransfer(seed: 7)
        let (c, _) = try lossyTransfer(seed: 8)
        #expect(fa.isIntact && fb.isIntact, "transfer incomplete (\(a.replayHint))")
        #expect(a.fingerprint == b.fingerprint && a.eventsProcessed == b.eventsProcessed)
        #expect(fa.completedAt == fb.completedAt)
        #expect(a.fingerprint != c.fingerprint)
    }

    @Test("a transfer crosses two routers along the shortest path by delay, not the direct slow link")
    func multiHopRouting() throws {
        let sim = Simulation(seed: 11)
        var serverConfig = EndpointConfiguration()
        serverConfig.acceptsIncomingSessions = true
        let a = try sim.addEndpoint("a", nodeSeed: seedBytes("a"), sharedSeed: shared)
        let r1 = sim.addRouter("r1")
        let r2 = sim.addRouter("r2")
        let b = try sim.addEndpoint("b", nodeSeed: seedBytes("b"), sharedSeed: shared, configuration: serverConfig)
        let fast = LinkParameters(propagationDelay: .milliseconds(5), bandwidthBitsPerSecond: 50e6)
        let l1 = sim.addLink(a, r1, fast)
        let l2 = sim.addLink(r1, r2, fast)
        let l3 = sim.addLink(r2, b, fast)
        let direct = sim.addLink(a, b, LinkParameters(propagationDelay: .milliseconds(40)))
        let flow = sim.addBulkFlow(from: a, to: b, bytes: 1 << 20)
        try sim.run(until: .s(60)) { flow.isComplete }
        #expect(flow.isIntact, "\(sim.replayHint)")
        for l in [l1, l2, l3] { #expect(sim.linkStatistics(l).forward.delivered > 700) }
        #expect(sim.linkStatistics(direct).forward.packets == 0 && sim.linkStatistics(direct).reverse.packets == 0)
        let rtt = try #require(sim.endpoint(a)?.sessionInfo(flow.session!)?.recovery.minimumRTT)
        #expect(rtt >= .milliseconds(30) && rtt < .milliseconds(40), "min RTT \(rtt) over three 5 ms hops each way")
    }

    @Test("a partition stalls a transfer and healing lets it finish intact")
    func partitionAndHeal() throws {
        let h = try TwoHosts(
            seed: 13,
            link: LinkParameters(
                propagationDelay: .milliseconds(10), bandwidthBitsPerSecond: 10e6,
                queueLimitPackets: 100))
        let flow = h.sim.addBulkFlow(from: h.client, to: h.server, bytes: 4 << 20)
        h.sim.partition([[h.client], [h.server]], at: .ms(1500))
        h.sim.heal(at: .ms(6500))
        try h.sim.run(until: .ms(6400))
        let before = flow.bytesDelivered
        #expect(!flow.isComplete && before > 0)
        try h.sim.run(until: .s(60)) { flow.isComplete }
        #expect(
            flow.isIntact && flow.interruptions.isEmpty, "the session survived a 5 s partition (\(h.sim.replayHint))")
        #expect(h.sim.linkStatistics(h.link).forward[.partition] > 0)
        #expect(flow.completedAt! > .ms(6500))
    }

    @Test("a crashed receiver restarts with fresh state; the flow re-establishes a session and completes")
    func crashAndRestart() throws {
        var quick = EndpointConfiguration()
        quick.idleTimeout = .seconds(3)
        quick.keepAliveInterval = .seconds(1)
        let h = try TwoHosts(
            seed: 17,
            link: LinkParameters(
                propagationDelay: .milliseconds(10), bandwidthBitsPerSecond: 10e6,
                queueLimitPackets: 100), server: quick, client: quick)
        let flow = h.sim.addBulkFlow(from: h.client, to: h.server, bytes: 4 << 20)
        h.sim.crash(h.server, at: .ms(1500))
        h.sim.restart(h.server, at: .ms(2500))
        try h.sim.run(until: .s(1)) { false }
        let firstSession = flow.session
        try h.sim.run(until: .s(60)) { flow.isComplete }
        #expect(flow.isIntact, "\(h.sim.replayHint)")
        #expect(flow.interruptions.count >= 1 && flow.attempts >= 2)
        #expect(flow.session != firstSession, "a new session after the restart")
        #expect(h.sim.linkStatistics(h.link).forward[.crash] > 0)
        let established = h.sim.events(of: h.server).filter { if case .sessionEstablished = $0 { true } else { false } }
        #expect(established.count >= 2)
    }

    @Test("a corrupted packet is rejected by the receiver and never delivered")
    func corruptionRejected() throws {
        let h = try TwoHosts(
            seed: 19, link: LinkParameters(propagationDelay: .milliseconds(10), corruptProbability: 0.05))
        let flow = h.sim.addBulkFlow(from: h.client, to: h.server, bytes: 1 << 20)
        try h.sim.run(until: .s(60)) { flow.isComplete }
        #expect(flow.isIntact, "\(h.sim.replayHint)")
        let corrupted = h.sim.linkStatistics(h.link).forward.corrupted + h.sim.linkStatistics(h.link).reverse.corrupted
        let server = try #require(h.sim.endpoint(h.server))
        let client = try #require(h.sim.endpoint(h.client))
        let rejected = server.drops.total + client.drops.total
        #expect(corrupted > 20 && rejected == corrupted, "\(corrupted) corrupted, \(rejected) rejected")
    }

    @Test("nodes with different shared seeds never open a session in the simulator either")
    func wrongSharedSeed() throws {
        let sim = Simulation(seed: 23)
        var s = EndpointConfiguration()
        s.acceptsIncomingSessions = true
        let a = try sim.addEndpoint("a", nodeSeed: seedBytes("a"), sharedSeed: shared)
        let b = try sim.addEndpoint(
            "b", nodeSeed: seedBytes("b"), sharedSeed: Array("another shared seed, also long".utf8), configuration: s)
        sim.addLink(a, b, LinkParameters())
        let flow = sim.addBulkFlow(from: a, to: b, bytes: 1000)
        try sim.run(until: .s(3))
        #expect(!flow.isComplete)
        #expect(flow.interruptions.first?.1.contains("authentication failed") == true)
    }
}
