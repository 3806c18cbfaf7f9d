/// A session's congestion controller: one `CongestionAlgorithm` and what every algorithm
/// needs around it — bytes in flight, delivery-rate samples, round counting, congestion events
/// (at most one per round trip) with the undo of spurious ones, and a pacer.
///
/// Invariant: `bytesInFlight` counts in-flight packets sent and neither acknowledged, declared
/// lost nor discarded.
public final class CongestionController {
    public let algorithm: any CongestionAlgorithm
    /// The datagram size in use, in bytes (the path MTU discovery's current size).
    public private(set) var maxDatagramSize: Int
    public private(set) var bytesInFlight = 0
    /// Times the algorithm was told of a new congestion event, and how many of those were undone.
    public private(set) var congestionEvents = 0
    public private(set) var spuriousCongestionEvents = 0
    /// Round trips counted (a round ends when a packet sent after it began is acknowledged).
    public private(set) var roundCount = 0
    /// The latest delivery-rate sample that measured something, in bytes per second.
    public private(set) var latestDeliveryRate: Double?

    private var delivery = DeliveryRateEstimator()
    private var nextRoundDelivered = 0
    /// Packets sent before this instant belong to the current congestion event.
    private var recoveryStart: STTInstant?
    /// The current congestion event, for undo: its number, its lost packets, and how many of
    /// those were acknowledged after all.
    private var event = (number: 0, lostPackets: 0, spuriousPackets: 0, undone: false)

    // ACK in progress.
    private var ackedBytes = 0
    private var priorBytesInFlight = 0

    // Pacer: a token bucket filled at the pacing rate, at most one send quantum deep. Tokens
    // are fractional: a refill after a short interval adds less than a byte.
    private var tokens: Double
    private var lastRefill: STTInstant?

    public init(algorithm: CongestionControlAlgorithm, maxDatagramSize: Int, randomSeed: UInt64 = 0) {
        self.algorithm = algorithm.make(maxDatagramSize: maxDatagramSize, randomSeed: randomSeed)
        self.maxDatagramSize = maxDatagramSize
        tokens = Double(self.algorithm.congestionWindow)
    }

    /// The congestion window, in bytes.
    public var window: Int { algorithm.congestionWindow }
    /// Bytes delivered and declared lost since the session began.
    public var deliveredBytes: Int { delivery.delivered }
    public var lostBytes: Int { delivery.lost }

    /// Whether a packet of `size` bytes that counts toward the window may be sent now.
    public func canSend(size: Int) -> Bool { bytesInFlight + size <= algorithm.congestionWindow }

    /// The path's datagram size changed; the window keeps its bytes, its unit changes.
    public func setMaxDatagramSize(_ size: Int) {
        guard size != maxDatagramSize else { return }
        maxDatagramSize = size
        algorithm.maxDatagramSizeChanged(to: size)
    }

    /// An in-flight packet left; returns what rate sampling must remember of it.
    func onPacketSent(size: Int, now: STTInstant, rtt: RTTEstimator) -> DeliveryState {
        bytesInFlight += size
        refill(now: now, rtt: rtt)
        tokens -= Double(size)
        let state = delivery.onSent(size: size, bytesInFlight: bytesInFlight, now: now)
        algorithm.onPacketSent(
            SentSample(now: now, bytes: size, bytesInFlight: bytesInFlight, isAppLimited: delivery.isAppLimited))
        return state
    }

    /// The sender ran out of data while the window had room.
    func noteAppLimited() {
        guard bytesInFlight < algorithm.congestionWindow else { return }
        delivery.markAppLimited(bytesInFlight: bytesInFlight)
    }

    /// One newly acknowledged in-flight packet of the ACK being processed.
    func onPacketAcked(size: Int, sentAt: STTInstant, state: DeliveryState, now: STTInstant) {
        if ackedBytes == 0 { priorBytesInFlight = bytesInFlight }
        bytesInFlight = max(0, bytesInFlight - size)
        ackedBytes += size
        delivery.onAcked(state, size: size, sentAt: sentAt, now: now)
        algorithm.onPacketAcked(
            AckedPacketSample(
                now: now, bytes: size, sentAt: sentAt, deliveredAtSend: state.delivered,
                isAppLimited: state.isAppLimited))
    }

