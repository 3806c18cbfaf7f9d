import STTCore

/// A deterministic discrete-event simulation of STT endpoints and routers joined by links: the
/// driver over a `Network` (links, routing, packets), its `Host`s (endpoints and their service
/// loops) and the flows' applications.
///
/// Virtual time in integer nanoseconds; events ordered by (time, insertion sequence); the clock
/// jumps to the next event. One root seed: every node and every link direction draws from its
/// own generator derived from (root seed, stable id), so adding a node does not change what
/// another link does. Nothing iterates a `Dictionary` or `Set`; the same seed gives the same
/// fingerprint in every process.
public final class Simulation {
    public let seed: UInt64
    /// Events processed so far.
    public private(set) var eventsProcessed = 0
    /// A run stops with `SimulationError.stepLimit` after this many events (livelock guard).
    public var stepLimit = 500_000_000
    /// Where endpoints added from now on draw their randomness (keys, session ids), given the
    /// node and its incarnation; nil: a generator seeded from the run's seed, so every byte
    /// replays. Real-socket runs give the system's CSPRNG here (the simulator never reads it).
    public var endpointRandomness: ((_ node: Int, _ incarnation: Int) -> any RandomNumberGenerator)?

    let scheduler = EventScheduler()
    let recorder = Recorder()
    let network: Network
    var flows: [Flow] = []
    private var actions: [(Simulation) -> Void] = []
    /// Hosts whose endpoint was handed out (`endpoint(_:)`) and must be serviced.
    private var touched: [Int32] = []

    public init(seed: UInt64) {
        self.seed = seed
        network = Network(seed: seed, scheduler: scheduler, recorder: recorder)
    }

    /// Simulated time.
    public var now: STTInstant { scheduler.now }

    /// Receives every trace record (for a JSON Lines trace); nil keeps only the fingerprint.
    public var traceSink: ((TraceRecord) -> Void)? {
        get { recorder.traceSink }
        set { recorder.traceSink = newValue }
    }

    /// Receives every datagram a node emits and every one delivered to an endpoint (for packet
    /// captures); nil costs one check per packet.
    public var captureSink: ((CapturedDatagram) -> Void)? {
        get { recorder.captureSink }
        set { recorder.captureSink = newValue }
    }

    /// Receives each session's packet keys when a side establishes it (both sides report the
    /// same session), for key logs that decrypt captures offline.
    public var keyLogSink: ((SessionID, SessionTrafficKeys) -> Void)? {
        get { recorder.keyLogSink }
        set { recorder.keyLogSink = newValue }
    }

    /// Receives every endpoint's transport events (packets, recovery metrics, congestion states,
    /// credits, session and stream lifecycle) with the emitting node, stamped in simulated time.
    /// Off (nil) by default: endpoints then build no events at all.
    public var transportEventSink: ((_ node: Int, TransportEvent) -> Void)? {
        get { recorder.transportSink }
        set {
            recorder.transportSink = newValue
            for host in network.hosts { host?.attachTransportSink() }
        }
    }

    // MARK: Queries

    /// The sessions flows opened (the flow's sender side), in the order they opened them.
    public var flowSessions: [FlowSession] { recorder.flowSessions }

    /// A link direction's name as traces show it (`a->b`).
    public func directionName(_ id: LinkDirectionID) -> String { network.directionName(id.rawValue) }

    /// The bytes (IP size) waiting in a link direction's queue now, and the most since the last
    /// call: a sampler's view of queue occupancy.
    public func takeQueueSample(_ direction: LinkDirectionID) -> (now: Int, peak: Int) {
        network.direction(direction).takeQueueSample()
    }

    public var nodeCount: Int { network.nodeCount }
    public func name(of node: Int) -> String { network.names[node] }
    public func address(of node: Int) -> STTAddress { network.addresses[node] }
    /// The node that owns `address`, if any.
    public func node(at address: STTAddress) -> Int? { network.node(at: address) }
    public func isRouter(_ node: Int) -> Bool { network.hosts[node] == nil }
    public func isCrashed(_ node: Int) -> Bool { network.isDown[node] }
    public var linkCount: Int { network.linkCount }
    public func linkName(_ link: Int) -> String { network.linkName(link) }
    /// The nodes a link joins, in the order it was added (forward is a→b).
    public func linkEnds(_ link: Int) -> (a: Int, b: Int) { network.linkEnds(link) }

