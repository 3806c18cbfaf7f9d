import STTCore

/// An endpoint node: its identity and configuration, the sans-IO endpoint, the endpoint's
/// timer, and the service loop that moves the endpoint's output into the network and its
/// events to the applications bound to each session. Every change to the endpoint is
/// serviced: inside the loop by the loop itself, outside it (an application's wake-up, a
/// command) before anything else is scheduled.
final class Host {
    /// An application that hears a session's events on this host.
    struct Binding {
        let flowID: Int
        let application: any Application
    }

    let node: Int32
    let name: String
    let address: STTAddress
    let configuration: EndpointConfiguration
    private let identity: NodeIdentity
    private let secret: SharedSecret
    private let seed: UInt64
    private let randomness: ((Int, Int) -> any RandomNumberGenerator)?
    /// nil while crashed.
    private(set) var endpoint: STTEndpoint?
    private var incarnation = 0
    private var armedTimer: Int64?
    /// The endpoint was touched outside the service loop: service it before scheduling more.
    var needsService = false
    private(set) var isServicing = false
    /// Session and stream lifecycle events, in order (per-packet events are not kept).
    private(set) var eventLog: [EndpointEvent] = []
    /// When each event of `eventLog` happened, and its place in the run's order of events.
    private(set) var eventTimes: [(time: STTInstant, order: Int)] = []
    /// Applications bound to each session (looked up, never iterated).
    private var bound: [SessionID: [Binding]] = [:]
    /// Applications that run here, in the order they were added (told when the host crashes).
    private var residents: [Binding] = []
    /// Real-socket mode: delivered datagrams go through this relay instead of straight in.
    var relay: DatagramRelay?
    /// An attacker application takes this node's incoming datagrams instead of its endpoint.
    var interceptor: ((_ payload: [UInt8], _ source: STTAddress) -> Void)?
    // The network owns its hosts, so a host may not own the network; both live as long as the
    // simulation, which owns the network.
    unowned(unsafe) let network: Network
    let scheduler: EventScheduler
    let recorder: Recorder

    init(
        node: Int32, name: String, address: STTAddress, identity: NodeIdentity, secret: SharedSecret,
        configuration: EndpointConfiguration, seed: UInt64, randomness: ((Int, Int) -> any RandomNumberGenerator)?,
        network: Network, scheduler: EventScheduler, recorder: Recorder
    ) {
        self.randomness = randomness
        self.node = node
        self.name = name
        self.address = address
        self.identity = identity
        self.secret = secret
        self.configuration = configuration
        self.seed = seed
        self.network = network
        self.scheduler = scheduler
        self.recorder = recorder
        endpoint = makeEndpoint()
        attachTransportSink()
    }

    /// Points the endpoint's transport events at the recorder's sink (or turns them off).
    func attachTransportSink() {
        guard let endpoint else { return }
        if let sink = recorder.transportSink {
            let node = Int(self.node)
            endpoint.transportEventSink = { sink(node, $0) }
        } else {
            endpoint.transportEventSink = nil
        }
    }

    /// A fresh generator per incarnation: a restarted node does not replay its randomness.
    private func makeEndpoint() -> STTEndpoint {
        let stream = UInt64(UInt32(bitPattern: node)) | UInt64(incarnation) << 40
        let random = randomness?(Int(node), incarnation) ?? Xoshiro256StarStar(seed: seed, streamID: stream)
        return STTEndpoint(identity: identity, sharedSecret: secret, configuration: configuration, random: random)
    }

    // MARK: Applications

    func addResident(_ binding: Binding) { residents.append(binding) }

    /// From now on `binding` hears the events of `session` here. Several applications on one
    /// session hear them in the order their flows were added.
    func bind(_ binding: Binding, to session: SessionID) {
        var list = bound[session, default: []]
        guard !list.contains(where: { $0.flowID == binding.flowID && $0.application === binding.application })
        else { return }
        list.append(binding)
        list.sort { $0.flowID < $1.flowID }
        bound[session] = list
    }

