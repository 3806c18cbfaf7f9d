import Foundation
import STTCore

/// A deterministic discrete-event simulation of STT endpoints and routers joined by links.
///
/// Virtual time in integer nanoseconds; events ordered by (time, insertion sequence); the clock
/// jumps to the next event. One root seed: every node and every link direction draws from its
/// own generator derived from (root seed, stable id), so adding a node does not change what
/// another link does. Nothing iterates a `Dictionary` or `Set`; the same seed gives the same
/// fingerprint in every process.
public final class Simulation {
    public let seed: UInt64
    public private(set) var now: STTInstant = .zero
    /// Events processed so far.
    public private(set) var eventsProcessed = 0
    /// A run stops with `SimulationError.stepLimit` after this many events (livelock guard).
    public var stepLimit = 500_000_000

    var events = EventQueue()
    var nodes: [SimNode] = []
    var directions: [LinkDirection] = []
    var links: [(a: Int32, b: Int32, name: String)] = []
    var outgoing: [[Int32]] = []
    var routing = Routing(nodeCount: 0)
    var addressBook: [STTAddress: Int32] = [:]  // lookup only
    var packets = PacketPool()
    var flows: [Flow] = []
    var actions: [(Simulation) -> Void] = []
    /// Node index → partition group; nil when the network is whole.
    var partitionGroups: [Int]?
    var fingerprintState = Fingerprint()
    var nextPacketID: UInt64 = 0
    var flowsDone = 0
    /// The flows that opened each session (looked up, never iterated).
    var sessionFlows: [SessionID: [Int]] = [:]

    /// Receives every trace record (for a JSON Lines trace); nil keeps only the fingerprint.
    public var traceSink: ((TraceRecord) -> Void)?
    /// Receives every datagram a node emits and every one delivered to an endpoint (for packet
    /// captures); nil costs one check per packet.
    public var captureSink: ((CapturedDatagram) -> Void)?
    /// Receives each session's packet keys when a side establishes it (both sides report the
    /// same session), for key logs that decrypt captures offline.
    public var keyLogSink: ((SessionID, SessionTrafficKeys) -> Void)?
    /// Real-socket mode: when set, a datagram that reaches its destination endpoint after the
    /// simulated links is handed here (payload, source node, destination node) instead of to
    /// the endpoint; the driver sends it over a real socket and calls `deliverExternal` when
    /// it arrives. The driver also supplies the time (`run(until:)` with wall-clock instants).
    public var externalDelivery: (([UInt8], Int, Int) -> Void)?

    public init(seed: UInt64) { self.seed = seed }

    // MARK: Building

    /// Adds an STT endpoint at `address` (default `10.0.<n/256>.<n%256+1>:7000`).
    @discardableResult
    public func addEndpoint(
        _ name: String, nodeSeed: [UInt8], sharedSeed: [UInt8],
        configuration: EndpointConfiguration = .init(), address: STTAddress? = nil
    ) throws -> Int {
        let identity = try NodeIdentity(nodeSeed: nodeSeed)
        let secret = try SharedSecret(sharedSeed: sharedSeed)
        let node = addNode(name, kind: .endpoint, address: address)
        node.identity = identity
        node.secret = secret
        node.configuration = configuration
        node.endpoint = makeEndpoint(node)
        return Int(node.index)
    }

    /// Adds a router: it forwards packets along the static routes and runs no STT.
    @discardableResult
    public func addRouter(_ name: String, address: STTAddress? = nil) -> Int {
        Int(addNode(name, kind: .router, address: address).index)
    }

    /// Joins two nodes with a link; `reverse` defaults to the same parameters (symmetric).
    @discardableResult
    public func addLink(
        _ a: Int, _ b: Int, _ forward: LinkParameters, reverse: LinkParameters? = nil,
        name: String? = nil
    ) -> Int {
        precondition(a != b && nodes.indices.contains(a) && nodes.indices.contains(b), "addLink: bad node index")
        if let problem = forward.validate() ?? reverse?.validate() { preconditionFailure("addLink: \(problem)") }
        let link = Int32(links.count)
        links.append((Int32(a), Int32(b), name ?? "\(nodes[a].name)-\(nodes[b].name)"))
        for (from, to, params) in [(a, b, forward), (b, a, reverse ?? forward)] {
            let index = Int32(directions.count)
            // Stream ids: nodes use their index; directions 2^32 + their index.
            let rng = Xoshiro256StarStar(seed: seed, streamID: (1 << 32) | UInt64(index))
            directions.append(
                LinkDirection(
                    index: index, link: link, from: Int32(from), to: Int32(to),
                    parameters: params, rng: rng))
            outgoing[from].append(index)
        }
        routing.invalidate()
        return Int(link)
    }

