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

/// Which side opened the session.
public enum SessionRole: Sendable, Equatable { case initiator, responder }

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

/// Why an established session ended.
public enum CloseReason: Equatable, Sendable, CustomStringConvertible {
    /// This side called `close`.
    case local(CloseCode, String)
    /// The peer sent CLOSE.
    case remote(CloseCode, String)
    /// Nothing authenticated arrived for the idle timeout.
    case idleTimeout

    public var description: String {
        switch self {
        case .local(let code, let reason): return "closed locally (\(code))" + (reason.isEmpty ? "" : ": \(reason)")
        case .remote(let code, let reason): return "closed by peer (\(code))" + (reason.isEmpty ? "" : ": \(reason)")
        case .idleTimeout: return "idle timeout"
        }
    }
}

/// A datagram for the driver to send.
public struct Transmit: Equatable, Sendable {
    public var destination: STTAddress
    public var payload: [UInt8]
    public init(destination: STTAddress, payload: [UInt8]) {
        self.destination = destination
        self.payload = payload
    }
}

/// Errors the application gets from endpoint commands.
public enum EndpointError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownSession(SessionID)
    case sessionNotOpen(SessionID)
    case datagramTooLarge(size: Int, maximum: Int)
    case sendQueueFull(SessionID)
    case stream(StreamError)

    public var description: String {
        switch self {
        case .unknownSession(let id): return "no session \(id)"
        case .sessionNotOpen(let id): return "session \(id) is closed"
        case .datagramTooLarge(let size, let maximum):
            return "datagram of \(size) bytes exceeds the \(maximum)-byte maximum"
        case .sendQueueFull(let id): return "session \(id) has too many datagrams queued"
        case .stream(let error): return error.description
        }
    }
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
