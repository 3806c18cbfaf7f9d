/// Counters of a whole endpoint.
public struct EndpointStatistics: Equatable, Sendable {
    public var datagramsReceived = 0
    public var bytesReceived = 0
    public var datagramsSent = 0
    public var bytesSent = 0
    /// Responder packets withheld because they would exceed 3x the bytes received from an
    /// unauthenticated peer.
    public var amplificationLimited = 0
    /// Half-open handshakes that expired without a valid third message.
    public var pendingHandshakesExpired = 0
    /// Most half-open handshakes held at once.
    public var pendingHandshakesPeak = 0
    /// Idle sessions closed to make room for new ones when the table was full.
    public var sessionsReclaimed = 0
    /// Hellos answered with a cookie reply (under load, without a valid cookie); no state kept.
    public var cookieRepliesSent = 0
    /// Half-open handshakes dropped to make room for a hello from a less represented address.
    public var pendingHandshakesEvicted = 0
    /// Handshakes refused because the initiator's shared seed differs (the authenticated reject).
    public var wrongSeedRefusals = 0
    public init() {}
}
