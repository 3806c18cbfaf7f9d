import NIOCore
import STTCore

/// The event-loop side of an `STTNode`: a channel handler that owns the sans-IO endpoint,
/// moves datagrams between it and the socket, fires its timer on the loop, and turns its
/// events into the async API's results (through `StreamWaiters`, `MessageSendQueue` and the
/// `ReceiveQueue`). Every method runs on the channel's event loop; time is the loop's clock, so
/// an `EmbeddedChannel` drives it in tests.
final class NodeEngine: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    /// The largest message `receive()` reassembles; a longer length prefix closes the session.
    static let maximumMessageSize = 64 << 20

    let endpoint: STTEndpoint
    let tap: STTNodeTap
    let inbound = ReceiveQueue()
    private var origin: NIODeadline?
    private var context: ChannelHandlerContext?
    private var timer: Scheduled<Void>?
    private var timerDeadline: STTInstant?
    private var socketAddresses: [STTAddress: SocketAddress] = [:]  // lookup only
    private var connectWaiters: [SessionID: (EventLoopPromise<STTSession>, host: String, port: Int)] = [:]
    private var writeWaiters = StreamWaiters<EventLoopPromise<Int>>()
    private var ackWaiters = StreamWaiters<EventLoopPromise<Void>>()
    private var acknowledged: Set<StreamKey> = []  // membership only
    private var openSessions: [SessionID] = []  // in order of establishment
    /// Why each ended session ended (lookup only; forgotten all at once past 4,096).
    private var closeReasons: [SessionID: CloseReason] = [:]
    private var messageStreams: [SessionID: UInt32] = [:]  // lookup only
    private var framers: [SessionID: MessageFramer] = [:]  // lookup only
    private var outgoing = MessageSendQueue<EventLoopPromise<Void>>()
    private var stopped = false
    private var lastSocketError: String?
    /// What the socket's kernel accepted (set once at start, on the loop).
    var offload = UDPOffloadInUse.none
    /// Transmits of one `drive` pass, grouped for segmentation offload before they are written.
    private var burst: [Transmit] = []

    init(endpoint: STTEndpoint, tap: STTNodeTap) {
        self.endpoint = endpoint
        self.tap = tap
    }

    /// Time since the handler joined its loop, on the loop's clock.
    var now: STTInstant {
        guard let context, let origin else { return .zero }
        let elapsed = context.eventLoop.now.uptimeNanoseconds &- origin.uptimeNanoseconds
        return STTInstant(nanoseconds: Int64(clamping: elapsed))
    }

    // MARK: The channel

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        origin = context.eventLoop.now
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard !stopped, let from = STTAddress(envelope.remoteAddress) else { return }
        let buffer = envelope.data
        // With receive offload the kernel may hand over several datagrams of one flow as one
        // buffer, each `segmentSize` bytes but the last: take them apart before anything else.
        for range in SegmentBatches.split(count: buffer.readableBytes, segmentSize: envelope.metadata?.segmentSize) {
            let bytes = buffer.getBytes(at: buffer.readerIndex + range.lowerBound, length: range.count) ?? []
            if let capture = tap.datagram, let local = tapAddress(context, peer: from) {
                capture(
                    CapturedDatagram(
                        timeNanoseconds: WallClock.unixNanoseconds(), node: 0, direction: .rx, source: from,
                        destination: local, payload: bytes))
            }
            endpoint.handle(datagram: bytes, from: from, now: now)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) { drive() }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // ICMP errors (port unreachable) surface here on some systems: a peer that is not
        // there is noticed by the handshake or idle timeout, so the socket stays open. If
        // SwiftNIO closes it anyway, this is the reason waiting callers get.
        lastSocketError = "\(error)"
    }

    func channelInactive(context: ChannelHandlerContext) {
        shutDown(error: stopped ? .notRunning : lastSocketError.map { .socketFailed($0) } ?? .notRunning)
        context.fireChannelInactive()
    }

    // MARK: The endpoint loop

    /// Sends what the endpoint has, delivers its events, feeds `receive()`, re-arms the timer;
    /// until nothing changes.
    func drive() {
        guard let context else { return }
        var idle = false
        while !idle {
            idle = true
            var last: EventLoopPromise<Void>?
            // What the pacer releases now is one burst; with segmentation offload it leaves in
            // as few system calls as the kernel's limits allow.
            burst.removeAll(keepingCapacity: true)
            while let transmit = endpoint.pollTransmit(now: now) { burst.append(transmit) }
            if !burst.isEmpty {
                last = context.eventLoop.makePromise(of: Void.self)
                sendBurst(context, promise: last)
            }
            if let last {
                // SwiftNIO closes the socket on most send errors without telling the handler;
                // the failed write carries the reason.
                let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
                last.futureResult.whenFailure { error in bound.value.lastSocketError = "\(error)" }
                context.flush()
            }
            while let event = endpoint.pollEvent() {
                handle(event)
                idle = false
            }
            if inbound.pump(read: read) { idle = false }
        }
        rearmTimer()
    }

    /// Writes `burst`: each run of equal-size datagrams to one peer as one GSO buffer (when the
    /// kernel accepted segmentation), everything else one datagram per write. `promise` completes
    /// with the last write.
    private func sendBurst(_ context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        let ranges = SegmentBatches.ranges(
            burst.map { (destination: $0.destination, size: $0.payload.count) },
            maximumSegments: offload.segmentation ? offload.maximumSegments : 1)
        for (n, range) in ranges.enumerated() {
            let first = burst[range.lowerBound]
            let address = socketAddress(first.destination)
            var buffer = context.channel.allocator.buffer(capacity: burst[range].reduce(0) { $0 + $1.payload.count })
            for transmit in burst[range] {
                capture(transmit, context)
                buffer.writeBytes(transmit.payload)
            }
            let metadata =
                range.count > 1
                ? AddressedEnvelope<ByteBuffer>.Metadata(
                    ecnState: .transportNotCapable, packetInfo: nil, segmentSize: first.payload.count) : nil
            let envelope = AddressedEnvelope(remoteAddress: address, data: buffer, metadata: metadata)
            context.write(wrapOutboundOut(envelope), promise: n == ranges.count - 1 ? promise : nil)
        }
    }

    private func socketAddress(_ destination: STTAddress) -> SocketAddress {
        if let known = socketAddresses[destination] { return known }
        let address = destination.socketAddress
        socketAddresses[destination] = address
        return address
    }

    private func capture(_ transmit: Transmit, _ context: ChannelHandlerContext) {
        guard let capture = tap.datagram, let local = tapAddress(context, peer: transmit.destination) else { return }
        capture(
            CapturedDatagram(
                timeNanoseconds: WallClock.unixNanoseconds(), node: 0, direction: .tx, source: local,
                destination: transmit.destination, payload: transmit.payload))
    }

    /// This node's address as a capture should show it. A socket bound to the wildcard address
    /// has no single source address; toward a loopback peer the kernel uses the loopback
    /// address, so that is what the capture shows (elsewhere it keeps the wildcard).
    private func tapAddress(_ context: ChannelHandlerContext, peer: STTAddress) -> STTAddress? {
        guard var local = context.channel.localAddress.flatMap(STTAddress.init) else { return nil }
        switch (local.host, peer.host) {
        case (.ipv4(0), .ipv4(let p)) where p >> 24 == 127: local.host = .ipv4(0x7F00_0001)
        case (.ipv6(0, 0), .ipv6(0, 1)): local.host = .ipv6(0, 1)
        default: break
        }
        return local
    }

    private func rearmTimer() {
        guard let context, let origin, !stopped, let next = endpoint.nextTimeout() else { return }
        if let armed = timerDeadline, armed <= next { return }
        timer?.cancel()
        timerDeadline = next
        let deadline = NIODeadline.uptimeNanoseconds(origin.uptimeNanoseconds + UInt64(max(0, next.nanoseconds)))
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: deadline) {
            let engine = bound.value
            engine.timerDeadline = nil
            engine.timer = nil
            engine.endpoint.handleTimeout(now: engine.now)
            engine.drive()
        }
    }

    private func handle(_ event: EndpointEvent) {
        switch event {
        case .sessionEstablished(let id, let peer, let address, _):
            openSessions.append(id)
            if let log = tap.sessionKeys, let keys = endpoint.trafficKeys(for: id) { log(id, keys) }
            if let (promise, _, _) = connectWaiters.removeValue(forKey: id) {
                promise.succeed(STTSession(sessionID: id, peer: peer, address: address))
            }
        case .sessionFailed(let id, let address, let failure, let role):
            if role == .responder { tap.sessionRefused?(address, failure) }
            if let (promise, host, port) = connectWaiters.removeValue(forKey: id) {
                promise.fail(STTNodeError(failure, host: host, port: port))
            }
        case .sessionClosed(let id, let reason):
            openSessions.removeAll { $0 == id }
            if closeReasons.count >= 4_096 { closeReasons.removeAll() }
            closeReasons[id] = reason
            let error = STTNodeError.sessionClosed(id, reason: reason)
            for p in writeWaiters.take(session: id) { p.fail(error) }
            for p in ackWaiters.take(session: id) { p.fail(error) }
            for p in outgoing.take(session: id) { p.fail(error) }
            inbound.sessionClosed(id, read: read) { key in
                key.stream != STTNode.messageStreamID
                    && endpoint.receiveStreamStatistics(key.stream, on: id)?.complete == true
            }
            messageStreams[id] = nil
            framers[id] = nil
        case .datagramReceived(let id, let data):
            inbound.datagram(ReceivedPacket(sessionID: id, streamID: nil, data: data))
        case .streamReadable(let id, let s):
            inbound.streamReadable(StreamKey(session: id, stream: s))
        case .streamFinished(let id, let s):
            inbound.streamFinished(StreamKey(session: id, stream: s), yieldsEnd: s != STTNode.messageStreamID)
        case .streamWritable(let id, let s):
            for p in writeWaiters.take(StreamKey(session: id, stream: s)) { p.succeed(0) }
            if s == messageStreams[id] { flushMessages(id) }
        case .streamAcknowledged(let id, let s):
            let key = StreamKey(session: id, stream: s)
            acknowledged.insert(key)
            for p in ackWaiters.take(key) { p.succeed(()) }
        case .streamOpened:
            break
        }
    }

    /// A stream's next bytes as `receive()` packets (message-stream bytes as whole messages);
    /// nil when the stream has nothing to read now.
    private func read(_ key: StreamKey) -> [ReceivedPacket]? {
        guard let bytes = endpoint.read(from: key.stream, on: key.session) else { return nil }
        guard key.stream == STTNode.messageStreamID else {
            return [ReceivedPacket(sessionID: key.session, streamID: key.stream, data: bytes)]
        }
        var framer =
            framers.removeValue(forKey: key.session)  // owned: appends do not copy
            ?? MessageFramer(maximumMessageSize: Self.maximumMessageSize)
        let messages = framer.append(bytes)
        if let failure = framer.failure {
            endpoint.close(key.session, code: .protocolViolation, reason: failure.description, now: now)
        }
        framers[key.session] = framer
        return messages.map { ReceivedPacket(sessionID: key.session, streamID: key.stream, data: $0) }
    }

    func resumeReading() {
        inbound.resume()
        drive()
    }

    func consumerFinished() {
        inbound.consumerFinished()
        drive()
    }

    /// Connects `receive()`'s source: packets go there until the consumer or the node ends.
    func attach(_ source: STTReceiveSequence.Producer.Source) {
        inbound.sink = { packet in
            switch source.yield(packet) {
            case .stopProducing: return .pause
            case .produceMore: return .more
            case .dropped: return .gone
            }
        }
        finishReceive = { source.finish() }
    }

    private var finishReceive: (() -> Void)?
}

