/// What the application learns from an endpoint, in order, through `pollEvent()`.
public enum EndpointEvent: Equatable, Sendable {
    /// Both sides hold the session keys; the peer is authenticated by its static key and the
    /// shared seed.
    case sessionEstablished(SessionID, peer: NodeID, address: STTAddress, role: SessionRole)
    /// The handshake did not produce a session. `role` tells which side this endpoint played: a
    /// responder reports only a failed authentication (the initiator's seed differed).
    case sessionFailed(SessionID, address: STTAddress, SessionFailure, role: SessionRole)
    /// An established session ended.
    case sessionClosed(SessionID, CloseReason)
    /// An application datagram arrived on a session.
    case datagramReceived(SessionID, [UInt8])
    /// The peer opened a stream (its first segment or skip arrived).
    case streamOpened(SessionID, streamID: UInt32)
    /// A stream has bytes to `read` (sent once until they are read).
    case streamReadable(SessionID, streamID: UInt32)
    /// A stream delivered everything through its final marker and it has all been read.
    case streamFinished(SessionID, streamID: UInt32)
    /// A send stream that refused bytes has room again.
    case streamWritable(SessionID, streamID: UInt32)
    /// The peer acknowledged every byte and the final marker of an ended bounded send stream:
    /// the transfer is complete on both sides (the sender may close now).
    case streamAcknowledged(SessionID, streamID: UInt32)
}

extension EndpointEvent {
    /// Whether the event marks a session's or stream's beginning or end (as opposed to the
    /// per-packet readable/writable/datagram events, which a log must not keep forever).
    public var isLifecycle: Bool {
        switch self {
        case .sessionEstablished, .sessionFailed, .sessionClosed, .streamOpened, .streamFinished, .streamAcknowledged:
            return true
        case .datagramReceived, .streamReadable, .streamWritable: return false
        }
    }

    /// The session the event belongs to.
    public var sessionID: SessionID {
        switch self {
        case .sessionEstablished(let id, _, _, _), .sessionFailed(let id, _, _, _), .sessionClosed(let id, _),
            .datagramReceived(let id, _), .streamOpened(let id, _), .streamReadable(let id, _),
            .streamFinished(let id, _), .streamWritable(let id, _), .streamAcknowledged(let id, _):
            return id
        }
    }
}
