/// Which side opened the session.
public enum SessionRole: Sendable, Equatable { case initiator, responder }
