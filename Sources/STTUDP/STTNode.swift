import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import STTCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An STT node on a real UDP socket: the seed chapter's `STTNode`, in Swift.
///
/// ```swift
/// let server = try STTNode(nodeSeed: seed("server"), sharedSeed: shared, port: 8080)
/// try await server.start(serverMode: true)
/// let client = try STTNode(nodeSeed: seed("client"), sharedSeed: shared)
/// try await client.start()
/// let session = try await client.connect(host: "localhost", port: 8080)
/// let stream = try await client.createStream(session: session, streamID: 1)
/// try await stream.sendAll(fileData)
/// for await packet in server.receive() { ... }
/// await client.stop(); await server.stop()
/// ```
///
/// The protocol runs in the same sans-IO `STTEndpoint` as in the simulator, on one SwiftNIO
/// event loop per node (handler-based hot path, timers on the loop), with wall-clock time and
/// the system's CSPRNG.
public final class STTNode: Sendable {
    /// The stream `send(toSessions:_:)` carries its messages on (reliable, ordered, boundaries kept).
    public static let messageStreamID: UInt32 = 0

    public let nodeID: NodeID
    public let host: String
    private let requestedPort: Int
    private let identity: NodeIdentity
    private let secret: SharedSecret
    private let configuration: EndpointConfiguration
    private let group: any EventLoopGroup
    private let tap: STTNodeTap
    private let offload: UDPOffload

    private struct Running: @unchecked Sendable {  // only touched under `state`'s lock
        var channel: (any Channel)?
        var engine: NIOLoopBound<NodeEngine>?
        var sequence: STTReceiveSequence?
        var offload: UDPOffloadInUse?
        var stopped = false
    }
    private let state = NIOLockedValueBox(Running())

    /// - Parameters:
    ///   - nodeSeed: this node's identity seed (≥ 16 bytes); the same seed gives the same node id.
    ///   - sharedSeed: the seed every node of the network shares (≥ 16 bytes); it authenticates peers.
    ///   - host: the local address to bind ("0.0.0.0": every IPv4 interface; "::" for IPv6).
    ///   - port: the local UDP port (0: any free port; see `localPort` after `start`).
    ///   - configuration: protocol settings (handshake timeout, datagram size, buffers, ...).
    ///   - tap: observers of datagrams and session keys (captures, key logs).
    ///   - offload: the kernel's UDP batching to ask for (each used only if the kernel accepts it).
    public init(
        nodeSeed: [UInt8], sharedSeed: [UInt8], host: String = "0.0.0.0", port: Int = 0,
        configuration: EndpointConfiguration = .init(), tap: STTNodeTap = .init(),
        offload: UDPOffload = .automatic, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) throws {
        do {
            identity = try NodeIdentity(nodeSeed: nodeSeed)
            secret = try SharedSecret(sharedSeed: sharedSeed)
        } catch {
            throw STTNodeError.invalidSeed("\(error)")
        }
        guard (0...65_535).contains(port) else {
            throw STTNodeError.cannotBind(host: host, port: port, reason: "port out of range")
        }
        nodeID = identity.nodeID
        self.offload = offload
        self.host = host
        requestedPort = port
        self.configuration = configuration
        self.group = group
        self.tap = tap
    }

