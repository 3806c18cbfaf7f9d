import STTCore

/// Traffic between endpoints: a sender application on `from` and a receiver application on
/// each peer. The applications act on their own nodes; the flow keeps what they measure and
/// reports it. A new kind of traffic is one subclass with its two applications.
public class Flow {
    public let id: Int
    public let from: Int
    /// The first peer (every peer: `peers`).
    public let to: Int
    /// The nodes that receive.
    public let peers: [Int]
    /// When the sender is first woken.
    public let start: STTInstant

    init(id: Int, from: Int, peers: [Int], start: STTInstant) {
        self.id = id
        self.from = from
        self.to = peers[0]
        self.peers = peers
        self.start = start
    }

    /// `bounded`, `live`, `messages` or `hello-flood`.
    var kind: String { preconditionFailure("every flow names its kind") }
    /// The application on `from`: woken at `start`, and by its own wake-ups.
    var sender: any Application { preconditionFailure("every flow has a sender") }
    /// The application on each peer, in `peers` order.
    var receivers: [any Application] { preconditionFailure("every flow has receivers") }
    /// Cheap: whether the flow has finished (for stop conditions checked after every event).
    public var isDone: Bool { false }
    /// What the flow measured so far.
    func statistics(_ view: FlowReportContext) -> FlowStatistics { preconditionFailure("every flow reports") }

    func report(_ view: FlowReportContext) -> FlowReport {
        FlowReport(id: id, kind: kind, from: from, to: peers, statistics: statistics(view))
    }
}
