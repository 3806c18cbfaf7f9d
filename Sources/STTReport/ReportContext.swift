import STTCharts
import STTCore
import STTSim

/// What a report says besides the observed series: where the run came from, the scenario's
/// drawing and timed events, the expectations, and which sessions belong to which flow.
public struct ReportContext: Sendable {
    /// A flow of the scenario and the sessions it opened (on `node`, its sender).
    public struct Flow: Sendable {
        public var label: String
        public var node: Int
        public var sessions: [SessionID]
        /// One line of figures (goodput, completion, retransmissions).
        public var summary: String
        /// The record latency distribution (live and messages flows), empty otherwise.
        public var latency: [LatencyPoint]

        public init(label: String, node: Int, sessions: [SessionID], summary: String, latency: [LatencyPoint] = []) {
            self.label = label
            self.node = node
            self.sessions = sessions
            self.summary = summary
            self.latency = latency
        }
    }

    public struct Expectation: Sendable {
        public var description: String
        public var passed: Bool
        public var detail: String
        public init(description: String, passed: Bool, detail: String) {
            self.description = description
            self.passed = passed
            self.detail = detail
        }
    }

    public var title: String
    /// Where the data comes from: "simulated run", "real UDP sockets", "capture FILE".
    public var source: String
    /// Key facts in order: seed, fingerprint, replay command, durations.
    public var facts: [(String, String)]
    public var topology: TopologyDiagram?
    /// Scenario events: (seconds, what happens).
    public var timedEvents: [(Double, String)]
    public var expectations: [Expectation]
    public var flows: [Flow]
    public var nodeNames: [String]
    /// Said at the top: what this report cannot show and why.
    public var notes: [String]

    public init(title: String, source: String, nodeNames: [String]) {
        self.title = title
        self.source = source
        self.nodeNames = nodeNames
        facts = []
        topology = nil
        timedEvents = []
        expectations = []
        flows = []
        notes = []
    }

    func name(of node: Int) -> String { nodeNames.indices.contains(node) ? nodeNames[node] : "node \(node)" }
}
