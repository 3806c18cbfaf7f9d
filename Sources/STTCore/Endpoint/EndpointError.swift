/// Errors the application gets from endpoint commands.
public enum EndpointError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownSession(SessionID)
    case sessionNotOpen(SessionID)
    case datagramTooLarge(size: Int, maximum: Int)
    case sendQueueFull(SessionID)
    case stream(StreamError)

    public var description: String {
        switch self {
        case .unknownSession(let id): return "no session \(id)"
        case .sessionNotOpen(let id): return "session \(id) is closed"
        case .datagramTooLarge(let size, let maximum):
            return "datagram of \(size) bytes exceeds the \(maximum)-byte maximum"
        case .sendQueueFull(let id): return "session \(id) has too many datagrams queued"
        case .stream(let error): return error.description
        }
    }
}
