import DequeModule
import Foundation
import OrderedCollections

/// One session's state inside an endpoint: handshake progress, keys, packet numbers, the replay
/// window, recovery and congestion state, streams, and the frames waiting to be sent.
///
/// Owned and driven by `STTEndpoint`; the handshake rules live in the endpoint's handlers,
/// packet building in `Session+Transmit.swift`, frame handling in `Session+Receive.swift`.
final class Session {
    let id: SessionID
    let role: SessionRole
    let configuration: EndpointConfiguration
    var address: STTAddress
    let expectedPeer: NodeID?
    /// The handshake's progress, or the keys and what the phase needs (`Session+Phase.swift`).
    var phase: Phase { didSet { keys = phase.keys } }
    /// The phase's keys, at hand for every packet without copying the phase (derived: set
    /// whenever the phase changes).
    private(set) var keys: SessionKeys?
    let handshakeStarted: STTInstant

    // Recovery.
    var loss: LossDetector
    let congestion: CongestionController
    var received = ReceivedPackets()
    var pacingUntil: STTInstant?
    /// Probe packets owed after a probe timeout (sent even when the window is full).
    var probesOwed = 0
    /// Path MTU discovery of what this side sends; `datagramSize` is the size in use.
    var pathMTU: PathMTUDiscovery
    /// The packet just built is a path MTU probe.
    var builtPathProbe = false
    /// The Largest Acknowledged of the ACK in the packet just built, if it carries one.
    var builtAckLargest: UInt64?

    // Liveness.
    var lastReceived: STTInstant
    var lastSent: STTInstant
    /// When stream or datagram traffic last went either way (keep-alives do not count): idle
    /// sessions are reclaimed oldest first.
    var lastApplicationActivity: STTInstant

    // Frames waiting for the next packet.
    var pendingHandshakeDone = false
    var pendingPing = false
    var pendingClose = false
    var strayPacketsWhileClosing = 0
    var datagrams = Deque<[UInt8]>()
    var isQueuedForSend = false
    /// The deadline of this session's newest entry in the endpoint's timer heap.
    var armedDeadline: STTInstant?

    // Streams (ordered collections: iteration order is insertion order, never hash order).
    var sendStreams: OrderedDictionary<UInt32, SendStream> = [:]
    var receiveStreams: OrderedDictionary<UInt32, ReceiveStream> = [:]
    /// Send streams with data, served round-robin.
    var streamsWithData = Deque<UInt32>()
    var creditsDue = Deque<UInt32>()
    var sessionCreditDue = false
    /// Flow control over all streams: the peer's session credit for what this side sends, and
    /// this side's for what it receives (each counts, over the streams, the highest offset sent
    /// or skipped to).
    var sendCreditOffset = UInt64(StreamDefaults.initialSessionWindow)
    var bytesSentOnStreams: UInt64 = 0
    var receiveCredit: ReceiveWindow
    var bytesReceivedOnStreams: UInt64 = 0
    var nextStreamID: UInt32 = 1
    /// Bytes held by all receive streams (bounded by `maxReceiveBufferPerSession`).
    var heldReceiveBytes = 0
    /// Finished receive streams: their last statistics, and a guard against reopening them.
    var retiredReceiveStreams: [UInt32: ReceiveStreamStatistics] = [:]  // lookup only
    /// Send streams that regained buffer space outside an acknowledgement (live deadlines).
    var writableDue = Deque<UInt32>()

    var statistics = SessionStatistics()
    /// Transport events (the endpoint's tap), and what was last reported through it.
    let tap: TransportTap
    var tracedMetrics: TransportMetrics?

    init(
        id: SessionID, role: SessionRole, address: STTAddress, expectedPeer: NodeID?, phase: Phase,
        now: STTInstant, configuration: EndpointConfiguration, tap: TransportTap = TransportTap()
    ) {
        self.tap = tap
        self.id = id
        self.role = role
        self.configuration = configuration
        self.address = address
        self.expectedPeer = expectedPeer
        self.phase = phase
        keys = phase.keys
        handshakeStarted = now
        lastReceived = now
        lastSent = now
        lastApplicationActivity = now
        // Backed-off probes come at least three times per idle timeout, so loss alone cannot
        // starve a session into timing out.
        loss = LossDetector(
            maxAckDelay: configuration.maxAckDelay,
            maxProbeInterval: STTDuration(nanoseconds: configuration.idleTimeout.nanoseconds / 3))
        pathMTU = PathMTUDiscovery(maximum: configuration.maxDatagramSize)
        receiveCredit = ReceiveWindow(
            initial: StreamDefaults.initialSessionWindow, maximum: configuration.maxSessionReceiveWindow)
        // The session id is random: it seeds the algorithm's own randomness without drawing more.
        congestion = CongestionController(
            algorithm: configuration.congestionControl, maxDatagramSize: pathMTU.current,
            randomSeed: id.rawValue ^ (role == .initiator ? 0x5354_5449 : 0x5354_5452))
    }

    /// The UDP payload size packets are built to now (path MTU discovery's confirmed size).
    var datagramSize: Int { pathMTU.current }

    /// Stream bytes the peer still lets this side send over all its streams.
    var sessionCredit: Int {
        Int(clamping: sendCreditOffset > bytesSentOnStreams ? sendCreditOffset - bytesSentOnStreams : 0)
    }

    /// Seals `plaintext` into a protected packet under the next packet number.
    func seal(_ plaintext: [UInt8], now: STTInstant) -> [UInt8]? {
        guard let packet = keys?.protection.seal(plaintext) else { return nil }
        statistics.packetsSent += 1
        statistics.bytesSent += packet.count
        lastSent = now
        return packet
    }

    /// Authenticates and decrypts a protected packet (see `PacketProtection.open`).
    func open(_ datagram: [UInt8]) -> Result<PacketProtection.Opened, DropReason> {
        guard let keys else { return .failure(.unknownSession) }
        let result = keys.protection.open(datagram)
        if case .success = result {
            statistics.packetsReceived += 1
            statistics.bytesReceived += datagram.count
        }
        return result
    }

    func info() -> SessionInfo {
        SessionInfo(
            id: id, role: role, state: publicState, peer: peer, address: address, statistics: statistics,
            recovery: RecoveryStatistics(
                smoothedRTT: loss.rtt.hasSample ? loss.rtt.smoothed : nil,
                minimumRTT: loss.rtt.hasSample ? loss.rtt.minimum : nil,
                congestionWindow: congestion.window, bytesInFlight: congestion.bytesInFlight,
                congestionEvents: congestion.congestionEvents, algorithm: congestion.algorithm.algorithm,
                congestionState: congestion.algorithm.stateName,
                pacingRateBytesPerSecond: loss.rtt.hasSample ? congestion.pacingRate(loss.rtt) : nil,
                deliveredBytes: congestion.deliveredBytes, lostBytes: congestion.lostBytes,
                spuriousLosses: loss.spuriousLosses, spuriousCongestionEvents: congestion.spuriousCongestionEvents,
                reorderingThresholdPackets: Int(clamping: loss.packetThreshold),
                reorderingThresholdRTTEighths: Int(loss.timeThresholdEighths), datagramSize: datagramSize,
                pathMTUProbes: pathMTU.probesSent, pathMTUBlackHoles: pathMTU.blackHoles))
    }
}
