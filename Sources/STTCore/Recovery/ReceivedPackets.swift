/// The receive side of acknowledgement: which packet numbers arrived, and when an ACK is due.
///
/// Rules (RFC 9000 §13.2): acknowledge at once after two ack-eliciting packets, or when a packet
/// arrives out of order; otherwise within `maxAckDelay` of the first unacknowledged one.
struct ReceivedPackets {
    /// Received packet numbers as disjoint ranges, highest first; old ranges fall off.
    private(set) var ranges: [ClosedRange<UInt64>] = []
    private var largestReceivedAt: STTInstant = .zero
    private var unacknowledgedElicitingCount = 0
    /// When an ACK must be sent at the latest.
    private(set) var ackDeadline: STTInstant?
    /// An ACK should go out with the next packet.
    private(set) var ackImmediately = false

    var hasNewInformation: Bool { ackImmediately || ackDeadline != nil }

    mutating func onPacketReceived(_ pn: UInt64, ackEliciting: Bool, now: STTInstant, maxAckDelay: STTDuration) {
        let outOfOrder = !ranges.isEmpty && pn != ranges[0].upperBound &+ 1
        insert(pn)
        if pn == ranges[0].upperBound { largestReceivedAt = now }
        guard ackEliciting else { return }
        unacknowledgedElicitingCount += 1
        if unacknowledgedElicitingCount >= 2 || outOfOrder {
            ackImmediately = true
        } else if ackDeadline == nil {
            ackDeadline = now + maxAckDelay
        }
    }

    /// The ACK frame to send now, and the bookkeeping that it was sent.
    mutating func makeAck(now: STTInstant, maxRanges: Int = AckFrame.maximumRanges) -> AckFrame? {
        guard !ranges.isEmpty, maxRanges >= 1 else { return nil }
        unacknowledgedElicitingCount = 0
        ackImmediately = false
        ackDeadline = nil
        let delay = max(0, (now - largestReceivedAt).nanoseconds / 1_000)
        return AckFrame(
            ranges: Array(ranges.prefix(min(maxRanges, AckFrame.maximumRanges))),
            ackDelayMicroseconds: UInt32(min(delay, Int64(UInt32.max))))
    }

    /// The ACK timer fired.
    mutating func onAckTimeout(now: STTInstant) {
        if let deadline = ackDeadline, now >= deadline { ackImmediately = true }
    }

    private mutating func insert(_ pn: UInt64) {
        // ranges is sorted highest first, disjoint and never adjacent.
        var i = 0
        while i < ranges.count, ranges[i].lowerBound > pn { i += 1 }
        if i < ranges.count, ranges[i].upperBound >= pn { return }  // already received
        // pn lies between ranges[i] (below it, if any) and ranges[i - 1] (above it, if any).
        let joinsBelow = i < ranges.count && ranges[i].upperBound &+ 1 == pn
        let joinsAbove = i > 0 && ranges[i - 1].lowerBound == pn &+ 1
        switch (joinsBelow, joinsAbove) {
        case (true, true):
            ranges[i - 1] = ranges[i].lowerBound...ranges[i - 1].upperBound
            ranges.remove(at: i)
        case (true, false):
            ranges[i] = ranges[i].lowerBound...pn
        case (false, true):
            ranges[i - 1] = pn...ranges[i - 1].upperBound
        case (false, false):
            ranges.insert(pn...pn, at: i)
        }
        // Old gaps were reported many times already: keep the newest ranges only.
        if ranges.count > AckFrame.maximumRanges { ranges.removeLast(ranges.count - AckFrame.maximumRanges) }
    }
}
