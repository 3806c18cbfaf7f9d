import HeapModule
import STTCore

/// Endpoints joined by a perfect network on a manual clock: the two-endpoint `Pair` of
/// quinn-proto's tests, generalised to any number of endpoints. Every datagram passes a fate hook
/// that can drop, corrupt, duplicate or delay it, so tests inject exactly the loss they mean.
public final class EndpointHarness {
    public struct Node {
        public let endpoint: STTEndpoint
        public let address: STTAddress
        /// Every event the endpoint produced, in order.
        public var events: [EndpointEvent] = []
    }

    private struct InFlight: Comparable {
        let deliverAt: STTInstant
        let sequence: Int
        let datagram: HarnessDatagram
        static func < (a: InFlight, b: InFlight) -> Bool { (a.deliverAt, a.sequence) < (b.deliverAt, b.sequence) }
        static func == (a: InFlight, b: InFlight) -> Bool { a.sequence == b.sequence }
    }

    public private(set) var now: STTInstant = .zero
    public private(set) var nodes: [Node] = []
    /// One-way delay of every datagram.
    public var oneWayDelay: STTDuration
    /// Decides each datagram's fate; nil delivers everything.
    public var fate: ((HarnessDatagram) -> DatagramFate)?
    /// Every datagram sent, in order, as sent (before its fate).
    public private(set) var sent: [HarnessDatagram] = []
    /// Keep `sent` (tests); benchmarks turn it off to run in constant memory.
    public var recordsSentDatagrams = true
    /// Datagrams addressed to no node.
    public private(set) var undeliverable = 0
    /// The applications: called after every step (and when a run starts) to read, write and
    /// react to events; whatever they send goes out in the same step.
    public var application: ((EndpointHarness) -> Void)?
    /// Keep every event in `events(n)` (tests); benchmarks turn it off and drain them instead.
    public var recordsEvents = true
    /// The next time the application asked to run even if nothing else happens.
    private var applicationWakeup: STTInstant?
    /// Events produced since the application hook last ran, per node.
    public private(set) var freshEvents: [[EndpointEvent]] = []

    private let seed: UInt64
    private var inFlight = Heap<InFlight>()
    private var sequence = 0
    private var sentCount = 0

    public init(seed: UInt64 = 1, oneWayDelay: STTDuration = .milliseconds(10)) {
        self.seed = seed
        self.oneWayDelay = oneWayDelay
    }

    /// Adds an endpoint at `10.0.0.<n+1>:7000` with a generator derived from (seed, n).
    @discardableResult
    public func addEndpoint(
        nodeSeed: [UInt8], sharedSeed: [UInt8],
        configuration: EndpointConfiguration = .init()
    ) throws -> Int {
        let n = nodes.count
        let endpoint = STTEndpoint(
            identity: try NodeIdentity(nodeSeed: nodeSeed), sharedSecret: try SharedSecret(sharedSeed: sharedSeed),
            configuration: configuration, random: Xoshiro256StarStar(seed: seed, streamID: UInt64(n)))
        let address = STTAddress(host: .ipv4(0x0A00_0001 + UInt32(n)), port: 7000)
        nodes.append(Node(endpoint: endpoint, address: address))
        freshEvents.append([])
        return n
    }

    public func endpoint(_ n: Int) -> STTEndpoint { nodes[n].endpoint }
    public func address(_ n: Int) -> STTAddress { nodes[n].address }
    public func events(_ n: Int) -> [EndpointEvent] { nodes[n].events }

    /// Starts a handshake from node `from` to node `to`.
    @discardableResult
    public func connect(_ from: Int, to: Int, expectedPeer: NodeID? = nil) -> SessionID {
        precondition(nodes.indices.contains(from) && nodes.indices.contains(to), "connect: no node \(from) or \(to)")
        let id = nodes[from].endpoint.connect(to: nodes[to].address, expectedPeer: expectedPeer, now: now)
        flush()
        return id
    }

