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
    private var histogram: Histogram<UInt32>?
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
        if histogram != nil {
            _ = histogram!.record(micros)
        } else if sparse.count < Self.sparseLimit {
            sparse.append(UInt32(micros))
        } else {
            var h = Self.makeHistogram()
            for m in sparse { _ = h.record(UInt64(m)) }
            _ = h.record(micros)
            histogram = h
            sparse = []
        }
        count += 1
        sumNanoseconds += Double(nanoseconds)
        maxNanoseconds = max(maxNanoseconds, nanoseconds)
    }

    var summary: LatencySummary? {
        guard count > 0 else { return nil }
        var h = histogram ?? Self.makeHistogram()
        if histogram == nil { for m in sparse { _ = h.record(UInt64(m)) } }
        return LatencySummary(
            count: count,
            p50: Int64(h.valueAtPercentile(50)) * 1_000,
            p99: Int64(h.valueAtPercentile(99)) * 1_000,
            max: maxNanoseconds,
            mean: sumNanoseconds / Double(count),
            cdf: (Array(0...99).map(Double.init) + [99.5, 99.9, 100]).map { p in
                let value = p == 100 ? maxNanoseconds : Int64(h.valueAtPercentile(p)) * 1_000
                return LatencyPoint(nanoseconds: value, fraction: p / 100)
            })
    }
}
