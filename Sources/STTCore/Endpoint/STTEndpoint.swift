import DequeModule
import Foundation
import HeapModule
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
    /// The hello's MACs and cookie replies, keyed from the shared seed.
    let helloProtection: HelloProtection
    /// Cookie secret, per-address hello budgets, cookies received.
    var helloGuard = HelloGuard()

    /// Sessions in creation order (never iterated in hash order: the simulator must be
    /// deterministic across processes).
    var sessions: OrderedDictionary<SessionID, Session> = [:]
    /// Ended sessions with received bytes not yet read (lookup only).
    var draining: [SessionID: Session] = [:]
    /// Responder-side handshakes that have answered message 1 and wait for message 3.
    var pending: OrderedDictionary<SessionID, PendingHandshake> = [:]
    /// Sessions lingering after CLOSE (in `sessions`, but not counted against `maxSessions`).
    var closingSessions = 0
    /// Handshake and reject datagrams, sent before session packets.
    var outbox = Deque<Transmit>()
    /// Sessions with frames to send, in the order they became ready.
    var sendReady = Deque<SessionID>()
    var events = Deque<EndpointEvent>()
    /// Session deadlines, earliest first (lazily invalidated; see `rearm`).
    var timers = Heap<TimerEntry>()
    /// Reused buffers: frames are packed into `scratch` and sealed into a new packet; incoming
    /// frames are parsed into `incomingFrames`; `sentFrames` lists what a packet must resend.
    private var scratch = [UInt8]()
    private var incomingFrames: [Frame] = []
    private var sentFrames: [RetransmittableFrame] = []

    /// Dropped incoming datagrams by reason.
    public internal(set) var drops = DropCounters()
    public internal(set) var statistics = EndpointStatistics()
    /// Where transport events go (shared with every session).
    let tap = TransportTap()

    /// Receives every transport event (packets sent, received, acknowledged and lost, recovery
    /// metrics, congestion states, credits) while set; nil (the default) costs nothing.
    public var transportEventSink: ((TransportEvent) -> Void)? {
        get { tap.sink }
        set { tap.sink = newValue }
    }

    public init(
        identity: NodeIdentity, sharedSecret: SharedSecret,
        configuration: EndpointConfiguration = .init(), random: some RandomNumberGenerator
    ) {
        if let problem = configuration.validate() { preconditionFailure("invalid EndpointConfiguration: \(problem)") }
        self.identity = identity
        self.sharedSecret = sharedSecret
        helloProtection = HelloProtection(sharedSecret: sharedSecret)
        self.configuration = configuration
        self.random = random
    }

    /// The node id peers see for this endpoint.
    public var nodeID: NodeID { identity.nodeID }

    /// Largest application datagram `sendDatagram` accepts, in bytes: what a packet of the base
    /// size carries (1,200 bytes of UDP payload, or the configured maximum if smaller), so every
    /// path carries it whatever path MTU discovery finds.
    public var maximumDatagramPayload: Int {
        STTCore.maximumDatagramPayload(maxDatagramSize: min(configuration.maxDatagramSize, PathMTUDiscovery.base))
    }

    // MARK: Commands

    /// Starts a handshake with the node at `address`; the result arrives as an event.
    ///
    /// - Parameters:
    ///   - address: the responder's address and UDP port.
    ///   - expectedPeer: when given, the session fails unless the responder's static key hashes to
    ///     this node id.
    ///   - now: the current time (virtual or wall clock, whatever the driver uses).
    /// - Returns: the new session's id (random, unique on this endpoint).
    @discardableResult
    public func connect(to address: STTAddress, expectedPeer: NodeID? = nil, now: STTInstant) -> SessionID {
        var id = SessionID(rawValue: random.next())
        while sessions[id] != nil || pending[id] != nil { id = SessionID(rawValue: random.next()) }
        // Making the handshake and writing message 1 (an ephemeral key, no payload) cannot fail;
        // this is an API call, never reached by received input.
        let suite = configuration.cipherSuite ?? .simulationDefault
        var handshake = makeHandshake(isInitiator: true, suite: suite, sessionID: id)!
        let message1 = try! handshake.writeMessage(payload: [])
        let datagram = sealHello(
            PacketPrefix.encode(.handshakeInitiation, id) + [suite.rawValue] + message1, to: address, now: now)
        let session = makeSession(
            id: id, role: .initiator, address: address, expectedPeer: expectedPeer,
            phase: .initiating(
                .init(
                    handshake: handshake, message1: .init(datagram: datagram, retransmitAt: now, delay: .zero),
                    identityMismatch: nil)),
            now: now)
        sessions[id] = session
        sendHandshakeMessage(session, now: now, isRetransmission: false)
        rearm(session)
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
        markReady(session)  // during the handshake this waits: establishment marks it ready
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
        case .established(let established):
            session.pendingClose = true
            // RFC 9000 §10.2: three probe timeouts are enough for the peer to have seen CLOSE or to
            // have sent what would need another one; `closeLinger` caps it.
            let linger = min(
                configuration.closeLinger, session.loss.rtt.probeTimeout(maxAckDelay: configuration.maxAckDelay) * 3)
            session.phase = .closing(
                .init(keys: established.keys, until: now + linger, code: code, reason: reason))
            closingSessions += 1
            session.loss.discardAll(congestion: session.congestion)
            markReady(session)
            rearm(session)
        }
        events.append(.sessionClosed(id, .local(code, reason)))
    }

    // MARK: Output

    /// The next datagram to send, or nil when there is nothing to send now.
    ///
    /// Sessions take turns (one packet each, round-robin). A session held back by its
    /// congestion window waits for an acknowledgement; one held back by the pacer is offered
    /// again at the pacing deadline (see `nextTimeout()`).
    public func pollTransmit(now: STTInstant) -> Transmit? {
        if let transmit = outbox.popFirst() { return counted(transmit) }
        while let id = sendReady.popFirst() {
            guard let session = sessions[id] else { continue }
            session.isQueuedForSend = false
            if let until = session.pacingUntil, now >= until { session.pacingUntil = nil }
            if session.loss.isOverwhelmed {
                close(id, code: .protocolViolation, reason: "the peer acknowledges nothing", now: now)
                continue
            }
            let built = session.buildPacket(now: now, into: &scratch, frames: &sentFrames)
            while let sid = session.writableDue.popFirst() { events.append(.streamWritable(id, streamID: sid)) }
            guard let ackEliciting = built else {
                rearm(session)
                continue
            }
            let pn = session.nextPacketNumber
            guard let packet = session.seal(scratch, now: now) else {
                endSession(session, .local(.packetNumbersExhausted, "packet numbers exhausted"))
                continue
            }
            if tap.isActive {
                let frames = FrameSummary.summaries(of: scratch) ?? []
                tap.emit(now, id, .packetSent(number: pn, bytes: packet.count, frames: frames))
            }
            if session.isEstablished {
                let delivery =
                    ackEliciting
                    ? session.congestion.onPacketSent(size: packet.count, now: now, rtt: session.loss.rtt) : .none
                var sent = SentPacket(
                    packetNumber: pn, sentAt: now, size: packet.count,
                    ackEliciting: ackEliciting, inFlight: ackEliciting, isPathProbe: session.builtPathProbe,
                    frames: sentFrames, delivery: delivery)
                sent.ackLargest = session.builtAckLargest
                session.loss.onPacketSent(sent)
            }
            if session.hasFramesToSend { markReady(session) }
            rearm(session)
            return counted(Transmit(destination: session.address, payload: packet))
        }
        // With no open session the packet buffers go: ten thousand idle endpoints must not each
        // keep a datagram's worth of scratch space.
        if activeSessionCount == 0, scratch.capacity > 0 {
            scratch = []
            sentFrames = []
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
        case .failure(let reason):
            drops.record(reason)
            return
        case .success(let p): prefix = p
        }
        switch prefix.type {
        case .handshakeInitiation: handleInitiation(datagram, id: prefix.sessionID, from: address, now: now)
        case .handshakeResponse: handleResponse(datagram, id: prefix.sessionID, from: address, now: now)
        case .handshakeFinish: handleFinish(datagram, id: prefix.sessionID, from: address, now: now)
        case .handshakeReject: handleReject(datagram, id: prefix.sessionID)
        case .cookieReply: handleCookieReply(datagram, id: prefix.sessionID, from: address, now: now)
        case .protected: handleProtected(datagram, id: prefix.sessionID, from: address, now: now)
        }
        if let session = sessions[prefix.sessionID] { rearm(session) }
    }

    private func handleProtected(_ datagram: [UInt8], id: SessionID, from address: STTAddress, now: STTInstant) {
        guard let session = sessions[id] else {
            drops.record(.unknownSession)
            return
        }
        if case .initiating = session.phase {
            drops.record(.unknownSession)
            return
        }
        let opened: PacketProtection.Opened
        switch session.open(datagram) {
        case .failure(let reason):
            drops.record(reason)
            return
        case .success(let o): opened = o
        }
        session.lastReceived = now
        // Authenticated, and newer than anything before: follow the peer if it moved. A delayed
        // older packet must not drag the session back to a dead address.
        if opened.isNewest { session.address = address }

        // Parse everything before acting on anything: a malformed packet has no effect at all.
        var failure: FrameError?
        do throws(FrameError) { try Frame.parseAll(opened.plaintext, into: &incomingFrames) } catch { failure = error }
        if tap.isActive, failure == nil {
            let frames = incomingFrames.map(FrameSummary.init)
            tap.emit(now, id, .packetReceived(number: opened.packetNumber, bytes: datagram.count, frames: frames))
        }
        if let failure {
            drops.record(.malformedFrames)
            guard !session.isClosing else { return }
            close(id, code: .protocolViolation, reason: "malformed frames: \(failure)", now: now)
            return
        }

        if session.isClosing {
            if incomingFrames.contains(where: { Self.closeOf($0) != nil }) {
                // Both sides closed at once: done, without another CLOSE.
                sessions[id] = nil
                closingSessions -= 1
                return
            }
            // The peer has not seen our CLOSE: repeat it, ever more sparingly (1st, 2nd, 4th, ...).
            session.strayPacketsWhileClosing += 1
            if session.strayPacketsWhileClosing & (session.strayPacketsWhileClosing - 1) == 0 {
                session.pendingClose = true
                markReady(session)
            }
            drops.record(.sessionClosed)
            return
        }
        if case .confirming(let confirming) = session.phase {
            session.phase = .established(.init(keys: confirming.keys, finish: nil))
            events.append(
                .sessionEstablished(id, peer: confirming.keys.peer, address: session.address, role: .initiator))
        }
        switch session.apply(incomingFrames, packetNumber: opened.packetNumber, now: now, events: &events) {
        case .ok:
            break
        case .closedByPeer(let code, let reason):
            endSession(session, .remote(code, reason))
            return
        case .violation(let code, let reason):
            drops.record(.malformedFrames)
            close(id, code: code, reason: reason, now: now)
            return
        }
        markReady(session)
    }

    private static func closeOf(_ frame: Frame) -> (CloseCode, String)? {
        if case .close(let code, let reason) = frame { return (code, reason) }
        return nil
    }

    // MARK: Helpers

    func makeSession(
        id: SessionID, role: SessionRole, address: STTAddress, expectedPeer: NodeID?,
        phase: Session.Phase, now: STTInstant
    ) -> Session {
        Session(
            id: id, role: role, address: address, expectedPeer: expectedPeer, phase: phase, now: now,
            configuration: configuration, tap: tap)
    }

    func markReady(_ session: Session) {
        guard !session.isQueuedForSend, session.hasFramesToSend else { return }
        session.isQueuedForSend = true
        sendReady.append(session.id)
    }

    /// Removes a session and reports why it ended.
    func endSession(_ session: Session, _ reason: CloseReason) {
        retire(session)
        events.append(.sessionClosed(session.id, reason))
    }

    /// Removes an ended session; bytes it received but the application has not read yet stay
    /// readable (`read`, `receiveStreamStatistics`) until read: the peer acknowledged them,
    /// so they must not vanish because it closed right after.
    func retire(_ session: Session) {
        sessions[session.id] = nil
        if session.receiveStreams.values.contains(where: { $0.readableBytes > 0 }) { draining[session.id] = session }
    }

    private func counted(_ transmit: Transmit) -> Transmit {
        statistics.datagramsSent += 1
        statistics.bytesSent += transmit.payload.count
        return transmit
    }
}
