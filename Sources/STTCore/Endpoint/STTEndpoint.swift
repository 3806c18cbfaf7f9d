import Crypto
import DequeModule
import Foundation
import OrderedCollections

/// A sans-IO STT endpoint: many sessions over one UDP port, in client and/or server mode.
///
/// Drive it with `handle(datagram:from:now:)`, `handleTimeout(now:)` and commands (`connect`,
/// `sendDatagram`, `close`); collect its output with `pollTransmit(now:)`, `pollEvent()` and
/// `nextTimeout()`. It reads no clock and no system randomness: time is always a parameter and
/// randomness comes from the injected generator, so the simulator reproduces every byte.
///
/// Peer misbehaviour never traps: each refused datagram is counted in `drops` by reason.
/// Caller misuse (an invalid configuration) is a precondition failure.
public final class STTEndpoint {
    public let configuration: EndpointConfiguration
    public let identity: NodeIdentity
    let sharedSecret: SharedSecret
    var random: any RandomNumberGenerator

    /// Sessions in creation order (never iterated in hash order: the simulator must be
    /// deterministic across processes).
    var sessions: OrderedDictionary<SessionID, Session> = [:]
    /// Responder-side handshakes that have answered message 1 and wait for message 3.
    var pending: OrderedDictionary<SessionID, PendingHandshake> = [:]
    /// Handshake and reject datagrams, sent before session packets.
    var outbox = Deque<Transmit>()
    /// Sessions with frames to send, in the order they became ready.
    var sendReady = Deque<SessionID>()
    var events = Deque<EndpointEvent>()
    /// Reused plaintext buffer: frames are packed here, then sealed into a new packet.
    private var scratch = [UInt8]()

    /// Dropped incoming datagrams by reason.
    public internal(set) var drops = DropCounters()
    public internal(set) var statistics = EndpointStatistics()

    public init(identity: NodeIdentity, sharedSecret: SharedSecret,
                configuration: EndpointConfiguration = .init(), random: some RandomNumberGenerator) {
        if let problem = configuration.validate() { preconditionFailure("invalid EndpointConfiguration: \(problem)") }
        self.identity = identity
        self.sharedSecret = sharedSecret
        self.configuration = configuration
        self.random = random
    }

    /// The node id peers see for this endpoint.
    public var nodeID: NodeID { identity.nodeID }

    /// Largest application datagram `sendDatagram` accepts, in bytes.
    public var maximumDatagramPayload: Int {
        STTCore.maximumDatagramPayload(maxDatagramSize: configuration.maxDatagramSize)
    }

    // MARK: Commands

    /// Starts a handshake with the node at `address`; the result arrives as an event.
    ///
    /// - Parameter expectedPeer: when given, the session fails unless the responder's static key
    ///   hashes to this node id.
    /// - Returns: the new session's id (random, unique on this endpoint).
    @discardableResult
    public func connect(to address: STTAddress, expectedPeer: NodeID? = nil, now: STTInstant) -> SessionID {
        var id = SessionID(rawValue: random.next())
        while sessions[id] != nil || pending[id] != nil { id = SessionID(rawValue: random.next()) }
        var handshake = makeHandshake(isInitiator: true, sessionID: id)
        let message1 = try! handshake.writeMessage(payload: [])  // writing message 1 cannot fail
        let session = Session(id: id, role: .initiator, address: address, expectedPeer: expectedPeer,
                              phase: .initiating(handshake), now: now,
                              replayWindowSize: configuration.replayWindowSize)
        session.handshakeDatagram = PacketPrefix.encode(.handshakeInitiation, id) + message1
        sessions[id] = session
        sendHandshakeMessage(session, now: now, isRetransmission: false)
        return id
    }

    /// Queues an unreliable application datagram on an open session. Datagrams queued during the
    /// handshake are sent once it completes.
    public func sendDatagram(_ data: [UInt8], on id: SessionID) throws(EndpointError) {
        guard let session = sessions[id] else { throw .unknownSession(id) }
        guard !session.isClosing else { throw .sessionNotOpen(id) }
        guard data.count <= maximumDatagramPayload else {
            throw .datagramTooLarge(size: data.count, maximum: maximumDatagramPayload)
        }
        guard session.datagrams.count < configuration.maxQueuedDatagrams else { throw .sendQueueFull(id) }
        session.datagrams.append(data)
        markReady(session)
    }

    /// Closes a session: sends CLOSE with `code` and `reason` and reports `.sessionClosed`.
    /// A session still in its handshake is abandoned without a packet.
    public func close(_ id: SessionID, code: CloseCode = .normal, reason: String = "", now: STTInstant) {
        guard let session = sessions[id] else { return }
        switch session.phase {
        case .closing:
            return
        case .initiating, .confirming:
            sessions[id] = nil
        case .established:
            session.closeFrame = (code, reason)
            session.pendingClose = true
            session.phase = .closing(until: now + configuration.closeLinger)
            markReady(session)
        }
        events.append(.sessionClosed(id, .local(code, reason)))
    }

