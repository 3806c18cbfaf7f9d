/// Round-trip time estimation as in RFC 9002 §5: latest, minimum, smoothed and variation.
public struct RTTEstimator: Equatable, Sendable {
    /// Assumed before the first sample (RFC 9002 kInitialRtt is 333 ms).
    public static let initialRTT: STTDuration = .milliseconds(333)
    /// Timer granularity, the floor of every loss and probe delay.
    public static let granularity: STTDuration = .milliseconds(1)

    public private(set) var latest: STTDuration = .zero
    public private(set) var minimum: STTDuration = .zero
    public private(set) var smoothed: STTDuration = RTTEstimator.initialRTT
    public private(set) var variation: STTDuration = STTDuration(nanoseconds: RTTEstimator.initialRTT.nanoseconds / 2)
    public private(set) var hasSample = false

    public init() {}

    /// Takes a sample `rtt`, with the peer's reported `ackDelay` (capped at `maxAckDelay`).
    public mutating func update(rtt: STTDuration, ackDelay: STTDuration, maxAckDelay: STTDuration) {
        let rtt = max(rtt, STTDuration(nanoseconds: 1))
        latest = rtt
        guard hasSample else {
            hasSample = true
            minimum = rtt
            smoothed = rtt
            variation = STTDuration(nanoseconds: rtt.nanoseconds / 2)
            return
        }
        minimum = min(minimum, rtt)
        let delay = min(ackDelay, maxAckDelay)
        // Subtract the ack delay only when that does not push the sample below the minimum.
        let adjusted = rtt >= minimum + delay ? STTDuration(nanoseconds: rtt.nanoseconds - delay.nanoseconds) : rtt
        let deviation = abs(smoothed.nanoseconds - adjusted.nanoseconds)
        variation = STTDuration(nanoseconds: (3 * variation.nanoseconds + deviation) / 4)
        smoothed = STTDuration(nanoseconds: (7 * smoothed.nanoseconds + adjusted.nanoseconds) / 8)
    }

    /// The probe timeout before backoff: smoothed + max(4 × variation, granularity) + max ack delay.
    public func probeTimeout(maxAckDelay: STTDuration) -> STTDuration {
        smoothed + max(variation * 4, Self.granularity) + maxAckDelay
    }
}
