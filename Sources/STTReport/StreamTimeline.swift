/// One send stream's time-sequence data: offsets first sent, sent again, acknowledged in
/// order and skipped to, binned on the run's grid.
final class StreamTimeline {
    let id: UInt32
    /// Per bin: the lowest offset and highest end first sent in it.
    let sent: BinnedSeries
    let retransmitted: BinnedSeries
    /// Per bin: the in-order acknowledged offset (`last`).
    let acknowledged: BinnedSeries
    /// Where a live stream skipped to (time in seconds, offset), the first `maximumSkips`.
    private(set) var skips: [(Double, Double)] = []
    static let maximumSkips = 2000
    /// The highest offset sent so far: bytes below it are sent again.
    private(set) var highestSent: UInt64 = 0
    private(set) var retransmittedBytes: UInt64 = 0
    /// Acknowledged bytes: everything below `ackedPrefix`, and the ranges above it (sorted).
    private(set) var ackedPrefix: UInt64 = 0
    private var ackedAbove: [Range<UInt64>] = []

    init(id: UInt32, grid: TimeGrid) {
        self.id = id
        sent = grid.makeSeries()
        retransmitted = grid.makeSeries()
        acknowledged = grid.makeSeries()
    }

    func onSent(_ range: Range<UInt64>, at t: Int64) {
        guard !range.isEmpty else { return }
        if range.lowerBound < highestSent {
            let again = range.lowerBound..<min(range.upperBound, highestSent)
            retransmitted.add(Double(again.lowerBound), at: t)
            retransmitted.add(Double(again.upperBound), at: t)
            retransmittedBytes += UInt64(again.count)
        }
        if range.upperBound > highestSent {
            let fresh = max(range.lowerBound, highestSent)..<range.upperBound
            sent.add(Double(fresh.lowerBound), at: t)
            sent.add(Double(fresh.upperBound), at: t)
            highestSent = range.upperBound
        }
    }

    /// Bytes of `range` acknowledged; returns how far the in-order point advanced (goodput).
    @discardableResult
    func onAcknowledged(_ range: Range<UInt64>, at t: Int64) -> UInt64 {
        guard range.upperBound > ackedPrefix else { return 0 }
        let before = ackedPrefix
        insert(max(range.lowerBound, ackedPrefix)..<range.upperBound)
        while let first = ackedAbove.first, first.lowerBound <= ackedPrefix {
            ackedPrefix = max(ackedPrefix, first.upperBound)
            ackedAbove.removeFirst()
        }
        if ackedPrefix > before { acknowledged.add(Double(ackedPrefix), at: t) }
        return ackedPrefix - before
    }

    func onSkipped(to offset: UInt64, at t: Int64) {
        if skips.count < Self.maximumSkips { skips.append((Double(t - sent.grid.origin) / 1e9, Double(offset))) }
        onAcknowledged(0..<offset, at: t)  // skipped bytes count as settled, as the receiver treats them
    }

    /// Keeps `ackedAbove` sorted and merged; it stays short (the holes in flight).
    private func insert(_ range: Range<UInt64>) {
        var low = range.lowerBound
        var high = range.upperBound
        var kept: [Range<UInt64>] = []
        kept.reserveCapacity(ackedAbove.count + 1)
        var placed = false
        for r in ackedAbove {
            if r.upperBound < low {
                kept.append(r)
            } else if r.lowerBound > high {
                if !placed {
                    kept.append(low..<high)
                    placed = true
                }
                kept.append(r)
            } else {
                low = min(low, r.lowerBound)
                high = max(high, r.upperBound)
            }
        }
        if !placed { kept.append(low..<high) }
        ackedAbove = kept
    }
}