extension NodeEngine {
    // MARK: Calls from the async API (already on the loop)

    func connect(to address: STTAddress, host: String, port: Int, promise: EventLoopPromise<STTSession>) {
        guard !stopped else { return promise.fail(STTNodeError.notRunning) }
        let id = endpoint.connect(to: address, now: now)
        connectWaiters[id] = (promise, host, port)
        drive()
    }

    func openStream(_ session: SessionID, id: UInt32?, mode: StreamMode, segmentSize: Int) throws -> UInt32 {
        guard !stopped else { throw STTNodeError.notRunning }
        do { return try endpoint.openStream(on: session, id: id, mode: mode, segmentSize: segmentSize) } catch {
            throw STTNodeError(error, session: session, closeReason: closeReasons[session])
        }
    }

    /// Writes what the stream accepts; with nothing accepted, the promise waits for room.
    func write(_ bytes: [UInt8], stream: UInt32, session: SessionID, promise: EventLoopPromise<Int>) {
        guard !stopped else { return promise.fail(STTNodeError.notRunning) }
        do {
            let accepted = try endpoint.write(bytes, to: stream, on: session, now: now)
            if accepted > 0 || bytes.isEmpty {
                promise.succeed(accepted)
            } else {
                writeWaiters.add(promise, for: StreamKey(session: session, stream: stream))
            }
        } catch {
            promise.fail(STTNodeError(error, session: session, closeReason: closeReasons[session]))
        }
        drive()
    }

