import NIOCore
import NIOEmbedded
import STTCore
import Testing

@testable import STTUDP

/// The node's event-loop engine on an `EmbeddedChannel`: no socket, the loop's virtual clock,
/// and a sans-IO client endpoint as the peer, so every datagram and every timer is in the
/// test's hands.
@Suite("Node engine on an embedded channel")
struct NodeEngineTests {
    static let shared = Array("engine-tests-shared-seed-0123456".utf8)
    static let serverAddress = STTAddress(ipv4: 10, 0, 0, 2, port: 7000)
    static let clientAddress = STTAddress(ipv4: 10, 0, 0, 1, port: 40_000)

    /// A server engine in an embedded channel, a client endpoint, and what reached `receive()`.
    final class Pair {
        let channel: EmbeddedChannel
        let engine: NodeEngine
        let client: STTEndpoint
        var received: [ReceivedPacket] = []
        /// What the consumer answers to each packet.
        var answer: ReceiveQueue.Delivery = .more
        var clientNow = STTInstant.zero
        /// Hand the client's equal-size datagrams to the engine as one coalesced buffer (as the
        /// kernel does with receive offload) instead of one by one.
        var coalesceInbound = false
        /// Outbound envelopes that carried more than one datagram (segmentation offload).
        var segmentedSends = 0
        var coalescedReceives = 0

        init(server configuration: EndpointConfiguration = .init()) throws {
            var config = configuration
            config.acceptsIncomingSessions = true
            let server = STTEndpoint(
                identity: try NodeIdentity(nodeSeed: Array("engine-server-node-seed-0123".utf8)),
                sharedSecret: try SharedSecret(sharedSeed: NodeEngineTests.shared), configuration: config,
                random: Xoshiro256StarStar(seed: 1, streamID: 1))
            engine = NodeEngine(endpoint: server, tap: STTNodeTap())
            channel = EmbeddedChannel(handler: engine)
            client = STTEndpoint(
                identity: try NodeIdentity(nodeSeed: Array("engine-client-node-seed-0123".utf8)),
                sharedSecret: try SharedSecret(sharedSeed: NodeEngineTests.shared),
                random: Xoshiro256StarStar(seed: 2, streamID: 2))
            engine.inbound.sink = { [unowned self] packet in
                received.append(packet)
                return answer
            }
        }

        /// Moves datagrams both ways; when neither side has any, lets both clocks run 1 ms (the
        /// client's timers fire, the engine's on the embedded loop), up to `milliseconds`.
        func exchange(milliseconds: Int = 2_000) throws {
            var idle = 0
            while idle < milliseconds {
                var moved = false
                var sent: [[UInt8]] = []
                while let t = client.pollTransmit(now: clientNow) { sent.append(t.payload) }
                let runs = SegmentBatches.ranges(
                    sent.map { (destination: 0, size: $0.count) }, maximumSegments: coalesceInbound ? 64 : 1)
                for run in runs {
                    let buffer = channel.allocator.buffer(bytes: sent[run].flatMap { $0 })
                    let metadata =
                        run.count > 1
                        ? AddressedEnvelope<ByteBuffer>.Metadata(
                            ecnState: .transportNotCapable, packetInfo: nil, segmentSize: sent[run.lowerBound].count)
                        : nil
                    if run.count > 1 { coalescedReceives += 1 }
                    try channel.writeInbound(
                        AddressedEnvelope(
                            remoteAddress: NodeEngineTests.clientAddress.socketAddress, data: buffer, metadata: metadata
                        ))
                    moved = true
                }
                while let envelope = try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) {
                    let data = envelope.data
                    let pieces = SegmentBatches.split(
                        count: data.readableBytes, segmentSize: envelope.metadata?.segmentSize)
                    if pieces.count > 1 { segmentedSends += 1 }
                    for piece in pieces {
                        client.handle(
                            datagram: data.getBytes(at: data.readerIndex + piece.lowerBound, length: piece.count) ?? [],
                            from: NodeEngineTests.serverAddress, now: clientNow)
                    }
                    moved = true
                }
                if moved { continue }
                idle += 1
                clientNow = clientNow + .milliseconds(1)
                if let t = client.nextTimeout(), t <= clientNow { client.handleTimeout(now: clientNow) }
                channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
            }
        }

