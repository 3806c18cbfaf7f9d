import STTCore
import Testing

@testable import STTSim

@Suite("Bulk flows check every byte")
struct BulkFlowCheckTests {
    /// Swarm seeds 37, 38, 184, 251 (a segment size that is not a multiple of 8 and reads of any
    /// length): the receiver's expected bytes must not depend on how the pattern is cut.
    @Test(
        "a flow whose segment size and reads do not line up with the pattern's words is intact",
        arguments: [(149_270, 80_075), (1_000_003, 1_031), (300_001, 65_536)])
    func oddSizesAreIntact(bytes: Int, segmentSize: Int) throws {
        let sim = Simulation(seed: 37)
        let shared = Array("bulk flow check shared seed".utf8)
        var server = EndpointConfiguration()
        server.acceptsIncomingSessions = true
        let a = try sim.addEndpoint("a", nodeSeed: Array("bulk-check-node-a".utf8), sharedSeed: shared)
        let b = try sim.addEndpoint(
            "b", nodeSeed: Array("bulk-check-node-b".utf8), sharedSeed: shared, configuration: server)
        sim.addLink(a, b, LinkParameters(propagationDelay: .milliseconds(2), bandwidthBitsPerSecond: 50e6))
        let flow = sim.addBulkFlow(from: a, to: b, bytes: bytes, segmentSize: segmentSize)
        _ = try sim.run(until: .zero + .seconds(60), stopWhen: { flow.isComplete })
        #expect(flow.isComplete && flow.isIntact, "replay: seed 37, \(bytes) bytes in \(segmentSize)-byte segments")
        #expect(flow.receivedDigest == flow.sentDigest)
    }
}
