import STTCore

/// A session a flow opened: the flow, the node that opened it (the flow's sender) and its peer.
public struct FlowSession: Sendable, Equatable {
    public let flow: Int
    public let node: Int
    public let session: SessionID
    public let peer: Int
}
