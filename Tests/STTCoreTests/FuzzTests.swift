import Foundation
import STTHarness
import STTTestSupport
import Testing

@testable import STTCore

/// Throws random and mutated datagrams at a server that holds a live session, and checks the
/// rule that matters: anything not byte-identical to a datagram a real peer sent is dropped and
/// counted, nothing forged is delivered, memory stays bounded, and the real session still works.
///
/// Replay a failure with `STT_FUZZ_SEED=<seed> swift test --filter FuzzTests`.
@Suite("Hostile datagram property test")
struct FuzzTests {
    static let datagramCount = 100_000

    @Test("100,000 random and mutated datagrams are all dropped and counted, and the session survives")
    func randomAndMutatedDatagrams() throws {
        let fuzzSeed = ProcessInfo.processInfo.environment["STT_FUZZ_SEED"].flatMap(UInt64.init) ?? 0x5EED_F00D
        var rng = Xoshiro256StarStar(seed: fuzzSeed)
        let pair = try makePair(seed: fuzzSeed)
        let id = pair.establish(0, to: 1)
        try pair.perform(0) { e, _ in try e.sendDatagram(Array(repeating: 0x41, count: 500), on: id) }
        pair.advance(by: .milliseconds(50))
        // A second, half-open handshake so handshake packets of every type are in the corpus.
        let attacker = EndpointHarness(seed: fuzzSeed ^ 1)
        try attacker.addEndpoint(nodeSeed: seed("attacker"), sharedSeed: sharedSeed)
        attacker.perform(0) { e, now in e.connect(to: pair.address(1), now: now) }
        let corpus = (pair.sent + attacker.sent).map(\.payload)
        let legitimate = Set(corpus)
        // A hello's MACs guard the responder's table, they do not authenticate: a real hello's Noise
        // bytes with other MAC bytes may still be answered while the responder is not under load.
        let helloLength = PacketType.handshakeInitiation.minimumLength
        let noiseEnd = helloLength - 32  // the MACs are the last 32 bytes
        let helloNoise = Set(
            corpus.filter { $0.count == helloLength && $0[3] == 0x01 }.map { Array($0.prefix(noiseEnd)) })
        let server = pair.endpoint(1)
        let sources = [
            pair.address(0), STTAddress(ipv4: 203, 0, 113, 5, port: 9), STTAddress(ipv4: 203, 0, 113, 6, port: 9),
        ]
        let deliveredBefore = pair.datagrams(1).count

        var notDropped = 0
        for n in 0..<Self.datagramCount {
            let datagram = Self.hostileDatagram(&rng, corpus: corpus)
            let before = server.drops.total
            server.handle(datagram: datagram, from: sources[Int(rng.next() % 3)], now: pair.now)
            if server.drops.total == before {
                notDropped += 1
                let realHello = datagram.count == helloLength && helloNoise.contains(Array(datagram.prefix(noiseEnd)))
                if !legitimate.contains(datagram), !realHello {
                    Issue.record(
                        "datagram \(n) was accepted but no real peer sent it: \(datagram.prefix(32).hexString)… (replay: STT_FUZZ_SEED=\(fuzzSeed))"
                    )
                    return
                }
            }
            while server.pollTransmit(now: pair.now) != nil {}
        }
        while let event = server.pollEvent() {
            if case .datagramReceived = event {
                Issue.record("a forged datagram was delivered (STT_FUZZ_SEED=\(fuzzSeed))")
            }
            if case .sessionEstablished = event { Issue.record("a session was forged (STT_FUZZ_SEED=\(fuzzSeed))") }
        }
        #expect(server.drops.total + notDropped == Self.datagramCount)
        #expect(server.pendingHandshakeCount <= server.configuration.maxPendingHandshakes)
        #expect(server.sessionIDs == [id], "no session was created by hostile input")
        #expect(server.drops.nonZero.count >= 8, "the corpus reached many drop reasons: \(server.drops.nonZero)")

        // The real session still carries data both ways.
        try pair.perform(0) { e, _ in try e.sendDatagram([1, 2, 3], on: id) }
        pair.advance(by: .milliseconds(50))
        #expect(pair.datagrams(1).count == deliveredBefore + 1 && pair.datagrams(1).last == [1, 2, 3])
    }

    /// One hostile datagram: random bytes, a plausible header over random bytes, or a real
    /// datagram replayed, bit-flipped, truncated, extended or spliced.
    static func hostileDatagram(_ rng: inout Xoshiro256StarStar, corpus: [[UInt8]]) -> [UInt8] {
        func random(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) } }
        func pick() -> [UInt8] { corpus[Int(rng.next() % UInt64(corpus.count))] }
        switch rng.next() % 8 {
        case 0:
            return random(Int(rng.next() % 1500))
        case 1:
            let types: [UInt8] = [0x01, 0x02, 0x03, 0x04, 0x10, 0x00, 0xFF]
            let type = types[Int(rng.next() % UInt64(types.count))]
            return [0x53, 0x54, 0x01, type] + random(Int(rng.next() % 200))
        case 2:
            return pick()
        case 3, 4:
            var d = pick()
            for _ in 0..<(1 + rng.next() % 4) { d[Int(rng.next() % UInt64(d.count))] ^= UInt8(1 << (rng.next() % 8)) }
            return d
        case 5:
            let d = pick()
            return Array(d.prefix(Int(rng.next() % UInt64(d.count))))
        case 6:
            return pick() + random(1 + Int(rng.next() % 64))
        default:
            let a = pick()
            let b = pick()
            let cut = Int(rng.next() % UInt64(min(a.count, b.count)))
            return Array(a.prefix(cut) + b.dropFirst(cut))
        }
    }
}
