/// A CLOSE code: why a session ended. Codes below 0x100 are the protocol's; the rest are the
/// application's own.
public struct CloseCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// The application closed the session normally.
    public static let normal = CloseCode(rawValue: 0x0000)
    /// The peer sent something the protocol forbids (malformed frame, unknown frame type).
    public static let protocolViolation = CloseCode(rawValue: 0x0001)
    /// The node is shutting down.
    public static let nodeShutdown = CloseCode(rawValue: 0x0002)
    /// The packet number space is exhausted; a new session is needed.
    public static let packetNumbersExhausted = CloseCode(rawValue: 0x0003)
    /// The peer sent stream data beyond the credits granted, or changed a segment's length.
    public static let flowControlError = CloseCode(rawValue: 0x0004)
    /// The peer opened more streams than allowed.
    public static let streamLimit = CloseCode(rawValue: 0x0005)
    /// The session was idle when the endpoint's session table was full: it made room for a new one.
    public static let sessionReclaimed = CloseCode(rawValue: 0x0006)
    /// The first application-defined code.
    public static let firstApplicationCode: UInt16 = 0x0100

    public var description: String {
        switch self {
        case .normal: return "normal"
        case .protocolViolation: return "protocol violation"
        case .nodeShutdown: return "node shutdown"
        case .packetNumbersExhausted: return "packet numbers exhausted"
        case .flowControlError: return "flow control error"
        case .streamLimit: return "stream limit"
        case .sessionReclaimed: return "idle session reclaimed"
        default: return rawValue >= Self.firstApplicationCode ? "application(\(rawValue))" : "code \(rawValue)"
        }
    }
}
