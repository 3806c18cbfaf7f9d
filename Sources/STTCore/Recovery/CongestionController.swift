/// NewReno congestion control as in RFC 9002 §7, with a pacer, in bytes.
///
/// Invariants: `window >= minimumWindow`; `bytesInFlight` counts packets sent that are neither
/// acknowledged nor declared lost.
public struct CongestionController: Equatable, Sendable {
    public let maxDatagramSize: Int
    /// The congestion window, in bytes.
    public private(set) var window: Int
    public private(set) var slowStartThreshold = Int.max
    public private(set) var bytesInFlight = 0
    /// Packets sent before this instant do not reduce the window again (one reduction per RTT).
    private var recoveryStart: STTInstant?
    /// Times the window was reduced because of loss.
    public private(set) var congestionEvents = 0

    // Pacer: a token bucket refilled at 1.25 × window / smoothed RTT. Fractional bytes: a refill
    // after a short interval adds less than a byte, which an integer would drop every time.
    private var tokens: Double
    private var lastRefill: STTInstant?

    public init(maxDatagramSize: Int) {
        self.maxDatagramSize = maxDatagramSize
        window = min(10 * maxDatagramSize, max(14_720, 2 * maxDatagramSize))
        tokens = Double(window)
    }

    public var minimumWindow: Int { 2 * maxDatagramSize }
    public var isInSlowStart: Bool { window < slowStartThreshold }

    /// Whether a packet of `size` bytes that counts toward the window may be sent now.
    public func canSend(size: Int) -> Bool { bytesInFlight + size <= window }

    public mutating func onPacketSent(size: Int, now: STTInstant, rtt: RTTEstimator) {
        bytesInFlight += size
        refill(now: now, rtt: rtt)
        tokens -= Double(size)
    }

    /// When the pacer next allows a packet of `size` bytes, or nil if it allows one now.
    public mutating func pacingDelay(size: Int, now: STTInstant, rtt: RTTEstimator) -> STTInstant? {
        guard rtt.hasSample else { return nil }  // no rate is known yet: do not pace
        refill(now: now, rtt: rtt)
        guard tokens < Double(size) else { return nil }
        let rate = pacingRate(rtt)  // bytes per nanosecond
        let wait = Int64(((Double(size) - tokens) / rate).rounded(.up))
        return now + STTDuration(nanoseconds: max(wait, 1))
    }

    public mutating func onPacketAcked(size: Int, sentAt: STTInstant) {
        bytesInFlight = max(0, bytesInFlight - size)
        if let start = recoveryStart, sentAt <= start { return }
        if isInSlowStart {
            window += size
        } else {
            window += max(1, maxDatagramSize * size / window)
        }
    }

    /// Lost packets leave the flight; the newest loss may start a recovery period.
    public mutating func onPacketsLost(
        totalSize: Int, largestLostSentAt: STTInstant, now: STTInstant,
        persistentCongestion: Bool
    ) {
        bytesInFlight = max(0, bytesInFlight - totalSize)
        if recoveryStart.map({ largestLostSentAt > $0 }) ?? true {
            recoveryStart = now
            congestionEvents += 1
            slowStartThreshold = max(window / 2, minimumWindow)
            window = slowStartThreshold
        }
        if persistentCongestion { window = minimumWindow }
    }

    /// Packets that will never be acknowledged or declared lost (the session discarded them).
    public mutating func discard(size: Int) { bytesInFlight = max(0, bytesInFlight - size) }

    private func pacingRate(_ rtt: RTTEstimator) -> Double {
        1.25 * Double(window) / Double(max(rtt.smoothed.nanoseconds, 1))
    }

    private mutating func refill(now: STTInstant, rtt: RTTEstimator) {
        let burst = Double(max(2 * maxDatagramSize, min(10 * maxDatagramSize, window)))
        defer { lastRefill = now }
        guard rtt.hasSample, let last = lastRefill, now > last else {
            if !rtt.hasSample { tokens = burst }
            return
        }
        let added = Double((now - last).nanoseconds) * pacingRate(rtt)
        tokens = min(burst, tokens + added)
    }
}
