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
