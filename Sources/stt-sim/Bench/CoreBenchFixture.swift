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
    static let clientAddress = STTAddress(ipv4: 10, 0, 0, 1, port: 1)
    static let serverAddress = STTAddress(ipv4: 10, 0, 0, 2, port: 2)

    /// Hands datagrams both ways at time zero, four rounds: enough for every handshake message
    /// and the confirmation.
    static func exchange(_ client: STTEndpoint, _ server: STTEndpoint) {
        for _ in 0..<4 {
            while let t = client.pollTransmit(now: .zero) {
                server.handle(datagram: t.payload, from: clientAddress, now: .zero)
            }
            while let t = server.pollTransmit(now: .zero) {
                client.handle(datagram: t.payload, from: serverAddress, now: .zero)
            }
        }
    }

    static func handshake(_ client: STTEndpoint, _ server: STTEndpoint) throws {
        let id = client.connect(to: serverAddress, now: .zero)
        var established = 0
        exchange(client, server)
        while let e = client.pollEvent() { if case .sessionEstablished = e { established += 1 } }
        while let e = server.pollEvent() { if case .sessionEstablished = e { established += 1 } }
        guard established == 2 else { throw BenchFailure("handshake did not complete") }
        client.close(id, now: .zero)
        while let t = client.pollTransmit(now: .zero) {
            server.handle(datagram: t.payload, from: clientAddress, now: .zero)
        }
        _ = server.pollEvent()
        _ = client.pollEvent()
        client.handleTimeout(now: STTInstant.zero + .seconds(3))  // end the close linger
        client.handleTimeout(now: .zero)
    }
}
