import DequeModule

/// Loss detection as in RFC 9002 §6 with adaptive reordering: a packet is lost when a packet
/// sent `packetThreshold` later was acknowledged, or when it is older than the time threshold
/// (9/8 of the RTT at first); a probe timeout with exponential backoff covers the tail.
///
/// A packet declared lost and acknowledged afterwards was reordered, not lost: if the packet
/// threshold declared it, loss detection relies on the time threshold from then on (as RACK does
/// once it has seen reordering); if the time threshold did, that threshold grows to what the
/// reordering needed (up to 2 RTTs). When every loss of a congestion event was spurious the
/// congestion controller undoes its response.
///
/// Sent packets are kept in packet-number order, settled ones skipped through `nextCandidate`
/// links, so an ACK costs what it newly settles rather than what it repeats.
struct LossDetector {
    static let initialPacketThreshold: UInt64 = 3
    /// The packet threshold once reordering has fooled it: in effect, none.
    static let maximumPacketThreshold: UInt64 = 1 << 32
    /// The time threshold starts at 9/8 of the RTT and grows to at most 2 RTTs, in eighths.
    static let initialTimeThresholdEighths: Int64 = 9
    static let maximumTimeThresholdEighths: Int64 = 16
    /// Most packets tracked at once. A peer that never acknowledges anything would otherwise
    /// make the list grow forever; past this the session is closed.
    static let maximumTracked = 250_000
    static let maximumProbeBackoff = 16
    /// RTT samples come only from packets acknowledged after most of the three sent before them.
    static let overtakingDepth: UInt64 = 3

    private(set) var sent = Deque<SentPacket>()
    /// In-flight packets declared lost recently, in packet-number order.
    private(set) var recentlyLost = Deque<LostPacket>()
    private(set) var largestAcked: UInt64?
    private var lossTime: STTInstant?
    private(set) var probeCount = 0
    private var lastAckElicitingSentAt: STTInstant?
    private var ackElicitingOutstanding = 0
    var rtt = RTTEstimator()
    let maxAckDelay: STTDuration
    /// The longest wait for a probe timeout after backoff: a session whose probes keep getting
    /// lost must still probe before its idle timeout ends it.
    let maxProbeInterval: STTDuration

    /// Reordering tolerance, raised by spurious losses.
    private(set) var packetThreshold = LossDetector.initialPacketThreshold
    private(set) var timeThresholdEighths = LossDetector.initialTimeThresholdEighths
    /// Packets declared lost that were acknowledged afterwards.
    private(set) var spuriousLosses = 0

    init(maxAckDelay: STTDuration, maxProbeInterval: STTDuration = .seconds(60)) {
        self.maxAckDelay = maxAckDelay
        self.maxProbeInterval = maxProbeInterval
    }

    /// The peer has left too much unacknowledged: the session should close.
    var isOverwhelmed: Bool { sent.count > Self.maximumTracked }

    /// How long after a later packet was acknowledged an earlier one counts as lost: the time
    /// threshold times the larger of the latest and smoothed RTT, at least the timer granularity.
    var lossDelay: STTDuration {
        let base = max(rtt.latest, rtt.smoothed)
        return max(STTDuration(nanoseconds: base.nanoseconds / 8 * timeThresholdEighths), RTTEstimator.granularity)
    }

    /// A round-trip sample from the handshake (a message answered without retransmission).
    mutating func seedRTT(_ sample: STTDuration) {
        guard sample > .zero else { return }
        rtt.update(rtt: sample, ackDelay: .zero, maxAckDelay: maxAckDelay)
    }

    mutating func onPacketSent(_ packet: SentPacket) {
        assert(sent.last.map { $0.packetNumber + 1 == packet.packetNumber } ?? true)
        sent.append(packet)
        if packet.ackEliciting {
            lastAckElicitingSentAt = packet.sentAt
            ackElicitingOutstanding += 1
        }
    }

