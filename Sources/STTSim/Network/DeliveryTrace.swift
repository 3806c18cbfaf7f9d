import STTCore

/// A link direction's capacity as a schedule of delivery opportunities, in Mahimahi's trace
/// format: one line per millisecond timestamp at which one 1500-byte packet may leave, a
/// timestamp repeated for more than one, the whole schedule looping after its last timestamp.
///
/// An opportunity carries up to 1500 bytes (IP size): several small packets share one, a
/// large one spends several, and an opportunity that finds the queue empty is lost, as in
/// Mahimahi's link queue (whose TUN payload is 1504 bytes).
public struct DeliveryTrace: Equatable, Sendable {
    /// Bytes one delivery opportunity carries.
    public static let bytesPerOpportunity = 1_500

    /// Opportunity timestamps in milliseconds, non-decreasing; the last one is the loop period.
    public let milliseconds: [Int64]

    /// Why a trace is unusable, with the line it concerns (1-based; 0 for the whole file).
    public struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { line > 0 ? "line \(line): \(message)" : message }
    }

    /// The schedule `milliseconds` (at least one opportunity; the last timestamp above 0 and at
    /// most a year).
    public init(milliseconds: [Int64]) throws(Problem) {
        guard let last = milliseconds.last else { throw Problem(line: 0, message: "has no delivery opportunity") }
        guard last > 0 else {
            throw Problem(line: 0, message: "its last timestamp must be above 0 ms (the loop period)")
        }
        guard last <= 365 * 86_400_000 else { throw Problem(line: 0, message: "loops after more than a year") }
        for i in milliseconds.indices where milliseconds[i] < 0 || (i > 0 && milliseconds[i] < milliseconds[i - 1]) {
            throw Problem(line: i + 1, message: "timestamps must be non-negative and never decrease")
        }
        self.milliseconds = milliseconds
    }

    /// Parses Mahimahi's format: one whole number of milliseconds per line (blank lines and
    /// surrounding spaces allowed).
    public init(mahimahi text: String) throws(Problem) {
        var stamps: [Int64] = []
        var line = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            line += 1
            let field = raw.filter { $0 != " " && $0 != "\t" && $0 != "\r" }
            if field.isEmpty { continue }
            guard field.allSatisfy(\.isASCII), field.allSatisfy(\.isNumber), field.count <= 12, let ms = Int64(field)
            else {
                throw Problem(
                    line: line, message: "expected a whole number of milliseconds (got \"\(raw.prefix(40))\")")
            }
            if let previous = stamps.last, ms < previous {
                throw Problem(line: line, message: "timestamp \(ms) comes after \(previous): they must not decrease")
            }
            stamps.append(ms)
        }
        try self.init(milliseconds: stamps)
    }

    /// The trace in Mahimahi's format.
    public var mahimahiText: String { milliseconds.map { "\($0)\n" }.joined() }

    /// The loop period, in nanoseconds.
    var periodNanoseconds: Int64 { milliseconds[milliseconds.count - 1] * 1_000_000 }

    /// The mean capacity over one loop, bits per second.
    public var averageBitsPerSecond: Double {
        Double(milliseconds.count * Self.bytesPerOpportunity * 8) / (Double(periodNanoseconds) / 1e9)
    }

    /// When opportunity `k` (counted over all loops from time zero) comes, in nanoseconds.
    func time(ofOpportunity k: Int) -> Int64 {
        let n = milliseconds.count
        return Int64(k / n) * periodNanoseconds + milliseconds[k % n] * 1_000_000
    }

    /// The first opportunity at or after `now` (nanoseconds).
    func firstOpportunity(atOrAfter now: Int64) -> Int {
        let loop = max(0, now) / periodNanoseconds
        let within = max(0, now) - loop * periodNanoseconds
        var lo = 0
        var hi = milliseconds.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if milliseconds[mid] * 1_000_000 < within { lo = mid + 1 } else { hi = mid }
        }
        return Int(loop) * milliseconds.count + lo
    }

    /// Where a link direction is in its trace: the next unused opportunity, and what is left of
    /// the opportunity the last packet ended in.
    struct Cursor: Equatable, Sendable {
        private var next = 0
        private var leftoverBytes = 0
        private var leftoverTime: Int64 = .min

        /// When a packet of `bytes` whose transmission starts at `now` has left: it takes the
        /// rest of the opportunity the previous packet ended in if it was waiting by then, then
        /// whole opportunities from the first at or after `now`.
        mutating func departure(bytes: Int, now: Int64, trace: DeliveryTrace) -> Int64 {
            var remaining = bytes
            if leftoverBytes > 0, leftoverTime >= now {
                let used = min(leftoverBytes, remaining)
                leftoverBytes -= used
                remaining -= used
                if remaining == 0 { return leftoverTime }
            }
            var k = max(next, trace.firstOpportunity(atOrAfter: now))
            while true {
                let t = trace.time(ofOpportunity: k)
                k += 1
                if remaining <= DeliveryTrace.bytesPerOpportunity {
                    next = k
                    leftoverBytes = DeliveryTrace.bytesPerOpportunity - remaining
                    leftoverTime = t
                    return t
                }
                remaining -= DeliveryTrace.bytesPerOpportunity
            }
        }
    }

    // MARK: Traces the project generates

    /// A constant rate: opportunities spread evenly over `duration` (whole milliseconds).
    public static func constant(bitsPerSecond: Double, duration: STTDuration) -> DeliveryTrace {
        var stamps: [Int64] = []
        var credit = 0.0
        let perMillisecond = bitsPerSecond / 8 / 1_000
        for ms in 1...max(1, duration.nanoseconds / 1_000_000) {
            credit += perMillisecond
            while credit >= Double(bytesPerOpportunity) {
                stamps.append(ms)
                credit -= Double(bytesPerOpportunity)
            }
        }
        if stamps.isEmpty { stamps = [max(1, duration.nanoseconds / 1_000_000)] }
        return (try? DeliveryTrace(milliseconds: stamps)) ?? DeliveryTrace(unchecked: [1])
    }

    /// A cellular-like link: the rate wanders between `minimum` and `maximum` bits per second in
    /// a random walk every 100 ms, with occasional outages of 100–500 ms; deterministic for a
    /// `seed`.
    public static func cellular(
        seed: UInt64, duration: STTDuration, minimum: Double = 1e6, maximum: Double = 40e6
    ) -> DeliveryTrace {
        var rng = Xoshiro256StarStar(seed: seed)
        func uniform() -> Double { Double(rng.next() >> 11) * 0x1p-53 }
        var stamps: [Int64] = []
        var rate = (minimum + maximum) / 2
        var credit = 0.0
        var outageUntil: Int64 = 0
        let end = max(100, duration.nanoseconds / 1_000_000)
        for ms in 1...end {
            if ms % 100 == 0 {
                rate = min(maximum, max(minimum, rate * (0.7 + 0.6 * uniform())))
                if uniform() < 0.02 { outageUntil = ms + 100 + Int64(uniform() * 400) }
            }
            if ms < outageUntil { continue }
            credit += rate / 8 / 1_000
            while credit >= Double(bytesPerOpportunity) {
                stamps.append(ms)
                credit -= Double(bytesPerOpportunity)
            }
        }
        if stamps.last != end { stamps.append(end) }  // loop exactly at the duration
        return (try? DeliveryTrace(milliseconds: stamps)) ?? DeliveryTrace(unchecked: [1])
    }

    private init(unchecked milliseconds: [Int64]) { self.milliseconds = milliseconds }
}
