/// Delivery-rate sampling (draft-cheng-iccrg-delivery-rate-estimation): counts delivered and
/// lost bytes, stamps each packet at send, and turns each ACK into a rate sample taken from
/// the most recently sent packet it acknowledged.
struct DeliveryRateEstimator {
    private(set) var delivered = 0
    private(set) var lost = 0
    private var deliveredTime = STTInstant.zero
    private var firstSentTime = STTInstant.zero
    /// While nonzero, the sender is application-limited until this many bytes were delivered.
    private(set) var appLimitedUntil = 0

    // The ACK being processed: the most recently sent packet it acknowledged.
    private var sampled: (state: DeliveryState, sentAt: STTInstant)?

    var isAppLimited: Bool { appLimitedUntil != 0 }

    /// Stamps a packet leaving with `bytesInFlight` in flight (itself included).
    mutating func onSent(size: Int, bytesInFlight: Int, now: STTInstant) -> DeliveryState {
        if bytesInFlight == size {
            // The pipe was empty: intervals start now, not at the last ACK long ago.
            firstSentTime = now
            deliveredTime = now
        }
        return DeliveryState(
            delivered: delivered, deliveredTime: deliveredTime, firstSentTime: firstSentTime,
            isAppLimited: isAppLimited, bytesInFlight: bytesInFlight, lost: lost)
    }

    /// One newly acknowledged in-flight packet.
    mutating func onAcked(_ state: DeliveryState, size: Int, sentAt: STTInstant, now: STTInstant) {
        delivered += size
        deliveredTime = now
        if sampled.map({ state.delivered >= $0.state.delivered }) ?? true {
            sampled = (state, sentAt)
            firstSentTime = sentAt
        }
    }

    mutating func onLost(size: Int) { lost += size }

    /// The sender has nothing to send although the window allows more: samples taken until
    /// what is in flight now is delivered say less than the path could carry.
    mutating func markAppLimited(bytesInFlight: Int) { appLimitedUntil = max(delivered + bytesInFlight, 1) }

    /// Ends the ACK: the sample from the most recently sent packet it acknowledged, or nil
    /// when it acknowledged none. The rate is 0 (no rate sample) when the interval is shorter
    /// than the minimum RTT, which would overestimate.
    mutating func finishAck(now: STTInstant, minimumRTT: STTDuration?) -> RateSample? {
        if appLimitedUntil != 0, delivered > appLimitedUntil { appLimitedUntil = 0 }
        guard let (state, sentAt) = sampled else { return nil }
        sampled = nil
        let sendElapsed = sentAt - state.firstSentTime
        let ackElapsed = now - state.deliveredTime
        let interval = max(sendElapsed, ackElapsed)
        let bytes = delivered - state.delivered
        var rate = 0.0
        if interval > .zero, bytes > 0, minimumRTT.map({ interval >= $0 }) ?? true {
            rate = Double(bytes) / interval.seconds
        }
        return RateSample(
            delivered: bytes, interval: interval, deliveryRate: rate, isAppLimited: state.isAppLimited,
            bytesInFlightAtSend: state.bytesInFlight, lost: lost - state.lost, priorDelivered: state.delivered,
            rtt: now - sentAt)
    }
}
