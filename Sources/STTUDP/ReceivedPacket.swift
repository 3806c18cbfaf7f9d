import STTCore

/// What `STTNode.receive()` yields: bytes that arrived on a session.
public struct ReceivedPacket: Sendable, Equatable {
    public let sessionID: SessionID
    /// The stream the bytes belong to; `STTNode.messageStreamID` for `send(toSessions:_:)`
    /// messages; nil for unreliable datagrams.
    public let streamID: UInt32?
    /// One message (`send(toSessions:)`), one datagram, or the next in-order bytes of a stream.
    public let data: [UInt8]
    /// The stream ended (its final marker arrived and every byte was delivered); `data` is
    /// empty. With `streamID` nil: the session ended (closed by either side, or timed out),
    /// after everything it delivered.
    public let isEnd: Bool

    public init(sessionID: SessionID, streamID: UInt32?, data: [UInt8], isEnd: Bool = false) {
        self.sessionID = sessionID
        self.streamID = streamID
        self.data = data
        self.isEnd = isEnd
    }
}