    /// Ends the ACK: takes the rate sample, counts rounds, and tells the algorithm.
    func finishAck(now: STTInstant, rtt: RTTEstimator, rttSample: STTDuration?, sampleOvertook: Bool = false) {
        guard ackedBytes > 0 else { return }
        var rate = delivery.finishAck(now: now, minimumRTT: rtt.hasSample ? rtt.minimum : nil)
        if sampleOvertook { rate?.rtt = nil }
        if let rate, rate.deliveryRate > 0 { latestDeliveryRate = rate.deliveryRate }
        var roundStart = false
        if let rate, rate.priorDelivered >= nextRoundDelivered {
            nextRoundDelivered = delivery.delivered
            roundCount += 1
            roundStart = true
        }
        let sample = AckSample(
            now: now, ackedBytes: ackedBytes, priorBytesInFlight: priorBytesInFlight, bytesInFlight: bytesInFlight,
            rttSample: rttSample, rtt: rtt, rate: rate, isRoundStart: roundStart, roundCount: roundCount,
            delivered: delivery.delivered, lost: delivery.lost, isAppLimited: delivery.isAppLimited)
        ackedBytes = 0
        algorithm.onAckProcessed(sample)
        if algorithm.marksSamplesAppLimited { delivery.markAppLimited(bytesInFlight: bytesInFlight) }
    }

    /// In-flight packets declared lost (in packet-number order); returns the number of the
    /// congestion event they count toward.
    func onPacketsLost(_ packets: [LossSample.Packet], now: STTInstant, rtt: RTTEstimator, persistent: Bool) -> Int {
        guard let newest = packets.last else { return event.number }
        var bytes = 0
        for packet in packets {
            bytes += packet.bytes
            delivery.onLost(size: packet.bytes)
        }
        bytesInFlight = max(0, bytesInFlight - bytes)
        let isNew = recoveryStart.map { newest.sentAt > $0 } ?? true
        if isNew {
            recoveryStart = now
            congestionEvents += 1
            event = (event.number + 1, 0, 0, false)
        }
        event.lostPackets += packets.count
        algorithm.onPacketsLost(
            LossSample(
                now: now, packets: packets, lostBytes: bytes, isNewCongestionEvent: isNew,
                isPersistentCongestion: persistent, bytesInFlight: bytesInFlight, rtt: rtt,
                delivered: delivery.delivered, lost: delivery.lost))
        return event.number
    }

    /// A packet declared lost in congestion event `number` was acknowledged after all. When
    /// every loss of the current event was spurious, the algorithm undoes its response
    /// (RFC 9438 §4.9) and the next loss starts a new event.
    func onSpuriousLoss(eventNumber: Int, now: STTInstant) {
        guard eventNumber == event.number, !event.undone else { return }
        event.spuriousPackets += 1
        guard event.spuriousPackets >= event.lostPackets else { return }
        event.undone = true
        spuriousCongestionEvents += 1
        recoveryStart = nil
        algorithm.onSpuriousCongestionEvent(now: now)
    }

    /// Packets that will never be acknowledged or declared lost (the session discarded them).
    func discard(size: Int) { bytesInFlight = max(0, bytesInFlight - size) }

    /// When the pacer next allows a packet of `size` bytes, or nil if it allows one now.
    func pacingDelay(size: Int, now: STTInstant, rtt: RTTEstimator) -> STTInstant? {
        guard rtt.hasSample else { return nil }  // no rate is known yet: do not pace
        refill(now: now, rtt: rtt)
        guard tokens < Double(size) else { return nil }
        let wait = Int64(((Double(size) - tokens) / pacingRate(rtt) * 1e9).rounded(.up))
        return now + STTDuration(nanoseconds: max(wait, 1))
    }

    /// The pacing rate in bytes per second: the algorithm's, or twice (slow start) or 1.25
    /// times (otherwise) the window per smoothed RTT.
    public func pacingRate(_ rtt: RTTEstimator) -> Double {
        if let rate = algorithm.pacingRate(rtt: rtt), rate > 0 { return rate }
        let gain = algorithm.isInStartup ? 2.0 : 1.25
        return gain * Double(algorithm.congestionWindow) / max(rtt.smoothed.seconds, 1e-6)
    }

    /// Bytes the pacer lets leave back to back: about a millisecond at the pacing rate, at
    /// least two datagrams and at most 64 KiB.
    private func sendQuantum(rate: Double) -> Double {
        min(max(rate / 1_000, Double(2 * maxDatagramSize)), Double(max(65_536, 2 * maxDatagramSize)))
    }

    private func refill(now: STTInstant, rtt: RTTEstimator) {
        defer { lastRefill = now }
        guard rtt.hasSample else {
            tokens = Double(max(algorithm.congestionWindow, 2 * maxDatagramSize))
            return
        }
        let rate = pacingRate(rtt)
        let burst = sendQuantum(rate: rate)
        guard let last = lastRefill, now > last else {
            tokens = min(tokens, burst)
            return
        }
        tokens = min(burst, tokens + (now - last).seconds * rate)
    }
}