        func connect() throws -> SessionID {
            let id = client.connect(to: NodeEngineTests.serverAddress, now: clientNow)
            try exchange()
            return id
        }
    }

    @Test("a hello written into the channel is answered on the channel with a handshake response")
    func answersHello() throws {
        let pair = try Pair()
        _ = pair.client.connect(to: Self.serverAddress, now: .zero)
        let hello = try #require(pair.client.pollTransmit(now: .zero))
        try pair.channel.writeInbound(
            AddressedEnvelope(
                remoteAddress: Self.clientAddress.socketAddress,
                data: pair.channel.allocator.buffer(bytes: hello.payload)))
        let answer = try #require(try pair.channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self))
        #expect(answer.remoteAddress == Self.clientAddress.socketAddress)
        #expect(
            answer.data.getInteger(at: STTWire.Offset.type, as: UInt8.self) == PacketType.handshakeResponse.rawValue)
    }

    @Test("a stream's bytes reach receive() whole and in order, then its end, then the session's end")
    func streamToReceive() throws {
        let pair = try Pair()
        let session = try pair.connect()
        let stream = try pair.client.openStream(on: session, mode: .bounded, segmentSize: 4_096)
        let data = (0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        #expect(try pair.client.write(data, to: stream, on: session, now: pair.clientNow) == data.count)
        try pair.client.finish(stream, on: session, now: pair.clientNow)
        try pair.exchange()
        pair.client.close(session, now: pair.clientNow)
        try pair.exchange()
        let bytes = pair.received.filter { $0.streamID == stream && !$0.isEnd }.flatMap(\.data)
        #expect(bytes.count == data.count && bytes == data, "\(bytes.count) of \(data.count) bytes, in order")
        let ends = pair.received.filter(\.isEnd)
        #expect(ends.map(\.streamID) == [stream, nil], "the stream's end, then the session's")
    }

    @Test("while the consumer lags, streams stay unread in the endpoint; resuming delivers the rest in order")
    func backPressure() throws {
        let pair = try Pair()
        let session = try pair.connect()
        let stream = try pair.client.openStream(on: session, mode: .bounded, segmentSize: 1_024)
        pair.answer = .pause
        let data = (0..<20_000).map { UInt8(truncatingIfNeeded: $0) }
        _ = try pair.client.write(data, to: stream, on: session, now: pair.clientNow)
        try pair.exchange()
        #expect(pair.received.count == 1, "one packet, then the consumer said stop")
        #expect(pair.engine.inbound.isPaused)
        pair.answer = .more
        pair.engine.resumeReading()
        try pair.exchange()
        let got = pair.received.flatMap(\.data)
        #expect(got.count == data.count && got == data, "\(got.count) of \(data.count) bytes, in order")
    }

    @Test("messages on the message stream come out whole; a length prefix above the limit closes the session")
    func messages() throws {
        let pair = try Pair()
        let session = try pair.connect()
        let stream = try pair.client.openStream(
            on: session, id: STTNode.messageStreamID, mode: .bounded, segmentSize: 1_024)
        let first = [UInt8](repeating: 1, count: 3_000)
        let second = [UInt8](repeating: 2, count: 10)
        _ = try pair.client.write(
            MessageFramer.frame(first) + MessageFramer.frame(second), to: stream, on: session, now: pair.clientNow)
        try pair.exchange()
        #expect(pair.received.map(\.data.count) == [3_000, 10] && pair.received.map(\.data) == [first, second])
        _ = try pair.client.write([0xFF, 0xFF, 0xFF, 0xFF, 0], to: stream, on: session, now: pair.clientNow)
        try pair.exchange()
        var closed: CloseReason?
        while let e = pair.client.pollEvent() { if case .sessionClosed(_, let why) = e { closed = why } }
        guard case .remote(let code, let reason)? = closed else {
            Issue.record("the client's session should be closed by the engine, got \(String(describing: closed))")
            return
        }
        #expect(code == .protocolViolation && reason.contains("exceeds"))
    }

    @Test("a connect nobody answers fails with handshakeTimeout when the loop's clock passes the timeout")
    func connectTimesOut() throws {
        var config = EndpointConfiguration()
        config.handshakeTimeout = .seconds(3)
        let pair = try Pair(server: config)
        let promise = pair.channel.eventLoop.makePromise(of: STTSession.self)
        pair.engine.connect(to: STTAddress(ipv4: 10, 9, 9, 9, port: 7000), host: "h", port: 7000, promise: promise)
        let outcome = CallbackBox<Result<STTSession, Error>?>(nil)
        promise.futureResult.whenComplete { result in outcome.withLockedValue { $0 = result } }
        pair.channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(outcome.withLockedValue { $0 } == nil)
        #expect(try pair.channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) != nil, "the hello went out")
        pair.channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        guard case .failure(let error)? = outcome.withLockedValue({ $0 }) else {
            Issue.record("still waiting after the handshake timeout")
            return
        }
        #expect(error as? STTNodeError == .handshakeTimeout(host: "h", port: 7000))
    }

    @Test("stopping fails every waiter with notRunning and ends receive()")
    func stopFailsWaiters() throws {
        let pair = try Pair()
        let promise = pair.channel.eventLoop.makePromise(of: STTSession.self)
        pair.engine.connect(to: Self.serverAddress, host: "h", port: 1, promise: promise)
        let failure = CallbackBox<Error?>(nil)
        promise.futureResult.whenFailure { error in failure.withLockedValue { $0 = error } }
        pair.engine.stop()
        #expect(failure.withLockedValue { $0 } as? STTNodeError == .notRunning)
        #expect(pair.engine.inbound.sink == nil)
    }
}

/// What a future's callback saw. The embedded event loop runs callbacks inline on the test's
/// thread, so nothing races; the box only tells the compiler where the value lives.
final class CallbackBox<Value>: @unchecked Sendable {
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLockedValue<T>(_ body: (inout Value) -> T) -> T { body(&value) }
}
