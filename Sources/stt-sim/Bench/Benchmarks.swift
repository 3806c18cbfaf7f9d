import Crypto
import Foundation
import STTCore

/// Every benchmark `stt-sim bench` knows, in the order they run.
enum Benchmarks {
    static let all: [Benchmark] =
        [handshakes, packetSealOpen] + StreamBenchmarks.all + SimBenchmarks.all + CaptureBenchmarks.all
        + ScaleBenchmarks.all + [MemoryBenchmark.benchmark] + UDPBenchmarks.all + [ReportBenchmark.benchmark]
        + [HelloFloodBenchmark.benchmark, CongestionBenchmark.benchmark, SwarmBenchmark.benchmark]

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
    /// the next packet number, opened behind the replay window and parsed back, per suite, against
    /// libcrypto's EVP seal + open of the same plaintext and associated-data sizes with contexts
    /// set up once (the one-core limit). A last row puts swift-crypto's ChaChaPoly API against the
    /// same limit, for reference. (The whole transport path is `pair-bulk-transfer`.)
    static let packetSealOpen = Benchmark(name: "packet-seal-open") { settings in
        var rows: [BenchResult] = []
        for suite in [CipherSuite.aesGCM, .chaChaPoly] {
            let rates = try packetRates(suite: suite, settings: settings)
            let name = suite == .aesGCM ? "packet-seal-open" : "packet-seal-open-\(suite.name)"
            rows.append(
                BenchResult(
                    name: name, value: rates.ours, unit: "packets/s",
                    baseline: "libcrypto EVP \(suite.name) seal+open", baselineValue: rates.baseline,
                    ratio: rates.ours / rates.baseline))
        }
        let plaintextSize = 1200 - STTWire.protectedOverhead
        var swiftCrypto = SwiftCryptoAEAD(plaintextSize: plaintextSize, aadSize: STTWire.protectedHeaderLength)
        let evp = try LibcryptoAEAD(
            suite: .chaChaPoly, plaintextSize: plaintextSize, aadSize: STTWire.protectedHeaderLength)
        let reference = try compareRates(
            settings, ours: { n in for _ in 0..<n { try swiftCrypto.sealOpen() } },
            baseline: { n in for _ in 0..<n { try evp.sealOpen() } })
        rows.append(
            BenchResult(
                name: "swift-crypto-seal-open", value: reference.ours, unit: "packets/s",
                baseline: "libcrypto EVP chachapoly seal+open", baselineValue: reference.baseline,
                ratio: reference.ours / reference.baseline))
        return rows
    }

    private static func packetRates(suite: CipherSuite, settings: BenchSettings) throws -> (
        ours: Double, baseline: Double
    ) {
        let packetSize = 1200
        let plaintextSize = packetSize - STTWire.protectedOverhead
        let i2r = SymmetricKey(size: .bits256)
        let r2i = SymmetricKey(size: .bits256)
        let id = SessionID(rawValue: 0x0123_4567_89AB_CDEF)
        guard var sender = PacketProtection(sessionID: id, suite: suite, sendKey: i2r, receiveKey: r2i),
            var receiver = PacketProtection(sessionID: id, suite: suite, sendKey: r2i, receiveKey: i2r)
        else { throw BenchFailure("packet protection could not set up its keys") }
        let payload = [UInt8](repeating: 0x5A, count: plaintextSize - 3)
        var frames = [UInt8]()
        var parsed: [Frame] = []
        let raw = try LibcryptoAEAD(suite: suite, plaintextSize: plaintextSize, aadSize: STTWire.protectedHeaderLength)
        return try compareRates(
            settings,
            ours: { n in
                for _ in 0..<n {
                    frames.removeAll(keepingCapacity: true)
                    Frame.datagram(payload).encode(into: &frames)
                    guard let packet = sender.seal(frames), packet.count == packetSize else {
                        throw BenchFailure("protection did not produce a \(packetSize)-byte packet")
                    }
                    // Parsed as the endpoint does: frames into a reused array, no array per packet.
                    guard case .success(let opened) = receiver.open(packet) else {
                        throw BenchFailure("packet did not open")
                    }
                    try Frame.parseAll(opened.plaintext, into: &parsed)
                    guard case .datagram(let data)? = parsed.first, data.count == payload.count else {
                        throw BenchFailure("packet did not parse")
                    }
                }
            },
            baseline: { n in
                for _ in 0..<n { try raw.sealOpen() }
            })
    }
}