    func finish(stream: UInt32, session: SessionID) throws {
        guard !stopped else { throw STTNodeError.notRunning }
        do { try endpoint.finish(stream, on: session, now: now) } catch {
            throw STTNodeError(error, session: session, closeReason: closeReasons[session])
        }
        drive()
    }

    /// Queues one framed message; it goes out whole, after the session's earlier messages. The
    /// promise succeeds once the endpoint accepted all of it.
    func sendMessage(_ framed: [UInt8], session: SessionID, promise: EventLoopPromise<Void>) {
        guard !stopped else { return promise.fail(STTNodeError.notRunning) }
        do { _ = try messageStream(session) } catch { return promise.fail(error) }
        outgoing.enqueue(framed, on: session, waiter: promise)
        flushMessages(session)
        drive()
    }

    private func flushMessages(_ session: SessionID) {
        guard let stream = messageStreams[session] else { return }
        let (accepted, failed) = outgoing.flush(session) { bytes in
            try endpoint.write(bytes, to: stream, on: session, now: now)
        }
        for p in accepted { p.succeed(()) }
        for p in failed { p.fail(STTNodeError.sessionClosed(session, reason: closeReasons[session])) }
    }

    /// The session's message stream (opened on first use).
    func messageStream(_ session: SessionID) throws -> UInt32 {
        if let s = messageStreams[session] { return s }
        let s = try openStream(
            session, id: STTNode.messageStreamID, mode: .bounded, segmentSize: StreamDefaults.segmentSize)
        messageStreams[session] = s
        return s
    }

