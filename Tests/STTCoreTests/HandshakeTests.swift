import STTCore
import STTHarness
import STTTestSupport
import Testing

@Suite("Handshake and session establishment")
struct HandshakeTests {
    @Test("a client and a server establish a session and learn each other's node ids")
    func establishesSession() throws {
        let pair = try makePair()
        let id = pair.establish(0, to: 1)
        guard case .sessionEstablished(_, let peer, _, let role) = pair.events(0).first else {
            Issue.record("client's first event is not establishment")
            return
        }
        #expect(peer == pair.endpoint(1).nodeID && role == .initiator)
        guard case .sessionEstablished(_, let serverSeesPeer, let address, let serverRole) = pair.events(1).first else {
            Issue.record("server's first event is not establishment")
            return
        }
        #expect(serverSeesPeer == pair.endpoint(0).nodeID && address == pair.address(0) && serverRole == .responder)
        #expect(pair.endpoint(0).sessionInfo(id)?.state == .established)
        #expect(pair.endpoint(1).sessionInfo(id)?.state == .established)
        // Three handshake messages and one confirmation: no retransmission on a clean path.
        #expect(pair.sent.count == 4)
        #expect(pair.endpoint(0).drops.total == 0 && pair.endpoint(1).drops.total == 0)
    }

    @Test("application datagrams flow both ways once established")
    func datagramsFlow() throws {
        let pair = try makePair()
        let id = pair.establish(0, to: 1)
        try pair.perform(0) { e, _ in try e.sendDatagram(Array("hello server".utf8), on: id) }
        try pair.perform(1) { e, _ in try e.sendDatagram(Array("hello client".utf8), on: id) }
        pair.advance(by: .milliseconds(50))
        #expect(pair.datagrams(1) == [Array("hello server".utf8)])
        #expect(pair.datagrams(0) == [Array("hello client".utf8)])
    }

    @Test("datagrams queued during the handshake are sent once it completes")
    func datagramsQueuedDuringHandshake() throws {
        let pair = try makePair()
        let id = pair.connect(0, to: 1)
        try pair.perform(0) { e, _ in try e.sendDatagram([1, 2, 3], on: id) }
        pair.advance(by: .seconds(1))
        #expect(pair.datagrams(1) == [[1, 2, 3]])
    }

    enum LostMessage: String, CaseIterable, CustomTestStringConvertible {
        case initiation, response, finish, confirmation
        var testDescription: String { rawValue }
        /// Index of the datagram among those sent on a clean run: msg1, msg2, msg3, HANDSHAKE_DONE.
        var index: Int { Self.allCases.firstIndex(of: self)! }
    }

    @Test("the handshake completes when any single handshake message is lost", arguments: LostMessage.allCases)
    func survivesLossOfOneMessage(lost: LostMessage) throws {
        let pair = try makePair()
        pair.fate = { $0.index == lost.index ? .drop : .deliver }
        let id = pair.establish(0, to: 1)
        #expect(pair.sent[lost.index].payload != [], "datagram \(lost.index) was sent")
        let retransmissions = pair.endpoint(0).sessionInfo(id)?.statistics.handshakeRetransmissions ?? 0
        if lost == .confirmation {
            // The responder's HANDSHAKE_DONE is ack-eliciting: its probe timeout, armed with the
            // handshake's RTT, repeats it before the initiator's message 3 timer would.
            let probes = pair.endpoint(1).sessionInfo(id)?.statistics.probeTimeouts ?? 0
            #expect(retransmissions + probes >= 1, "someone repeated after losing the confirmation")
        } else {
            #expect(retransmissions >= 1, "the initiator retransmitted after losing \(lost)")
        }
        #expect(pair.established(0) == [id] && pair.established(1) == [id], "exactly one session on each side")
    }

    @Test("the handshake completes when any single handshake message is corrupted", arguments: LostMessage.allCases)
    func survivesCorruptionOfOneMessage(lost: LostMessage) throws {
        let pair = try makePair()
        // Flip a bit past the header, inside the cryptographic part.
        pair.fate = { $0.index == lost.index ? .corrupt(bit: 8 * 20 + 3) : .deliver }
        let id = pair.establish(0, to: 1)
        #expect(pair.established(0) == [id] && pair.established(1) == [id])
        #expect(pair.failures(0).isEmpty && pair.failures(1).isEmpty, "corruption is not a shared-seed mismatch")
        let receiver = lost.index % 2 == 0 ? 1 : 0
        #expect(pair.endpoint(receiver).drops.total == 1, "the corrupted copy was dropped, not accepted")
    }

    @Test("nodes with different shared seeds never open a session and both report an authentication failure")
    func mismatchedSharedSeeds() throws {
        let pair = try makePair(serverShared: Array("a different shared seed, 32 bytes".utf8))
        let id = pair.connect(0, to: 1)
        pair.advance(by: .seconds(12))
        #expect(pair.established(0).isEmpty && pair.established(1).isEmpty)
        #expect(pair.failures(0) == [.authenticationFailed(peer: pair.endpoint(1).nodeID)])
        #expect(pair.failures(1) == [.authenticationFailed(peer: pair.endpoint(0).nodeID)])
        #expect(pair.endpoint(0).sessionInfo(id) == nil)
        // The client learns it within a few round trips, not by timing out.
        let clientFailedAt = pair.sent.last { $0.packetType == .handshakeReject }?.sentAt
        #expect(clientFailedAt.map { $0 < .ms(1000) } == true)
        #expect(String(describing: pair.failures(0)[0]).contains("shared seed"))
    }

    @Test("a peer that never answers makes the handshake time out")
    func handshakeTimesOut() throws {
        let pair = try makePair()
        pair.fate = { _ in .drop }
        let id = pair.connect(0, to: 1)
        pair.advance(by: .seconds(11))
        #expect(pair.failures(0) == [.handshakeTimeout])
        #expect(pair.endpoint(0).sessionInfo(id) == nil)
        let retransmissions = pair.sent.filter { $0.packetType == .handshakeInitiation }.count - 1
        #expect((4...12).contains(retransmissions), "backoff bounds retransmissions (got \(retransmissions))")
    }

    @Test("connecting with an expected node id refuses a responder with another identity")
    func expectedPeerMismatch() throws {
        let pair = try makePair()
        let impostor = NodeID(publicKey: [UInt8](repeating: 7, count: 32))
        pair.connect(0, to: 1, expectedPeer: impostor)
        // Message 2 carries no psk: a mismatching one is dropped (a forger cannot end the
        // handshake), and the mismatch is what the timeout reports.
        pair.advance(by: .seconds(11))
        #expect(pair.failures(0) == [.peerIdentityMismatch(expected: impostor, actual: pair.endpoint(1).nodeID)])
        #expect(pair.established(0).isEmpty)
        #expect(pair.endpoint(0).drops[.handshakeInvalid] >= 1)
    }

    @Test("the same harness seed reproduces every byte on the wire")
    func deterministic() throws {
        func run() throws -> [[UInt8]] {
            let pair = try makePair(seed: 42)
            let id = pair.establish(0, to: 1)
            try pair.perform(0) { e, _ in try e.sendDatagram([9, 9, 9], on: id) }
            pair.advance(by: .seconds(15))
            return pair.sent.map(\.payload)
        }
        let first = try run()
        let second = try run()
        #expect(first == second && first.count > 4)
        let other = try makePair(seed: 43)
        _ = other.establish(0, to: 1)
        #expect(other.sent[0].payload != first[0], "another seed gives another ephemeral key and session id")
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
}
