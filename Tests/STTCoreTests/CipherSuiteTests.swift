import Crypto
import STTCore
import STTHarness
import STTTestSupport
import Testing

@testable import STTCore

@Suite("Cipher suites: AES-256-GCM and ChaCha20-Poly1305, negotiated in message 1")
struct CipherSuiteTests {
    static func configuration(_ suite: CipherSuite, accepting accepted: [CipherSuite] = CipherSuite.allCases)
        -> EndpointConfiguration
    {
        var c = EndpointConfiguration()
        c.cipherSuite = suite
        c.acceptedCipherSuites = accepted
        return c
    }

    @Test("each suite establishes a session and carries datagrams both ways", arguments: CipherSuite.allCases)
    func eachSuiteCarriesData(suite: CipherSuite) throws {
        let pair = try makePair(client: Self.configuration(suite), server: Self.configuration(suite))
        let id = pair.establish(0, to: 1)
        #expect(pair.sent[0].payload[STTWire.Offset.suite] == suite.rawValue, "message 1 names the suite in clear")
        #expect(pair.endpoint(0).trafficKeys(for: id)?.suite == suite)
        try pair.perform(0) { e, _ in try e.sendDatagram(Array("over \(suite)".utf8), on: id) }
        pair.advance(by: .milliseconds(50))
        #expect(pair.datagrams(1) == [Array("over \(suite)".utf8)])
    }

    @Test("a responder that does not accept the offered suite refuses it at once, on both sides")
    func unsupportedSuiteIsAClearErrorNotATimeout() throws {
        let pair = try makePair(
            client: Self.configuration(.chaChaPoly), server: Self.configuration(.aesGCM, accepting: [.aesGCM]))
        let start = pair.now
        let id = pair.connect(0, to: 1)
        let failed = pair.run(until: start + .seconds(20)) { !pair.failures(0).isEmpty }
        #expect(failed)
        #expect(pair.failures(0) == [.unsupportedSuite(offered: .chaChaPoly, accepted: [.aesGCM])])
        #expect(pair.now - start < .seconds(1), "refused within a round trip, not after the handshake timeout")
        #expect(pair.failures(1) == [.unsupportedSuite(offered: .chaChaPoly, accepted: [.aesGCM])])
        #expect(pair.endpoint(1).drops[.unsupportedSuite] == 1)
        #expect(pair.endpoint(0).sessionInfo(id) == nil)
        #expect(pair.established(1).isEmpty)
        let message = SessionFailure.unsupportedSuite(offered: .chaChaPoly, accepted: [.aesGCM]).description
        #expect(message.contains("chachapoly") && message.contains("aesgcm"))
    }

    @Test("a hello whose suite byte was rewritten to the other known suite fails its Noise tag")
    func rewrittenSuiteFailsMessageOne() throws {
        let pair = try makePair(client: Self.configuration(.aesGCM), server: Self.configuration(.aesGCM))
        pair.fate = { $0.index == 0 ? .drop : .deliver }
        let id = pair.connect(0, to: 1)
        // The hello with its suite byte rewritten to ChaChaPoly (which the responder accepts).
        // XXpsk3's message 1 already carries an AEAD tag (its `e` is mixed in as a key), made
        // under a prologue and protocol name that say AESGCM: the responder's transcript says
        // ChaChaPoly and refuses it. Nothing is downgraded and no session forms.
        var hello = try #require(pair.sent.first?.payload)
        hello[STTWire.Offset.suite] = CipherSuite.chaChaPoly.rawValue
        pair.perform(1) { e, now in e.handle(datagram: hello, from: pair.address(0), now: now) }
        pair.advance(by: .milliseconds(100))
        #expect(!pair.established(0).contains(id) && pair.established(1).isEmpty)
        #expect(pair.endpoint(1).drops[.handshakeInvalid] == 1)
        #expect(pair.sent.count == 1, "the responder answered nothing")
    }

