/// Why a handshake failed.
public enum SessionFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// No answer within the handshake timeout.
    case handshakeTimeout
    /// The peers hold different shared seeds (or the handshake was tampered with). The
    /// responder detects it; the initiator learns it from the responder's authenticated reject.
    case authenticationFailed(peer: NodeID?)
    /// The responder's static key is not the node id the caller asked for.
    case peerIdentityMismatch(expected: NodeID, actual: NodeID)

    public var description: String {
        switch self {
        case .handshakeTimeout:
            return "handshake timed out: the peer never answered"
        case .authenticationFailed(let peer):
            let who = peer.map { " with node \($0)" } ?? ""
            return "authentication failed\(who): the peers do not share the same shared seed"
        case .peerIdentityMismatch(let expected, let actual):
            return "peer identity mismatch: expected node \(expected), got \(actual)"
        }
    }
}
