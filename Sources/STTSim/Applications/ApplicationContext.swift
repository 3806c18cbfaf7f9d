import STTCore

/// What an application may touch: its host's endpoint, the time, its own wake-ups, and the
/// run's record. Changes made through `endpoint` are serviced by the host (datagrams sent,
/// events delivered, timer re-armed) without the application asking.
public struct ApplicationContext {
    private let host: Host
    private let flowID: Int

    init(host: Host, flowID: Int) {
        self.host = host
        self.flowID = flowID
    }

    private var network: Network { host.network }
    private var scheduler: EventScheduler { host.scheduler }
    private var recorder: Recorder { host.recorder }

    /// Simulated time.
    public var now: STTInstant { scheduler.now }

    /// The node this application runs on.
    public var node: Int { Int(host.node) }

    /// Whether the host runs (its endpoint exists): false while it is crashed.
    public var isHostUp: Bool { host.endpoint != nil }

    /// The host's endpoint, nil while the host is crashed. Whatever is done to it is serviced
    /// after this callback, or before the next wake-up is scheduled.
    public var endpoint: STTEndpoint? {
        host.needsService = true
        return host.endpoint
    }

    /// Wakes the flow's sender at `time` (not before now). Pending endpoint changes are serviced
    /// first, so their datagrams and timers come before the wake-up at equal times.
    public func wake(at time: STTInstant) {
        if host.needsService, !host.isServicing { host.service() }
        scheduler.schedule(at: max(time, scheduler.now).nanoseconds, .flowWake, target: Int32(flowID))
    }

    /// Opens a session from this host to `peer` and binds this application to it here and
    /// `receiver` on the peer: from then on each hears that session's events (and only those)
    /// on its own node. Nil while the host is crashed.
    public func connect(to peer: Int, binding application: any Application, receiver: (any Application)?)
        -> SessionID?
    {
        guard let endpoint else { return nil }
        let id = endpoint.connect(to: network.addresses[peer], now: scheduler.now)
        host.bind(Host.Binding(flowID: flowID, application: application), to: id)
        host.recorder.flowSessions.append(FlowSession(flow: flowID, node: Int(host.node), session: id, peer: peer))
        if let receiver, let peerHost = network.hosts[peer] {
            peerHost.bind(Host.Binding(flowID: flowID, application: receiver), to: id)
        }
        return id
    }

    /// The address of `node`.
    public func address(of node: Int) -> STTAddress { network.addresses[node] }

    /// Sends raw bytes from this node to `peer`, past the endpoint (an attacker's datagrams).
    public func sendRaw(_ payload: [UInt8], to peer: Int) {
        network.send(Transmit(destination: network.addresses[peer], payload: payload), from: host.node)
    }

    /// From now on this node's incoming datagrams go to `handler`, not to its endpoint.
    public func intercept(_ handler: @escaping (_ payload: [UInt8], _ source: STTAddress) -> Void) {
        host.interceptor = handler
    }

    /// The flow finished (counts toward `Simulation.allFlowsDone`; recorded in the fingerprint).
    public func flowDone() {
        recorder.flowsDone += 1
        recorder.note("flow \(flowID) done", at: scheduler.now)
    }

    /// A bounded flow's data arrived intact: recorded in the fingerprint with its digest.
    public func flowCompleted(digest: String) {
        recorder.note("flow \(flowID) complete \(digest)", at: scheduler.now)
    }
}
