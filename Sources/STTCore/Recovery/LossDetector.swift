import DequeModule

/// Loss detection as in RFC 9002 §6: packet threshold 3, time threshold 9/8 RTT, and a probe
/// timeout with exponential backoff. Sent packets are kept in packet-number order.
struct LossDetector {
    static let packetThreshold: UInt64 = 3
    /// Most packets tracked at once. A peer that never acknowledges anything would otherwise
    /// make the list grow forever; past this the session is closed.
    static let maximumTracked = 250_000
    static let maximumProbeBackoff = 16

    private(set) var sent = Deque<SentPacket>()
    private(set) var largestAcked: UInt64?
    private var lossTime: STTInstant?
    private(set) var probeCount = 0
    private var lastAckElicitingSentAt: STTInstant?
    private var ackElicitingOutstanding = 0
    var rtt = RTTEstimator()
    let maxAckDelay: STTDuration

    init(maxAckDelay: STTDuration) { self.maxAckDelay = maxAckDelay }

    /// The peer has left too much unacknowledged: the session should close.
    var isOverwhelmed: Bool { sent.count > Self.maximumTracked }

    mutating func onPacketSent(_ packet: SentPacket) {
        assert(sent.last.map { $0.packetNumber < packet.packetNumber } ?? true)
        sent.append(packet)
        if packet.ackEliciting {
            lastAckElicitingSentAt = packet.sentAt
            ackElicitingOutstanding += 1
        }
    }

    /// Processes an ACK frame: returns packets newly acknowledged and packets now declared lost.
    /// Numbers never sent are ignored, so a hostile range cannot make this loop long: it only
    /// visits packets still tracked.
    mutating func onAck(_ ack: AckFrame, now: STTInstant, congestion: inout CongestionController)
        -> (acked: [SentPacket], lost: [SentPacket])
    {
        guard let first = sent.first?.packetNumber else { return ([], []) }
        let last = sent[sent.count - 1].packetNumber
        var acked: [SentPacket] = []
        var largestNewlyAcked: SentPacket?
        for range in ack.ranges where range.upperBound >= first && range.lowerBound <= last {
            let lo = max(range.lowerBound, first)
            let hi = min(range.upperBound, last)
            var pn = hi
            while true {
                let index = Int(pn - first)
                if sent[index].isOutstanding {
                    sent[index].isOutstanding = false
                    let packet = sent[index]
                    acked.append(packet)
                    if packet.ackEliciting { ackElicitingOutstanding -= 1 }
                    if packet.inFlight { congestion.onPacketAcked(size: packet.size, sentAt: packet.sentAt) }
                    if largestNewlyAcked == nil { largestNewlyAcked = packet }
                }
                if pn == lo { break }
                pn -= 1
            }
        }
        guard let newest = largestNewlyAcked else { return ([], []) }
        if largestAcked.map({ ack.largest > $0 }) ?? true { largestAcked = min(ack.largest, last) }
        if newest.packetNumber == ack.largest, newest.ackEliciting {
            rtt.update(
                rtt: now - newest.sentAt,
                ackDelay: .microseconds(Int64(ack.ackDelayMicroseconds)), maxAckDelay: maxAckDelay)
        }
        probeCount = 0
        let lost = detectLostPackets(now: now, congestion: &congestion)
        trimFront()
        return (acked, lost)
    }

    /// Declares lost every outstanding packet below the largest acknowledged that is 3 packets
    /// or 9/8 RTT older; arms the loss timer for the youngest that is not yet.
    mutating func detectLostPackets(now: STTInstant, congestion: inout CongestionController) -> [SentPacket] {
        lossTime = nil
        guard let largest = largestAcked, let first = sent.first?.packetNumber, largest >= first else { return [] }
        let lossDelay = rtt.lossDelay
        var lost: [SentPacket] = []
        var lostBytes = 0
        for index in 0...Int(largest - first) {
            guard sent[index].isOutstanding else { continue }
            let packet = sent[index]
            if largest - packet.packetNumber >= Self.packetThreshold || packet.sentAt + lossDelay <= now {
                sent[index].isOutstanding = false
                if packet.ackEliciting { ackElicitingOutstanding -= 1 }
                if packet.inFlight { lostBytes += packet.size }
                lost.append(packet)
            } else {
                let t = packet.sentAt + lossDelay
                if lossTime.map({ t < $0 }) ?? true { lossTime = t }
            }
        }
        // Only packets that were in flight say anything about congestion.
        let inFlightLost = lost.filter(\.inFlight)
        if lostBytes > 0, let first = inFlightLost.first, let newest = inFlightLost.last {
            let span = newest.sentAt - first.sentAt
            let persistent =
                rtt.hasSample && inFlightLost.count > 1
                && span >= rtt.probeTimeout(maxAckDelay: maxAckDelay) * 3
            congestion.onPacketsLost(
                totalSize: lostBytes, largestLostSentAt: newest.sentAt,
                now: now, persistentCongestion: persistent)
        }
        trimFront()
        return lost
    }

    /// When the loss or probe timer fires, or nil.
    func timerDeadline() -> STTInstant? {
        if let lossTime { return lossTime }
        guard ackElicitingOutstanding > 0, let last = lastAckElicitingSentAt else { return nil }
        let backoff = Int64(1) << Int64(min(probeCount, Self.maximumProbeBackoff))
        return last + rtt.probeTimeout(maxAckDelay: maxAckDelay) * backoff
    }

    enum TimeoutAction {
        case lost([SentPacket])
        case probe(oldest: SentPacket?)
        case nothing
    }

    mutating func onTimeout(now: STTInstant, congestion: inout CongestionController) -> TimeoutAction {
        guard let deadline = timerDeadline(), now >= deadline else { return .nothing }
        if lossTime != nil { return .lost(detectLostPackets(now: now, congestion: &congestion)) }
        probeCount += 1
        return .probe(oldest: sent.first { $0.isOutstanding && $0.ackEliciting })
    }

    /// Stops tracking everything (the session is going away).
    mutating func discardAll(congestion: inout CongestionController) {
        for packet in sent where packet.isOutstanding && packet.inFlight { congestion.discard(size: packet.size) }
        sent.removeAll()
        ackElicitingOutstanding = 0
        lossTime = nil
    }

    private mutating func trimFront() {
        while let head = sent.first, !head.isOutstanding { sent.removeFirst() }
        // Ack-only packets are never acknowledged on their own: stop tracking old ones.
        while let head = sent.first, !head.ackEliciting, let largest = largestAcked,
            head.packetNumber + Self.packetThreshold <= largest
        {
            sent.removeFirst()
        }
    }
}
