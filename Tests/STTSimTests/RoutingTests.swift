import STTCore
import STTSim
import STTTestSupport
import Testing

/// Routing over router cores with stub hosts (one link each), as in large scenarios.
@Suite("Routing")
struct RoutingTests {
    /// Three routers in a triangle where the direct r0–r1 link is slower than going round
    /// through r2; a host on each router; and an island of two hosts joined only to each other.
    final class Network {
        let sim = Simulation(seed: 5)
        var hosts: [Int] = []
        var routerLinks: (direct: Int, viaR2: [Int]) = (0, [])
        var island: (Int, Int) = (0, 0)
        var fates: [(fate: PacketFate, node: Int32, reason: NetworkDropReason?)] = []

        init() throws {
            let sim = self.sim
            let r = (0..<3).map { sim.addRouter("r\($0)") }
            let slow = LinkParameters(propagationDelay: .milliseconds(50))
            let fast = LinkParameters(propagationDelay: .milliseconds(10))
            routerLinks.direct = sim.addLink(r[0], r[1], slow)
            routerLinks.viaR2 = [sim.addLink(r[0], r[2], fast), sim.addLink(r[2], r[1], fast)]
            for i in 0..<3 {
                let h = try sim.addEndpoint("h\(i)", nodeSeed: seedBytes("h\(i)"), sharedSeed: shared)
                sim.addLink(h, r[i], LinkParameters(propagationDelay: .milliseconds(1)))
                hosts.append(h)
            }
            let x = try sim.addEndpoint("x", nodeSeed: seedBytes("x"), sharedSeed: shared)
            let y = try sim.addEndpoint("y", nodeSeed: seedBytes("y"), sharedSeed: shared)
            sim.addLink(x, y, LinkParameters(propagationDelay: .milliseconds(1)))
            island = (x, y)
            sim.traceSink = { [unowned self] in self.fates.append(($0.fate, $0.node, $0.reason)) }
        }

        func send(from: Int, to: Int) throws {
            fates = []
            sim.injectDatagram(from: from, to: sim.address(of: to), payload: [1, 2, 3], at: sim.now)
            try sim.run(until: sim.now + .seconds(1))
        }
    }

    @Test("a host reaches a host on another router along the shortest path by delay")
    func stubToStubTakesShortestPath() throws {
        let net = try Network()
        try net.send(from: net.hosts[0], to: net.hosts[1])
        #expect(net.fates.last?.fate == .delivered && net.fates.last?.node == Int32(net.hosts[1]))
        for link in net.routerLinks.viaR2 { #expect(net.sim.linkStatistics(link).forward.delivered == 1) }
        #expect(net.sim.linkStatistics(net.routerLinks.direct).forward.packets == 0)
        try net.send(from: net.hosts[1], to: net.hosts[0])
        #expect(net.fates.last?.fate == .delivered && net.fates.last?.node == Int32(net.hosts[0]))
        #expect(net.sim.linkStatistics(net.routerLinks.direct).reverse.packets == 0)
    }

    @Test("a host with no path to the destination drops at once with no-route, on both sides of the gap")
    func unreachableStubDropsWithNoRoute() throws {
        let net = try Network()
        try net.send(from: net.hosts[2], to: net.island.0)
        #expect(net.fates.map(\.fate) == [.sent, .dropped])
        #expect(net.fates.last?.node == Int32(net.hosts[2]) && net.fates.last?.reason == .noRoute)
        try net.send(from: net.island.1, to: net.hosts[0])
        #expect(net.fates.last?.reason == .noRoute && net.fates.last?.node == Int32(net.island.1))
        try net.send(from: net.island.0, to: net.island.1)
        #expect(net.fates.last?.fate == .delivered)
    }

    @Test("a link added after traffic started is used by routes computed afterwards")
    func routesFollowTopologyChanges() throws {
        let net = try Network()
        try net.send(from: net.hosts[2], to: net.island.0)
        #expect(net.fates.last?.reason == .noRoute)
        net.sim.addLink(net.island.1, net.hosts[2], LinkParameters(propagationDelay: .milliseconds(1)))
        try net.send(from: net.hosts[2], to: net.island.0)
        #expect(net.fates.last?.fate == .delivered && net.fates.last?.node == Int32(net.island.0))
    }
}
