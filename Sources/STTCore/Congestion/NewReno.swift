/// NewReno as in RFC 9002 §7: slow start doubling per round trip, additive increase of one
/// datagram per window in congestion avoidance, the window halved once per congestion event.
final class NewReno: CongestionAlgorithm {
    private(set) var maxDatagramSize: Int
    private(set) var congestionWindow: Int
    private var threshold = Int.max
    /// The window before the last reduction, for undo.
    private var beforeReduction: (window: Int, threshold: Int)?
    /// Packets sent before this instant do not grow the window (recovery, RFC 9002 §7.3.2).
    private var recoveryStart: STTInstant?

    init(maxDatagramSize: Int) {
        self.maxDatagramSize = maxDatagramSize
        congestionWindow = Self.initialWindow(maxDatagramSize)
    }

    /// RFC 9002 §7.2: min(10 × size, max(14,720, 2 × size)).
    static func initialWindow(_ size: Int) -> Int { min(10 * size, max(14_720, 2 * size)) }

    var algorithm: CongestionControlAlgorithm { .newReno }
    var minimumWindow: Int { 2 * maxDatagramSize }
    var slowStartThreshold: Int? { threshold == .max ? nil : threshold }
    var isInStartup: Bool { congestionWindow < threshold }
    var stateName: String {
        if recoveryStart != nil { return "recovery" }
        return isInStartup ? "slow-start" : "congestion-avoidance"
    }

    func pacingRate(rtt: RTTEstimator) -> Double? { nil }
    func maxDatagramSizeChanged(to size: Int) {
        maxDatagramSize = size
        congestionWindow = max(congestionWindow, minimumWindow)
    }

    func onPacketSent(_ sent: SentSample) {}

    func onPacketAcked(_ acked: AckedPacketSample) {
        if let start = recoveryStart {
            guard acked.sentAt > start else { return }
            recoveryStart = nil  // a packet sent after the reduction arrived: recovery is over
        }
        guard !acked.isAppLimited else { return }  // the window was not the limit: do not grow it
        if isInStartup {
            congestionWindow += acked.bytes
        } else {
            congestionWindow += max(1, maxDatagramSize * acked.bytes / congestionWindow)
        }
    }

    func onAckProcessed(_ ack: AckSample) {}

    func onPacketsLost(_ loss: LossSample) {
        if loss.isNewCongestionEvent {
            beforeReduction = (congestionWindow, threshold)
            recoveryStart = loss.now
            threshold = max(congestionWindow / 2, minimumWindow)
            congestionWindow = threshold
        }
        if loss.isPersistentCongestion {
            beforeReduction = nil
            congestionWindow = minimumWindow
        }
    }

    func onSpuriousCongestionEvent(now: STTInstant) {
        guard let before = beforeReduction else { return }
        congestionWindow = max(congestionWindow, before.window)
        threshold = before.threshold
        recoveryStart = nil
        beforeReduction = nil
    }
}
