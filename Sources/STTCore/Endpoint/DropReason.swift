/// Why an endpoint dropped an incoming datagram. Every drop is counted by reason; none crashes.
public enum DropReason: Int, Error, CaseIterable, Sendable, CustomStringConvertible {
    /// Shorter than its header or its packet type's minimum.
    case truncated
    /// Does not start with `ST`.
    case badMagic
    /// A version byte this implementation does not speak.
    case unsupportedVersion
    /// A packet type byte that v1 does not define.
    case unknownPacketType
    /// A protected packet, finish or reject for a session this endpoint does not hold.
    case unknownSession
    /// The AEAD tag did not verify: tampered, corrupted, or forged.
    case authenticationFailed
    /// A packet number already received (a replay or a network duplicate).
    case replayed
    /// A packet number older than the replay window can judge.
    case outsideReplayWindow
    /// A handshake message that failed Noise processing (bad key, bad tag, wrong length).
    case handshakeInvalid
    /// A hello that arrived while the pending-handshake table was full.
    case handshakeBacklogFull
    /// A handshake message for a session in a state that does not expect it.
    case unexpectedHandshake
    /// A hello at an endpoint that does not accept sessions.
    case notAccepting
    /// A hello reusing a session id that is already in use with different content.
    case sessionIDInUse
    /// An authenticated packet whose frames could not be parsed (the session is closed).
    case malformedFrames
    /// A packet for a session that has closed.
    case sessionClosed
    /// A hello at an endpoint that already holds `maxSessions` sessions.
    case sessionLimit
    /// A handshake message from an address other than the one the handshake started with.
    case wrongAddress
    /// A hello whose mac1 was not made with this endpoint's shared seed, while the endpoint was
    /// under load or already held its share of such hellos (no state, no Diffie-Hellman).
    case helloMACInvalid
    /// A hello beyond its source address's budget while the endpoint was under load.
    case helloRateLimited
    /// A hello from an address that already holds its share of the half-open table.
    case helloSourceQuota
    /// A cookie reply that did not open (forged, or for another hello).
    case cookieInvalid
    /// A hello offering a cipher suite this endpoint does not accept (answered with a reject).
    case unsupportedSuite

    public var description: String {
        switch self {
        case .truncated: return "truncated"
        case .badMagic: return "bad-magic"
        case .unsupportedVersion: return "unsupported-version"
        case .unknownPacketType: return "unknown-packet-type"
        case .unknownSession: return "unknown-session"
        case .authenticationFailed: return "authentication-failed"
        case .replayed: return "replayed"
        case .outsideReplayWindow: return "outside-replay-window"
        case .handshakeInvalid: return "handshake-invalid"
        case .handshakeBacklogFull: return "handshake-backlog-full"
        case .unexpectedHandshake: return "unexpected-handshake"
        case .notAccepting: return "not-accepting"
        case .sessionIDInUse: return "session-id-in-use"
        case .malformedFrames: return "malformed-frames"
        case .sessionClosed: return "session-closed"
        case .sessionLimit: return "session-limit"
        case .wrongAddress: return "wrong-address"
        case .helloMACInvalid: return "hello-mac-invalid"
        case .helloRateLimited: return "hello-rate-limited"
        case .helloSourceQuota: return "hello-source-quota"
        case .cookieInvalid: return "cookie-invalid"
        case .unsupportedSuite: return "unsupported-suite"
        }
    }
}