    /// Processes an ACK frame: returns packets newly acknowledged (spuriously lost ones
    /// included, so their data counts as delivered) and packets now declared lost. Numbers
    /// never sent are ignored, so a hostile range cannot make this loop long.
    mutating func onAck(_ ack: AckFrame, now: STTInstant, congestion: CongestionController)
        -> (acked: [SentPacket], lost: [SentPacket])
    {
        var acked: [SentPacket] = []
        var newest: SentPacket?
        for range in ack.ranges.reversed() {  // ascending, as the packets were sent
            findSpurious(in: range, now: now, congestion: congestion, into: &acked)
            guard let first = sent.first?.packetNumber else { continue }
            let last = first + UInt64(sent.count - 1)
            guard range.upperBound >= first, range.lowerBound <= last else { continue }
            let hi = min(range.upperBound, last)
            var pn = nextOutstanding(from: max(range.lowerBound, first))
            while pn <= hi {
                let index = Int(pn - first)
                sent[index].isAcknowledged = true
                let packet = settle(index)
                acked.append(packet)
                if packet.ackEliciting { ackElicitingOutstanding -= 1 }
                if packet.inFlight {
                    congestion.onPacketAcked(
                        size: packet.size, sentAt: packet.sentAt, state: packet.delivery, now: now)
                }
                newest = packet
                pn = nextOutstanding(from: pn + 1)
            }
        }
        guard let newest else {
            trimLost(now: now)
            return (acked, [])
        }
        if largestAcked.map({ ack.largest > $0 }) ?? true, let last = sent.last?.packetNumber {
            largestAcked = min(ack.largest, last)
        }
        // A packet acknowledged before most of the three sent just before it, with an RTT a
        // quarter below the smoothed one, overtook them on a shorter path (as netem's reorder
        // makes packets skip the delay): its RTT is not the path's and must not feed the
        // estimates. Jitter and loss bursts leave samples near the smoothed RTT: they count.
        let unacknowledgedBefore = (1...Self.overtakingDepth).filter { d in
            newest.packetNumber >= d && !wasAcknowledged(newest.packetNumber - d)
        }.count
        let sample = now - newest.sentAt
        let overtook = unacknowledgedBefore >= 2 && rtt.hasSample && sample * 4 < rtt.smoothed * 3
        // The sample comes from the newest packet this ACK settled, the largest acknowledged or
        // not: under reordering the largest is often old news, and the RTT must still follow a
        // growing queue. The peer's ACK delay applies only to the largest.
        var rttSample: STTDuration?
        if newest.ackEliciting, !overtook {
            rttSample = now - newest.sentAt
            let delay = newest.packetNumber == ack.largest ? Int64(ack.ackDelayMicroseconds) : 0
            rtt.update(rtt: now - newest.sentAt, ackDelay: .microseconds(delay), maxAckDelay: maxAckDelay)
        }
        probeCount = 0
        let lost = detectLostPackets(now: now, congestion: congestion)
        congestion.finishAck(now: now, rtt: rtt, rttSample: rttSample, sampleOvertook: overtook)
        return (acked, lost)
    }

    /// Declares lost every outstanding packet below the largest acknowledged that is
    /// `packetThreshold` packets or `lossDelay` older; arms the loss timer for the youngest
    /// that is not yet. Both tests hold for a prefix of the outstanding packets (older packets
    /// have lower numbers), so the walk stops at the first survivor.
    mutating func detectLostPackets(now: STTInstant, congestion: CongestionController) -> [SentPacket] {
        lossTime = nil
        defer {
            trimFront()
            trimLost(now: now)
        }
        guard let largest = largestAcked, let first = sent.first?.packetNumber, largest >= first else { return [] }
        let delay = lossDelay
        var lost: [SentPacket] = []
        var pn = nextOutstanding(from: first)
        while pn < largest {
            let index = Int(pn - first)
            let byPacket = largest - pn >= packetThreshold
            guard byPacket || sent[index].sentAt + delay <= now else {
                lossTime = sent[index].sentAt + delay
                break
            }
            let packet = settle(index)
            if packet.ackEliciting { ackElicitingOutstanding -= 1 }
            lost.append(packet)
            pn = nextOutstanding(from: pn + 1)
        }
        guard !lost.isEmpty else { return [] }
        reportLost(lost, largest: largest, byTimeFrom: packetThreshold, now: now, congestion: congestion)
        return lost
    }

