import Crypto
import Foundation
import STTCore
import STTHarness

/// Benchmarks of binary streaming and of the whole transport path.
enum StreamBenchmarks {
    static let all: [Benchmark] = [
        encodeDecode(1_024, "1k"), encodeDecode(65_536, "64k"),
        encodeDecode(1_048_576, "1m"), pairBulkTransfer,
    ]

    /// In-memory `BinaryStreamEncoder` → `BinaryStreamDecoder`, bytes per second, per suite,
    /// against libcrypto's EVP seal + open of the same segment size (contexts set up once).
    static func encodeDecode(_ segmentSize: Int, _ suffix: String) -> Benchmark {
        Benchmark(name: "stream-encode-decode-\(suffix)") { settings in
            try [CipherSuite.aesGCM, .chaChaPoly].map { suite in
                try encodeDecode(segmentSize, suffix, suite: suite, settings: settings)
            }
        }
    }

    private static func encodeDecode(
        _ segmentSize: Int, _ suffix: String, suite: CipherSuite, settings: BenchSettings
    ) throws -> BenchResult {
        do {
            let crypto = StreamCrypto(key: SymmetricKey(size: .bits256), suite: suite)
            let session = SessionID(rawValue: 42)
            let chunk = [UInt8](repeating: 0xA5, count: segmentSize)
            var encoder = try BinaryStreamEncoder(
                crypto: crypto, sessionID: session, streamID: 1, segmentSize: segmentSize)
            var decoder = BinaryStreamDecoder(crypto: crypto, sessionID: session, streamID: 1)
            let raw = try LibcryptoAEAD(suite: suite, plaintextSize: segmentSize, aadSize: 8)  // AAD: the session id
            let rates = try compareRates(
                settings,
                ours: { n in
                    for _ in 0..<n {
                        if encoder.statistics.sequence > UInt64.max / 2 {  // never in practice: keep the stream fresh
                            encoder = try BinaryStreamEncoder(
                                crypto: crypto, sessionID: session, streamID: 1, segmentSize: segmentSize)
                            decoder = BinaryStreamDecoder(crypto: crypto, sessionID: session, streamID: 1)
                        }
                        let segments = try encoder.encode(chunk)
                        guard let data = try decoder.receive(segments[0]), data.count == segmentSize else {
                            throw BenchFailure("segment did not decode")
                        }
                        encoder.grantCredits(upTo: decoder.creditLimit)
                    }
                },
                baseline: { n in
                    for _ in 0..<n { try raw.sealOpen() }
                })
            let name = "stream-encode-decode-\(suffix)" + (suite == .aesGCM ? "" : "-\(suite.name)")
            return BenchResult(
                name: name, value: rates.ours * Double(segmentSize),
                unit: "bytes/s", baseline: "libcrypto EVP \(suite.name) seal+open \(suffix)",
                baselineValue: rates.baseline * Double(segmentSize), ratio: rates.ours / rates.baseline)
        }
    }

    /// 256 MiB bounded transfers over the pair harness (10 ms one way, 64 KiB segments) with 0 %
    /// and 1 % random loss: the whole path (streams, ACKs, loss recovery, congestion control,
    /// packet protection both ways), in bytes per wall second, against raw seal + open of the
    /// same bytes in 1200-byte packets (AES-256-GCM, the suite the harness uses), the crypto ceiling of one core.
    static let pairBulkTransfer = Benchmark(name: "pair-bulk-transfer") { settings in
        let length = 256 << 20
        let packetPlaintext = 1200 - STTWire.protectedOverhead
        var rows: [BenchResult] = []
        for (name, loss) in [("pair-bulk-transfer", 0.0), ("pair-bulk-transfer-1pct-loss", 0.01)] {
            var ours: [Double] = []
            var baseline: [Double] = []
            var details: [String: Double] = [:]
            for round in 0..<min(settings.rounds, 3) {
                let clock = ContinuousClock()
                var run: (pair: EndpointHarness, job: BulkTransfer)!
                let elapsed = try clock.measure {
                    run = try bulkRun(length: length, loss: loss, seed: UInt64(round + 1))
                }
                ours.append(Double(length) / elapsed.seconds)
                // The same bytes sealed and opened once each in packet-sized pieces.
                let packets = length / packetPlaintext
                let aead = try LibcryptoAEAD(
                    suite: .simulationDefault, plaintextSize: packetPlaintext, aadSize: STTWire.protectedHeaderLength)
                let raw = try clock.measure { for _ in 0..<packets { try aead.sealOpen() } }
                baseline.append(Double(length) / raw.seconds)
                let sender = run.pair.endpoint(0)
                let stats = sender.sendStreamStatistics(run.job.stream, on: run.job.session)
                details["  simulated seconds"] = (run.job.finishedAt! - .zero).seconds
                details["  retransmitted bytes"] = Double(stats?.retransmittedBytes ?? 0)
                details["  peak receiver-held bytes"] = Double(run.job.peakHeldBytes)
                details["  peak sender-buffered bytes"] = Double(run.job.peakSenderBuffered)
            }
            details["  peak RSS bytes (process)"] = peakResidentBytes()
            let (o, b) = (median(ours), median(baseline))
            rows.append(
                BenchResult(
                    name: name, value: o, unit: "bytes/s", baseline: "libcrypto EVP aesgcm seal+open, 1200 B",
                    baselineValue: b, ratio: o / b, details: details))
        }
        return rows
    }

    static func bulkRun(length: Int, loss: Double, seed: UInt64) throws -> (EndpointHarness, BulkTransfer) {
        let pair = EndpointHarness(seed: seed, oneWayDelay: .milliseconds(10))
        pair.recordsSentDatagrams = false
        pair.recordsEvents = false
        var server = EndpointConfiguration()
        server.acceptsIncomingSessions = true
        let shared = Array("bench shared seed, 32 bytes long".utf8)
        try pair.addEndpoint(nodeSeed: Array("bench-client-node-seed".utf8), sharedSeed: shared)
        try pair.addEndpoint(nodeSeed: Array("bench-server-node-seed".utf8), sharedSeed: shared, configuration: server)
        let session = pair.connect(0, to: 1)
        guard
            pair.run(
                until: .zero + .seconds(5), stopWhen: { pair.endpoint(0).sessionInfo(session)?.state == .established })
        else { throw BenchFailure("pair did not establish") }
        var rng = Xoshiro256StarStar(seed: seed ^ 0x1055)
        if loss > 0 { pair.fate = { _ in Double(rng.next() >> 11) / Double(1 << 53) < loss ? .drop : .deliver } }
        let job = try BulkTransfer(
            harness: pair, from: 0, to: 1, session: session, length: length,
            segmentSize: 65_536, seed: seed)
        pair.application = { job.turn($0) }
        guard pair.run(until: .zero + .seconds(36_000), stopWhen: { job.finished }), let d = job.digests,
            d.sent == d.received
        else { throw BenchFailure("bulk transfer did not complete intact") }
        return (pair, job)
    }
}
