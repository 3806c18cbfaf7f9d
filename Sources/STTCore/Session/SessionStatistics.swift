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
    /// Protected packets declared lost (by packet or time threshold).
    public var packetsLost = 0
    /// Probe timeouts that fired.
    public var probeTimeouts = 0
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
    public let recovery: RecoveryStatistics
}

/// Round-trip and congestion state of one session.
public struct RecoveryStatistics: Equatable, Sendable {
    /// Smoothed and minimum RTT, once a sample exists.
    public let smoothedRTT: STTDuration?
    public let minimumRTT: STTDuration?
    /// Congestion window and bytes in flight, in bytes.
    public let congestionWindow: Int
    public let bytesInFlight: Int
    /// Times the window was reduced because of loss.
    public let congestionEvents: Int
}

/// Counters of a send stream (the seed's encoder statistics, plus recovery figures).
public struct SendStreamStatistics: Equatable, Sendable {
    /// Bytes the application wrote and the stream accepted.
    public let totalBytesSent: Int
    /// The next segment sequence number.
    public let sequence: UInt64
    public let mode: StreamMode
    public let ended: Bool
    /// Segments the receiver still lets this stream send.
    public let credits: Int
    /// Bytes written but not yet acknowledged.
    public let bufferedBytes: Int
    public let retransmittedSegments: Int
    public let retransmittedBytes: Int
    /// Segments abandoned because they passed the live deadline.
    public let skippedSegments: Int
    /// Every segment, the final marker included, has been acknowledged.
    public let finished: Bool
}

/// Counters of a receive stream (the seed's decoder statistics, plus recovery figures).
public struct ReceiveStreamStatistics: Equatable, Sendable {
    /// Bytes released in order to the application.
    public let totalBytesReceived: Int
    /// The next segment sequence expected in order.
    public let expectedSequence: UInt64
    /// Segments that arrived ahead of a gap (each counted once).
    public let outOfOrderCount: Int
    /// All data through the final marker has been released.
    public let complete: Bool
    public let duplicateFragments: Int
    public let skippedSegments: Int
    /// Bytes released but not yet read.
    public let readableBytes: Int
    /// Segments held (assembling or unread) and their bytes: never more than the credits granted.
    public let heldSegments: Int
    public let heldBytes: Int
    /// The sender may send segments below this sequence.
    public let grantedLimit: UInt64
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
