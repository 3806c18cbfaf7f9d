import Crypto
import Foundation

/// The hello's two MACs and the cookie reply (docs/PROTOCOL.md §3.6), as WireGuard's mac1/mac2
/// and cookie reply: checks a responder makes before any Diffie-Hellman and without state.
///
/// A v4 hello is `header (12) ‖ suite (1) ‖ Noise message 1 (48) ‖ mac1 (16) ‖ mac2 (16)`:
/// - `mac1 = HMAC-SHA256(K_mac1, bytes 0..<61)[0..<16]`, `K_mac1` derived from the shared seed:
///   only a holder of the seed makes a valid hello;
/// - `mac2 = HMAC-SHA256(cookie, bytes 0..<77)[0..<16]`, or zeros without a cookie.
///
/// A cookie is `HMAC-SHA256(secret, source address ‖ port)[0..<16]` under the responder's
/// secret, which rotates every two minutes: it proves the initiator receives datagrams at its
/// source address. It travels sealed (ChaCha20-Poly1305 under `K_cookie`, also from the shared
/// seed, with the hello's mac1 as associated data), so a third party can neither read nor forge
/// one, and a reply fits only the hello it answers.
struct HelloProtection {
    static let macLength = 16
    /// Where mac1 and mac2 start in a hello.
    static let mac1Offset = STTWire.Offset.initiationBody + 48
    static let mac2Offset = mac1Offset + macLength
    /// A cookie reply: header ‖ nonce (12) ‖ sealed cookie (16) ‖ tag (16).
    static let cookieNonceOffset = STTWire.commonHeaderLength
    static let cookieReplyLength = STTWire.commonHeaderLength + 12 + macLength + STTWire.tagLength

    private let mac1Key: SymmetricKey
    private let cookieKey: SymmetricKey

    init(sharedSecret: SharedSecret) {
        mac1Key = SymmetricKey(data: deriveKey(from: sharedSecret.psk, label: "stt/v3 hello mac1"))
        cookieKey = SymmetricKey(data: deriveKey(from: sharedSecret.psk, label: "stt/v3 hello cookie"))
    }

    /// `header ‖ message 1` completed with mac1 and mac2 (zeros without a cookie).
    func seal(hello prefix: [UInt8], cookie: [UInt8]?) -> [UInt8] {
        var out = prefix
        out += Self.mac(mac1Key, prefix)
        if let cookie {
            out += Self.mac(SymmetricKey(data: cookie), out)
        } else {
            out += [UInt8](repeating: 0, count: Self.macLength)
        }
        return out
    }

    func hasValidMAC1(_ hello: [UInt8]) -> Bool {
        guard hello.count >= Self.mac2Offset else { return false }
        return Self.equal(Self.mac(mac1Key, hello[..<Self.mac1Offset]), hello[Self.mac1Offset..<Self.mac2Offset])
    }

    /// Whether mac2 was made with `cookie`.
    static func hasValidMAC2(_ hello: [UInt8], cookie: [UInt8]) -> Bool {
        guard hello.count >= mac2Offset + macLength else { return false }
        return equal(mac(SymmetricKey(data: cookie), hello[..<mac2Offset]), hello[mac2Offset..<mac2Offset + macLength])
    }

    /// The responder's cookie reply to `hello`: the cookie sealed for the hello's sender.
    func cookieReply(to hello: [UInt8], id: SessionID, cookie: [UInt8], nonce: [UInt8]) -> [UInt8]? {
        guard let n = try? ChaChaPoly.Nonce(data: nonce),
            let box = try? ChaChaPoly.seal(cookie, using: cookieKey, nonce: n, authenticating: mac1(of: hello))
        else { return nil }
        return PacketPrefix.encode(.cookieReply, id) + nonce + Array(box.ciphertext) + Array(box.tag)
    }

    /// The cookie in `reply`, if it answers the hello `sent` (nil for a forged or foreign reply).
    func openCookieReply(_ reply: [UInt8], answering sent: [UInt8]) -> [UInt8]? {
        guard reply.count == Self.cookieReplyLength else { return nil }
        let body = Self.cookieNonceOffset
        guard let box = try? ChaChaPoly.SealedBox(combined: reply[body...]),
            let cookie = try? ChaChaPoly.open(box, using: cookieKey, authenticating: mac1(of: sent))
        else { return nil }
        return Array(cookie)
    }

    /// The cookie for `address` under `secret`.
    static func cookie(for address: STTAddress, secret: SymmetricKey) -> [UInt8] {
        var bytes: [UInt8] = []
        switch address.host {
        case .ipv4(let v): bytes.appendUInt32BE(v)
        case .ipv6(let hi, let lo):
            bytes.appendUInt64BE(hi)
            bytes.appendUInt64BE(lo)
        }
        bytes.append(UInt8(address.port >> 8))
        bytes.append(UInt8(address.port & 0xFF))
        return mac(secret, bytes)
    }

    /// Length of an "unsupported suite" reject: header ‖ code ‖ accepted suites ‖ tag (16).
    static let suiteRejectLength = STTWire.commonHeaderLength + 2 + macLength

    /// An "unsupported suite" reject answering `hello`, listing the `accepted` suites.
    ///
    /// Its tag is keyed by the hello's mac1, which only the initiator and whoever saw the hello
    /// know: an off-path third party cannot end someone's handshake with it, and since the
    /// initiator reports the refusal instead of retrying with a weaker suite, an on-path one
    /// gains nothing it could not get by dropping the hello.
    static func suiteReject(answering hello: [UInt8], id: SessionID, accepted: [CipherSuite]) -> [UInt8] {
        var reject = PacketPrefix.encode(.handshakeReject, id)
        reject.append(rejectCodeUnsupportedSuite)
        reject.append(CipherSuite.bitmask(accepted))
        return reject + mac(suiteRejectKey(hello), reject)
    }

    /// Whether `reject` is an "unsupported suite" reject made for the hello `sent`.
    static func isSuiteReject(_ reject: [UInt8], answering sent: [UInt8]) -> Bool {
        guard reject.count == suiteRejectLength, sent.count >= mac2Offset else { return false }
        let tagStart = suiteRejectLength - macLength
        return equal(mac(suiteRejectKey(sent), reject[..<tagStart]), reject[tagStart...])
    }

    private static func suiteRejectKey(_ hello: [UInt8]) -> SymmetricKey {
        let mac1 = hello.count >= mac2Offset ? Array(hello[mac1Offset..<mac2Offset]) : []
        return SymmetricKey(data: Array(SHA256.hash(data: Array("stt/v4 suite reject".utf8) + mac1)))
    }

    private func mac1(of hello: [UInt8]) -> [UInt8] {
        hello.count >= Self.mac2Offset ? Array(hello[Self.mac1Offset..<Self.mac2Offset]) : []
    }

    private static func mac<D: DataProtocol>(_ key: SymmetricKey, _ data: D) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: data, using: key).prefix(macLength))
    }

    /// Compares without an early exit, so timing does not reveal how much of a MAC matched.
    private static func equal<A: Collection<UInt8>, B: Collection<UInt8>>(_ a: A, _ b: B) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
