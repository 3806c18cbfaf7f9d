import STTCore
import STTSim
import STTTestSupport
import Testing

/// The transport where networks hurt, as scenarios: build hosts, run, assert what a user sees.
@Suite("Transport behaviour: loss, reordering, fairness, bufferbloat, path MTU")
struct TransportBehaviourTests {
    static let rate = 20e6
    /// Payload bytes per wire byte at 1472-byte datagrams, one STREAM frame each.
    static let ceiling = rate * Double(1_472 - STTWire.protectedOverhead - StreamFrame.headerLength) / 1_500

    /// A bulk transfer over one link; returns the flow and the simulation.
    func bulk(
        bytes: Int = 8 << 20, loss: LossModel = .none, reorder: Double = 0, queueBDP: Double = 1, mtu: Int = 1_500,
        maxDatagramSize: Int = STTWire.defaultMaxDatagramSize, algorithm: CongestionControlAlgorithm = .bbr,
        seed: UInt64 = 1, events: (Simulation, Int) -> Void = { _, _ in }
    ) throws -> (BulkFlow, Simulation, Int) {
        var config = EndpointConfiguration()
        config.congestionControl = algorithm
        config.maxDatagramSize = maxDatagramSize
        var server = config
        server.acceptsIncomingSessions = true
        let data = LinkParameters(
            propagationDelay: .milliseconds(25), bandwidthBitsPerSecond: Self.rate,
            queueLimitPackets: Int(queueBDP * Self.rate / 8 * 0.05 / 1_500), loss: loss, reorderProbability: reorder,
            mtu: mtu)
        var acks = data
        acks.loss = .none
        acks.reorderProbability = 0
        let sim = Simulation(seed: seed)
        let client = try sim.addEndpoint(
            "client", nodeSeed: seedBytes("client"), sharedSeed: shared, configuration: config)
        let serverNode = try sim.addEndpoint(
            "server", nodeSeed: seedBytes("server"), sharedSeed: shared, configuration: server)
        let link = sim.addLink(client, serverNode, data, reverse: acks)
        events(sim, link)
        let flow = sim.addBulkFlow(from: client, to: serverNode, bytes: bytes)
        try sim.run(until: .s(600)) { flow.isComplete }
        #expect(flow.isIntact, "the transfer completed intact (seed \(seed))")
        return (flow, sim, link)
    }

    @Test("1 % random loss does not cut BBR's rate: at least 80 % of the payload ceiling; CUBIC collapses")
    func lossTolerance() throws {
        let (bbr, _, _) = try bulk(loss: .bernoulli(p: 0.01))
        let steady = try #require(bbr.steadyGoodputBitsPerSecond)
        #expect(steady >= 0.8 * Self.ceiling, "BBR: \(steady / Self.ceiling) of the ceiling")
        let (cubic, _, _) = try bulk(loss: .bernoulli(p: 0.01), algorithm: .cubic)
        let cubicSteady = try #require(cubic.steadyGoodputBitsPerSecond)
        #expect(cubicSteady < steady / 2, "CUBIC reads random loss as congestion (\(cubicSteady / Self.ceiling))")
    }

    @Test("1 % reordering keeps at least 90 % of the clean path's goodput")
    func reorderingTolerance() throws {
        let clean = try #require(try bulk().0.steadyGoodputBitsPerSecond)
        let reordered = try #require(try bulk(reorder: 0.01).0.steadyGoodputBitsPerSecond)
        #expect(reordered >= 0.9 * clean, "reordered \(reordered) vs clean \(clean)")
    }

    @Test("a buffer four bandwidth-delay products deep stays mostly empty under BBR, and fills under CUBIC")
    func bufferbloat() throws {
        let (_, bbrSim, link) = try bulk(bytes: 16 << 20, queueBDP: 4)
        let bbrQueue = try #require(bbrSim.metrics().links[link].forward.queueDelay)
        #expect(Double(bbrQueue.p50) <= 0.25 * 50e6, "BBR queueing delay p50 \(Double(bbrQueue.p50) / 1e6) ms")
        let (_, cubicSim, cubicLink) = try bulk(bytes: 16 << 20, queueBDP: 4, algorithm: .cubic)
        let cubicQueue = try #require(cubicSim.metrics().links[cubicLink].forward.queueDelay)
        #expect(cubicQueue.p50 > bbrQueue.p50 * 4, "CUBIC fills the buffer (p50 \(Double(cubicQueue.p50) / 1e6) ms)")
    }

    @Test("flows started together through one bottleneck share it fairly (Jain's index ≥ 0.95)")
    func fairness() throws {
        let sim = Simulation(seed: 3)
        let left = sim.addRouter("left")
        let right = sim.addRouter("right")
        var server = EndpointConfiguration()
        server.acceptsIncomingSessions = true
        var flows: [BulkFlow] = []
        for i in 0..<5 {
            let c = try sim.addEndpoint("c\(i)", nodeSeed: seedBytes("c\(i)"), sharedSeed: shared)
            let s = try sim.addEndpoint(
                "s\(i)", nodeSeed: seedBytes("s\(i)"), sharedSeed: shared, configuration: server)
            let access = LinkParameters(propagationDelay: .milliseconds(1), bandwidthBitsPerSecond: 1e9)
            sim.addLink(c, left, access)
            sim.addLink(right, s, access)
            flows.append(sim.addBulkFlow(from: c, to: s, bytes: 4 << 20))
        }
        sim.addLink(
            left, right,
            LinkParameters(
                propagationDelay: .milliseconds(20), bandwidthBitsPerSecond: Self.rate, queueLimitPackets: 80))
        try sim.run(until: .s(600)) { sim.allFlowsDone }
        let goodputs = flows.map { Double($0.bytesDelivered * 8) / ($0.completionTime?.seconds ?? 600) }
        let jain = pow2(goodputs.reduce(0, +)) / (Double(goodputs.count) * goodputs.reduce(0) { $0 + $1 * $1 })
        let intact = flows.allSatisfy { $0.isIntact }
        #expect(intact)
        #expect(jain >= 0.95, "Jain's index \(jain) over \(goodputs)")
    }

    func pow2(_ x: Double) -> Double { x * x }

    @Test(
        "path MTU discovery finds the largest datagram each link carries, up to the configured maximum",
        arguments: [(1_280, 1_472, 1_252), (1_400, 1_472, 1_372), (1_500, 1_472, 1_472), (9_000, 8_972, 8_972)])
    func pathMTU(mtu: Int, maxDatagramSize: Int, expected: Int) throws {
        let (flow, sim, _) = try bulk(mtu: mtu, maxDatagramSize: maxDatagramSize)
        let report = try #require(sim.flowReports().first)
        #expect(flow.isIntact)
        #expect(report.statistics.datagramSize == expected, "IPv4 + UDP take 28 of the link's \(mtu) bytes")
    }

    @Test("a link whose MTU shrinks mid-transfer is a black hole: the sender falls back to 1200 and completes")
    func blackHole() throws {
        let (flow, sim, link) = try bulk(bytes: 16 << 20) { sim, link in
            let shrunk = LinkParameters(
                propagationDelay: .milliseconds(25), bandwidthBitsPerSecond: Self.rate,
                queueLimitPackets: Int(Self.rate / 8 * 0.05 / 1_500), mtu: 1_300)
            sim.setLink(link, at: .zero + .seconds(2), forward: shrunk)
        }
        let report = try #require(sim.flowReports().first)
        #expect(flow.isIntact && report.statistics.datagramSize == 1_200)
        #expect(sim.linkStatistics(link).forward[.mtu] > 0, "large packets were black-holed")
    }
}
