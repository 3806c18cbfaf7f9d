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
}

extension Simulation {
    /// Wakes `flow` at `time`.
    func wake(_ flow: Flow, at time: STTInstant) {
        events.schedule(at: max(time, now).nanoseconds, .flowWake, target: Int32(flow.id))
    }

    func register(_ flow: Flow) {
        flows.append(flow)
        nodes[flow.from].flows.append(flow.id)
        if flow.to != flow.from { nodes[flow.to].flows.append(flow.id) }
    }
}
