/// Counters of one session, from this endpoint's point of view.
public struct SessionStatistics: Equatable, Sendable {
    /// Protected packets sealed and handed to the driver.
    public var packetsSent = 0
    /// Protected packets that authenticated and were accepted.
    public var packetsReceived = 0
    /// UDP payload bytes of those packets, headers and tags included.
    public var bytesSent = 0
    public var bytesReceived = 0
    /// Application datagrams sent and delivered.
    public var datagramsSent = 0
    public var datagramsReceived = 0
    /// Handshake messages sent again after their retransmission timer fired.
    public var handshakeRetransmissions = 0
    /// PING frames sent because the session was idle.
    public var keepAlivesSent = 0
    public init() {}
}

/// The application's view of a session's state.
public enum SessionState: Equatable, Sendable {
    /// The handshake is in progress.
    case handshaking
    /// Keys are confirmed on this side; data flows.
    case established
    /// CLOSE was sent; the session lingers to answer stray packets.
    case closing
}

/// A snapshot of one session.
public struct SessionInfo: Equatable, Sendable {
    public let id: SessionID
    public let role: SessionRole
    public let state: SessionState
    /// The peer's node id, once its static key has been received.
    public let peer: NodeID?
    public let address: STTAddress
    public let statistics: SessionStatistics
}

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
    public init() {}
}
