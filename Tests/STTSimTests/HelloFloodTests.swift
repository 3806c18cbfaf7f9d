import STTCore
import STTSim
import STTTestSupport
import Testing

/// Attackers flood a server with hellos at a million per simulated second, in each way the
/// defences answer: without the shared seed (mac1), with it (cookies), echoing cookies from one
/// address (per-address budget and quota) and from many (fair eviction). Legitimate clients that
/// start during the flood must each complete their handshake within one simulated second.
@Suite("Hello floods: legitimate handshakes complete under a million hellos per second")
struct HelloFloodTests {
    static let floodRate = 1_000_000.0
    static let clients = 3

    struct Run {
        let sim: Simulation
        let server: Int
        let flows: [BulkFlow]
        let floods: [HelloFlood]
        var endpoint: STTEndpoint { sim.endpoint(server)! }
    }

    /// `attackers` nodes share the flood rate; clients start at 10 ms, when the flood is on.
    func run(attackers: Int, withSeed: Bool, echoesCookies: Bool, seed: UInt64 = 1) throws -> Run {
        let sim = Simulation(seed: seed)
        var serverConfig = EndpointConfiguration()
        serverConfig.acceptsIncomingSessions = true
        let router = sim.addRouter("router")
        let server = try sim.addEndpoint(
            "server", nodeSeed: seedBytes("server"), sharedSeed: shared, configuration: serverConfig)
        sim.addLink(router, server, LinkParameters(propagationDelay: .milliseconds(1)))
        var flows: [BulkFlow] = []
        for i in 0..<Self.clients {
            let client = try sim.addEndpoint("client\(i)", nodeSeed: seedBytes("client\(i)"), sharedSeed: shared)
            sim.addLink(
                client, router,
                LinkParameters(propagationDelay: .milliseconds(2), bandwidthBitsPerSecond: 10e6, queueLimitPackets: 100)
            )
            flows.append(sim.addBulkFlow(from: client, to: server, bytes: 4_096, start: .zero + .milliseconds(10)))
        }
        var floods: [HelloFlood] = []
        for i in 0..<attackers {
            let attacker = try sim.addEndpoint("attacker\(i)", nodeSeed: seedBytes("attacker\(i)"), sharedSeed: shared)
            sim.addLink(attacker, router, LinkParameters(propagationDelay: .milliseconds(2)))
            floods.append(
                sim.addHelloFlood(
                    from: attacker, to: server, hellosPerSecond: Self.floodRate / Double(attackers),
                    duration: .milliseconds(400), sharedSeed: withSeed ? shared : nil, echoesCookies: echoesCookies))
        }
        try sim.run(until: .zero + .seconds(2)) { flows.allSatisfy(\.isComplete) }
        return Run(sim: sim, server: server, flows: flows, floods: floods)
    }

    func expectClientsGotIn(_ r: Run, _ label: String) {
        for flow in r.flows {
            let waited = flow.establishedAt.map { $0 - flow.start }
            #expect(
                waited.map { $0 <= .seconds(1) } ?? false,
                "\(label): a client waited \(waited.map(\.description) ?? "forever") for its handshake")
            #expect(flow.isIntact, "\(label): the client's transfer completed")
        }
    }

    @Test("hellos without the shared seed are dropped before any Diffie-Hellman and keep no state")
    func seedlessFlood() throws {
        let r = try run(attackers: 1, withSeed: false, echoesCookies: false)
        expectClientsGotIn(r, "seedless flood")
        let sent = r.floods[0].hellosSent
        #expect(sent > 10_000, "the flood ran (\(sent) hellos)")
        #expect(r.endpoint.drops[.helloMACInvalid] > sent * 8 / 10, "dropped by mac1 (the rest still in flight)")
        #expect(r.endpoint.statistics.pendingHandshakesPeak <= 256)
        #expect(r.floods[0].bytesReceived <= sent * 93 * 3, "no amplification")
    }

    @Test(
        "with the seed, from eight addresses, a flood that ignores cookies gets only cookie replies, smaller than its hellos"
    )
    func seededFloodWithoutCookies() throws {
        let r = try run(attackers: 8, withSeed: true, echoesCookies: false)
        expectClientsGotIn(r, "seeded flood")
        let sent = r.floods.reduce(0) { $0 + $1.hellosSent }
        #expect(r.endpoint.statistics.cookieRepliesSent > sent / 2, "under load, hellos get cookies")
        for flood in r.floods {
            #expect(flood.bytesReceived < flood.bytesSent, "a cookie reply (56 bytes) is smaller than a hello (93)")
        }
    }

    @Test("an attacker with the seed, from one address, holds at most its quota of the half-open table")
    func seededFloodFromOneAddress() throws {
        let r = try run(attackers: 1, withSeed: true, echoesCookies: true)
        expectClientsGotIn(r, "one-address flood")
        #expect(r.endpoint.drops[.helloSourceQuota] > r.floods[0].hellosSent * 8 / 10)
        #expect(r.endpoint.statistics.pendingHandshakesPeak <= 16 + Self.clients)
    }

    @Test("attackers with the seed echoing cookies from 40 addresses spend their hello budgets")
    func cookieEchoBudgets() throws {
        let r = try run(attackers: 40, withSeed: true, echoesCookies: true)
        expectClientsGotIn(r, "cookie-echo flood")
        #expect(r.floods.allSatisfy { $0.cookieReplies >= 1 }, "every attacker got a cookie")
        #expect(r.endpoint.drops[.helloRateLimited] > 10_000, "each address's budget is spent")
    }

    @Test("attackers echoing cookies from more addresses than the table holds cannot crowd out a client")
    func cookieEchoFromManyAddresses() throws {
        let r = try run(attackers: 300, withSeed: true, echoesCookies: true)
        expectClientsGotIn(r, "300-address cookie-echo flood")
        #expect(r.endpoint.statistics.pendingHandshakesPeak <= 256)
        #expect(r.endpoint.statistics.pendingHandshakesEvicted > 0, "entries were evicted for fairness")
    }
}
