import STTCore
import STTSim
import STTTestSupport
import Testing

/// Packets toward a node no link reaches are dropped where the route ends, and counted there
/// (the report shows them; scenario files refuse such flows before running).
@Suite("Packets with no route are counted where they are dropped")
struct NoRouteTests {
    @Test("a hello toward an island is dropped at its sender's node and counted")
    func islandIsCounted() throws {
        let sim = Simulation(seed: 1)
        var serverConfig = EndpointConfiguration()
        serverConfig.acceptsIncomingSessions = true
        let client = try sim.addEndpoint("client", nodeSeed: seedBytes("client"), sharedSeed: shared)
        let island = try sim.addEndpoint(
            "island", nodeSeed: seedBytes("island"), sharedSeed: shared, configuration: serverConfig)
        let other = try sim.addEndpoint("other", nodeSeed: seedBytes("other"), sharedSeed: shared)
        sim.addLink(client, other, LinkParameters(propagationDelay: .milliseconds(1)))
        let flow = sim.addBulkFlow(from: client, to: island, bytes: 1_024)
        try sim.run(until: .zero + .seconds(3))
        let drops = sim.metrics().noRouteDrops
        #expect(!flow.isComplete)
        #expect(drops[client] > 0, "the hello and its retransmissions died at the client's node")
        #expect(drops[island] == 0 && drops[other] == 0)
    }
}
