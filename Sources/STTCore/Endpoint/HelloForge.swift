import Crypto

/// Hellos made the way an initiator makes them, without a session: for the simulator's flood
/// attackers and for tests of the responder's defences. With the shared secret the MACs are
/// valid and cookie replies open; without it mac1 is the caller's random bytes.
package struct HelloForge {
    private let protection: HelloProtection?
    private let applicationContext: [UInt8]
    private let ephemeral: Curve25519.KeyAgreement.PrivateKey
    private let staticKey: Curve25519.KeyAgreement.PrivateKey
    private let psk: [UInt8]
    private let suite: CipherSuite

    /// `ephemeralKey` and `staticKey`: 32 bytes each (every 32 bytes are an X25519 key).
    package init?(
        sharedSecret: SharedSecret?, applicationContext: [UInt8], ephemeralKey: [UInt8], staticKey: [UInt8],
        suite: CipherSuite = .simulationDefault
    ) {
        guard let e = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: ephemeralKey),
            let s = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: staticKey)
        else { return nil }
        protection = sharedSecret.map(HelloProtection.init(sharedSecret:))
        psk = sharedSecret?.psk ?? [UInt8](repeating: 0, count: 32)
        self.applicationContext = applicationContext
        self.suite = suite
        ephemeral = e
        self.staticKey = s
    }

    /// A complete hello for `sessionID`: a valid Noise message 1, mac1 (or `randomMAC` without
    /// the shared secret), mac2 with `cookie` (zeros without one).
    package func hello(sessionID: SessionID, cookie: [UInt8]?, randomMAC: [UInt8]) -> [UInt8]? {
        let prologue = handshakePrologue(applicationContext: applicationContext, suite: suite, sessionID: sessionID)
        var noise = NoiseHandshakeState(
            pattern: .xxPSK3, suite: suite, isInitiator: true, prologue: prologue, localStatic: staticKey,
            localEphemeral: ephemeral, psk: psk)
        guard let message1 = try? noise.writeMessage(payload: []) else { return nil }
        let prefix = PacketPrefix.encode(.handshakeInitiation, sessionID) + [suite.rawValue] + message1
        if let protection { return protection.seal(hello: prefix, cookie: cookie) }
        let mac1 = Array(randomMAC.prefix(HelloProtection.macLength))
        return prefix + mac1 + [UInt8](repeating: 0, count: 2 * HelloProtection.macLength - mac1.count)
    }

    /// The cookie in a responder's cookie reply to `hello` (nil without the shared secret, or
    /// for a reply to another hello).
    package func cookie(fromReply reply: [UInt8], answering hello: [UInt8]) -> [UInt8]? {
        protection?.openCookieReply(reply, answering: hello)
    }
}
