/// Tunables of one endpoint. Durations are virtual or wall time, whatever the driver passes as `now`.
public struct EndpointConfiguration: Sendable {
    /// Server mode: accept handshakes from any peer holding the shared seed.
    public var acceptsIncomingSessions = false
    /// Largest UDP payload this endpoint sends, in bytes (128 ... 65,507; default 1472, a
    /// 1500-byte Ethernet MTU over IPv4). Sessions start at 1,200 bytes (or this, if smaller) and
    /// path MTU discovery probes up to this.
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
    /// Most sessions (open or half-open) an endpoint holds; further hellos are dropped.
    public var maxSessions = 16_384
    /// The congestion control algorithm of this endpoint's sessions (each side controls what it sends).
    public var congestionControl = CongestionControlAlgorithm.bbr
    /// Longest an ACK for an ack-eliciting packet is held back.
    public var maxAckDelay: STTDuration = .milliseconds(25)
    /// Largest receive window of one stream, in bytes: the window starts at the protocol's
    /// 1 MiB and doubles while the application reads as fast as data arrives (auto-tuning), up
    /// to this. The default covers a 1 Gbit/s × 200 ms path (25 MB) with room for loss recovery.
    public var maxStreamReceiveWindow = 64 << 20
    /// Largest receive window of a session over all its streams (starts at 2 MiB), in bytes.
    public var maxSessionReceiveWindow = 96 << 20
    /// Most bytes a send stream buffers (written, not yet acknowledged) before `write` takes
    /// less. The buffer follows the peer's window (what it would accept plus a segment, at least
    /// two segments) up to this.
    public var streamSendBuffer = 64 << 20
    /// Most streams the peer may have open at once on one session (finished ones retire).
    public var maxStreamsPerSession = 1_024
    /// Most bytes one session holds for its receive streams (reassembling or unread); a peer
    /// that makes it hold more is closed with a flow-control error.
    public var maxReceiveBufferPerSession = 256 << 20
    /// Packet numbers behind the highest received that are still accepted once (multiple of 64).
    /// Reordering deeper than this loses packets: 65,536 covers 50 ms of overtaking at 10 Gbit/s
    /// (the bitmap, 8 KiB at most, is allocated as packet numbers reach it).
    public var replayWindowSize = 65_536
    /// Longest a closed session lingers to answer stray packets with CLOSE again; it lingers three
    /// probe timeouts (RFC 9000 §10.2) when that is shorter, then its memory is freed.
    public var closeLinger: STTDuration = .seconds(2)
    /// Most application datagrams queued per session before `sendDatagram` refuses more.
    public var maxQueuedDatagrams = 4096
    /// The cipher suite this endpoint offers when it initiates (named in cleartext in message 1).
    /// Nil leaves it to the driver: the simulator uses `CipherSuite.simulationDefault` (AES-GCM)
    /// on every host so that captures are identical everywhere; `STTNode` uses AES-GCM where the
    /// CPU has AES instructions and ChaChaPoly elsewhere.
    public var cipherSuite: CipherSuite?
    /// The suites this endpoint accepts as a responder (non-empty); a hello offering another is
    /// answered with an "unsupported suite" reject listing these.
    public var acceptedCipherSuites: [CipherSuite] = CipherSuite.allCases
    /// Handshake prologue context; both peers must agree. The session id is appended to it.
    public var applicationContext: [UInt8] = Array("stt-sim".utf8)

    public init() {}

    /// Checks the values; returns a message naming the first bad field.
    public func validate() -> String? {
        if acceptedCipherSuites.isEmpty { return "acceptedCipherSuites must name at least one suite" }
        if maxDatagramSize < STTWire.minimumDatagramSize || maxDatagramSize > STTWire.maximumDatagramSize {
            return
                "maxDatagramSize must be between \(STTWire.minimumDatagramSize) and \(STTWire.maximumDatagramSize) (got \(maxDatagramSize))"
        }
        if replayWindowSize < 64 || replayWindowSize % 64 != 0 || replayWindowSize > 1 << 24 {
            return "replayWindowSize must be a positive multiple of 64, at most 16777216 (got \(replayWindowSize))"
        }
        if maxPendingHandshakes < 1 { return "maxPendingHandshakes must be at least 1" }
        let longest = STTDuration.seconds(86_400 * 365)
        for (name, value) in [
            ("handshakeTimeout", handshakeTimeout), ("idleTimeout", idleTimeout),
            ("initialHandshakeRetransmit", initialHandshakeRetransmit),
            ("maximumHandshakeRetransmit", maximumHandshakeRetransmit),
            ("closeLinger", closeLinger), ("maxAckDelay", maxAckDelay),
        ] {
            if value <= .zero || value > longest { return "\(name) must be positive and at most a year (got \(value))" }
        }
        if maximumHandshakeRetransmit < initialHandshakeRetransmit {
            return "maximumHandshakeRetransmit must be at least initialHandshakeRetransmit"
        }
        if let keepAlive = keepAliveInterval, keepAlive <= .zero || keepAlive >= idleTimeout {
            return
                "keepAliveInterval must be positive and shorter than idleTimeout (got \(keepAlive), idle \(idleTimeout))"
        }
        if maxSessions < 1 { return "maxSessions must be at least 1" }
        let windows = StreamDefaults.initialStreamWindow...(1 << 30)
        if !windows.contains(maxStreamReceiveWindow) {
            return "maxStreamReceiveWindow must be between 1 MiB and 1 GiB (got \(maxStreamReceiveWindow))"
        }
        if !(StreamDefaults.initialSessionWindow...(1 << 31)).contains(maxSessionReceiveWindow) {
            return "maxSessionReceiveWindow must be between 2 MiB and 2 GiB (got \(maxSessionReceiveWindow))"
        }
        if maxReceiveBufferPerSession < StreamDefaults.segmentSizes.upperBound {
            return "maxReceiveBufferPerSession must hold at least one 1 MiB segment"
        }
        if streamSendBuffer < StreamDefaults.segmentSizes.upperBound {
            return "streamSendBuffer must hold at least one 1 MiB segment"
        }
        if maxStreamsPerSession < 1 { return "maxStreamsPerSession must be at least 1" }
        return nil
    }
}

/// The largest application datagram one packet can carry at `maxDatagramSize`, in bytes.
public func maximumDatagramPayload(maxDatagramSize: Int) -> Int {
    maxDatagramSize - STTWire.protectedOverhead - 3
}