    /// Tells the congestion controller of in-flight losses (path probes only leave the flight)
    /// and remembers them for spurious-loss detection.
    private mutating func reportLost(
        _ lost: [SentPacket], largest: UInt64, byTimeFrom threshold: UInt64, now: STTInstant,
        congestion: CongestionController
    ) {
        var samples: [LossSample.Packet] = []
        samples.reserveCapacity(lost.count)
        var firstSent: STTInstant?
        var lastSent = STTInstant.zero
        for packet in lost where packet.inFlight {
            if packet.isPathProbe {
                congestion.discard(size: packet.size)
                continue
            }
            if firstSent == nil { firstSent = packet.sentAt }
            lastSent = packet.sentAt
            samples.append(
                LossSample.Packet(
                    bytes: packet.size, sentAt: packet.sentAt, bytesInFlightAtSend: packet.delivery.bytesInFlight,
                    lostAtSend: packet.delivery.lost, deliveredAtSend: packet.delivery.delivered,
                    isAppLimited: packet.delivery.isAppLimited))
        }
        guard let firstSent else { return }
        let persistent =
            rtt.hasSample && samples.count > 1
            && lastSent - firstSent >= rtt.probeTimeout(maxAckDelay: maxAckDelay) * 3
        let event = congestion.onPacketsLost(samples, now: now, rtt: rtt, persistent: persistent)
        for packet in lost where packet.inFlight && !packet.isPathProbe {
            recentlyLost.append(
                LostPacket(
                    packet: packet, declaredAt: now, largestAckedThen: largest,
                    byTime: largest - packet.packetNumber < threshold, congestionEvent: event))
        }
    }

    /// Acknowledgements of packets already declared lost: each raises the threshold that
    /// declared it to what this reordering needed, and may undo a congestion event.
    private mutating func findSpurious(
        in range: ClosedRange<UInt64>, now: STTInstant, congestion: CongestionController,
        into acked: inout [SentPacket]
    ) {
        guard let firstLost = recentlyLost.first?.packet.packetNumber,
            let lastLost = recentlyLost.last?.packet.packetNumber,
            range.upperBound >= firstLost, range.lowerBound <= lastLost
        else { return }
        var index = lostIndex(atOrAbove: range.lowerBound) ?? recentlyLost.count
        while index < recentlyLost.count, recentlyLost[index].packet.packetNumber <= range.upperBound {
            defer { index += 1 }
            guard !recentlyLost[index].acknowledged else { continue }
            recentlyLost[index].acknowledged = true
            let entry = recentlyLost[index]
            spuriousLosses += 1
            if entry.byTime {
                // It was acknowledged after `now - sentAt`: tolerate that much (plus an eighth).
                let base = max(rtt.latest, rtt.smoothed).nanoseconds
                let needed = base > 0 ? (now - entry.packet.sentAt).nanoseconds * 8 / base + 1 : 0
                timeThresholdEighths = min(Self.maximumTimeThresholdEighths, max(timeThresholdEighths, needed))
            } else {
                // Reordering deep enough to fool the packet threshold: as RACK does once it has
                // seen reordering, rely on the time threshold from now on (reordering depth in
                // packets grows with the rate, its depth in time does not).
                packetThreshold = Self.maximumPacketThreshold
            }
            acked.append(entry.packet)
            congestion.onSpuriousLoss(eventNumber: entry.congestionEvent, now: now)
        }
    }

    /// When the loss or probe timer fires, or nil.
    func timerDeadline() -> STTInstant? {
        if let lossTime { return lossTime }
        guard ackElicitingOutstanding > 0, let last = lastAckElicitingSentAt else { return nil }
        let backoff = Int64(1) << Int64(min(probeCount, Self.maximumProbeBackoff))
        let timeout = rtt.probeTimeout(maxAckDelay: maxAckDelay)
        return last + max(min(timeout * backoff, maxProbeInterval), timeout)
    }