    private func addNode(_ name: String, kind: SimNode.Kind, address: STTAddress?) -> SimNode {
        let index = Int32(nodes.count)
        let addr =
            address ?? STTAddress(host: .ipv4(0x0A00_0001 + UInt32(index / 255) << 8 + UInt32(index % 255)), port: 7000)
        precondition(addressBook[addr] == nil, "address \(addr) is already in use")
        let node = SimNode(index: index, name: name, kind: kind, address: addr)
        nodes.append(node)
        outgoing.append([])
        addressBook[addr] = index
        routing.grow(to: nodes.count)
        return node
    }

    func makeEndpoint(_ node: SimNode) -> STTEndpoint {
        // A fresh stream per incarnation: a restarted node does not replay its previous randomness.
        let stream = UInt64(UInt32(bitPattern: node.index)) | UInt64(node.incarnation) << 40
        return STTEndpoint(
            identity: node.identity!, sharedSecret: node.secret!, configuration: node.configuration,
            random: Xoshiro256StarStar(seed: seed, streamID: stream))
    }

    // MARK: Queries

    public var nodeCount: Int { nodes.count }
    public func name(of node: Int) -> String { nodes[node].name }
    public func address(of node: Int) -> STTAddress { nodes[node].address }
    /// The node's endpoint (nil for routers and crashed nodes).
    public func endpoint(_ node: Int) -> STTEndpoint? { nodes[node].endpoint }
    public func isCrashed(_ node: Int) -> Bool { nodes[node].crashed }
    public var linkCount: Int { links.count }
    public func linkName(_ link: Int) -> String { links[link].name }
    /// Statistics of a link's two directions (a→b, b→a).
    public func linkStatistics(_ link: Int) -> (forward: LinkDirectionStatistics, reverse: LinkDirectionStatistics) {
        (directions[2 * link].statistics, directions[2 * link + 1].statistics)
    }
    /// The session and stream lifecycle events a node's application saw, in order
    /// (`EndpointEvent.isLifecycle`; per-packet events are delivered to flows, not kept).
    public func events(of node: Int) -> [EndpointEvent] { nodes[node].eventLog }

    /// When the next scheduled event is due (nil: nothing scheduled).
    public var nextEventTime: STTInstant? { events.nextTime.map { STTInstant(nanoseconds: $0) } }

    /// SHA-256 over every packet fate and session event so far, in hex.
    public var fingerprint: String { fingerprintState.hex() }

    /// How to replay this run, for failure messages.
    public var replayHint: String { "seed \(seed) (same topology and seed reproduce it exactly)" }

    // MARK: Running

    /// Runs until `stopWhen` holds (checked after every event), the event list empties, or the
    /// next event lies past `limit` (then the clock stops at `limit`). Returns whether it held.
    @discardableResult
    public func run(until limit: STTInstant, stopWhen condition: () -> Bool = { false }) throws -> Bool {
        for n in nodes.indices where nodes[n].needsService { service(Int32(n)) }
        while !condition() {
            guard let t = events.nextTime, t <= limit.nanoseconds else {
                now = max(now, limit)
                return condition()
            }
            guard eventsProcessed < stepLimit else { throw SimulationError.stepLimit(eventsProcessed, now) }
            let e = events.pop()!
            now = STTInstant(nanoseconds: e.time)
            eventsProcessed += 1
            dispatch(e)
        }
        return true
    }

    /// Runs an action at `time` (faults, parameter changes, application commands).
    public func schedule(at time: STTInstant, _ action: @escaping (Simulation) -> Void) {
        actions.append(action)
        events.schedule(at: max(time, now).nanoseconds, .action, target: Int32(actions.count - 1))
    }

    private func dispatch(_ e: ScheduledEvent) {
        switch e.kind {
        case .deliver:
            arrive(packet: e.packet, at: e.target, via: e.via)
        case .transmitDone:
            transmitDone(directions[Int(e.target)])
        case .endpointTimer:
            let node = nodes[Int(e.target)]
            guard node.armedTimer == e.time, let endpoint = node.endpoint else { return }
            node.armedTimer = nil
            endpoint.handleTimeout(now: now)
            service(node.index)
        case .flowWake:
            flows[Int(e.target)].wake(self)
        case .action:
            let action = actions[Int(e.target)]
            actions[Int(e.target)] = { _ in }  // release captured state
            action(self)
            for n in nodes.indices where nodes[n].needsService { service(Int32(n)) }
        }
    }

