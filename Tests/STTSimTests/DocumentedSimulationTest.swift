import STTCore
import STTSim
import STTTestSupport
import Testing

/// The example of the DocC article "Write a simulation test", as a test: the article's code
/// must keep working.
@Suite("The documented simulation test")
struct DocumentedSimulationTest {
    @Test("a transfer survives a link that is down for two seconds")
    func transferSurvivesOutage() throws {
        let sim = Simulation(seed: 42)
        let shared = Array("shared_secret_32bytes_minimum!!!".utf8)
        var serverConfiguration = EndpointConfiguration()
        serverConfiguration.acceptsIncomingSessions = true
        let client = try sim.addEndpoint("client", nodeSeed: Array("client-node-seed-0123".utf8), sharedSeed: shared)
        let server = try sim.addEndpoint(
            "server", nodeSeed: Array("server-node-seed-0123".utf8), sharedSeed: shared,
            configuration: serverConfiguration)
        let link = sim.addLink(
            client, server,
            LinkParameters(
                propagationDelay: .milliseconds(20), bandwidthBitsPerSecond: 10e6, queueLimitPackets: 100,
                loss: .bernoulli(p: 0.01)))
        let flow = sim.addBulkFlow(from: client, to: server, bytes: 4 << 20)
        sim.setLinkUp(link, false, at: .zero + .milliseconds(800))
        sim.setLinkUp(link, true, at: .zero + .milliseconds(2_800))
        try sim.run(until: .zero + .seconds(60)) { flow.isComplete }
        #expect(flow.isIntact, "\(sim.replayHint)")
        #expect(flow.interruptions.isEmpty, "the session survived the outage (\(sim.replayHint))")
        let statistics = sim.linkStatistics(link)
        #expect(statistics.forward[.down] > 0, "the outage dropped packets")
    }
}
