/// A transport-level happening inside an endpoint, for traces and reports (qlog's role): what
/// a packet carried, what became of it, and how recovery and congestion control responded.
///
/// Endpoints emit these only when `STTEndpoint.transportEventSink` is set; with no sink the
/// cost is one nil check per site. `time` is the `now` the endpoint was given: simulated time
/// in the simulator, wall-clock time over real sockets.
public struct TransportEvent: Sendable, Equatable {
    public var time: STTInstant
    public var session: SessionID
    public var kind: Kind

    public init(time: STTInstant, session: SessionID, kind: Kind) {
        self.time = time
        self.session = session
        self.kind = kind
    }

    public enum Kind: Sendable, Equatable {
        /// A protected packet left: its number, UDP payload size in bytes and frames.
        case packetSent(number: UInt64, bytes: Int, frames: [FrameSummary])
        /// A protected packet was authenticated and parsed.
        case packetReceived(number: UInt64, bytes: Int, frames: [FrameSummary])
        /// A packet this side sent was acknowledged (for the first time, or after it had been
        /// declared lost: `spurious`).
        case packetAcknowledged(number: UInt64, bytes: Int, spurious: Bool)
        /// A packet this side sent was declared lost, and by which rule.
        case packetLost(number: UInt64, bytes: Int, trigger: LossTrigger)
        /// The probe timeout fired (`count` in a row): two probes follow, and the data of the
        /// oldest unacknowledged packet (`oldest`) is offered again. No packet is declared lost
        /// by it (RFC 9002 §6.2).
        case probeTimeout(count: Int, oldest: UInt64?)
        /// The congestion controller's state changed (`startup` → `drain`, `recovery`, ...).
        case congestionStateChanged(from: String, to: String)
        /// Recovery and congestion metrics after an ACK or a loss changed them.
        case metricsUpdated(TransportMetrics)
        /// A flow-control limit moved: `send` is the peer's credit arriving, `receive` this
        /// side's credit granted; `stream` is nil for the session-wide credit.
        case flowControlUpdated(direction: FlowControlDirection, stream: UInt32?, limit: UInt64)
        /// A live stream's sender skipped stale segments: the receiver may jump to `sequence`,
        /// which starts at stream offset `streamOffset`.
        case streamSkipped(stream: UInt32, sequence: UInt64, streamOffset: UInt64)
        /// Path MTU discovery changed the UDP payload size packets are built to, in bytes.
        case datagramSizeChanged(bytes: Int)
        /// A session or stream lifecycle event the endpoint reported to the application.
        case lifecycle(EndpointEvent)
    }
}

/// Which rule declared a packet lost (RFC 9002 §6.1).
public enum LossTrigger: String, Sendable, Equatable {
    /// A packet sent `packetThreshold` later was acknowledged.
    case packetThreshold = "packet_threshold"
    /// It was older than the time threshold when a later packet was acknowledged, or when the
    /// loss timer fired.
    case timeThreshold = "time_threshold"
}

/// Whose flow-control limit a `flowControlUpdated` event moved.
public enum FlowControlDirection: String, Sendable, Equatable {
    /// The peer raised what this side may send.
    case send
    /// This side raised what the peer may send.
    case receive
}

/// One session's recovery and congestion figures at an instant.
public struct TransportMetrics: Sendable, Equatable {
    /// Congestion window and bytes in flight, in bytes.
    public var congestionWindow: Int
    public var bytesInFlight: Int
    /// Smoothed, minimum and latest RTT; nil before the first sample.
    public var smoothedRTT: STTDuration?
    public var minimumRTT: STTDuration?
    public var latestRTT: STTDuration?
    /// The pacer's rate, in bytes per second; nil before the first RTT sample.
    public var pacingRate: Double?
    /// The latest delivery-rate sample, in bytes per second; nil before the first.
    public var deliveryRate: Double?
    /// The congestion controller's state name.
    public var congestionState: String
}

/// Where an endpoint's transport events go while tracing is on; shared by its sessions, so
/// setting the sink reaches sessions that already exist.
final class TransportTap {
    var sink: ((TransportEvent) -> Void)?

    @inline(__always)
    var isActive: Bool { sink != nil }

    @inline(__always)
    func emit(_ time: STTInstant, _ session: SessionID, _ kind: @autoclosure () -> TransportEvent.Kind) {
        if let sink { sink(TransportEvent(time: time, session: session, kind: kind())) }
    }
}