    func context(for flowID: Int) -> ApplicationContext {
        ApplicationContext(host: self, flowID: flowID)
    }

    // MARK: The service loop

    /// Moves the endpoint's datagrams into the network and its events to the applications
    /// until it has nothing more, then re-arms its timer.
    func service() {
        needsService = false
        guard let endpoint else { return }
        isServicing = true
        var idle = false
        while !idle {
            idle = true
            while let transmit = endpoint.pollTransmit(now: scheduler.now) {
                network.send(transmit, from: node)
                idle = false
            }
            while let event = endpoint.pollEvent() {
                if event.isLifecycle {
                    eventLog.append(event)
                    eventTimes.append((scheduler.now, recorder.nextEventOrder()))
                    if let sink = recorder.transportSink {
                        sink(
                            Int(node),
                            TransportEvent(time: scheduler.now, session: event.sessionID, kind: .lifecycle(event)))
                    }
                }
                record(event, endpoint)
                if let bindings = bound[event.sessionID] {
                    for b in bindings { b.application.handle(event, context(for: b.flowID)) }
                }
                idle = false
            }
        }
        isServicing = false
        needsService = false
        let now = scheduler.now.nanoseconds
        if let t = endpoint.nextTimeout()?.nanoseconds, armedTimer.map({ t < $0 }) ?? true {
            armedTimer = max(t, now)
            scheduler.schedule(at: max(t, now), .endpointTimer, target: node)
        }
    }

    /// The endpoint timer armed for `time` fired (an earlier arming that was superseded does
    /// nothing).
    func timerFired(at time: Int64) {
        guard armedTimer == time, let endpoint else { return }
        armedTimer = nil
        endpoint.handleTimeout(now: scheduler.now)
        service()
    }

    /// A datagram reaches the endpoint now (captured as `rx`).
    func receive(_ payload: [UInt8], from source: STTAddress) {
        guard let endpoint else { return }
        if let sink = recorder.captureSink {
            sink(
                CapturedDatagram(
                    timeNanoseconds: scheduler.now.nanoseconds, node: Int(node), direction: .rx, source: source,
                    destination: address, payload: payload))
        }
        if let interceptor {
            interceptor(payload, source)
            return
        }
        endpoint.handle(datagram: payload, from: source, now: scheduler.now)
        service()
    }

    /// Session events go into the fingerprint; initiators' outcomes into the record.
    private func record(_ event: EndpointEvent, _ endpoint: STTEndpoint) {
        let label: String
        switch event {
        case .sessionEstablished(let id, _, let peerAddress, let role):
            label = "established \(id) \(role) @\(node)"
            if let sink = recorder.keyLogSink, let keys = endpoint.trafficKeys(for: id) { sink(id, keys) }
            if role == .initiator { recordOutcome(id, peerAddress, .established) }
        case .sessionFailed(let id, let peerAddress, let failure, let role):
            label = "failed \(id) \(failure) @\(node)"
            if role == .initiator { recordOutcome(id, peerAddress, .failed(failure)) }
        case .sessionClosed(let id, let reason):
            label = "closed \(id) \(reason) @\(node)"
        default:
            return
        }
        recorder.note(label, at: scheduler.now)
    }

    private func recordOutcome(_ id: SessionID, _ peer: STTAddress, _ result: SessionOutcome.Result) {
        recorder.recordOutcome(
            SessionOutcome(
                initiator: Int(node), responder: network.node(at: peer), responderAddress: peer, session: id,
                result: result, time: scheduler.now))
    }

    // MARK: Faults

    /// The endpoint and all its state are gone; the applications here are told.
    func crash() {
        endpoint = nil
        armedTimer = nil
    }

    func notifyCrash() {
        for b in residents { b.application.hostCrashed(context(for: b.flowID)) }
    }

    /// A fresh endpoint with the same seeds: sessions must be established again.
    func restart() {
        incarnation += 1
        endpoint = makeEndpoint()
        attachTransportSink()
    }
}