    @Test("a forged unsupported-suite reject is ignored and the handshake goes on")
    func forgedSuiteRejectIsDropped() throws {
        let pair = try makePair(client: Self.configuration(.aesGCM), server: Self.configuration(.aesGCM))
        let id = pair.connect(0, to: 1)
        var forged = PacketPrefix.encode(.handshakeReject, id)
        forged += [0x02, CipherSuite.bitmask([.chaChaPoly])] + [UInt8](repeating: 0xAB, count: 16)
        pair.perform(0) { e, now in e.handle(datagram: forged, from: pair.address(1), now: now) }
        #expect(pair.endpoint(0).drops[.authenticationFailed] == 1)
        let ok = pair.run(until: pair.now + .seconds(5)) { pair.established(0).contains(id) }
        #expect(ok && pair.failures(0).isEmpty)
    }

    @Test("a hello naming a suite this implementation does not know is refused with offered = nil")
    func unknownSuiteByte() throws {
        let pair = try makePair(client: Self.configuration(.aesGCM), server: Self.configuration(.aesGCM))
        pair.fate = { $0.index == 0 ? .corrupt(bit: 8 * STTWire.Offset.suite) : .deliver }  // 0x02 → 0x82
        let id = pair.connect(0, to: 1)
        let failed = pair.run(until: pair.now + .seconds(5)) { !pair.failures(0).isEmpty }
        // The flipped byte also breaks mac1, so the responder logs no event, but the initiator
        // still learns why: its hello's mac1 keys the reject.
        #expect(failed && pair.failures(0) == [.unsupportedSuite(offered: .aesGCM, accepted: CipherSuite.allCases)])
        #expect(pair.endpoint(0).sessionInfo(id) == nil)
    }

    @Test("a tampered packet fails authentication under either suite", arguments: CipherSuite.allCases)
    func tamperedPacketsFail(suite: CipherSuite) throws {
        let k1 = SymmetricKey(size: .bits256)
        let k2 = SymmetricKey(size: .bits256)
        let id = SessionID(rawValue: 7)
        var a = try #require(PacketProtection(sessionID: id, suite: suite, sendKey: k1, receiveKey: k2))
        var b = try #require(PacketProtection(sessionID: id, suite: suite, sendKey: k2, receiveKey: k1))
        let sealed = a.seal(Array(repeating: 0x42, count: 100))
        let packet = try #require(sealed)
        for bit in [8 * 4, 8 * 15, 8 * 40, 8 * (packet.count - 1)] {
            var damaged = packet
            damaged[bit / 8] ^= 0x01
            #expect(throws: Never.self) {
                guard case .failure(.authenticationFailed) = b.open(damaged) else {
                    throw CancellationError()
                }
            }
        }
        guard case .success(let opened) = b.open(packet) else {
            Issue.record("the intact packet did not open")
            return
        }
        #expect(opened.plaintext == Array(repeating: 0x42, count: 100))
        // The other suite cannot open it: the suite is part of what the key means.
        let other: CipherSuite = suite == .aesGCM ? .chaChaPoly : .aesGCM
        let k1Bytes = k1.withUnsafeBytes { Array($0) }
        #expect(PacketProtection.open(packet, key: k1Bytes, suite: other) == nil)
        #expect(PacketProtection.open(packet, key: k1Bytes, suite: suite) != nil)
    }

    @Test("suite names parse both ways and the accepted set round-trips through its byte")
    func namesAndBitmask() {
        for suite in CipherSuite.allCases {
            #expect(CipherSuite(name: suite.name) == suite)
            #expect(CipherSuite(name: suite.name.uppercased()) == suite)
        }
        #expect(CipherSuite(name: "aes-256-gcm") == .aesGCM && CipherSuite(name: "rot13") == nil)
        #expect(CipherSuite.suites(inBitmask: CipherSuite.bitmask(CipherSuite.allCases)) == CipherSuite.allCases)
        #expect(CipherSuite.suites(inBitmask: 0xFC).isEmpty)
        var bad = EndpointConfiguration()
        bad.acceptedCipherSuites = []
        #expect(bad.validate()?.contains("acceptedCipherSuites") == true)
    }
}
