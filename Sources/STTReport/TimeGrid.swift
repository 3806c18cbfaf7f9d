/// The intervals every series of a run is binned into. It starts fine and doubles its width
/// whenever the run outgrows `maximumBins`, merging the bins of every series it handed out, so
/// a report's size depends on what it draws, not on how long the run lasted or how many
/// packets it carried.
final class TimeGrid {
    /// Bins per series at most (a chart 700 pixels wide shows no more).
    let maximumBins: Int
    /// When the first bin starts, in nanoseconds.
    let origin: Int64
    private(set) var width: Int64
    private var series: [BinnedSeries] = []

    init(origin: Int64, initialWidth: Int64 = 100_000, maximumBins: Int = 1024) {
        self.origin = origin
        width = max(1, initialWidth)
        self.maximumBins = maximumBins
    }

    func makeSeries() -> BinnedSeries {
        let s = BinnedSeries(grid: self)
        series.append(s)
        return s
    }

    /// The bin of time `t` (nanoseconds), widening the grid first if `t` lies past its end.
    func index(_ t: Int64) -> Int {
        let offset = max(0, t &- origin)
        while offset / width >= Int64(maximumBins) { widen() }
        return Int(offset / width)
    }

    /// Where bin `i` starts, in seconds from `origin`.
    func start(of i: Int) -> Double { Double(Int64(i) * width) / 1e9 }

    private func widen() {
        width *= 2
        for s in series { s.mergePairs() }
    }
}

/// One series on a `TimeGrid`: per bin, the minimum, maximum, last value and sum of what was
/// added, and how many values.
final class BinnedSeries {
    struct Bin {
        var minimum = Double.infinity
        var maximum = -Double.infinity
        var last = 0.0
        var sum = 0.0
        var count = 0

        mutating func add(_ v: Double) {
            minimum = min(minimum, v)
            maximum = max(maximum, v)
            last = v
            sum += v
            count += 1
        }

        mutating func absorb(_ later: Bin) {
            guard later.count > 0 else { return }
            minimum = min(minimum, later.minimum)
            maximum = max(maximum, later.maximum)
            last = later.last
            sum += later.sum
            count += later.count
        }
    }

    unowned let grid: TimeGrid
    private(set) var bins: [Bin] = []

    init(grid: TimeGrid) { self.grid = grid }

    func add(_ value: Double, at t: Int64) {
        let i = grid.index(t)
        if i >= bins.count { bins.append(contentsOf: repeatElement(Bin(), count: i - bins.count + 1)) }
        bins[i].add(value)
    }

    fileprivate func mergePairs() {
        var merged: [Bin] = []
        merged.reserveCapacity((bins.count + 1) / 2)
        var i = 0
        while i < bins.count {
            var b = bins[i]
            if i + 1 < bins.count { b.absorb(bins[i + 1]) }
            merged.append(b)
            i += 2
        }
        bins = merged
    }

    /// Each bin that holds values, as (bin start in seconds, value): `last` for gauges.
    func lastValues() -> [(Double, Double)] { filled { $0.last } }
    func maxima() -> [(Double, Double)] { filled { $0.maximum } }
    /// Per bin, the sum of what was added (counts per interval).
    func sums() -> [(Double, Double)] { filled { $0.sum } }
    /// Per bin holding values: start in seconds, minimum and maximum.
    func extents() -> [(Double, Double, Double)] {
        bins.indices.compactMap { i in bins[i].count > 0 ? (grid.start(of: i), bins[i].minimum, bins[i].maximum) : nil }
    }
    /// Sums per bin divided by the bin's width in seconds (a rate), every bin up to `through`
    /// included (empty ones are zero: nothing arrived).
    /// `intervals` at most: adjacent bins are summed together (goodput per bin of a fine grid is
    /// spiky, as acknowledgements arrive in bursts after each recovery).
    func rates(scale: Double = 1, through: Int, intervals: Int = Int.max) -> [(Double, Double)] {
        let count = max(through, bins.count)
        let group = intervals >= count ? 1 : count / max(1, intervals) + 1
        let seconds = Double(grid.width) * Double(group) / 1e9
        return stride(from: 0, to: count, by: group).map { start in
            let end = max(start, min(start + group, bins.count))
            let sum = (start..<end).reduce(0.0) { $0 + bins[$1].sum }
            return (grid.start(of: start), sum * scale / seconds)
        }
    }

    private func filled(_ value: (Bin) -> Double) -> [(Double, Double)] {
        bins.indices.compactMap { i in bins[i].count > 0 ? (grid.start(of: i), value(bins[i])) : nil }
    }
}
