/// A point in time, in integer nanoseconds since an arbitrary origin chosen by the driver.
///
/// The simulator starts at zero; the UDP driver uses a monotonic clock. `STTCore` never reads a
/// clock itself: every entry point that needs the time takes `now: STTInstant`.
public struct STTInstant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Nanoseconds since the driver's origin.
    public var nanoseconds: Int64

    @inlinable
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// The driver's origin.
    public static let zero = STTInstant(nanoseconds: 0)

    @inlinable
    public static func < (lhs: STTInstant, rhs: STTInstant) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    @inlinable
    public static func + (lhs: STTInstant, rhs: STTDuration) -> STTInstant {
        STTInstant(nanoseconds: lhs.nanoseconds &+ rhs.nanoseconds)
    }

    @inlinable
    public static func - (lhs: STTInstant, rhs: STTDuration) -> STTInstant {
        STTInstant(nanoseconds: lhs.nanoseconds &- rhs.nanoseconds)
    }

    /// The duration from `rhs` to `lhs` (negative when `lhs` is earlier).
    @inlinable
    public static func - (lhs: STTInstant, rhs: STTInstant) -> STTDuration {
        STTDuration(nanoseconds: lhs.nanoseconds &- rhs.nanoseconds)
    }

    public var description: String { STTDuration(nanoseconds: nanoseconds).description }
}
