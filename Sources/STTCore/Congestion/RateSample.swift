/// A delivery-rate sample (draft-cheng-iccrg-delivery-rate-estimation §3.3): how many bytes
/// were delivered over how long, measured from the most recently sent packet an ACK covered.
public struct RateSample: Sendable, Equatable {
    /// Bytes delivered over `interval`.
    public var delivered: Int
    /// The longer of the send and the ACK interval of the sampled packet's flight.
    public var interval: STTDuration
    /// `delivered / interval`, in bytes per second; 0 when the interval was too short to tell
    /// (shorter than the minimum RTT).
    public var deliveryRate: Double
    /// The sampled packet was sent while the sender was application-limited: the rate says
    /// less than the path could carry and must not lower a bandwidth estimate.
    public var isAppLimited: Bool
    /// Bytes in flight when the sampled packet was sent (itself included).
    public var bytesInFlightAtSend: Int
    /// Bytes declared lost while the sampled packet was in flight.
    public var lost: Int
    /// The delivered count when the sampled packet was sent.
    public var priorDelivered: Int
    /// The sampled packet's round-trip time; nil when it overtook packets sent before it (its
    /// time is not the path's round trip).
    public var rtt: STTDuration?
}

/// What the delivery-rate estimator records about a packet when it is sent.
struct DeliveryState: Sendable {
    var delivered = 0
    var deliveredTime = STTInstant.zero
    var firstSentTime = STTInstant.zero
    var isAppLimited = false
    /// Bytes in flight including the packet.
    var bytesInFlight = 0
    var lost = 0

    static let none = DeliveryState()
}