    // MARK: Endpoints

    /// Moves a node's output into the network and its events to the flows, and re-arms its timer.
    func service(_ index: Int32) {
        let node = nodes[Int(index)]
        node.needsService = false
        guard let endpoint = node.endpoint else { return }
        var idle = false
        while !idle {
            idle = true
            while let transmit = endpoint.pollTransmit(now: now) {
                send(transmit, from: index)
                idle = false
            }
            while let event = endpoint.pollEvent() {
                if event.isLifecycle { node.eventLog.append(event) }
                recordSessionEvent(event, node: index)
                if let bound = sessionFlows[event.sessionID] {
                    for flow in bound { flows[flow].handle(event, node: Int(index), self) }
                }
                idle = false
            }
        }
        if let t = endpoint.nextTimeout()?.nanoseconds, node.armedTimer.map({ t < $0 }) ?? true {
            node.armedTimer = max(t, now.nanoseconds)
            events.schedule(at: max(t, now.nanoseconds), .endpointTimer, target: index)
        }
    }

    /// A command changed a node's endpoint outside event handling: service it now.
    public func serviceNode(_ node: Int) { service(Int32(node)) }

    private func recordSessionEvent(_ event: EndpointEvent, node: Int32) {
        let label: String
        switch event {
        case .sessionEstablished(let id, _, _, let role):
            label = "established \(id) \(role) @\(node)"
            if let keyLogSink, let keys = nodes[Int(node)].endpoint?.trafficKeys(for: id) { keyLogSink(id, keys) }
        case .sessionFailed(let id, _, let failure): label = "failed \(id) \(failure) @\(node)"
        case .sessionClosed(let id, let reason): label = "closed \(id) \(reason) @\(node)"
        default: return
        }
        fingerprintState.add(event: label, at: now.nanoseconds)
    }

    func trace(_ fate: PacketFate, packet: Int32, node: Int32, link: Int32 = -1, reason: NetworkDropReason? = nil) {
        let p = packets[packet]
        let record = TraceRecord(
            timeNanoseconds: now.nanoseconds, fate: fate, packet: p.id, node: node, link: link,
            bytes: Int32(p.payload.count + LinkParameters.ipUDPOverhead), reason: reason)
        fingerprintState.add(record)
        traceSink?(record)
    }
}

/// Why a run stopped early.
public enum SimulationError: Error, CustomStringConvertible {
    case stepLimit(Int, STTInstant)
    public var description: String {
        switch self {
        case .stepLimit(let n, let t): return "stopped after \(n) events at \(t): step limit reached (livelock?)"
        }
    }
}

/// A node: an STT endpoint or a router.
final class SimNode {
    enum Kind { case endpoint, router }
    let index: Int32
    let name: String
    let kind: Kind
    let address: STTAddress
    var identity: NodeIdentity?
    var secret: SharedSecret?
    var configuration = EndpointConfiguration()
    var endpoint: STTEndpoint?
    var incarnation = 0
    var crashed = false
    var armedTimer: Int64?
    var needsService = false
    var eventLog: [EndpointEvent] = []
    /// Flows that start or end here, by index.
    var flows: [Int] = []

    init(index: Int32, name: String, kind: Kind, address: STTAddress) {
        self.index = index
        self.name = name
        self.kind = kind
        self.address = address
    }
}

/// A packet in flight, by index; indices are reused once a packet is delivered or dropped.
struct SimPacket {
    var id: UInt64
    var source: Int32
    var destination: Int32
    var from: STTAddress
    var to: STTAddress
    var payload: [UInt8]
    /// When it entered the current link direction (for delay statistics).
    var enteredLinkAt: Int64 = 0
}

struct PacketPool {
    private var slots: [SimPacket] = []
    private var free: [Int32] = []

    mutating func add(_ p: SimPacket) -> Int32 {
        if let i = free.popLast() {
            slots[Int(i)] = p
            return i
        }
        slots.append(p)
        return Int32(slots.count - 1)
    }

    mutating func release(_ i: Int32) {
        slots[Int(i)].payload = []
        free.append(i)
    }

    subscript(i: Int32) -> SimPacket {
        get { slots[Int(i)] }
        _modify { yield &slots[Int(i)] }
    }

    /// Slots in use (peak memory is bounded by the packets in flight).
    var inUse: Int { slots.count - free.count }
}
