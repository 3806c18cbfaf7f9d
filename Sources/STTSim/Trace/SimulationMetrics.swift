import STTCore

/// Everything measured in a run, for reports.
public struct SimulationMetrics: Sendable {
    /// One link direction: its counters and the one-way delay of what it delivered.
    public struct Direction: Sendable {
        public let id: LinkDirectionID
        public let from: Int
        public let to: Int
        public let statistics: LinkDirectionStatistics
        /// Nil when nothing was delivered.
        public let delay: LatencySummary?
        /// How long packets waited in the queue before serialisation (nil when none was sent).
        public let queueDelay: LatencySummary?
    }

    public struct Link: Sendable {
        public let id: Int
        public let name: String
        /// a→b, then b→a.
        public let forward: Direction
        public let reverse: Direction
    }

    public struct Session: Sendable {
        public let node: String
        public let info: SessionInfo
    }

    /// One running endpoint's counters (since it last started).
    public struct Endpoint: Sendable {
        public let node: Int
        public let drops: DropCounters
        public let statistics: EndpointStatistics
    }

    public let simulated: STTInstant
    public let events: Int
    public let fingerprint: String
    public let links: [Link]
    /// Every session every endpoint still holds, node by node in creation order.
    public let sessions: [Session]
    /// Every flow's report (bounded, live, messages), in the order they were added.
    public let flows: [FlowReport]
    /// How every handshake ended, as its initiator saw it, in the order they ended.
    public let sessionOutcomes: [SessionOutcome]
    /// Every running endpoint, in node order.
    public let endpoints: [Endpoint]
    /// Packets each node dropped because no link leads to their destination, by node index.
    public var noRouteDrops: [Int] = []
}
