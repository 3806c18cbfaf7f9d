import STTCore

/// An established session, as `STTNode.connect` returns it.
public struct STTSession: Sendable, Equatable {
    public let sessionID: SessionID
    /// The peer's node id (its static public key), authenticated by the handshake.
    public let peer: NodeID
    public let address: STTAddress
}
