import STTCore
import STTSim

/// The result of running a scenario; `--json` prints it. Flow and link figures are the
/// simulator's own `Codable` values, embedded as they are (their fields sit beside the flow's or
/// link direction's names).
public struct ScenarioReport: Codable, Sendable {
    public struct Flow: Codable, Sendable {
        public let id: String
        public let kind: String
        public let from: String
        /// The receivers' ids, comma-separated.
        public let to: String
        public let statistics: FlowStatistics

        private enum CodingKeys: String, CodingKey { case id, kind, from, to }

        public init(id: String, kind: String, from: String, to: String, statistics: FlowStatistics) {
            self.id = id
            self.kind = kind
            self.from = from
            self.to = to
            self.statistics = statistics
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            kind = try c.decode(String.self, forKey: .kind)
            from = try c.decode(String.self, forKey: .from)
            to = try c.decode(String.self, forKey: .to)
            statistics = try FlowStatistics(from: decoder)
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(kind, forKey: .kind)
            try c.encode(from, forKey: .from)
            try c.encode(to, forKey: .to)
            try statistics.encode(to: encoder)
        }
    }

    /// One link direction.
    public struct Link: Codable, Sendable {
        public let id: String
        /// `a>b` with the nodes' ids.
        public let direction: String
        public let statistics: LinkDirectionStatistics
        /// One-way delay of delivered packets, seconds (nil when none was delivered).
        public let delayP50Seconds: Double?
        public let delayP99Seconds: Double?
        /// Time packets waited in the queue before serialisation, seconds (nil when none was sent).
        public let queueDelayP50Seconds: Double?
        public let queueDelayP99Seconds: Double?

        private enum CodingKeys: String, CodingKey {
            case id, direction, delayP50Seconds, delayP99Seconds, queueDelayP50Seconds, queueDelayP99Seconds
        }

        public init(
            id: String, direction: String, statistics: LinkDirectionStatistics, delay: LatencySummary?,
            queueDelay: LatencySummary? = nil
        ) {
            self.id = id
            self.direction = direction
            self.statistics = statistics
            delayP50Seconds = delay.map { Double($0.p50) / 1e9 }
            delayP99Seconds = delay.map { Double($0.p99) / 1e9 }
            queueDelayP50Seconds = queueDelay.map { Double($0.p50) / 1e9 }
            queueDelayP99Seconds = queueDelay.map { Double($0.p99) / 1e9 }
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            direction = try c.decode(String.self, forKey: .direction)
            delayP50Seconds = try c.decodeIfPresent(Double.self, forKey: .delayP50Seconds)
            delayP99Seconds = try c.decodeIfPresent(Double.self, forKey: .delayP99Seconds)
            queueDelayP50Seconds = try c.decodeIfPresent(Double.self, forKey: .queueDelayP50Seconds)
            queueDelayP99Seconds = try c.decodeIfPresent(Double.self, forKey: .queueDelayP99Seconds)
            statistics = try LinkDirectionStatistics(from: decoder)
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(direction, forKey: .direction)
            try c.encodeIfPresent(delayP50Seconds, forKey: .delayP50Seconds)
            try c.encodeIfPresent(delayP99Seconds, forKey: .delayP99Seconds)
            try c.encodeIfPresent(queueDelayP50Seconds, forKey: .queueDelayP50Seconds)
            try c.encodeIfPresent(queueDelayP99Seconds, forKey: .queueDelayP99Seconds)
            try statistics.encode(to: encoder)
        }
    }

    /// How one handshake ended, by its initiator and responder.
    public struct Session: Codable, Sendable {
        public let from: String
        public let to: String
        public let established: Bool
        /// `authentication-failed`, `unsupported-suite`, `timeout` or `peer-identity-mismatch`.
        public let failure: String?
    }

    /// A node that turned handshakes away or reclaimed idle sessions for room.
    public struct Refusal: Codable, Sendable {
        public let node: String
        /// Hellos dropped because the session table was full of busy sessions.
        public let sessionLimit: Int
        /// Hellos dropped because too many handshakes were half-open.
        public let handshakeBacklogFull: Int
        /// Idle sessions closed to make room.
        public let reclaimed: Int
    }

    public struct Expectation: Codable, Sendable {
        public let description: String
        public let passed: Bool
        public let detail: String
    }

    public let scenario: String
    public let seed: UInt64
    public let fingerprint: String
    public let simulatedSeconds: Double
    public let wallSeconds: Double
    public let events: Int
    public let flows: [Flow]
    public let links: [Link]
    public let sessions: [Session]
    /// Nodes that refused handshakes or reclaimed sessions (only those).
    public var refusals: [Refusal] = []
    /// Nodes that dropped packets no link could carry toward their destination (only those;
    /// absent when none did).
    public var noRoute: [NoRoute]?

    public struct NoRoute: Codable, Sendable {
        public let node: String
        public let packets: Int
    }
    public let expectations: [Expectation]
    /// Present when the run captured packets or keys.
    public var capture: CaptureSummary?
    /// "sim" (the deterministic simulator) or "udp" (real loopback sockets, wall clock).
    public var transport: String = "sim"

    /// Every expectation held.
    public var passed: Bool { expectations.allSatisfy(\.passed) }
}