    /// Processes everything due until `stopWhen` holds (checked after every step) or the next
    /// event would pass `limit`, in which case the clock stops at `limit`.
    /// - Returns: whether `stopWhen` held.
    @discardableResult
    public func run(until limit: STTInstant, stopWhen condition: () -> Bool = { false }) -> Bool {
        flush()
        runApplication()
        while !condition() {
            guard let next = nextEventTime(), next <= limit else {
                now = max(now, limit)
                return condition()
            }
            step(to: next)
            runApplication()
        }
        return true
    }

    /// Advances the clock by `duration`, processing everything due on the way.
    public func advance(by duration: STTDuration) { _ = run(until: now + duration) }

    /// Lets a command run against node `n` at the current time, then sends what it produced.
    public func perform(_ n: Int, _ body: (STTEndpoint, STTInstant) throws -> Void) rethrows {
        try body(nodes[n].endpoint, now)
        flush()
    }

    /// Delivers a raw datagram to node `to` now, as if from `from` (hostile-input tests).
    public func inject(_ payload: [UInt8], to: Int, from: STTAddress) {
        nodes[to].endpoint.handle(datagram: payload, from: from, now: now)
        flush()
    }

    /// Asks for the application hook to run at `time` (a timer of the application's own).
    public func wakeApplication(at time: STTInstant) {
        if applicationWakeup.map({ time < $0 }) ?? true { applicationWakeup = time }
    }

    private func runApplication() {
        if let wake = applicationWakeup, wake <= now { applicationWakeup = nil }
        guard let application else { return }
        application(self)
        for n in freshEvents.indices { freshEvents[n].removeAll(keepingCapacity: true) }
        flush()
    }

    private func nextEventTime() -> STTInstant? {
        var earliest = inFlight.min?.deliverAt
        if let wake = applicationWakeup, earliest == nil || wake < earliest! { earliest = wake }
        for node in nodes {
            if let t = node.endpoint.nextTimeout(), earliest == nil || t < earliest! { earliest = t }
        }
        return earliest
    }

    private func step(to time: STTInstant) {
        now = max(now, time)
        while let first = inFlight.min, first.deliverAt <= now {
            let item = inFlight.removeMin()
            guard let target = nodes.firstIndex(where: { $0.address == item.datagram.to }) else {
                undeliverable += 1
                continue
            }
            nodes[target].endpoint.handle(datagram: item.datagram.payload, from: item.datagram.from, now: now)
        }
        for node in nodes {
            if let t = node.endpoint.nextTimeout(), t <= now { node.endpoint.handleTimeout(now: now) }
        }
        flush()
    }

    /// Moves every pending transmit into the network and every event into the nodes' logs.
    private func flush() {
        for n in nodes.indices {
            let endpoint = nodes[n].endpoint
            while let transmit = endpoint.pollTransmit(now: now) {
                let datagram = HarnessDatagram(
                    index: sentCount, from: nodes[n].address, to: transmit.destination,
                    sentAt: now, payload: transmit.payload)
                sentCount += 1
                if recordsSentDatagrams { sent.append(datagram) }
                enqueue(datagram)
            }
            while let event = endpoint.pollEvent() {
                if recordsEvents { nodes[n].events.append(event) }
                freshEvents[n].append(event)
            }
        }
    }

    private func enqueue(_ datagram: HarnessDatagram) {
        var copy = datagram
        var delay = oneWayDelay
        switch fate?(datagram) ?? .deliver {
        case .deliver: break
        case .drop: return
        case .corrupt(let bit):
            let byte = bit / 8
            if bit >= 0, byte < copy.payload.count { copy.payload[byte] ^= 0x80 >> UInt8(bit % 8) }
        case .duplicate:
            push(copy, at: now + delay)
        case .delay(let extra):
            delay = delay + extra
        }
        push(copy, at: now + delay)
    }

    private func push(_ datagram: HarnessDatagram, at time: STTInstant) {
        inFlight.insert(InFlight(deliverAt: time, sequence: sequence, datagram: datagram))
        sequence += 1
    }
}
