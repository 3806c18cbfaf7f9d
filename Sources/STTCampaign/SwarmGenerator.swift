import STTCore
import STTScenario

/// Draws a random scenario from a seed: 2 to a few hundred nodes, routers, asymmetric links with
/// every impairment up to heavy loss, partitions, crashes and restarts, link changes, all four
/// traffic kinds, mixed congestion control and node settings, extreme but valid values. Faults
/// happen in a window at the start; the run's duration then leaves every flow owed completion
/// its `CompletionBudget` deadline. The same seed gives the same file on every machine.
public struct SwarmGenerator: Sendable {
    /// The size mix: how often a seed draws a small, medium or large scenario.
    public enum Size: String, Sendable, CaseIterable {
        case small, medium, large
    }

    /// Changes whenever a seed's scenario changes: campaign directories of different
    /// generators do not merge.
    public static let version = "swarm-generator-1"

    public init() {}

    /// The scenario for `seed`, as the JSON file `stt-sim run` reads.
    public func scenario(seed: UInt64) -> JSONValue {
        var draw = SwarmDraw(seed: seed)
        return draw.scenario()
    }

    /// The scenario for `seed`, as text.
    public func text(seed: UInt64) -> String { scenario(seed: seed).formatted(indent: 1) + "\n" }
}

/// One seed's draws, in a fixed order (any change to the order changes every seed's scenario).
struct SwarmDraw {
    var random: SwarmRandom
    let seed: UInt64
    var nodes: [(id: String, router: Bool, fields: [(String, JSONValue)])] = []
    var links: [JSONValue] = []
    var linkEnds: [(Int, Int)] = []
    var traffic: [JSONValue] = []
    var events: [JSONValue] = []
    var servers = Set<Int>()

    init(seed: UInt64) {
        self.seed = seed
        random = SwarmRandom(seed: seed)
    }

    mutating func scenario() -> JSONValue {
        let size = random.weighted([(72, SwarmGenerator.Size.small), (24, .medium), (4, .large)])
        let (endpoints, routers): (Int, Int)
        switch size {
        case .small: (endpoints, routers) = (random.int(2...6), random.int(0...2))
        case .medium: (endpoints, routers) = (random.int(7...40), random.int(1...6))
        case .large: (endpoints, routers) = (random.int(41...250), random.int(2...16))
        }
        for e in 0..<endpoints { nodes.append(("e\(e)", false, endpointFields())) }
        for r in 0..<routers { nodes.append(("r\(r)", true, [])) }
        topology(endpoints: endpoints, routers: routers)
        let flowCount =
            size == .large ? random.int(endpoints / 8...endpoints / 3) : random.int(1...(size == .small ? 4 : 10))
        for _ in 0..<max(1, flowCount) { drawFlow(endpoints: endpoints) }
        if random.chance(0.05) { drawFlood(endpoints: endpoints) }
        let faultEnd = random.chance(0.45) ? drawFaults() : 0
        return assemble(faultEnd: faultEnd)
    }

    // MARK: Topology

    /// A random tree (so every pair is joined), then a few extra links that make cycles.
    mutating func topology(endpoints: Int, routers: Int) {
        for r in 1..<max(1, routers) { addLink(endpoints + r, endpoints + random.int(0...(r - 1))) }
        for e in 0..<endpoints {
            if routers > 0 && random.chance(0.85) {
                addLink(e, endpoints + random.int(0...(routers - 1)))
            } else if e > 0 {
                addLink(e, random.int(0...(e - 1)))
            } else if routers > 0 {
                addLink(e, endpoints)
            }
        }
        if routers == 0, endpoints > 1, linkEnds.isEmpty { addLink(0, 1) }
        if random.chance(0.3) {
            for _ in 0..<random.int(1...3) {
                let a = random.int(0...(nodes.count - 1))
                let b = random.int(0...(nodes.count - 1))
                if a != b, !linkEnds.contains(where: { ($0 == a && $1 == b) || ($0 == b && $1 == a) }) { addLink(a, b) }
            }
        }
    }

