import STTCore

/// Observers of a node's traffic, called on its event loop: keep them cheap.
public struct STTNodeTap: Sendable {
    /// Every datagram the node's socket sends or receives (`node` 0, time in Unix nanoseconds).
    public var datagram: (@Sendable (CapturedDatagram) -> Void)?
    public var sessionKeys: (@Sendable (SessionID, SessionTrafficKeys) -> Void)?
    /// A handshake this node refused as responder, with the initiator's address and why (a
    /// different shared seed).
    public var sessionRefused: (@Sendable (STTAddress, SessionFailure) -> Void)?
    public init(
        datagram: (@Sendable (CapturedDatagram) -> Void)? = nil,
        sessionKeys: (@Sendable (SessionID, SessionTrafficKeys) -> Void)? = nil,
        sessionRefused: (@Sendable (STTAddress, SessionFailure) -> Void)? = nil
    ) {
        self.datagram = datagram
        self.sessionKeys = sessionKeys
        self.sessionRefused = sessionRefused
    }
}
