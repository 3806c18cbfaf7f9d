import STTCore
import STTSim
import Testing

public let shared = Array("shared_secret_32bytes_minimum!!!".utf8)

public func seedBytes(_ name: String) -> [UInt8] { Array((name + "-node-seed-0123456789").utf8) }

/// A client and a server joined by one link (or through routers), ready for flows.
public struct TwoHosts {
    public let sim: Simulation
    public let client: Int
    public let server: Int
    public let link: Int

    public init(
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

public func blast(_ sim: Simulation, count: Int, size: Int = 200, interval: STTDuration = .microseconds(100)) {
    let to = sim.address(of: 1)
    for i in 0..<count {
        sim.injectDatagram(
            from: 0, to: to, payload: [UInt8](repeating: 0xEE, count: size),
            at: STTInstant(nanoseconds: Int64(i) * interval.nanoseconds))
    }
}

public func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }
public func standardDeviation(_ xs: [Double]) -> Double {
    let m = mean(xs)
    return (xs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(xs.count - 1)).squareRoot()
}
