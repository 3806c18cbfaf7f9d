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
