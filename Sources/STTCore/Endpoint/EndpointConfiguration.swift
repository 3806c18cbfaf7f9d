/// Tunables of one endpoint. Durations are virtual or wall time, whatever the driver passes as `now`.
public struct EndpointConfiguration: Sendable {
    /// Server mode: accept handshakes from any peer holding the shared seed.
    public var acceptsIncomingSessions = false
    /// Largest UDP payload this endpoint sends, in bytes (128 ... 65,507; default 1200).
    public var maxDatagramSize = STTWire.defaultMaxDatagramSize
    /// A handshake that has not completed after this long fails with `.handshakeTimeout`.
    public var handshakeTimeout: STTDuration = .seconds(10)
    /// First retransmission delay of an unanswered handshake message; doubles on each retry.
    public var initialHandshakeRetransmit: STTDuration = .milliseconds(250)
    /// Longest handshake retransmission delay after backoff.
    public var maximumHandshakeRetransmit: STTDuration = .seconds(2)
    /// Send a PING when nothing has been sent for this long; nil disables keep-alive.
    public var keepAliveInterval: STTDuration? = .seconds(10)
    /// Close the session when nothing authenticated has arrived for this long.
    public var idleTimeout: STTDuration = .seconds(30)
    /// Most half-open (responder-side) handshakes held at once; further hellos are dropped.
    public var maxPendingHandshakes = 256
    /// Packet numbers behind the highest received that are still accepted once (multiple of 64).
    public var replayWindowSize = 4096
    /// How long a closed session lingers to answer stray packets with CLOSE again.
    public var closeLinger: STTDuration = .seconds(2)
    /// Most application datagrams queued per session before `sendDatagram` refuses more.
    public var maxQueuedDatagrams = 4096
    /// Handshake prologue context; both peers must agree. The session id is appended to it.
    public var applicationContext: [UInt8] = Array("stt-sim".utf8)

    public init() {}

    /// Checks the values; returns a message naming the first bad field.
    public func validate() -> String? {
        if maxDatagramSize < STTWire.minimumDatagramSize || maxDatagramSize > STTWire.maximumDatagramSize {
            return "maxDatagramSize must be between \(STTWire.minimumDatagramSize) and \(STTWire.maximumDatagramSize) (got \(maxDatagramSize))"
        }
        if replayWindowSize < 64 || replayWindowSize % 64 != 0 {
            return "replayWindowSize must be a positive multiple of 64 (got \(replayWindowSize))"
        }
        if maxPendingHandshakes < 1 { return "maxPendingHandshakes must be at least 1" }
        if handshakeTimeout <= .zero || idleTimeout <= .zero || initialHandshakeRetransmit <= .zero {
            return "timeouts must be positive"
        }
        return nil
    }
}

/// The largest application datagram one packet can carry at `maxDatagramSize`, in bytes.
public func maximumDatagramPayload(maxDatagramSize: Int) -> Int {
    maxDatagramSize - STTWire.protectedOverhead - 3
}