    /// Statistics of a link's two directions (a→b, b→a).
    public func linkStatistics(_ link: Int) -> (forward: LinkDirectionStatistics, reverse: LinkDirectionStatistics) {
        (
            network.direction(LinkDirectionID(link: link, reverse: false)).statistics,
            network.direction(LinkDirectionID(link: link, reverse: true)).statistics
        )
    }

    /// The node's endpoint (nil for routers and crashed nodes). Whatever a caller does to it is
    /// serviced when the run continues (`run(until:)`) or after the current action.
    public func endpoint(_ node: Int) -> STTEndpoint? {
        guard let host = network.hosts[node], let endpoint = host.endpoint else { return nil }
        host.needsService = true
        touched.append(host.node)
        return endpoint
    }

    /// The session and stream lifecycle events a node's application saw, in order
    /// (`EndpointEvent.isLifecycle`; per-packet events are delivered to flows, not kept).
    public func events(of node: Int) -> [EndpointEvent] { network.hosts[node]?.eventLog ?? [] }

    /// Every node's session and stream lifecycle events in the order they happened, with their
    /// simulated time and node.
    public func timedEvents() -> [(time: STTInstant, node: Int, event: EndpointEvent)] {
        var all: [(time: STTInstant, order: Int, node: Int, event: EndpointEvent)] = []
        for node in 0..<nodeCount {
            guard let host = network.hosts[node] else { continue }
            for (event, stamp) in zip(host.eventLog, host.eventTimes) {
                all.append((stamp.time, stamp.order, node, event))
            }
        }
        return all.sorted { $0.order < $1.order }.map { ($0.time, $0.node, $0.event) }
    }

    /// When the next scheduled event is due (nil: nothing scheduled).
    public var nextEventTime: STTInstant? { scheduler.queue.peekTime().map { STTInstant(nanoseconds: $0) } }

    /// SHA-256 over every packet fate and session event so far, in hex.
    public var fingerprint: String { recorder.fingerprint.hex() }

    /// How to replay this run, for failure messages.
    public var replayHint: String { "seed \(seed) (same topology and seed reproduce it exactly)" }

    // MARK: Running

    /// Runs until `stopWhen` holds (checked after every event), the event list empties, or the
    /// next event lies past `limit` (then the clock stops at `limit`). Returns whether it held.
    @discardableResult
    public func run(until limit: STTInstant, stopWhen condition: () -> Bool = { false }) throws -> Bool {
        serviceTouched()
        while !condition() {
            guard let t = scheduler.queue.peekTime(), t <= limit.nanoseconds else {
                scheduler.now = max(scheduler.now, limit)
                return condition()
            }
            guard eventsProcessed < stepLimit else { throw SimulationError.stepLimit(eventsProcessed, now) }
            let e = scheduler.queue.pop()!
            scheduler.now = STTInstant(nanoseconds: e.time)
            eventsProcessed += 1
            dispatch(e)
        }
        return true
    }

    /// Runs an action at `time` (faults, parameter changes, application commands).
    public func schedule(at time: STTInstant, _ action: @escaping (Simulation) -> Void) {
        actions.append(action)
        scheduler.schedule(at: max(time, now).nanoseconds, .action, target: Int32(actions.count - 1))
    }

    private func dispatch(_ e: ScheduledEvent) {
        switch e.kind {
        case .deliver:
            network.arrive(packet: e.packet, at: e.target, via: e.via)
        case .transmitDone:
            network.transmitComplete(e.target)
        case .endpointTimer:
            network.hosts[Int(e.target)]?.timerFired(at: e.time)
        case .flowWake:
            let flow = flows[Int(e.target)]
            guard let host = network.hosts[flow.from] else { return }
            flow.sender.wake(host.context(for: flow.id))
            if host.needsService { host.service() }
        case .action:
            let action = actions[Int(e.target)]
            actions[Int(e.target)] = { _ in }  // release captured state
            action(self)
            serviceTouched()
        }
    }

    /// Services hosts handed out by `endpoint(_:)`, in the order they were handed out (a host
    /// listed twice is serviced once).
    private func serviceTouched() {
        guard !touched.isEmpty else { return }
        let nodes = touched
        touched.removeAll(keepingCapacity: true)
        for node in nodes {
            if let host = network.hosts[Int(node)], host.needsService { host.service() }
        }
    }
}
