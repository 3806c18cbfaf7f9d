import Foundation

/// How long and how often to measure.
struct BenchSettings {
    var rounds: Int
    var secondsPerMeasurement: Double
    /// Seeds per simulated case (the congestion-control matrix).
    var seeds = 3
    /// The congestion matrix runs only paths whose name contains this (`--filter cc/NAME`).
    var pathFilter: String? = nil
    /// Results go out as JSON: benchmarks print no tables of their own.
    var json = false
}

/// The process's peak resident set size so far, in bytes (Linux reports ru_maxrss in KiB).
func peakResidentBytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) * 1024
}

/// A rate measurement: runs `body(batch)` in growing batches until about `seconds` have passed,
/// and returns operations per second.
func measureRate(seconds: Double, _ body: (Int) throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    var batch = 1
    // Grow the batch until one call takes about a tenth of the target.
    while true {
        let elapsed = try clock.measure { try body(batch) }
        if elapsed.seconds >= seconds / 10 || batch >= 1 << 30 { break }
        batch *= 2
    }
    var operations = 0
    var total = Duration.zero
    while total.seconds < seconds {
        total += try clock.measure { try body(batch) }
        operations += batch
    }
    return Double(operations) / total.seconds
}

/// Alternates rounds of `ours` and `baseline` (so both see the same machine conditions) and
/// returns the median rate of each.
func compareRates(_ settings: BenchSettings, ours: (Int) throws -> Void, baseline: (Int) throws -> Void) rethrows
    -> (ours: Double, baseline: Double)
{
    var a: [Double] = []
    var b: [Double] = []
    for _ in 0..<settings.rounds {
        a.append(try measureRate(seconds: settings.secondsPerMeasurement, ours))
        b.append(try measureRate(seconds: settings.secondsPerMeasurement, baseline))
    }
    return (median(a), median(b))
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
