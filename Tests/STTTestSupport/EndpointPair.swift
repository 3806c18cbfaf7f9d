import STTCore
import STTHarness
import Testing

public let sharedSeed = Array("shared_secret_32bytes_minimum!!!".utf8)

public func seed(_ name: String) -> [UInt8] { Array((name + String(repeating: "#", count: 16)).utf8) }

extension STTInstant {
    public static func ms(_ n: Int64) -> STTInstant { STTInstant(nanoseconds: n * 1_000_000) }
    public static func s(_ n: Int64) -> STTInstant { STTInstant(nanoseconds: n * 1_000_000_000) }
}

/// A client (node 0) and a server (node 1) on a 10 ms one-way path.
public func makePair(
    seed harnessSeed: UInt64 = 1, clientShared: [UInt8] = sharedSeed, serverShared: [UInt8] = sharedSeed,
    client: EndpointConfiguration = .init(), server: EndpointConfiguration? = nil
) throws -> EndpointHarness {
    let harness = EndpointHarness(seed: harnessSeed)
    var serverConfig = server ?? EndpointConfiguration()
    serverConfig.acceptsIncomingSessions = true
    try harness.addEndpoint(nodeSeed: seed("client"), sharedSeed: clientShared, configuration: client)
    try harness.addEndpoint(nodeSeed: seed("server"), sharedSeed: serverShared, configuration: serverConfig)
    return harness
}

extension EndpointHarness {
    public func established(_ n: Int) -> [SessionID] {
        events(n).compactMap {
            if case .sessionEstablished(let id, _, _, _) = $0 { return id }
            return nil
        }
    }
    public func failures(_ n: Int) -> [SessionFailure] {
        events(n).compactMap {
            if case .sessionFailed(_, _, let failure, _) = $0 { return failure }
            return nil
        }
    }
    public func closes(_ n: Int) -> [CloseReason] {
        events(n).compactMap {
            if case .sessionClosed(_, let reason) = $0 { return reason }
            return nil
        }
    }
    public func datagrams(_ n: Int) -> [[UInt8]] {
        events(n).compactMap {
            if case .datagramReceived(_, let data) = $0 { return data }
            return nil
        }
    }
    /// Connects node `from` to node `to` and runs until both report the session.
    public func establish(_ from: Int, to: Int) -> SessionID {
        let id = connect(from, to: to)
        let ok = run(until: now + .seconds(20)) {
            self.established(from).contains(id) && self.established(to).contains(id)
        }
        #expect(ok, "session \(id) did not establish (seed replay: same harness seed)")
        return id
    }
}
