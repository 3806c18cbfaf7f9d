/// A span of time in integer nanoseconds.
public struct STTDuration: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Length in nanoseconds; negative durations are allowed as differences.
    public var nanoseconds: Int64

    @inlinable
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    public static let zero = STTDuration(nanoseconds: 0)

    /// A computed length in nanoseconds, rounded, never trapping: clamped to ±2^62 ns (146 years)
    /// and 0 for NaN. For figures derived from rates and random draws, where a Double may exceed
    /// what `Int64` holds.
    public init(saturatingNanoseconds value: Double) {
        let limit = 0x1p62
        nanoseconds = value.isNaN ? 0 : Int64(min(max(value.rounded(), -limit), limit))
    }

    @inlinable public static func nanoseconds(_ n: Int64) -> STTDuration { STTDuration(nanoseconds: n) }
    @inlinable public static func microseconds(_ n: Int64) -> STTDuration { STTDuration(nanoseconds: n * 1_000) }
    @inlinable public static func milliseconds(_ n: Int64) -> STTDuration { STTDuration(nanoseconds: n * 1_000_000) }
    @inlinable public static func seconds(_ n: Int64) -> STTDuration { STTDuration(nanoseconds: n * 1_000_000_000) }

    /// This duration in (fractional) seconds, for reports.
    public var seconds: Double { Double(nanoseconds) / 1e9 }

    @inlinable
    public static func < (lhs: STTDuration, rhs: STTDuration) -> Bool { lhs.nanoseconds < rhs.nanoseconds }
    @inlinable
    public static func + (lhs: STTDuration, rhs: STTDuration) -> STTDuration {
        STTDuration(nanoseconds: lhs.nanoseconds &+ rhs.nanoseconds)
    }
    @inlinable
    public static func * (lhs: STTDuration, rhs: Int64) -> STTDuration {
        STTDuration(nanoseconds: lhs.nanoseconds &* rhs)
    }

    public var description: String {
        let ns = nanoseconds
        if ns % 1_000_000_000 == 0 { return "\(ns / 1_000_000_000)s" }
        if ns % 1_000_000 == 0 { return "\(ns / 1_000_000)ms" }
        if ns % 1_000 == 0 { return "\(ns / 1_000)us" }
        return "\(ns)ns"
    }
}
