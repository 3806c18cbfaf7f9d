import STTCore

/// Application traffic between two endpoints in a simulation. Subclasses react to endpoint
/// events and to their own wake-ups; they never read a clock.
public class Flow {
    public let id: Int
    public let from: Int
    public let to: Int

    init(id: Int, from: Int, to: Int) {
        self.id = id
        self.from = from
        self.to = to
    }

    func handle(_ event: EndpointEvent, node: Int, _ sim: Simulation) {}
    func wake(_ sim: Simulation) {}
    /// One of the flow's nodes crashed.
    func nodeCrashed(_ node: Int, _ sim: Simulation) {}
    /// Cheap: whether the flow has finished (for stop conditions checked after every event).
    public var isDone: Bool { false }
    /// What the flow measured so far.
    func report(_ sim: Simulation) -> FlowReport { preconditionFailure("every flow reports") }
}

extension Simulation {
    /// Wakes `flow` at `time`.
    func wake(_ flow: Flow, at time: STTInstant) {
        events.schedule(at: max(time, now).nanoseconds, .flowWake, target: Int32(flow.id))
    }

    func register(_ flow: Flow, peers: [Int]? = nil) {
        flows.append(flow)
        nodes[flow.from].flows.append(flow.id)
        for peer in peers ?? [flow.to] where peer != flow.from { nodes[peer].flows.append(flow.id) }
    }

    /// Opens a session for `flow` from `endpoint` to node `peer`. The flow hears the session's
    /// events (and only those) from then on, on both nodes: a server with thousands of sessions
    /// costs one lookup per event, not one call per flow.
    func connect(_ flow: Flow, _ endpoint: STTEndpoint, to peer: Int) -> SessionID {
        let id = endpoint.connect(to: address(of: peer), now: now)
        var bound = sessionFlows[id, default: []]
        if !bound.contains(flow.id) {
            bound.append(flow.id)
            bound.sort()  // several flows on one session hear its events in the order they were added
        }
        sessionFlows[id] = bound
        return id
    }

    /// Whether every flow has finished (O(1): checked after every event).
    public var allFlowsDone: Bool { flowsDone == flows.count }

    /// A flow reports that it finished (once).
    func flowDone(_ flow: Flow) {
        flowsDone += 1
        fingerprintState.add(event: "flow \(flow.id) done", at: now.nanoseconds)
    }

    /// Reports of every flow, in the order they were added.
    public func flowReports() -> [FlowReport] { flows.map { $0.report(self) } }
}
