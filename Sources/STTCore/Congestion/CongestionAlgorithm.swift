/// A congestion control algorithm: told what was sent, acknowledged and lost, it decides the
/// congestion window and, if it has one, the pacing rate.
///
/// Algorithms are state machines free of I/O and clocks; time arrives in the samples. The
/// `CongestionController` owns one, and with it what every algorithm shares: bytes in flight,
/// delivery-rate samples, round counting, the pacer and the undo of spurious congestion events.
public protocol CongestionAlgorithm: AnyObject {
    var algorithm: CongestionControlAlgorithm { get }
    /// Bytes that may be in flight.
    var congestionWindow: Int { get }
    /// The slow-start threshold in bytes, where the algorithm has one (nil: none or infinite).
    var slowStartThreshold: Int? { get }
    /// A short name of the algorithm's current state (`slow-start`, `probe-bw-up`, ...).
    var stateName: String { get }
    /// Whether the algorithm is still searching for the path's capacity (slow start, Startup).
    var isInStartup: Bool { get }

    /// The rate to pace at, in bytes per second; nil lets the controller pace at a multiple of
    /// congestion window / smoothed RTT.
    func pacingRate(rtt: RTTEstimator) -> Double?
    /// The datagram size in use changed (path MTU discovery): it is the window's unit.
    func maxDatagramSizeChanged(to size: Int)

    func onPacketSent(_ sent: SentSample)
    /// One in-flight packet was acknowledged (called for each, before `onAckProcessed`).
    func onPacketAcked(_ acked: AckedPacketSample)
    /// Every packet the ACK frame acknowledged has been reported.
    func onAckProcessed(_ ack: AckSample)
    /// Packets were declared lost.
    func onPacketsLost(_ loss: LossSample)
    /// Every loss of the most recent congestion event turned out to be spurious: undo its response.
    func onSpuriousCongestionEvent(now: STTInstant)
    /// While true, packets sent are marked application-limited so their rate samples cannot lower
    /// a bandwidth estimate (BBR's ProbeRTT).
    var marksSamplesAppLimited: Bool { get }
}

extension CongestionAlgorithm {
    public var marksSamplesAppLimited: Bool { false }
}

/// A packet that counts toward the window left.
public struct SentSample: Sendable {
    public var now: STTInstant
    public var bytes: Int
    /// Bytes in flight including this packet.
    public var bytesInFlight: Int
    /// The sender had nothing more to send when the packet left.
    public var isAppLimited: Bool
}

/// One newly acknowledged in-flight packet.
public struct AckedPacketSample: Sendable {
    public var now: STTInstant
    public var bytes: Int
    public var sentAt: STTInstant
    /// The controller's count of delivered bytes when the packet was sent.
    public var deliveredAtSend: Int
    public var isAppLimited: Bool
}

/// What one ACK frame told, after its packets were processed.
public struct AckSample: Sendable {
    public var now: STTInstant
    /// In-flight bytes this ACK newly acknowledged.
    public var ackedBytes: Int
    /// Bytes in flight before and after the ACK.
    public var priorBytesInFlight: Int
    public var bytesInFlight: Int
    /// The RTT sample this ACK gave (the largest acknowledged was newly acknowledged), if any.
    public var rttSample: STTDuration?
    public var rtt: RTTEstimator
    /// The delivery-rate sample (draft-cheng-iccrg-delivery-rate-estimation), if the ACK gave one.
    public var rate: RateSample?
    /// A round trip ended with this ACK (a packet sent after the previous round's end was acknowledged).
    public var isRoundStart: Bool
    /// Rounds counted since the session began.
    public var roundCount: Int
    /// Total bytes delivered (acknowledged) and declared lost so far.
    public var delivered: Int
    public var lost: Int
    /// The sender is application-limited: it ran out of data with room in the window, and what
    /// was in flight then is not yet delivered. Windows should not grow on such ACKs.
    public var isAppLimited: Bool
}

/// Packets declared lost together.
public struct LossSample: Sendable {
    public struct Packet: Sendable {
        public var bytes: Int
        public var sentAt: STTInstant
        /// Bytes in flight when it was sent (including itself).
        public var bytesInFlightAtSend: Int
        /// The controller's lost-bytes count when it was sent.
        public var lostAtSend: Int
        public var deliveredAtSend: Int
        public var isAppLimited: Bool
    }

    public var now: STTInstant
    public var packets: [Packet]
    public var lostBytes: Int
    /// The newest lost packet was sent after the current recovery period began: a new
    /// congestion event (at most one per round trip).
    public var isNewCongestionEvent: Bool
    /// Every packet sent over a span longer than three PTOs was lost (RFC 9002 §7.6).
    public var isPersistentCongestion: Bool
    public var bytesInFlight: Int
    public var rtt: RTTEstimator
    /// Total bytes delivered and lost so far (after counting these packets).
    public var delivered: Int
    public var lost: Int
}
