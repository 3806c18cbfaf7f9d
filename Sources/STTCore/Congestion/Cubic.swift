import Foundation

/// CUBIC (RFC 9438) with HyStart++ (RFC 9406) slow start.
///
/// After a congestion event the window follows W(t) = C (t − K)³ + W_max (in datagrams, t in
/// seconds since the event): concave back up to the window where the loss happened, a plateau,
/// then convex probing beyond it. Where standard TCP would grow faster (short RTTs, small
/// windows) it follows the Reno-friendly estimate instead.
final class Cubic: CongestionAlgorithm {
    /// RFC 9438 §5: the curve's scale and the multiplicative decrease.
    static let c = 0.4
    static let beta = 0.7
    /// §4.3: the Reno-friendly estimate's additive increase per RTT, in datagrams.
    static let renoFriendlyAlpha = 3 * (1 - beta) / (1 + beta)

    private(set) var maxDatagramSize: Int
    private(set) var congestionWindow: Int
    private var threshold = Int.max
    private var hyStart = HyStartPlusPlus()
    private var recoveryStart: STTInstant?

    /// The congestion-avoidance epoch: the curve's parameters since the last event.
    struct Epoch: Equatable {
        /// When the epoch began (set on the first ACK in congestion avoidance).
        var start: STTInstant?
        /// The window where the last congestion happened, and the time to get back to it.
        var windowMax: Double
        var k: Double
        /// The window at the epoch's start, and the Reno-friendly estimate (datagrams).
        var windowAtStart: Double
        var renoEstimate: Double
        /// The window before the last reduction (the Reno-friendly alpha changes there).
        var windowPrior: Double
    }

    private(set) var epoch: Epoch?
    /// Since when the sender has been application-limited (the curve's clock stops meanwhile).
    private var appLimitedSince: STTInstant?
    /// The previous congestion event's W_max, for fast convergence.
    private var lastWindowMax: Double?
    /// Everything before the last reduction, for undo (RFC 9438 §4.9).
    private var saved: (window: Int, threshold: Int, epoch: Epoch?, lastWindowMax: Double?, hyStart: HyStartPlusPlus)?

    init(maxDatagramSize: Int) {
        self.maxDatagramSize = maxDatagramSize
        congestionWindow = NewReno.initialWindow(maxDatagramSize)
    }

    var algorithm: CongestionControlAlgorithm { .cubic }
    var minimumWindow: Int { 2 * maxDatagramSize }
    var slowStartThreshold: Int? { threshold == .max ? nil : threshold }
    var isInStartup: Bool { congestionWindow < threshold }
    var stateName: String {
        if recoveryStart != nil { return "recovery" }
        switch hyStart.phase {
        case .slowStart where isInStartup: return "slow-start"
        case .conservative where isInStartup: return "conservative-slow-start"
        default: return "congestion-avoidance"
        }
    }

    func pacingRate(rtt: RTTEstimator) -> Double? { nil }
    func maxDatagramSizeChanged(to size: Int) {
        maxDatagramSize = size
        congestionWindow = max(congestionWindow, minimumWindow)
        epoch = nil  // the curve is in datagrams: start a new epoch at the current window
    }

    func onPacketSent(_ sent: SentSample) {}

    func onPacketAcked(_ acked: AckedPacketSample) {
        if let start = recoveryStart {
            guard acked.sentAt > start else { return }
            recoveryStart = nil
        }
        guard !acked.isAppLimited else { return }
        if isInStartup {
            congestionWindow += hyStart.growth(ackedBytes: acked.bytes)
        }
    }

    func onAckProcessed(_ ack: AckSample) {
        if isInStartup, recoveryStart == nil {
            if ack.isRoundStart, hyStart.onRoundStart() {
                threshold = congestionWindow  // HyStart++ ended slow start without a loss
            }
            if let sample = ack.rttSample { hyStart.onRTTSample(sample) }
            return
        }
        guard recoveryStart == nil, ack.rtt.hasSample else { return }
        if ack.isAppLimited {
            if appLimitedSince == nil { appLimitedSince = ack.now }
            return
        }
        if let since = appLimitedSince {
            // §4.2: time spent application-limited does not count toward t.
            appLimitedSince = nil
            if let start = epoch?.start { epoch?.start = min(start + (ack.now - since), ack.now) }
        }
        grow(ackedBytes: ack.ackedBytes, now: ack.now, rtt: ack.rtt.smoothed)
    }

    /// Congestion avoidance (RFC 9438 §4.2-§4.4): aim at the curve one RTT ahead, but never
    /// below the Reno-friendly estimate.
    private func grow(ackedBytes: Int, now: STTInstant, rtt: STTDuration) {
        let mss = Double(maxDatagramSize)
        let window = Double(congestionWindow) / mss
        var e =
            epoch
            ?? Epoch(
                start: nil, windowMax: window, k: 0, windowAtStart: window, renoEstimate: window,
                windowPrior: window)
        if e.start == nil {
            e.start = now
            e.windowAtStart = window
            e.renoEstimate = window
            e.k = e.windowMax > window ? cbrt((e.windowMax - window) / Self.c) : 0
        }
        let t = (now - e.start!).seconds
        let acked = Double(ackedBytes) / mss
        let alpha = e.renoEstimate >= e.windowPrior ? 1.0 : Self.renoFriendlyAlpha
        e.renoEstimate += alpha * acked / window
        let target = min(max(Self.window(at: t + rtt.seconds, k: e.k, windowMax: e.windowMax), window), 1.5 * window)
        var next = window + (target - window) / window * acked
        if Self.window(at: t, k: e.k, windowMax: e.windowMax) < e.renoEstimate { next = max(next, e.renoEstimate) }
        epoch = e
        congestionWindow = max(minimumWindow, Int(min(next * mss, Double(Int32.max))))
    }

    /// W_cubic(t) = C (t − K)³ + W_max, in datagrams (RFC 9438 §4.2).
    static func window(at t: Double, k: Double, windowMax: Double) -> Double {
        let d = t - k
        return c * d * d * d + windowMax
    }

    func onPacketsLost(_ loss: LossSample) {
        if loss.isNewCongestionEvent {
            saved = (congestionWindow, threshold, epoch, lastWindowMax, hyStart)
            let mss = Double(maxDatagramSize)
            let window = Double(congestionWindow) / mss
            // Fast convergence (§4.7): a flow whose W_max shrinks gives up bandwidth sooner.
            var windowMax = window
            if let last = lastWindowMax, window < last { windowMax = window * (1 + Self.beta) / 2 }
            lastWindowMax = window
            let reduced = max(Double(minimumWindow), Double(congestionWindow) * Self.beta)
            threshold = Int(reduced)
            congestionWindow = threshold
            epoch = Epoch(
                start: nil, windowMax: windowMax, k: 0, windowAtStart: reduced / mss, renoEstimate: reduced / mss,
                windowPrior: window)
            recoveryStart = loss.now
            hyStart.onCongestionEvent()
        }
        if loss.isPersistentCongestion {
            // §4.8: like a retransmission timeout: back to the minimum, a new epoch later.
            saved = nil
            congestionWindow = minimumWindow
            epoch = nil
            lastWindowMax = nil
        }
    }

    func onSpuriousCongestionEvent(now: STTInstant) {
        guard let saved else { return }
        congestionWindow = max(congestionWindow, saved.window)
        threshold = saved.threshold
        epoch = saved.epoch
        lastWindowMax = saved.lastWindowMax
        hyStart = saved.hyStart
        recoveryStart = nil
        self.saved = nil
    }
}
