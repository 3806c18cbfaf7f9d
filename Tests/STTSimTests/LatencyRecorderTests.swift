import Histogram
import STTCore
import Testing

@testable import STTSim

@Suite("Latency percentiles")
struct LatencyRecorderTests {
    /// What the HdrHistogram answers for the same samples, the reference the fast path must equal.
    static func histogramPercentile(_ micros: [UInt64], _ p: Double) -> Int64 {
        var h = Histogram<UInt32>(
            lowestDiscernibleValue: 1, highestTrackableValue: 100_000_000, numberOfSignificantValueDigits: .two)
        for m in micros { _ = h.record(m) }
        return Int64(h.valueAtPercentile(p)) * 1_000
    }

    @Test(
        "with few samples every percentile equals the histogram's, without building one",
        arguments: [1, 2, 7, 100, 256])
    func sparsePercentilesMatchTheHistogram(samples: Int) throws {
        var rng = SplitMix64(state: UInt64(samples))
        var recorder = LatencyRecorder()
        var micros: [UInt64] = []
        for _ in 0..<samples {
            // Delays from 1 µs to ~2 s, many sharing a bucket.
            let ns = Int64(rng.next() % 2_000_000_000) >> (rng.next() % 20)
            recorder.record(nanoseconds: ns)
            micros.append(min(UInt64(max(1, ns / 1_000)), 100_000_000))
        }
        let summary = try #require(recorder.summary)
        #expect(summary.p50 == Self.histogramPercentile(micros, 50))
        #expect(summary.p99 == Self.histogramPercentile(micros, 99))
        for point in summary.cdf where point.fraction < 1 {
            #expect(point.nanoseconds == Self.histogramPercentile(micros, point.fraction * 100), "p\(point.fraction)")
        }
    }
}
