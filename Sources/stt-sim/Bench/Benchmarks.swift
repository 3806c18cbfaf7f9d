import Crypto
import Foundation
import STTCore

/// Every benchmark `stt-sim bench` knows, in the order they run.
enum Benchmarks {
    static let all: [Benchmark] =
        [handshakes, packetSealOpen] + StreamBenchmarks.all + SimBenchmarks.all + CaptureBenchmarks.all
        + ScaleBenchmarks.all + UDPBenchmarks.all

    /// Complete XXpsk3 handshakes between two in-memory endpoints, against the raw X25519 work a
    /// handshake cannot avoid (2 ephemeral key generations and 6 Diffie-Hellman agreements).
    static let handshakes = Benchmark(name: "handshakes-per-second") { settings in
        let client = try CoreBenchFixture.endpoint("bench-client", server: false)
        let server = try CoreBenchFixture.endpoint("bench-server", server: true)
        let peerPublic = Curve25519.KeyAgreement.PrivateKey().publicKey
        let rates = try compareRates(
            settings,
            ours: { n in
                for _ in 0..<n { try CoreBenchFixture.handshake(client, server) }
            },
            baseline: { n in
                for _ in 0..<n {
                    for _ in 0..<2 {
                        let ephemeral = Curve25519.KeyAgreement.PrivateKey()
                        for _ in 0..<3 { _ = try ephemeral.sharedSecretFromKeyAgreement(with: peerPublic) }
                    }
                }
            })
        return BenchResult(
            name: "handshakes-per-second", value: rates.ours, unit: "handshakes/s",
            baseline: "raw X25519: 2 keygen + 6 DH", baselineValue: rates.baseline,
            ratio: rates.ours / rates.baseline)
    }

    /// 1200-byte packets through the session's packet protection: frames encoded, sealed under
    /// the next packet number, opened behind the replay window and parsed back, against raw
    /// ChaCha20-Poly1305 seal + open of the same plaintext and associated-data sizes.
    /// (The whole transport path, ACKs and congestion control included, is `pair-bulk-transfer`.)
    static let packetSealOpen = Benchmark(name: "packet-seal-open") { settings in
        let packetSize = 1200
        let plaintextSize = packetSize - STTWire.protectedOverhead
        let i2r = SymmetricKey(size: .bits256)
        let r2i = SymmetricKey(size: .bits256)
        let id = SessionID(rawValue: 0x0123_4567_89AB_CDEF)
        var sender = PacketProtection(sessionID: id, sendKey: i2r, receiveKey: r2i)
        var receiver = PacketProtection(sessionID: id, sendKey: r2i, receiveKey: i2r)
        let payload = [UInt8](repeating: 0x5A, count: plaintextSize - 3)
        var frames = [UInt8]()
        var raw = RawAEAD(plaintextSize: plaintextSize, aadSize: STTWire.protectedHeaderLength)
        let rates = try compareRates(
            settings,
            ours: { n in
                for _ in 0..<n {
                    frames.removeAll(keepingCapacity: true)
                    Frame.datagram(payload).encode(into: &frames)
                    guard let packet = sender.seal(frames), packet.count == packetSize else {
                        throw BenchFailure("protection did not produce a \(packetSize)-byte packet")
                    }
                    guard case .success(let opened) = receiver.open(packet),
                        case .datagram(let data)? = try Frame.parseAll([UInt8](opened.plaintext)).first,
                        data.count == payload.count
                    else { throw BenchFailure("packet did not open") }
                }
            },
            baseline: { n in
                for _ in 0..<n { try raw.sealOpen() }
            })
        return BenchResult(
            name: "packet-seal-open", value: rates.ours, unit: "packets/s",
            baseline: "raw ChaChaPoly seal+open", baselineValue: rates.baseline,
            ratio: rates.ours / rates.baseline)
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

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
