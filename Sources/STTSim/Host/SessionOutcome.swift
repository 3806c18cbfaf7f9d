import STTCore

/// How one handshake ended, as its initiator saw it, recorded when it happened.
public struct SessionOutcome: Sendable, Equatable {
    public enum Result: Sendable, Equatable {
        case established
        case failed(SessionFailure)
    }

    /// The node that started the handshake.
    public let initiator: Int
    /// The node that owns the address it was sent to (nil when no node does).
    public let responder: Int?
    public let responderAddress: STTAddress
    public let session: SessionID
    public let result: Result
    public let time: STTInstant
}
