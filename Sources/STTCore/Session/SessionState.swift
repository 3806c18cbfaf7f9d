/// The application's view of a session's state.
public enum SessionState: Equatable, Sendable {
    /// The handshake is in progress.
    case handshaking
    /// Keys are confirmed on this side; data flows.
    case established
    /// CLOSE was sent; the session lingers to answer stray packets.
    case closing
}