    mutating func addLink(_ a: Int, _ b: Int) {
        var fields: [(String, JSONValue)] = [
            ("id", .string("l\(links.count)")), ("a", .string(nodes[a].id)), ("b", .string(nodes[b].id)),
        ]
        fields += linkParameters()
        if random.chance(0.25) { fields.append(("reverse", .object(reverseParameters()))) }
        links.append(.object(fields))
        linkEnds.append((a, b))
    }

    /// Delay, capacity, queue and every impairment, each drawn on its own.
    mutating func linkParameters() -> [(String, JSONValue)] {
        // Now and then an extreme: seconds of delay, a modem's rate, a one-packet queue.
        let delay = random.chance(0.02) ? random.logUniform(0.3, 3) : random.logUniform(1e-5, 0.3)
        var f: [(String, JSONValue)] = [("delay", duration(delay))]
        if random.chance(0.85) {
            f.append(
                ("bandwidth", rate(random.chance(0.02) ? random.logUniform(1e3, 1e5) : random.logUniform(1e5, 1e10))))
        }
        switch random.int(0...49) {
        case 0: f.append(("queue", .object([("packets", .number(1))])))
        case 1...30: f.append(("queue", .object([("packets", .number(Double(random.int(2...2_000))))])))
        case 31...37: f.append(("queue", .object([("bytes", .number(Double(random.int(3_000...4 << 20))))])))
        default: break
        }
        switch random.int(0...19) {
        case 0...8: break
        case 9...14: f.append(("loss", .number(rounded(random.logUniform(5e-4, 0.08)))))
        case 15: f.append(("loss", .number(rounded(random.uniform(0.08, 0.3)))))  // heavy
        default:
            f.append(
                (
                    "loss",
                    .object([
                        ("model", .string("gilbert-elliott")), ("p", .number(rounded(random.uniform(0.001, 0.1)))),
                        ("r", .number(rounded(random.uniform(0.1, 0.9)))),
                        (
                            "h",
                            .number(rounded(random.chance(0.3) ? random.uniform(0, 0.5) : random.uniform(0.6, 0.95)))
                        ),
                        ("k", .number(rounded(random.uniform(0.97, 1)))),
                    ])
                ))
        }
        if random.chance(0.15) { f.append(("duplicate", .number(rounded(random.uniform(0, 0.05))))) }
        if random.chance(0.15) { f.append(("reorder", .number(rounded(random.uniform(0, 0.1))))) }
        if random.chance(0.1) { f.append(("corrupt", .number(rounded(random.uniform(0, 0.03))))) }
        if random.chance(0.25) { f.append(("jitter", jitter())) }
        if random.chance(0.09) {
            let mtu = random.chance(0.1) ? random.pick([96, 1227, 1228, 65_535]) : random.int(576...9_000)
            f.append(("mtu", .number(Double(mtu))))
        }
        return f
    }

    mutating func reverseParameters() -> [(String, JSONValue)] {
        var f: [(String, JSONValue)] = [("delay", duration(random.logUniform(1e-5, 0.3)))]
        if random.chance(0.7) { f.append(("bandwidth", rate(random.logUniform(1e5, 1e10)))) }
        if random.chance(0.4) { f.append(("loss", .number(rounded(random.logUniform(5e-4, 0.1))))) }
        return f
    }

    mutating func jitter() -> JSONValue {
        switch random.int(0...3) {
        case 0:
            return .object([("distribution", .string("uniform")), ("width", duration(random.logUniform(1e-5, 0.02)))])
        case 1:
            return .object([("distribution", .string("normal")), ("sigma", duration(random.logUniform(1e-5, 0.01)))])
        case 2:
            return .object([
                ("distribution", .string("exponential")), ("mean", duration(random.logUniform(1e-5, 0.01))),
            ])
        default:
            return .object([
                ("distribution", .string("pareto")), ("mean", duration(random.logUniform(1e-5, 0.005))),
                ("shape", .number(rounded(random.uniform(1.5, 4)))),
            ])
        }
    }

    // MARK: Nodes

