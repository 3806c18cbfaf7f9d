/// Why a handshake failed.
public enum SessionFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// No answer within the handshake timeout.
    case handshakeTimeout
    /// The peers hold different shared seeds (or the handshake was tampered with). The
    /// responder detects it; the initiator learns it from the responder's authenticated reject.
    case authenticationFailed(peer: NodeID?)
    /// The responder's static key is not the node id the caller asked for.
    case peerIdentityMismatch(expected: NodeID, actual: NodeID)
    /// The responder does not accept the suite the initiator offered (`offered` is nil when the
    /// hello named a suite this implementation does not know); `accepted` lists what it takes.
    case unsupportedSuite(offered: CipherSuite?, accepted: [CipherSuite])

    public var description: String {
        switch self {
        case .handshakeTimeout:
            return "handshake timed out: the peer never answered"
        case .authenticationFailed(let peer):
            let who = peer.map { " with node \($0)" } ?? ""
            return "authentication failed\(who): the peers do not share the same shared seed"
        case .peerIdentityMismatch(let expected, let actual):
            return "peer identity mismatch: expected node \(expected), got \(actual)"
        case .unsupportedSuite(let offered, let accepted):
            let names = accepted.isEmpty ? "none" : accepted.map(\.name).joined(separator: ", ")
            return "unsupported cipher suite \(offered?.name ?? "(unknown)"): the responder accepts \(names)"
        }
    }
}