    /// Binds the socket and starts the protocol. In server mode the node accepts sessions.
    public func start(serverMode: Bool = false) async throws {
        var settings = configuration
        settings.acceptsIncomingSessions = serverMode
        if settings.cipherSuite == nil { settings.cipherSuite = CipherSuite.preferredOnThisHost }
        let config = settings
        let identity = self.identity
        let secret = self.secret
        let tap = self.tap
        guard state.withLockedValue({ $0.channel == nil && !$0.stopped }) else { throw STTNodeError.alreadyStarted }
        let bootstrap = DatagramBootstrap(group: group)
            .sttSocketOptions(vectorReadCount: offload.vectorReadCount)
            .channelOption(.maxMessagesPerRead, value: 32)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let endpoint = STTEndpoint(
                        identity: identity, sharedSecret: secret, configuration: config,
                        random: SystemRandomNumberGenerator())
                    try channel.pipeline.syncOperations.addHandler(NodeEngine(endpoint: endpoint, tap: tap))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: host, port: requestedPort).get()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw STTNodeError.addressInUse(host: host, port: requestedPort)
        } catch let error as IOError {
            throw STTNodeError.cannotBind(host: host, port: requestedPort, reason: "\(error)")
        } catch {
            throw STTNodeError.cannotBind(host: host, port: requestedPort, reason: "\(error)")
        }
        let inUse = await Self.enableOffload(offload, on: channel)
        let (engine, sequence) = try await channel.eventLoop.submit {
            let handler = try channel.pipeline.syncOperations.handler(type: NodeEngine.self)
            handler.offload = inUse
            let bound = NIOLoopBound(handler, eventLoop: channel.eventLoop)
            let made = STTReceiveSequence.Producer.makeSequence(
                elementType: ReceivedPacket.self,
                backPressureStrategy: .init(lowWatermark: 16, highWatermark: 64),
                finishOnDeinit: false, delegate: ReceiveDelegate(engine: bound))
            handler.attach(made.source)
            return (bound, STTReceiveSequence(made.sequence))
        }.get()
        state.withLockedValue {
            $0.channel = channel
            $0.engine = engine
            $0.sequence = sequence
            $0.offload = inUse
        }
    }

    /// The UDP offloads the kernel accepted for this node's socket (after `start`).
    public var offloadInUse: UDPOffloadInUse? { state.withLockedValue { $0.offload } }

    /// Asks the kernel for each requested offload; a refusal leaves that one off and says why.
    private static func enableOffload(_ wanted: UDPOffload, on channel: any Channel) async -> UDPOffloadInUse {
        var inUse = UDPOffloadInUse(
            maximumSegments: 0, receiveOffload: false, vectorReadCount: wanted.vectorReadCount, refusal: nil)
        var refusals: [String] = []
        if wanted.segmentation {
            do {
                if wanted.kernelRefusesForTesting { throw ChannelError.operationUnsupported }
                // Segment sizes travel with each write; this only asks whether UDP_SEGMENT exists.
                try await channel.setOption(.datagramSegmentSize, value: 0)
                inUse.maximumSegments = min(System.udpMaxSegments ?? UDPOffload.defaultMaximumSegments, 64)
            } catch {
                refusals.append("segmentation offload refused: \(error)")
            }
        }
        if wanted.receiveOffload {
            do {
                if wanted.kernelRefusesForTesting { throw ChannelError.operationUnsupported }
                try await channel.setOption(.datagramReceiveOffload, value: true)
                do {
                    try await channel.setOption(.datagramReceiveSegmentSize, value: true)
                    inUse.receiveOffload = true
                } catch {
                    // Coalesced buffers without their segment size cannot be taken apart.
                    try? await channel.setOption(.datagramReceiveOffload, value: false)
                    throw error
                }
            } catch {
                refusals.append("receive offload refused: \(error)")
            }
        }
        inUse.refusal = refusals.isEmpty ? nil : refusals.joined(separator: "; ")
        return inUse
    }

    /// The bound UDP port (after `start`).
    public var localPort: Int? { state.withLockedValue { $0.channel?.localAddress?.port } }

    private func running() throws -> NIOLoopBound<NodeEngine> {
        guard let engine = state.withLockedValue({ $0.stopped ? nil : $0.engine }) else {
            throw STTNodeError.notRunning
        }
        return engine
    }

    /// Opens a session to `host:port` and returns it once the handshake completed.
    ///
    /// - Throws: `STTNodeError.cannotResolve`, `.handshakeTimeout` (nobody answered within
    ///   `configuration.handshakeTimeout`), `.authenticationFailed` (another shared seed).
    public func connect(host: String, port: Int) async throws -> STTSession {
        let engine = try running()
        let family = self.host.contains(":") ? AF_INET6 : AF_INET
        let address = try Self.resolve(host, port: port, family: family)
        let promise = engine.eventLoop.makePromise(of: STTSession.self)
        engine.eventLoop.execute { engine.value.connect(to: address, host: host, port: port, promise: promise) }
        return try await promise.futureResult.get()
    }

    /// Opens a send stream on `session` (nil id: the next free odd id).
    public func createStream(
        session: STTSession, streamID: UInt32? = nil, mode: StreamMode = .bounded,
        segmentSize: Int = StreamDefaults.segmentSize
    ) async throws -> STTStream {
        try await createStream(sessionID: session.sessionID, streamID: streamID, mode: mode, segmentSize: segmentSize)
    }

    /// Opens a send stream on a session known by id (for instance one a peer opened).
    public func createStream(
        sessionID: SessionID, streamID: UInt32? = nil, mode: StreamMode = .bounded,
        segmentSize: Int = StreamDefaults.segmentSize
    ) async throws -> STTStream {
        let engine = try running()
        let id = try await engine.eventLoop.submit {
            try engine.value.openStream(sessionID, id: streamID, mode: mode, segmentSize: segmentSize)
        }.get()
        return STTStream(session: sessionID, streamID: id, engine: engine)
    }

    /// Sends one message to each session, reliably and in order, on its message stream
    /// (`messageStreamID`): the receiver's `receive()` yields it whole, as sent. (The seed's
    /// `send_to_sessions`.)
    public func send(toSessions sessions: [SessionID], _ data: [UInt8]) async throws {
        let engine = try running()
        guard data.count <= NodeEngine.maximumMessageSize else {
            throw STTNodeError.endpoint(.stream(.segmentSizeOutOfRange(data.count)))
        }
        let framed = MessageFramer.frame(data)
        for session in sessions {
            let promise = engine.eventLoop.makePromise(of: Void.self)
            engine.eventLoop.execute { engine.value.sendMessage(framed, session: session, promise: promise) }
            try await promise.futureResult.get()
        }
    }

    /// Everything that arrives: messages, stream bytes (in order, per stream), stream ends, and
    /// datagrams. Back-pressure: while the consumer lags, streams are not read, so the peers'
    /// credits run out and they slow down. One consumer per node: the first call gets the
    /// node's packets, later calls an empty sequence. Ends when the node stops.
    public func receive() -> STTReceiveSequence {
        state.withLockedValue { running in
            // Handed out once: the underlying sequence allows a single iterator, and a second
            // one would trap. Later calls get an empty sequence.
            if let s = running.sequence {
                running.sequence = nil
                return s
            }
            // Not started, already handed out, or stopped: an empty sequence.
            return STTReceiveSequence.finished()
        }
    }

    /// Keys for `BinaryStreamEncoder`/`BinaryStreamDecoder` on an established session (the
    /// seed chapter's `node.stc`): the two sides get matching keys.
    public func streamCrypto(for sessionID: SessionID) async -> StreamCrypto? {
        guard let engine = try? running() else { return nil }
        return try? await engine.eventLoop.submit { engine.value.endpoint.streamCrypto(for: sessionID) }.get()
    }

    /// Statistics of a stream the peer opened toward this node.
    public func receiveStatistics(sessionID: SessionID, streamID: UInt32) async -> ReceiveStreamStatistics? {
        guard let engine = try? running() else { return nil }
        return try? await engine.eventLoop.submit {
            engine.value.receiveStatistics(stream: streamID, session: sessionID)
        }.get()
    }

    /// The endpoint's drop counters by reason and its statistics (cookie replies, evictions,
    /// refusals): nil before `start()` or after `stop()`.
    public func counters() async -> (drops: DropCounters, statistics: EndpointStatistics)? {
        guard let engine = try? running() else { return nil }
        return try? await engine.eventLoop.submit { (engine.value.endpoint.drops, engine.value.endpoint.statistics) }
            .get()
    }

    /// Closes every session (CLOSE is sent), stops the protocol and releases the port.
    public func stop() async {
        let (channel, engine) = state.withLockedValue { s -> ((any Channel)?, NIOLoopBound<NodeEngine>?) in
            defer { s.stopped = true }
            return (s.channel, s.stopped ? nil : s.engine)
        }
        if let engine { try? await engine.eventLoop.submit { engine.value.stop() }.get() }
        try? await channel?.close()
    }

    /// getaddrinfo for one address family; the first result.
    static func resolve(_ host: String, port: Int, family: Int32) throws -> STTAddress {
        guard (1...65_535).contains(port) else {
            throw STTNodeError.cannotResolve(host: host, reason: "port \(port) is out of range")
        }
        var hints = addrinfo()
        hints.ai_family = family
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &result)
        guard status == 0, let first = result else {
            throw STTNodeError.cannotResolve(host: host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(result) }
        let socketAddress: SocketAddress
        if first.pointee.ai_family == AF_INET6 {
            socketAddress = first.pointee.ai_addr.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                SocketAddress($0.pointee, host: host)
            }
        } else {
            socketAddress = first.pointee.ai_addr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                SocketAddress($0.pointee, host: host)
            }
        }
        guard let address = STTAddress(socketAddress) else {
            throw STTNodeError.cannotResolve(host: host, reason: "not an IP address")
        }
        return address
    }
}
