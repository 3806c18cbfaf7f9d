/// How a stream ends and what it does with late data.
public enum StreamMode: Equatable, Sendable, CustomStringConvertible {
    /// A finite stream: fully reliable, ended with a final marker.
    case bounded
    /// An unbounded stream (sensor data, video): it cannot be ended. With a `deadline`, data
    /// older than that is skipped instead of retransmitted; without one it is fully reliable.
    case live(deadline: STTDuration?)

    public var description: String {
        switch self {
        case .bounded: return "bounded"
        case .live(nil): return "live"
        case .live(let d?): return "live(deadline \(d))"
        }
    }
}