    /// Succeeds once the peer acknowledged the whole ended stream; fails if the session ends first.
    func waitAcknowledged(stream: UInt32, session: SessionID, promise: EventLoopPromise<Void>) {
        let key = StreamKey(session: session, stream: stream)
        if acknowledged.contains(key) { return promise.succeed(()) }
        guard !stopped, endpoint.sendStreamStatistics(stream, on: session) != nil else {
            return promise.fail(
                stopped ? STTNodeError.notRunning : STTNodeError.sessionClosed(session, reason: closeReasons[session]))
        }
        ackWaiters.add(promise, for: key)
    }

    func statistics(stream: UInt32, session: SessionID) -> SendStreamStatistics? {
        endpoint.sendStreamStatistics(stream, on: session)
    }

    func receiveStatistics(stream: UInt32, session: SessionID) -> ReceiveStreamStatistics? {
        endpoint.receiveStreamStatistics(stream, on: session)
    }

    /// Closes every session (CLOSE goes out now), then fails whatever still waits.
    func stop() {
        guard !stopped else { return }
        let t = now
        for id in openSessions { endpoint.close(id, now: t) }
        drive()
        shutDown(error: .notRunning)
    }

    func shutDown(error: STTNodeError) {
        stopped = true
        timer?.cancel()
        timer = nil
        for (_, (promise, _, _)) in connectWaiters { promise.fail(error) }
        connectWaiters = [:]
        for p in writeWaiters.takeAll() { p.fail(error) }
        for p in ackWaiters.takeAll() { p.fail(error) }
        for p in outgoing.takeAll() { p.fail(error) }
        inbound.sink = nil
        finishReceive?()
        finishReceive = nil
    }
}
