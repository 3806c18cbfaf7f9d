/// The packet types of STT (byte 3 of every datagram).
public enum PacketType: UInt8, Sendable, CaseIterable {
    /// Noise message 1 (`-> e`), initiator to responder, with its two MACs.
    case handshakeInitiation = 0x01
    /// Noise message 2 (`<- e, ee, s, es`).
    case handshakeResponse = 0x02
    /// Noise message 3 (`-> s, se, psk`).
    case handshakeFinish = 0x03
    /// The responder's refusal: of message 3 (wrong shared seed, code 1, authenticated by the
    /// handshake) or of message 1 (unsupported suite, code 2, bound to the hello's mac1).
    case handshakeReject = 0x04
    /// A responder under load answers a hello without a valid cookie with one (sealed).
    case cookieReply = 0x05
    /// An AEAD-protected packet carrying frames.
    case protected = 0x10

    /// The exact length of this handshake datagram (payloads are empty), or nil for
    /// types whose length varies.
    public var exactLength: Int? {
        switch self {
        case .handshakeInitiation, .handshakeResponse, .handshakeFinish, .cookieReply:
            return minimumLength
        case .handshakeReject, .protected: return nil
        }
    }

    /// The smallest valid datagram of this type, in bytes.
    public var minimumLength: Int {
        switch self {
        case .handshakeInitiation: return STTWire.commonHeaderLength + 1 + 32 + 16 + 2 * HelloProtection.macLength
        case .handshakeResponse: return STTWire.commonHeaderLength + 32 + 48 + 16
        case .handshakeFinish: return STTWire.commonHeaderLength + 48 + 16
        case .handshakeReject: return STTWire.commonHeaderLength + 1 + STTWire.tagLength
        case .cookieReply: return HelloProtection.cookieReplyLength
        case .protected: return STTWire.protectedOverhead + 1
        }
    }
}