    enum TimeoutAction {
        case lost([SentPacket])
        case probe(oldest: SentPacket?)
        case nothing
    }

    mutating func onTimeout(now: STTInstant, congestion: CongestionController) -> TimeoutAction {
        guard let deadline = timerDeadline(), now >= deadline else { return .nothing }
        if lossTime != nil { return .lost(detectLostPackets(now: now, congestion: congestion)) }
        probeCount += 1
        guard let first = sent.first?.packetNumber else { return .probe(oldest: nil) }
        var pn = nextOutstanding(from: first)
        while pn < first + UInt64(sent.count) {
            if sent[Int(pn - first)].ackEliciting { return .probe(oldest: sent[Int(pn - first)]) }
            pn = nextOutstanding(from: pn + 1)
        }
        return .probe(oldest: nil)
    }

    /// Stops tracking everything (the session is going away).
    mutating func discardAll(congestion: CongestionController) {
        for packet in sent where packet.isOutstanding && packet.inFlight { congestion.discard(size: packet.size) }
        sent.removeAll()
        recentlyLost.removeAll()
        ackElicitingOutstanding = 0
        lossTime = nil
    }

    /// Whether packet `pn` is known to have arrived: acknowledged, or no longer tracked and not
    /// among the recently lost.
    private func wasAcknowledged(_ pn: UInt64) -> Bool {
        if let first = sent.first?.packetNumber, pn >= first, pn - first < UInt64(sent.count) {
            return sent[Int(pn - first)].isAcknowledged
        }
        guard let index = lostIndex(atOrAbove: pn), index < recentlyLost.count,
            recentlyLost[index].packet.packetNumber == pn
        else { return true }
        return recentlyLost[index].acknowledged
    }

    /// The first entry of `recentlyLost` at or above `pn` (binary search), or nil when empty.
    private func lostIndex(atOrAbove pn: UInt64) -> Int? {
        guard !recentlyLost.isEmpty else { return nil }
        var low = 0
        var high = recentlyLost.count
        while low < high {
            let mid = (low + high) / 2
            if recentlyLost[mid].packet.packetNumber < pn { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Marks the packet at `index` settled (acknowledged or lost) and returns it.
    private mutating func settle(_ index: Int) -> SentPacket {
        sent[index].isOutstanding = false
        sent[index].nextCandidate = sent[index].packetNumber + 1
        return sent[index]
    }

    /// The first outstanding packet number at or after `pn`, or one past the last sent. Follows
    /// the settled packets' links and shortens them as it goes, so repeated walks stay cheap.
    private mutating func nextOutstanding(from pn: UInt64) -> UInt64 {
        guard let first = sent.first?.packetNumber else { return pn }
        let end = first + UInt64(sent.count)
        var target = max(pn, first)
        while target < end, !sent[Int(target - first)].isOutstanding {
            target = sent[Int(target - first)].nextCandidate
        }
        var walk = max(pn, first)
        while walk < target {
            let next = sent[Int(walk - first)].nextCandidate
            sent[Int(walk - first)].nextCandidate = target
            walk = next
        }
        return min(target, end)
    }

    private mutating func trimFront() {
        while let head = sent.first, !head.isOutstanding { sent.removeFirst() }
        // Ack-only packets are never acknowledged on their own: stop tracking old ones.
        while let head = sent.first, !head.ackEliciting, let largest = largestAcked,
            head.packetNumber + Self.initialPacketThreshold <= largest
        {
            sent.removeFirst()
        }
    }

    /// Forgets lost packets once their acknowledgement can no longer be expected.
    private mutating func trimLost(now: STTInstant) {
        let keep = rtt.probeTimeout(maxAckDelay: maxAckDelay) * 2
        while let head = recentlyLost.first, head.acknowledged || head.declaredAt + keep < now {
            recentlyLost.removeFirst()
        }
    }
}