    mutating func endpointFields() -> [(String, JSONValue)] {
        var f: [(String, JSONValue)] = []
        if random.chance(0.04) { f.append(("sharedSeed", .string("other_shared_seed_\(random.int(1...2))_minimum"))) }
        if random.chance(0.7) { f.append(("congestionControl", .string(random.pick(["bbr", "cubic", "newreno"])))) }
        if random.chance(0.12) {
            let size = random.chance(0.2) ? random.pick([128, 1199, 65_507]) : random.int(1_200...65_507)
            f.append(("maxDatagramSize", .number(Double(size))))
        }
        if random.chance(0.05) { f.append(("maxSessions", .number(Double(random.int(1...8))))) }
        if random.chance(0.2) {
            let idle = random.logUniform(1, 120)
            f.append(("idleTimeout", duration(idle)))
            f.append(("keepAlive", random.chance(0.3) ? .string("off") : duration(idle * random.uniform(0.1, 0.9))))
        }
        if random.chance(0.2) { f.append(("handshakeTimeout", duration(random.logUniform(1, 30)))) }
        if random.chance(0.1) { f.append(("receiveWindow", .number(Double(random.int(1 << 20...64 << 20))))) }
        if random.chance(0.1) { f.append(("sessionReceiveWindow", .number(Double(random.int(2 << 20...96 << 20))))) }
        if random.chance(0.1) { f.append(("sendBuffer", .number(Double(random.int(1 << 20...64 << 20))))) }
        return f
    }

    // MARK: Traffic

    mutating func drawFlow(endpoints: Int) {
        let from = random.int(0...(endpoints - 1))
        var to = random.int(0...(endpoints - 2))
        if to >= from { to += 1 }
        servers.insert(to)
        var f: [(String, JSONValue)] = [("id", .string("f\(traffic.count)"))]
        let start = random.chance(0.5) ? 0 : random.logUniform(1e-3, 5)
        switch random.int(0...19) {
        case 0...11:
            f += [("kind", .string("bounded")), ("from", .string(nodes[from].id)), ("to", .string(nodes[to].id))]
            f.append(("size", .number(Double(random.chance(0.03) ? 0 : Int(random.logUniform(1_024, 16_777_216))))))
            if random.chance(0.15) { f.append(("segmentSize", .number(Double(random.int(1_024...1 << 20))))) }
        case 12...14:
            f += [("kind", .string("live")), ("from", .string(nodes[from].id)), ("to", .string(nodes[to].id))]
            f.append(("rate", rate(random.logUniform(64e3, 20e6))))
            f.append(("duration", duration(random.uniform(0.2, 5))))
            f.append(("chunk", .number(Double(random.int(256...16_384)))))
            if random.chance(0.4) { f.append(("deadline", duration(random.logUniform(0.05, 2)))) }
        default:
            var receivers = [JSONValue.string(nodes[to].id)]
            for _ in 0..<random.int(0...2) {
                let extra = random.int(0...(endpoints - 1))
                if extra != from, extra != to, !receivers.contains(.string(nodes[extra].id)) {
                    servers.insert(extra)
                    receivers.append(.string(nodes[extra].id))
                }
            }
            f += [("kind", .string("messages")), ("from", .string(nodes[from].id)), ("to", .array(receivers))]
            f.append(("count", .number(Double(random.int(1...50)))))
            f.append(("size", .number(Double(random.int(16...65_536)))))
            f.append(("interval", duration(random.logUniform(1e-3, 0.5))))
        }
        if start > 0 { f.append(("start", duration(start))) }
        traffic.append(.object(f))
    }

    /// An attacker node of its own (it hears nothing else once it floods), joined to a random node.
    mutating func drawFlood(endpoints: Int) {
        let target = random.int(0...(endpoints - 1))
        servers.insert(target)
        let attacker = nodes.count
        nodes.append(("attacker", false, []))
        addLink(attacker, random.int(0...(attacker - 1)))
        let withSeed = random.chance(0.5)
        traffic.append(
            .object([
                ("id", .string("flood")), ("kind", .string("hello-flood")), ("from", .string("attacker")),
                ("to", .string(nodes[target].id)), ("rate", .number(rounded(random.logUniform(10, 5_000)))),
                ("duration", duration(random.uniform(0.1, 3))), ("withSharedSeed", .bool(withSeed)),
                ("echoCookies", .bool(withSeed && random.chance(0.5))),
            ]))
    }
}
