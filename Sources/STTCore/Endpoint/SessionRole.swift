/// Which side opened the session.
public enum SessionRole: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    case initiator, responder

    public var description: String { self == .initiator ? "initiator" : "responder" }
    public var debugDescription: String { description }
}
