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
    var congestion: CongestionController
    var received = ReceivedPackets()
    var pacingUntil: STTInstant?
    /// Probe packets owed after a probe timeout (sent even when the window is full).
    var probesOwed = 0

    // Liveness.
    var lastReceived: STTInstant
    var lastSent: STTInstant

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
    var nextStreamID: UInt32 = 1
    /// Bytes held by all receive streams (bounded by `maxReceiveBufferPerSession`).
    var heldReceiveBytes = 0
    /// Finished receive streams: their last statistics, and a guard against reopening them.
    var retiredReceiveStreams: [UInt32: ReceiveStreamStatistics] = [:]  // lookup only
    /// Send streams that regained buffer space outside an acknowledgement (live deadlines).
    var writableDue = Deque<UInt32>()

    var statistics = SessionStatistics()

    init(
        id: SessionID, role: SessionRole, address: STTAddress, expectedPeer: NodeID?, phase: Phase,
        now: STTInstant, configuration: EndpointConfiguration
    ) {
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
        loss = LossDetector(maxAckDelay: configuration.maxAckDelay)
        congestion = CongestionController(maxDatagramSize: configuration.maxDatagramSize)
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
                congestionEvents: congestion.congestionEvents))
    }
}
