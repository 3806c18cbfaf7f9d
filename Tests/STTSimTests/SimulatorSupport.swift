import STTCore
import STTSim
import Testing

let shared = Array("shared_secret_32bytes_minimum!!!".utf8)

func seedBytes(_ name: String) -> [UInt8] { Array((name + "-node-seed-0123456789").utf8) }

extension STTInstant {
    static func ms(_ n: Int64) -> STTInstant { STTInstant(nanoseconds: n * 1_000_000) }
    static func s(_ n: Int64) -> STTInstant { STTInstant(nanoseconds: n * 1_000_000_000) }
}

/// A client and a server joined by one link (or through routers), ready for flows.
struct TwoHosts {
    let sim: Simulation
    let client: Int
    let server: Int
    let link: Int

    init(
        seed: UInt64, link parameters: LinkParameters, server serverConfig: EndpointConfiguration = .init(),
        client clientConfig: EndpointConfiguration = .init()
    ) throws {
        sim = Simulation(seed: seed)
        var s = serverConfig
        s.acceptsIncomingSessions = true
        client = try sim.addEndpoint(
            "client", nodeSeed: seedBytes("client"), sharedSeed: shared, configuration: clientConfig)
        server = try sim.addEndpoint("server", nodeSeed: seedBytes("server"), sharedSeed: shared, configuration: s)
        link = sim.addLink(client, server, parameters)
    }
}

/// Sends `count` raw datagrams of `size` bytes from node 0 to node 1, one every `interval`,
/// and records per-packet send and delivery times from the trace.
final class LinkProbe {
    var sentAt: [UInt64: Int64] = [:]
    var deliveredAt: [UInt64: Int64] = [:]
    var lostInOrder: [Bool] = []
    var order: [UInt64] = []

    init(_ sim: Simulation) {
        sim.traceSink = { [unowned self] r in
            switch r.fate {
            case .sent:
                self.sentAt[r.packet] = r.timeNanoseconds
                self.order.append(r.packet)
            case .delivered: self.deliveredAt[r.packet] = r.timeNanoseconds
            default: break
            }
        }
    }

    /// Delays of delivered packets in milliseconds, in send order.
    var delaysMs: [Double] {
        order.compactMap { id in deliveredAt[id].map { Double($0 - sentAt[id]!) / 1e6 } }
    }

    /// For each sent packet in order, whether it was lost.
    var lossSequence: [Bool] { order.map { deliveredAt[$0] == nil } }
}

func blast(_ sim: Simulation, count: Int, size: Int = 200, interval: STTDuration = .microseconds(100)) {
    let to = sim.address(of: 1)
    for i in 0..<count {
        sim.injectDatagram(
            from: 0, to: to, payload: [UInt8](repeating: 0xEE, count: size),
            at: STTInstant(nanoseconds: Int64(i) * interval.nanoseconds))
    }
}

func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }
func standardDeviation(_ xs: [Double]) -> Double {
    let m = mean(xs)
    return (xs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(xs.count - 1)).squareRoot()
}
