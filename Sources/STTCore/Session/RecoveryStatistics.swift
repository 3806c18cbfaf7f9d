/// Round-trip and congestion state of one session.
public struct RecoveryStatistics: Equatable, Sendable {
    /// Smoothed and minimum RTT, once a sample exists.
    public let smoothedRTT: STTDuration?
    public let minimumRTT: STTDuration?
    /// Congestion window and bytes in flight, in bytes.
    public let congestionWindow: Int
    public let bytesInFlight: Int
    /// Congestion events: times the algorithm was told of loss in a new round trip.
    public let congestionEvents: Int
    /// The congestion control algorithm and its state (`startup`, `probe-bw-cruise`, ...).
    public let algorithm: CongestionControlAlgorithm
    public let congestionState: String
    /// The pacer's rate, once an RTT sample exists, in bytes per second.
    public let pacingRateBytesPerSecond: Double?
    /// Bytes acknowledged and declared lost over the session's life (in-flight packets, wire size).
    public let deliveredBytes: Int
    public let lostBytes: Int
    /// Losses that turned out to be reordering (acknowledged after being declared lost), and
    /// congestion events undone because all their losses were.
    public let spuriousLosses: Int
    public let spuriousCongestionEvents: Int
    /// The reordering the loss detector now tolerates: packets, and the time threshold in
    /// eighths of an RTT (RFC 9002 starts at 3 and 9).
    public let reorderingThresholdPackets: Int
    public let reorderingThresholdRTTEighths: Int
    /// The UDP payload size packets are built to now (path MTU discovery's confirmed size), the
    /// probes sent to find it, and the black holes that sent it back to the base size.
    public let datagramSize: Int
    public let pathMTUProbes: Int
    public let pathMTUBlackHoles: Int
}
