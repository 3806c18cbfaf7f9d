import Foundation
import STTHarness
import STTTestSupport
import Testing

@testable import STTCore

@Suite("Hostile input")
struct HostileInputTests {
    @Test("a replayed protected packet is dropped and counted, never delivered twice")
    func replayDropped() throws {
        let pair = try makePair()
        let id = pair.establish(0, to: 1)
        try pair.perform(0) { e, _ in try e.sendDatagram([7], on: id) }
        pair.advance(by: .milliseconds(50))
        let packet = try #require(pair.sent.last { $0.from == pair.address(0) && $0.packetType == .protected })
        for _ in 0..<3 { pair.inject(packet.payload, to: 1, from: pair.address(0)) }
        #expect(pair.datagrams(1) == [[7]])
        #expect(pair.endpoint(1).drops[.replayed] == 3)
    }

    @Test("flipping any single bit of a protected packet gets it dropped with a reason, never delivered")
    func everyBitFlipRejected() throws {
        let pair = try makePair()
        let id = pair.establish(0, to: 1)
        pair.fate = { $0.packetType == .protected ? .drop : .deliver }  // hold the original back
        try pair.perform(0) { e, _ in try e.sendDatagram(Array("sensitive".utf8), on: id) }
        pair.advance(by: .milliseconds(50))
        let original = try #require(pair.sent.last { $0.packetType == .protected }).payload
        for bit in 0..<(original.count * 8) {
            var tampered = original
            tampered[bit / 8] ^= 0x80 >> UInt8(bit % 8)
            pair.inject(tampered, to: 1, from: pair.address(0))
        }
        let server = pair.endpoint(1)
        #expect(server.drops.total == original.count * 8)
        #expect(
            server.drops[.authenticationFailed] == (original.count - 12) * 8, "header and payload are authenticated")
        #expect(server.drops[.badMagic] == 16 && server.drops[.unsupportedVersion] == 8)
        #expect(pair.datagrams(1).isEmpty)
        pair.inject(original, to: 1, from: pair.address(0))
        #expect(pair.datagrams(1) == [Array("sensitive".utf8)], "the untampered packet still opens")
    }

    @Test("before authentication a responder never sends more than 3x the bytes it received from an address")
    func antiAmplification() throws {
        let pair = try makePair()
        let victim = STTAddress(ipv4: 192, 0, 2, 66, port: 53)
        // Hellos from a spoofed address: fresh ones and many retransmissions of one.
        let attacker = EndpointHarness(seed: 3)
        try attacker.addEndpoint(nodeSeed: seed("attacker"), sharedSeed: sharedSeed)
        var hellos: [[UInt8]] = []
        for _ in 0..<20 {
            attacker.perform(0) { e, now in e.connect(to: pair.address(1), now: now) }
        }
        hellos = attacker.sent.map(\.payload)
        var received = 0
        for hello in hellos + Array(repeating: hellos[0], count: 30) {
            pair.inject(hello, to: 1, from: victim)
            received += hello.count
        }
        let toVictim = pair.sent.filter { $0.to == victim }.map(\.payload.count).reduce(0, +)
        #expect(toVictim > 0 && toVictim <= 3 * received, "sent \(toVictim) bytes for \(received) received")
        #expect(pair.endpoint(1).pendingHandshakeCount == 16, "one address holds at most 1/16 of the table")
    }

    @Test("a flood of hellos without the shared seed holds at most 1/16 of the half-open table, and it drains")
    func helloFloodBounded() throws {
        var serverConfig = EndpointConfiguration()
        serverConfig.maxPendingHandshakes = 64
        serverConfig.handshakeTimeout = .seconds(2)
        let pair = try makePair(server: serverConfig)
        let flooder = EndpointHarness(seed: 5)
        try flooder.addEndpoint(nodeSeed: seed("flooder"), sharedSeed: Array("not the shared seed at all!!".utf8))
        for _ in 0..<2_000 { flooder.perform(0) { e, now in e.connect(to: pair.address(1), now: now) } }
        for hello in flooder.sent {
            pair.inject(hello.payload, to: 1, from: STTAddress(ipv4: 198, 51, 100, 9, port: 4000))
        }
        let server = pair.endpoint(1)
        #expect(server.pendingHandshakeCount == 4, "kept only so that an honest client hears the seeds differ")
        #expect(server.drops[.helloMACInvalid] == 2_000 - 4)
        pair.advance(by: .seconds(3))
        #expect(server.pendingHandshakeCount == 0 && server.statistics.pendingHandshakesExpired == 4)
        _ = pair.establish(0, to: 1)  // a legitimate client gets in once the flood has drained
    }

    @Test("a hello at an endpoint not in server mode is dropped")
    func clientRefusesHellos() throws {
        let pair = try makePair()
        pair.connect(1, to: 0)  // the client does not accept sessions
        pair.advance(by: .milliseconds(100))
        #expect(pair.endpoint(0).drops[.notAccepting] >= 1)
        #expect(pair.established(0).isEmpty)
    }

    @Test("an authenticated packet with malformed frames closes the session as a protocol violation")
    func malformedFramesCloseSession() throws {
        // Only a peer holding the session keys can send this: a buggy or hostile peer.
        let pair = try makePair()
        let id = pair.establish(0, to: 1)
        let forged = try #require(pair.endpoint(0).sessions[id]?.seal([0x05, 0xFF, 0xFF, 0x01], now: pair.now))
        pair.inject(forged, to: 1, from: pair.address(0))
        pair.advance(by: .milliseconds(50))
        #expect(pair.endpoint(1).drops[.malformedFrames] == 1)
        guard case .local(let code, let reason) = pair.closes(1).first else {
            Issue.record("server did not close")
            return
        }
        #expect(code == .protocolViolation && reason.contains("DATAGRAM data"))
        #expect(
            pair.closes(0).first.map { if case .remote(.protocolViolation, _) = $0 { true } else { false } } == true)
    }

    @Test("an authenticated peer sending packet number UInt64.max does not crash the receiver")
    func packetNumberMaxDoesNotTrap() {
        var window = ReplayWindow(size: 4096)
        window.record(.max - 1)
        #expect(window.check(.max) == .fresh)
        window.record(.max)
        #expect(window.check(.max) == .replayed && window.check(.max - 1) == .replayed)
    }

    @Test("a packet with a valid datagram frame followed by a malformed frame delivers nothing")
    func malformedPacketHasNoEffect() throws {
        let pair = try makePair()
        let id = pair.establish(0, to: 1)
        var plaintext = [UInt8]()
        Frame.datagram([1, 2, 3]).encode(into: &plaintext)
        plaintext += [0x7E]  // unknown frame type
        let forged = try #require(pair.endpoint(0).sessions[id]?.seal(plaintext, now: pair.now))
        pair.inject(forged, to: 1, from: pair.address(0))
        #expect(pair.datagrams(1).isEmpty)
        #expect(pair.endpoint(1).drops[.malformedFrames] == 1)
    }

    @Test("handshake datagrams of any length but v1's exact one are refused before they cost state")
    func handshakeLengthsExact() throws {
        let pair = try makePair()
        let attacker = EndpointHarness(seed: 8)
        try attacker.addEndpoint(nodeSeed: seed("attacker"), sharedSeed: sharedSeed)
        attacker.perform(0) { e, now in e.connect(to: pair.address(1), now: now) }
        let hello = attacker.sent[0].payload
        pair.inject(hello + [0], to: 1, from: pair.address(0))
        pair.inject(hello + [UInt8](repeating: 0, count: 60_000), to: 1, from: pair.address(0))
        #expect(pair.endpoint(1).pendingHandshakeCount == 0)
        #expect(pair.endpoint(1).drops[.handshakeInvalid] == 2)
    }
}
