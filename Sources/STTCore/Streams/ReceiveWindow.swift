/// A receiver's byte credit, for one stream or a whole session: the sender may send bytes below
/// `grantedOffset` = consumed + window. The window starts at the protocol's initial value and
/// doubles (up to `maximumWindow`) whenever the previous credit was used up within one smoothed
/// RTT: the reader keeps up and only the window holds the sender back (as QUIC stacks auto-tune).
///
/// With a CREDIT frame due after a quarter of the window is consumed, the window settles
/// below four times the bandwidth-delay product the reader sustains.
struct ReceiveWindow: Equatable {
    private(set) var window: Int
    let maximumWindow: Int
    /// Bytes consumed (read by the application, or skipped).
    private(set) var consumed: UInt64 = 0
    private(set) var grantedOffset: UInt64
    private(set) var advertisedOffset: UInt64
    private var lastCreditAt: STTInstant?

    init(initial: Int, maximum: Int) {
        window = initial
        maximumWindow = max(initial, maximum)
        grantedOffset = UInt64(initial)
        advertisedOffset = UInt64(initial)
    }

    /// Moves the consumed count to `offset` (it never goes back).
    mutating func consume(to offset: UInt64) {
        consumed = max(consumed, offset)
        updateGrant()
    }

    /// A credit frame is due when the grant moved by a quarter window since last advertised.
    var creditDue: Bool {
        grantedOffset > advertisedOffset && grantedOffset - advertisedOffset >= UInt64(max(1, window / 4))
    }

    /// The grant to advertise now, after doubling the window if the previous credit was used up
    /// within a round trip.
    mutating func makeCredit(now: STTInstant, smoothedRTT: STTDuration?) -> UInt64 {
        if let last = lastCreditAt, let rtt = smoothedRTT, now - last < rtt, window < maximumWindow {
            window = min(maximumWindow, window * 2)
            updateGrant()
        }
        lastCreditAt = now
        advertisedOffset = grantedOffset
        return grantedOffset
    }

    private mutating func updateGrant() {
        let (limit, overflow) = consumed.addingReportingOverflow(UInt64(window))
        grantedOffset = max(grantedOffset, overflow ? .max : limit)
    }
}
