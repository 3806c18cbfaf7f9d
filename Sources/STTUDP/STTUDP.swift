/// STTUDP: drives the same sans-IO `STTCore` endpoints over real UDP sockets (SwiftNIO) with
/// wall-clock time, and offers the async `STTNode` API of the seed chapter.
import NIOCore
import STTCore

/// The UDP module's identity.
public enum STTUDPModule {
    /// The largest UDP payload a datagram can carry over IPv4 (65,535 − 20 − 8).
    public static let maximumUDPPayload = 65_507
    /// The wire protocol version spoken over sockets.
    public static let protocolVersion = STTWire.version
}
