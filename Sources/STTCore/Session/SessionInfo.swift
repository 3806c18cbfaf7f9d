/// A snapshot of one session.
public struct SessionInfo: Equatable, Sendable {
    public let id: SessionID
    public let role: SessionRole
    public let state: SessionState
    /// The peer's node id, once its static key has been received.
    public let peer: NodeID?
    public let address: STTAddress
    public let statistics: SessionStatistics
    public let recovery: RecoveryStatistics
}
