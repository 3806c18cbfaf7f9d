/// The receive side of acknowledgement: which packet numbers arrived, and when an ACK is due.
///
/// Rules (RFC 9000 §13.2): acknowledge at once after two ack-eliciting packets, or when a packet
/// arrives out of order; otherwise within `maxAckDelay` of the first unacknowledged one.
///
/// Up to `maximumTrackedRanges` ranges are tracked. When an ACK frame cannot carry them all, it
/// carries the largest range and the ranges that grew most recently: a packet that just arrived
/// must be reported even when it filled a gap far below reordered packets that overtook it.
struct ReceivedPackets {
    static let maximumTrackedRanges = 256

    /// Received packet numbers as disjoint ranges, highest first; old ranges fall off.
    private(set) var ranges: [ClosedRange<UInt64>] = []
    /// For each range, the arrival count when it last grew (parallel to `ranges`).
    private var grewAt: [UInt64] = []
    private var arrivals: UInt64 = 0
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

    /// The ACK frame to send now (at most `maxRanges` ranges), and the bookkeeping that it was sent.
    mutating func makeAck(now: STTInstant, maxRanges: Int = AckFrame.maximumRanges) -> AckFrame? {
        guard !ranges.isEmpty, maxRanges >= 1 else { return nil }
        unacknowledgedElicitingCount = 0
        ackImmediately = false
        ackDeadline = nil
        let delay = max(0, (now - largestReceivedAt).nanoseconds / 1_000)
        let limit = min(maxRanges, AckFrame.maximumRanges)
        var chosen = ranges
        if ranges.count > limit {
            // The largest range, then the most recently grown, back in descending order.
            let recent = (1..<ranges.count).sorted { grewAt[$0] > grewAt[$1] }.prefix(limit - 1).sorted()
            chosen = [ranges[0]] + recent.map { ranges[$0] }
        }
        return AckFrame(ranges: chosen, ackDelayMicroseconds: UInt32(min(delay, Int64(UInt32.max))))
    }

    /// The peer received an ACK frame reporting packets up to `largest` (RFC 9000 §13.2.4): ranges
    /// wholly at or below it are not reported again. The highest range always stays, so an ACK
    /// still names the largest packet received.
    mutating func stopAcknowledging(upTo largest: UInt64) {
        var keep = 1
        while keep < ranges.count, ranges[keep].upperBound > largest { keep += 1 }
        guard keep < ranges.count else { return }
        ranges.removeSubrange(keep...)
        grewAt.removeSubrange(keep...)
    }

    /// The ACK timer fired.
    mutating func onAckTimeout(now: STTInstant) {
        if let deadline = ackDeadline, now >= deadline { ackImmediately = true }
    }

    private mutating func insert(_ pn: UInt64) {
        arrivals += 1
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
            grewAt[i - 1] = arrivals
            ranges.remove(at: i)
            grewAt.remove(at: i)
        case (true, false):
            ranges[i] = ranges[i].lowerBound...pn
            grewAt[i] = arrivals
        case (false, true):
            ranges[i - 1] = pn...ranges[i - 1].upperBound
            grewAt[i - 1] = arrivals
        case (false, false):
            ranges.insert(pn...pn, at: i)
            grewAt.insert(arrivals, at: i)
        }
        // Past the limit, forget the range that has not grown for longest: it was reported
        // when it did (the largest range is always kept).
        if ranges.count > Self.maximumTrackedRanges {
            var stalest = 1
            for j in 2..<ranges.count where grewAt[j] < grewAt[stalest] { stalest = j }
            ranges.remove(at: stalest)
            grewAt.remove(at: stalest)
        }
    }
}
