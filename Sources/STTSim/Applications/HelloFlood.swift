import STTCore

/// An attacker: sends hellos to `to` at `hellosPerSecond` for `duration`, each with a new
/// session id. With `sharedSeed` its hellos carry a valid mac1 (it holds the seed); with
/// `echoesCookies` it opens the cookie replies it receives and puts the cookie in every later
/// hello, as an attacker that receives at its address would. It never completes a handshake.
/// Its node's incoming datagrams go to the attack, not to the node's endpoint.
public final class HelloFlood: Flow {
    public let hellosPerSecond: Double
    public let duration: STTDuration
    public let echoesCookies: Bool
    /// Hellos sent, cookie replies and other datagrams received.
    public private(set) var hellosSent = 0
    public private(set) var bytesSent = 0
    public private(set) var cookieReplies = 0
    public private(set) var otherReplies = 0
    public private(set) var bytesReceived = 0

    private let forge: HelloForge?
    private var random: SplitMix64
    private var cookie: [UInt8]?
    /// Recent hellos by session id, to open the cookie reply to one (lookup only).
    private var recent: [SessionID: [UInt8]] = [:]
    private var finished = false
    private lazy var application = Attacker(flow: self)

    init(
        id: Int, from: Int, to: Int, hellosPerSecond: Double, duration: STTDuration, start: STTInstant,
        sharedSeed: [UInt8]?, echoesCookies: Bool, seed: UInt64
    ) {
        self.hellosPerSecond = hellosPerSecond
        self.duration = duration
        self.echoesCookies = echoesCookies
        var random = SplitMix64(state: seed)
        forge = HelloForge(
            sharedSecret: sharedSeed.flatMap { try? SharedSecret(sharedSeed: $0) },
            applicationContext: EndpointConfiguration().applicationContext, ephemeralKey: random.bytes(32),
            staticKey: random.bytes(32))
        self.random = random
        super.init(id: id, from: from, peers: [to], start: start)
    }

    override var kind: String { "hello-flood" }
    override var sender: any Application { application }
    override var receivers: [any Application] { [Idle()] }
    public override var isDone: Bool { finished }

    override func statistics(_ view: FlowReportContext) -> FlowStatistics {
        FlowStatistics(
            bytesOffered: bytesSent, bytesDelivered: 0, complete: finished, intact: true,
            completion: finished ? duration : nil, goodputBitsPerSecond: 0, retransmittedSegments: 0,
            retransmittedBytes: 0, outOfOrderSegments: 0, skippedSegments: 0, attempts: hellosSent, latency: nil)
    }

    /// Sends what is due since `start` by `now`, a millisecond's worth at a time.
    fileprivate func sendDue(_ context: ApplicationContext) {
        let elapsed = (context.now - start).seconds
        let due = Int(min(elapsed, duration.seconds) * hellosPerSecond) + 1
        while hellosSent < due, let forge {
            let id = SessionID(rawValue: random.next())
            guard let hello = forge.hello(sessionID: id, cookie: cookie, randomMAC: random.bytes(16)) else { break }
            if echoesCookies, cookie == nil {
                if recent.count >= 4_096 { recent.removeAll(keepingCapacity: true) }
                recent[id] = hello
            }
            context.sendRaw(hello, to: to)
            hellosSent += 1
            bytesSent += hello.count
        }
        if context.now - start >= duration {
            finished = true
            context.flowDone()
        } else {
            let step = max(1.0 / hellosPerSecond, 0.001)
            context.wake(at: context.now + STTDuration(saturatingNanoseconds: step * 1e9))
        }
    }

    fileprivate func received(_ payload: [UInt8], from source: STTAddress) {
        bytesReceived += payload.count
        guard case .success(let prefix) = PacketPrefix.parse(payload), prefix.type == .cookieReply else {
            otherReplies += 1
            return
        }
        cookieReplies += 1
        guard echoesCookies, cookie == nil, let hello = recent[prefix.sessionID] else { return }
        cookie = forge?.cookie(fromReply: payload, answering: hello)
        if cookie != nil { recent.removeAll() }
    }

    final class Attacker: Application {
        // The flow owns this application and outlives it.
        unowned(unsafe) let flow: HelloFlood
        private var listening = false
        init(flow: HelloFlood) { self.flow = flow }

        func handle(_ event: EndpointEvent, _ context: ApplicationContext) {}

        func wake(_ context: ApplicationContext) {
            guard !flow.finished else { return }
            if !listening {
                listening = true
                let flow = self.flow
                context.intercept { payload, source in flow.received(payload, from: source) }
            }
            flow.sendDue(context)
        }
    }

    /// The target runs no application for the attack.
    final class Idle: Application {
        func handle(_ event: EndpointEvent, _ context: ApplicationContext) {}
    }
}