    // MARK: Output

    /// The next datagram to send, or nil when there is nothing to send now.
    public func pollTransmit(now: STTInstant) -> Transmit? {
        if let transmit = outbox.popFirst() { return counted(transmit) }
        while let id = sendReady.popFirst() {
            guard let session = sessions[id] else { continue }
            session.isQueuedForSend = false
            guard session.hasFramesToSend else { continue }
            session.takeFrames(into: &scratch, budget: configuration.maxDatagramSize - STTWire.protectedOverhead)
            if session.hasFramesToSend { markReady(session) }
            guard !scratch.isEmpty else { continue }
            guard let packet = session.seal(scratch, now: now) else {
                // Packet numbers exhausted: the session cannot send again.
                endSession(session, .local(.packetNumbersExhausted, "packet numbers exhausted"))
                continue
            }
            return counted(Transmit(destination: session.address, payload: packet))
        }
        return nil
    }

    /// The next application event, or nil.
    public func pollEvent() -> EndpointEvent? { events.popFirst() }

    // MARK: Queries

    /// Ids of all sessions this endpoint holds, in creation order.
    public var sessionIDs: [SessionID] { Array(sessions.keys) }

    /// A snapshot of one session, or nil if unknown.
    public func sessionInfo(_ id: SessionID) -> SessionInfo? { sessions[id]?.info() }

    /// Half-open handshakes currently held (bounded by `maxPendingHandshakes`).
    public var pendingHandshakeCount: Int { pending.count }

    // MARK: Input

    /// Processes one received UDP payload from `address`.
    public func handle(datagram: [UInt8], from address: STTAddress, now: STTInstant) {
        statistics.datagramsReceived += 1
        statistics.bytesReceived += datagram.count
        let prefix: PacketPrefix
        switch PacketPrefix.parse(datagram) {
        case .failure(let reason): drops.record(reason); return
        case .success(let p): prefix = p
        }
        switch prefix.type {
        case .handshakeInitiation: handleInitiation(datagram, id: prefix.sessionID, from: address, now: now)
        case .handshakeResponse: handleResponse(datagram, id: prefix.sessionID, from: address, now: now)
        case .handshakeFinish: handleFinish(datagram, id: prefix.sessionID, from: address, now: now)
        case .handshakeReject: handleReject(datagram, id: prefix.sessionID)
        case .protected: handleProtected(datagram, id: prefix.sessionID, from: address, now: now)
        }
    }

    private func handleProtected(_ datagram: [UInt8], id: SessionID, from address: STTAddress, now: STTInstant) {
        guard let session = sessions[id] else { drops.record(.unknownSession); return }
        if case .initiating = session.phase { drops.record(.unknownSession); return }
        let plaintext: Data
        switch session.open(datagram) {
        case .failure(let reason): drops.record(reason); return
        case .success(let p): plaintext = p
        }
        session.lastReceived = now
        session.address = address  // authenticated: follow the peer if its address changed
        if case .closing = session.phase {
            // The peer has not seen our CLOSE yet: send it again.
            session.pendingClose = true
            markReady(session)
            drops.record(.sessionClosed)
            return
        }
        if case .confirming = session.phase {
            session.phase = .established
            session.retransmitAt = nil
            session.rejectKey = nil
            events.append(.sessionEstablished(id, peer: session.peer!, address: session.address, role: .initiator))
            if !session.datagrams.isEmpty { markReady(session) }
        }
        var remoteClose: (CloseCode, String)?
        let failure: FrameError? = plaintext.withUnsafeBytes { buffer in
            do throws(FrameError) {
                try Frame.forEach(in: buffer) { frame in
                    guard remoteClose == nil else { return }
                    switch frame {
                    case .padding, .ping, .handshakeDone:
                        break
                    case let .close(code, reason):
                        remoteClose = (code, reason)
                    case .datagram(let data):
                        session.statistics.datagramsReceived += 1
                        events.append(.datagramReceived(id, data))
                    }
                }
            } catch {
                return error
            }
            return nil
        }
        if let failure {
            drops.record(.malformedFrames)
            close(id, code: .protocolViolation, reason: "malformed frames: \(failure)", now: now)
            return
        }
        if let (code, reason) = remoteClose { endSession(session, .remote(code, reason)) }
    }

    // MARK: Helpers

    func markReady(_ session: Session) {
        guard !session.isQueuedForSend else { return }
        session.isQueuedForSend = true
        sendReady.append(session.id)
    }

    /// Removes a session and reports why it ended.
    func endSession(_ session: Session, _ reason: CloseReason) {
        sessions[session.id] = nil
        events.append(.sessionClosed(session.id, reason))
    }

    private func counted(_ transmit: Transmit) -> Transmit {
        statistics.datagramsSent += 1
        statistics.bytesSent += transmit.payload.count
        return transmit
    }
}
