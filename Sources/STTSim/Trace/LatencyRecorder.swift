import Histogram
import STTCore

/// Records one-way delays (queueing + serialisation + propagation) with HdrHistogram:
/// 1 µs to 100 s at 2 significant digits (1 % resolution); count, sum and maximum are kept
/// exactly. The histogram (about 11 KB) is created only past `sparseLimit` samples: a network of
/// ten thousand access links that each carry a few dozen packets would otherwise spend 200 MB
/// on histograms. Below the limit the samples are kept and binned at report time, so the
/// percentiles are the same either way.
struct LatencyRecorder {
    private static let highestMicroseconds: UInt64 = 100_000_000
    private static let sparseLimit = 256
    /// Boxed: the histogram value is large, and most links never need one.
    private final class Box {
        var histogram: Histogram<UInt32>
        init(_ histogram: Histogram<UInt32>) { self.histogram = histogram }
    }
    private var box: Box?
    private var histogram: Histogram<UInt32>? { box?.histogram }
    private var sparse: [UInt32] = []
    private var count: UInt64 = 0
    private var sumNanoseconds: Double = 0
    private var maxNanoseconds: Int64 = 0

    private static func makeHistogram() -> Histogram<UInt32> {
        Histogram<UInt32>(
            lowestDiscernibleValue: 1, highestTrackableValue: highestMicroseconds,
            numberOfSignificantValueDigits: .two)
    }

    mutating func record(nanoseconds: Int64) {
        let micros = min(UInt64(max(1, nanoseconds / 1_000)), Self.highestMicroseconds)
        if box != nil {
            // Copy on write: a copied recorder keeps its own histogram.
            if !isKnownUniquelyReferenced(&box) { box = box.map { Box($0.histogram) } }
            _ = box?.histogram.record(micros)
        } else if sparse.count < Self.sparseLimit {
            sparse.append(UInt32(micros))
        } else {
            var h = Self.makeHistogram()
            for m in sparse { _ = h.record(UInt64(m)) }
            _ = h.record(micros)
            box = Box(h)
            sparse = []
        }
        count += 1
        sumNanoseconds += Double(nanoseconds)
        maxNanoseconds = max(maxNanoseconds, nanoseconds)
    }

    /// Only the histogram's configuration is used: which values share a bucket.
    nonisolated(unsafe) private static let layout = makeHistogram()

    var summary: LatencySummary? { summary(includingCDF: true) }

    /// The summary; its 103-point CDF only when asked for (flows draw it; a link's is never
    /// shown, and ten thousand links' CDFs cost 30 MB).
    func summary(includingCDF: Bool) -> LatencySummary? {
        guard count > 0 else { return nil }
        let percentile: (Double) -> Int64
        if let h = histogram {
            percentile = { Int64(h.valueAtPercentile($0)) * 1_000 }
        } else {
            // Few samples: what the histogram would answer, without building it (11 KB) and
            // scanning its buckets once per percentile, which for ten thousand links made the
            // report cost four times the run. `valueAtPercentile` takes the k-th smallest sample
            // (k rounded up, at least 1), reports its bucket's highest value, and clamps that to
            // the smallest and largest sample; 0 and 100 are the extremes themselves.
            let sorted = sparse.sorted()
            percentile = { p in
                let micros: UInt64
                if p <= 0 {
                    micros = UInt64(sorted[0])
                } else if p >= 100 {
                    micros = UInt64(sorted[sorted.count - 1])
                } else {
                    let exact = (min(max(p.nextDown, 0), 100) * Double(sorted.count)) / 100
                    let k = max(1, Int(exact.rounded(.up)))
                    let highest = Self.layout.highestEquivalentForValue(UInt64(sorted[min(k, sorted.count) - 1]))
                    micros = min(max(highest, UInt64(sorted[0])), UInt64(sorted[sorted.count - 1]))
                }
                return Int64(micros) * 1_000
            }
        }
        return LatencySummary(
            count: count,
            p50: percentile(50),
            p99: percentile(99),
            max: maxNanoseconds,
            mean: sumNanoseconds / Double(count),
            cdf: includingCDF
                ? (Array(0...99).map(Double.init) + [99.5, 99.9, 100]).map { p in
                    LatencyPoint(nanoseconds: p == 100 ? maxNanoseconds : percentile(p), fraction: p / 100)
                } : [])
    }
}
