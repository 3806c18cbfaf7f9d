import DequeModule
import NIOCore
import STTCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The event-loop side of an `STTNode`: owns the sans-IO endpoint, moves datagrams between it
/// and the socket, fires its timers, and turns its events into the async API's results. Every
/// method runs on the channel's event loop.
final class NodeEngine: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    let endpoint: STTEndpoint
    let tap: STTNodeTap
    private let origin = NIODeadline.now()
    private var context: ChannelHandlerContext?
    private var timer: Scheduled<Void>?
    private var timerDeadline: STTInstant?
    private var socketAddresses: [STTAddress: SocketAddress] = [:]  // lookup only

    private struct StreamKey: Hashable {
        let session: SessionID
        let stream: UInt32
    }
    private var connectWaiters: [SessionID: (EventLoopPromise<STTSession>, host: String, port: Int)] = [:]
    private var writeWaiters: [StreamKey: [EventLoopPromise<Int>]] = [:]
    private var ackWaiters: [StreamKey: [EventLoopPromise<Void>]] = [:]
    private var acknowledged: Set<StreamKey> = []  // membership only
    private var openSessions: [SessionID] = []  // in order of establishment
    private var messageStreams: [SessionID: UInt32] = [:]
    private struct MessageInbox {
        var bytes: [UInt8] = []
        var start = 0
    }
    private var messageInbox: [SessionID: MessageInbox] = [:]

    // Delivery to `receive()`, with back-pressure: while the consumer is behind, streams are
    // left unread, so their credits run out and the peer slows down.
    var source:
        NIOAsyncSequenceProducer<
            ReceivedPacket, NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark, ReceiveDelegate
        >.Source?
    private var paused = false
    private var consumerGone = false
    private enum Pending: Equatable {
        case bytes(StreamKey)
        case end(StreamKey)
        case closed(SessionID)
        case packet(ReceivedPacket)
    }
    /// Streams whose end was queued already (a late `streamFinished` is ignored).
    private var endedKeys: Set<StreamKey> = []  // membership only
    /// Messages (`send(toSessions:)`) waiting to go out whole, per session, in order.
    private var outgoingMessages: [SessionID: Deque<(bytes: [UInt8], offset: Int, promise: EventLoopPromise<Void>)>] =
        [:]
    /// The largest message `receive()` reassembles; a longer length prefix closes the session.
    static let maximumMessageSize = 64 << 20
    private var datagramsDroppedWhilePaused = 0
    private var readable = Deque<Pending>()
    private var queuedReadable: Set<StreamKey> = []  // membership only
    private var stopped = false
    private var lastSocketError: String?

    init(endpoint: STTEndpoint, tap: STTNodeTap) {
        self.endpoint = endpoint
        self.tap = tap
    }

    var now: STTInstant {
        STTInstant(nanoseconds: Int64(NIODeadline.now().uptimeNanoseconds - origin.uptimeNanoseconds))
    }

    // MARK: channel

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard !stopped, let from = STTAddress(envelope.remoteAddress) else { return }
        var buffer = envelope.data
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        if let capture = tap.datagram, let local = tapAddress(context, peer: from) {
            capture(
                CapturedDatagram(
                    timeNanoseconds: WallClock.unixNanoseconds(), node: 0, direction: .rx, source: from,
                    destination: local, payload: bytes))
        }
        endpoint.handle(datagram: bytes, from: from, now: now)
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

    // MARK: the endpoint loop

    /// Sends what the endpoint has, delivers its events, re-arms its timer; until idle.
    func drive() {
        guard let context else { return }
        var idle = false
        while !idle {
            idle = true
            let t = now
            var last: EventLoopPromise<Void>?
            while let transmit = endpoint.pollTransmit(now: t) {
                last = context.eventLoop.makePromise(of: Void.self)
                send(transmit, context, promise: last)
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
            if pump() { idle = false }
        }
        rearmTimer()
    }

    private func send(_ transmit: Transmit, _ context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        let address: SocketAddress
        if let known = socketAddresses[transmit.destination] {
            address = known
        } else {
            address = transmit.destination.socketAddress
            socketAddresses[transmit.destination] = address
        }
        if let capture = tap.datagram, let local = tapAddress(context, peer: transmit.destination) {
            capture(
                CapturedDatagram(
                    timeNanoseconds: WallClock.unixNanoseconds(), node: 0, direction: .tx, source: local,
                    destination: transmit.destination, payload: transmit.payload))
        }
        let buffer = context.channel.allocator.buffer(bytes: transmit.payload)
        context.write(wrapOutboundOut(AddressedEnvelope(remoteAddress: address, data: buffer)), promise: promise)
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
        guard let context, !stopped, let next = endpoint.nextTimeout() else { return }
        if let armed = timerDeadline, armed <= next { return }
        timer?.cancel()
        timerDeadline = next
        let deadline = NIODeadline.uptimeNanoseconds(origin.uptimeNanoseconds + UInt64(max(0, next.nanoseconds)))
        timer = context.eventLoop.scheduleTask(deadline: deadline) { [self] in
            timerDeadline = nil
            timer = nil
            endpoint.handleTimeout(now: now)
            drive()
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
        case .sessionFailed(let id, _, let failure, _):
            if let (promise, host, port) = connectWaiters.removeValue(forKey: id) {
                switch failure {
                case .handshakeTimeout: promise.fail(STTNodeError.handshakeTimeout(host: host, port: port))
                case .authenticationFailed: promise.fail(STTNodeError.authenticationFailed(host: host, port: port))
                case .peerIdentityMismatch: promise.fail(STTNodeError.peerIdentityMismatch(host: host, port: port))
                }
            }
        case .sessionClosed(let id, _):
            openSessions.removeAll { $0 == id }
            for (key, promises) in writeWaiters where key.session == id {
                for p in promises { p.fail(STTNodeError.sessionClosed(id)) }
                writeWaiters[key] = nil
            }
            for (key, promises) in ackWaiters where key.session == id {
                for p in promises { p.fail(STTNodeError.sessionClosed(id)) }
                ackWaiters[key] = nil
            }
            for entry in outgoingMessages.removeValue(forKey: id) ?? [] {
                entry.promise.fail(STTNodeError.sessionClosed(id))
            }
            // What the peer sent before closing is still readable (the endpoint keeps it until
            // read): move it into the queue in order, then the ends, then the session's end.
            var rebuilt = Deque<Pending>()
            var ends: [Pending] = []
            for entry in readable {
                guard case .bytes(let key) = entry, key.session == id else {
                    rebuilt.append(entry)
                    continue
                }
                queuedReadable.remove(key)
                while let bytes = endpoint.read(from: key.stream, on: id) {
                    for packet in packets(from: bytes, key: key) { rebuilt.append(.packet(packet)) }
                }
                if key.stream != STTNode.messageStreamID,
                    endpoint.receiveStreamStatistics(key.stream, on: id)?.complete == true,
                    endedKeys.insert(key).inserted
                {
                    ends.append(.end(key))
                }
            }
            readable = rebuilt
            readable.append(contentsOf: ends)
            readable.append(.closed(id))
            messageStreams[id] = nil
            messageInbox[id] = nil
        case .datagramReceived(let id, let data):
            // Datagrams are unreliable by contract: while the consumer lags they are dropped
            // (counted), not queued without bound.
            if paused && !consumerGone {
                datagramsDroppedWhilePaused += 1
            } else {
                deliver(ReceivedPacket(sessionID: id, streamID: nil, data: data))
            }
        case .streamReadable(let id, let s), .streamFinished(let id, let s):
            let key = StreamKey(session: id, stream: s)
            if queuedReadable.insert(key).inserted { readable.append(.bytes(key)) }
            if case .streamFinished = event, s != STTNode.messageStreamID, endedKeys.insert(key).inserted {
                readable.append(.end(key))
            }
        case .streamWritable(let id, let s):
            for p in writeWaiters.removeValue(forKey: StreamKey(session: id, stream: s)) ?? [] { p.succeed(0) }
            if s == messageStreams[id] { flushMessages(id) }
        case .streamAcknowledged(let id, let s):
            let key = StreamKey(session: id, stream: s)
            acknowledged.insert(key)
            for p in ackWaiters.removeValue(forKey: key) ?? [] { p.succeed(()) }
        case .streamOpened:
            break
        }
    }

    /// Reads readable streams into `receive()` while the consumer keeps up. True if it read.
    private func pump() -> Bool {
        var progressed = false
        while !paused || consumerGone, let next = readable.first {
            switch next {
            case .end(let key):
                readable.removeFirst()
                deliver(ReceivedPacket(sessionID: key.session, streamID: key.stream, data: [], isEnd: true))
            case .closed(let id):
                readable.removeFirst()
                deliver(ReceivedPacket(sessionID: id, streamID: nil, data: [], isEnd: true))
            case .packet(let packet):
                readable.removeFirst()
                deliver(packet)
            case .bytes(let key):
                guard let bytes = endpoint.read(from: key.stream, on: key.session) else {
                    readable.removeFirst()
                    queuedReadable.remove(key)
                    continue
                }
                for packet in packets(from: bytes, key: key) { deliver(packet) }
            }
            progressed = true
        }
        return progressed
    }

    /// Stream bytes as `receive()` packets: message-stream bytes are cut into whole messages.
    private func packets(from bytes: [UInt8], key: StreamKey) -> [ReceivedPacket] {
        guard key.stream == STTNode.messageStreamID else {
            return [ReceivedPacket(sessionID: key.session, streamID: key.stream, data: bytes)]
        }
        var inbox = messageInbox.removeValue(forKey: key.session) ?? MessageInbox()  // owned: appends do not copy
        inbox.bytes += bytes
        var out: [ReceivedPacket] = []
        while inbox.bytes.count - inbox.start >= 4 {
            let s = inbox.start
            let b = inbox.bytes
            let n = Int(b[s]) << 24 | Int(b[s + 1]) << 16 | Int(b[s + 2]) << 8 | Int(b[s + 3])
            guard n <= Self.maximumMessageSize else {
                endpoint.close(
                    key.session, code: .protocolViolation, reason: "message of \(n) bytes exceeds the limit", now: now)
                return out
            }
            guard b.count - s - 4 >= n else { break }
            out.append(
                ReceivedPacket(sessionID: key.session, streamID: key.stream, data: Array(b[(s + 4)..<(s + 4 + n)])))
            inbox.start += 4 + n
        }
        if inbox.start > 0, inbox.start * 2 >= inbox.bytes.count {  // compact once half is consumed
            inbox.bytes.removeFirst(inbox.start)
            inbox.start = 0
        }
        messageInbox[key.session] = inbox
        return out
    }

    private func deliver(_ packet: ReceivedPacket) {
        guard !consumerGone, let source else { return }
        switch source.yield(packet) {
        case .stopProducing: paused = true
        case .produceMore: break
        case .dropped: consumerGone = true
        }
    }

    func resumeReading() {
        paused = false
        drive()
    }

    func consumerFinished() {
        consumerGone = true
        drive()
    }

    // MARK: calls from the async API (already on the loop)

    func connect(to address: STTAddress, host: String, port: Int, promise: EventLoopPromise<STTSession>) {
        guard !stopped else {
            promise.fail(STTNodeError.notRunning)
            return
        }
        let id = endpoint.connect(to: address, now: now)
        connectWaiters[id] = (promise, host, port)
        drive()
    }

    func openStream(_ session: SessionID, id: UInt32?, mode: StreamMode, segmentSize: Int) throws -> UInt32 {
        guard !stopped else { throw STTNodeError.notRunning }
        do { return try endpoint.openStream(on: session, id: id, mode: mode, segmentSize: segmentSize) } catch {
            throw Self.nodeError(error, session: session)
        }
    }

    /// Writes what the stream accepts; with nothing accepted, the promise waits for room.
    func write(_ bytes: [UInt8], stream: UInt32, session: SessionID, promise: EventLoopPromise<Int>) {
        guard !stopped else {
            promise.fail(STTNodeError.notRunning)
            return
        }
        do {
            let accepted = try endpoint.write(bytes, to: stream, on: session, now: now)
            if accepted > 0 || bytes.isEmpty {
                promise.succeed(accepted)
            } else {
                writeWaiters[StreamKey(session: session, stream: stream), default: []].append(promise)
            }
        } catch {
            promise.fail(Self.nodeError(error, session: session))
        }
        drive()
    }

    func finish(stream: UInt32, session: SessionID) throws {
        guard !stopped else { throw STTNodeError.notRunning }
        do { try endpoint.finish(stream, on: session, now: now) } catch {
            throw Self.nodeError(error, session: session)
        }
        drive()
    }

    /// An endpoint refusal as the API reports it: a session that is gone is `sessionClosed`.
    private static func nodeError(_ error: EndpointError, session: SessionID) -> STTNodeError {
        if case .unknownSession = error { return .sessionClosed(session) }
        return .endpoint(error)
    }

    /// Queues one framed message; it goes out whole, after the session's earlier messages (two
    /// tasks sending at once cannot interleave their bytes). The promise succeeds once the
    /// endpoint accepted all of it.
    func sendMessage(_ framed: [UInt8], session: SessionID, promise: EventLoopPromise<Void>) {
        guard !stopped else {
            promise.fail(STTNodeError.notRunning)
            return
        }
        do { _ = try messageStream(session) } catch {
            promise.fail(error)
            return
        }
        outgoingMessages[session, default: []].append((framed, 0, promise))
        flushMessages(session)
        drive()
    }

    private func flushMessages(_ session: SessionID) {
        guard let stream = messageStreams[session] else { return }
        while var first = outgoingMessages[session]?.first {
            let remaining = first.offset == 0 ? first.bytes : Array(first.bytes[first.offset...])
            let accepted: Int
            do { accepted = try endpoint.write(remaining, to: stream, on: session, now: now) } catch {
                for entry in outgoingMessages.removeValue(forKey: session) ?? [] {
                    entry.promise.fail(STTNodeError.sessionClosed(session))
                }
                return
            }
            guard accepted > 0 else { return }  // resumed by streamWritable
            first.offset += accepted
            if first.offset == first.bytes.count {
                outgoingMessages[session]!.removeFirst()
                first.promise.succeed(())
            } else {
                outgoingMessages[session]![0] = first
                return
            }
        }
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
        if acknowledged.contains(key) {
            promise.succeed(())
            return
        }
        guard !stopped, endpoint.sendStreamStatistics(stream, on: session) != nil else {
            promise.fail(stopped ? STTNodeError.notRunning : STTNodeError.sessionClosed(session))
            return
        }
        ackWaiters[key, default: []].append(promise)
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

    private func shutDown(error: STTNodeError) {
        stopped = true
        timer?.cancel()
        timer = nil
        for (_, (promise, _, _)) in connectWaiters { promise.fail(error) }
        connectWaiters = [:]
        for (_, promises) in writeWaiters { for p in promises { p.fail(error) } }
        writeWaiters = [:]
        for (_, promises) in ackWaiters { for p in promises { p.fail(error) } }
        ackWaiters = [:]
        for (_, queue) in outgoingMessages { for entry in queue { entry.promise.fail(error) } }
        outgoingMessages = [:]
        source?.finish()
        source = nil
    }
}

/// Resumes reading when `receive()`'s consumer catches up.
public struct ReceiveDelegate: NIOAsyncSequenceProducerDelegate {
    let engine: NIOLoopBound<NodeEngine>?
    public func produceMore() {
        guard let engine else { return }
        engine.eventLoop.execute { engine.value.resumeReading() }
    }
    public func didTerminate() {
        guard let engine else { return }
        engine.eventLoop.execute { engine.value.consumerFinished() }
    }
}
