import Foundation
import STTCore

/// In-memory endpoints for the core benchmarks (no network: datagrams are handed over directly).
enum CoreBenchFixture {
    static let shared = Array("bench shared seed, 32 bytes long".utf8)

    static func endpoint(_ name: String, server: Bool) throws -> STTEndpoint {
        var config = EndpointConfiguration()
        config.acceptsIncomingSessions = server
        config.idleTimeout = .seconds(1_000_000)
        config.maxPendingHandshakes = 1_000_000
        return STTEndpoint(
            identity: try NodeIdentity(nodeSeed: Array((name + "-node-seed-0123456789").utf8)),
            sharedSecret: try SharedSecret(sharedSeed: shared), configuration: config,
            random: SystemRandomNumberGenerator())
    }

    /// Runs one full handshake (three messages and the confirmation), then closes the session
    /// on both sides so the endpoints do not accumulate state.
    static func handshake(_ client: STTEndpoint, _ server: STTEndpoint) throws {
        let a = STTAddress(ipv4: 10, 0, 0, 1, port: 1)
        let b = STTAddress(ipv4: 10, 0, 0, 2, port: 2)
        let id = client.connect(to: b, now: .zero)
        var established = 0
        for _ in 0..<4 {
            while let t = client.pollTransmit(now: .zero) { server.handle(datagram: t.payload, from: a, now: .zero) }
            while let t = server.pollTransmit(now: .zero) { client.handle(datagram: t.payload, from: b, now: .zero) }
        }
        while let e = client.pollEvent() { if case .sessionEstablished = e { established += 1 } }
        while let e = server.pollEvent() { if case .sessionEstablished = e { established += 1 } }
        guard established == 2 else { throw BenchFailure("handshake did not complete") }
        client.close(id, now: .zero)
        while let t = client.pollTransmit(now: .zero) { server.handle(datagram: t.payload, from: a, now: .zero) }
        _ = server.pollEvent()
        _ = client.pollEvent()
        client.handleTimeout(now: STTInstant.zero + .seconds(3))  // end the close linger
        client.handleTimeout(now: .zero)
    }
}
