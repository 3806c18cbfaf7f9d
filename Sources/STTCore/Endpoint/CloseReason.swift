/// Why an established session ended.
public enum CloseReason: Equatable, Sendable, CustomStringConvertible {
    /// This side called `close`.
    case local(CloseCode, String)
    /// The peer sent CLOSE.
    case remote(CloseCode, String)
    /// Nothing authenticated arrived for the idle timeout.
    case idleTimeout

    public var description: String {
        switch self {
        case .local(let code, let reason): return "closed locally (\(code))" + (reason.isEmpty ? "" : ": \(reason)")
        case .remote(let code, let reason): return "closed by peer (\(code))" + (reason.isEmpty ? "" : ": \(reason)")
        case .idleTimeout: return "idle timeout"
        }
    }
}
