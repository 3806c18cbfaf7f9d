import Crypto
import Foundation
import STTHarness
import Testing

@testable import STTCore

/// Defects a review found, each pinned by the scenario that exposed it.
@Suite("Review regressions")
struct ReviewRegressionTests {
    @Test("an authenticated peer sending packet number UInt64.max does not crash the receiver")
    func packetNumberMaxDoesNotTrap() {
        var window = ReplayWindow(size: 4096)
        window.record(.max - 1)
        #expect(window.check(.max) == .fresh)
        window.record(.max)
        #expect(window.check(.max) == .replayed && window.check(.max - 1) == .replayed)
    }

    @Test("garbage message 3s cannot make the responder reject a genuine handshake")
    func forgedFinishCannotForceReject() throws {
        let pair = try makePair()
        // Hold back the real message 3 while an attacker who saw the session id sends garbage.
        pair.fate = { $0.packetType == .handshakeFinish && $0.index == 2 ? .drop : .deliver }
        let id = pair.connect(0, to: 1)
        pair.run(until: pair.now + .milliseconds(30)) { pair.sent.count >= 3 }
        var rng = Xoshiro256StarStar(seed: 11)
        let garbage =
            PacketPrefix.encode(.handshakeFinish, id) + (0..<64).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        for _ in 0..<3 {
            pair.inject(garbage, to: 1, from: pair.address(0))  // from the client's address
            pair.inject(garbage, to: 1, from: STTAddress(ipv4: 203, 0, 113, 9, port: 1))  // and from elsewhere
        }
        let done = pair.run(until: pair.now + .seconds(5)) {
            pair.established(0) == [id] && pair.established(1) == [id]
        }
        #expect(done, "the retransmitted genuine message 3 still completes the handshake")
        #expect(pair.failures(0).isEmpty && pair.failures(1).isEmpty)
        #expect(pair.endpoint(1).drops[.wrongAddress] == 3)
    }

    @Test("message 3s from another address earn no amplification budget toward the hello's address")
    func budgetOnlyFromHelloAddress() throws {
        let pair = try makePair()
        let victim = STTAddress(ipv4: 192, 0, 2, 1, port: 53)
        let attacker = EndpointHarness(seed: 4)
        try attacker.addEndpoint(nodeSeed: seed("attacker"), sharedSeed: sharedSeed)
        var id = SessionID(rawValue: 0)
        attacker.perform(0) { e, now in id = e.connect(to: pair.address(1), now: now) }  // we only want its hello
        let hello = attacker.sent[0].payload
        pair.inject(hello, to: 1, from: victim)
        let finish = PacketPrefix.encode(.handshakeFinish, id) + [UInt8](repeating: 1, count: 64)
        for _ in 0..<100 { pair.inject(finish, to: 1, from: STTAddress(ipv4: 198, 51, 100, 1, port: 9)) }
        for _ in 0..<10 { pair.inject(hello, to: 1, from: victim) }
        let sentToVictim = pair.sent.filter { $0.to == victim }.map(\.payload.count).reduce(0, +)
        #expect(sentToVictim <= 3 * 11 * hello.count)
    }

    @Test("when both sides close at once no CLOSE ping-pong follows, even on a zero-delay path")
    func simultaneousClose() throws {
        let pair = try makePair()
        let id = pair.establish(0, to: 1)
        pair.oneWayDelay = .zero
        let before = pair.sent.count
        pair.perform(0) { e, now in e.close(id, now: now) }
        pair.perform(1) { e, now in e.close(id, now: now) }
        pair.advance(by: .seconds(3))
        #expect(pair.sent.count - before <= 4, "two CLOSEs and at most one answer each")
        #expect(pair.endpoint(0).sessionIDs.isEmpty && pair.endpoint(1).sessionIDs.isEmpty)
    }

    @Test("timer settings that would spin or silently kill sessions are refused with the field's name")
    func configurationValidated() {
        var c = EndpointConfiguration()
        c.keepAliveInterval = .seconds(30)
        #expect(c.validate()?.contains("keepAliveInterval must be positive and shorter than idleTimeout") == true)
        c = EndpointConfiguration()
        c.keepAliveInterval = .zero
        #expect(c.validate()?.contains("keepAliveInterval") == true)
        c = EndpointConfiguration()
        c.maximumHandshakeRetransmit = .milliseconds(1)
        #expect(c.validate()?.contains("maximumHandshakeRetransmit") == true)
        c = EndpointConfiguration()
        c.idleTimeout = .seconds(86_400 * 400)
        #expect(c.validate()?.contains("idleTimeout must be positive and at most a year") == true)
        #expect(EndpointConfiguration().validate() == nil)
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
