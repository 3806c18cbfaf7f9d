import STTCore

/// Why an `STTNode` operation failed. Each case is a different situation a user must tell apart.
public enum STTNodeError: Error, Equatable, CustomStringConvertible {
    /// A node or shared seed was refused (too short).
    case invalidSeed(String)
    /// Another socket already holds this address and port.
    case addressInUse(host: String, port: Int)
    /// The local address could not be bound for another reason (permission, not local, ...).
    case cannotBind(host: String, port: Int, reason: String)
    /// The host name did not resolve.
    case cannotResolve(host: String, reason: String)
    /// The peer never completed the handshake within the handshake timeout (no STT node there,
    /// or the path drops everything).
    case handshakeTimeout(host: String, port: Int)
    /// The peer answered but holds a different shared seed (or someone tampered with the handshake).
    case authenticationFailed(host: String, port: Int)
    /// The peer's static key is not the node the caller asked for.
    case peerIdentityMismatch(host: String, port: Int)
    /// The peer does not accept the cipher suite this node offered; `accepted` is what it takes.
    case unsupportedSuite(host: String, port: Int, offered: CipherSuite?, accepted: [CipherSuite])
    /// The node is not started, or was stopped.
    case notRunning
    /// The socket failed and was closed (SwiftNIO closes a datagram socket on send errors other
    /// than "message too large" and "host unreachable", e.g. EPERM from a local firewall rule).
    case socketFailed(String)
    /// `start` was called twice.
    case alreadyStarted
    /// The session is unknown or no longer open.
    /// The session ended (with why, when the node saw it end: peer closed, idle timeout, local).
    case sessionClosed(SessionID, reason: CloseReason? = nil)
    /// The endpoint refused the operation (stream id in use, ended stream, ...).
    case endpoint(EndpointError)

    public var description: String {
        switch self {
        case .invalidSeed(let why): return "invalid seed: \(why)"
        case .addressInUse(let host, let port): return "cannot listen on \(host):\(port): the port is already in use"
        case .cannotBind(let host, let port, let reason): return "cannot listen on \(host):\(port): \(reason)"
        case .cannotResolve(let host, let reason): return "cannot resolve host \"\(host)\": \(reason)"
        case .handshakeTimeout(let host, let port):
            return "no answer from \(host):\(port) within the handshake timeout (is an STT node listening there? "
                + "A node under load answers only hellos made with its own shared seed: check the seeds match)"
        case .authenticationFailed(let host, let port):
            return "\(host):\(port) refused the handshake: the shared seeds differ"
        case .peerIdentityMismatch(let host, let port): return "\(host):\(port) is not the expected node"
        case .unsupportedSuite(let host, let port, let offered, let accepted):
            let names = accepted.map(\.name).joined(separator: ", ")
            return "\(host):\(port) refused the handshake: it does not accept cipher suite "
                + "\(offered?.name ?? "(unknown)") (it accepts \(names.isEmpty ? "none" : names); see --cipher)"
        case .notRunning: return "the node is not running (call start() first)"
        case .socketFailed(let reason): return "the node's socket failed and was closed: \(reason)"
        case .alreadyStarted: return "the node is already started"
        case .sessionClosed(let id, let reason):
            return "session \(id) ended" + (reason.map { ": \($0)" } ?? "")
        case .endpoint(let e): return "\(e)"
        }
    }
}

extension STTNodeError {
    /// A failed handshake toward `host:port`, as the API reports it.
    init(_ failure: SessionFailure, host: String, port: Int) {
        switch failure {
        case .handshakeTimeout: self = .handshakeTimeout(host: host, port: port)
        case .authenticationFailed: self = .authenticationFailed(host: host, port: port)
        case .peerIdentityMismatch: self = .peerIdentityMismatch(host: host, port: port)
        case .unsupportedSuite(let offered, let accepted):
            self = .unsupportedSuite(host: host, port: port, offered: offered, accepted: accepted)
        }
    }

    /// An endpoint refusal as the API reports it: a session that is gone is `sessionClosed`.
    init(_ error: EndpointError, session: SessionID, closeReason: CloseReason? = nil) {
        if case .unknownSession = error {
            self = .sessionClosed(session, reason: closeReason)
        } else {
            self = .endpoint(error)
        }
    }
}
