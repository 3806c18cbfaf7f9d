/// A latency distribution: count, percentiles (HdrHistogram, 1 % resolution) and the exact
/// mean and maximum, in nanoseconds. Reports write it in seconds.
public struct LatencySummary: Equatable, Sendable, Codable {
    public let count: UInt64
    public let p50: Int64
    public let p99: Int64
    public let max: Int64
    public let mean: Double
    /// The distribution for a CDF chart: (latency in nanoseconds, fraction at or below), at
    /// each percentile from 0 to 100 and at 99.5 and 99.9. Reports draw it; JSON leaves it out.
    public let cdf: [LatencyPoint]

    public init(count: UInt64, p50: Int64, p99: Int64, max: Int64, mean: Double, cdf: [LatencyPoint] = []) {
        self.count = count
        self.p50 = p50
        self.p99 = p99
        self.max = max
        self.mean = mean
        self.cdf = cdf
    }

    private enum CodingKeys: String, CodingKey { case count, p50, p99, max, mean }

    /// Seconds, as reports show them.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(count, forKey: .count)
        try c.encode(Double(p50) / 1e9, forKey: .p50)
        try c.encode(Double(p99) / 1e9, forKey: .p99)
        try c.encode(Double(max) / 1e9, forKey: .max)
        try c.encode(mean / 1e9, forKey: .mean)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func nanoseconds(_ key: CodingKeys) throws -> Int64 {
            Int64((try c.decode(Double.self, forKey: key) * 1e9).rounded())
        }
        count = try c.decodeIfPresent(UInt64.self, forKey: .count) ?? 0
        p50 = try nanoseconds(.p50)
        p99 = try nanoseconds(.p99)
        max = try nanoseconds(.max)
        mean = (try c.decodeIfPresent(Double.self, forKey: .mean) ?? 0) * 1e9
        cdf = []
    }
}

/// One point of a latency distribution.
public struct LatencyPoint: Equatable, Sendable {
    public let nanoseconds: Int64
    /// The fraction of samples at or below `nanoseconds` (0...1).
    public let fraction: Double
}
