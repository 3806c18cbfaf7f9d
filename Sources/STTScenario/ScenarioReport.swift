/// The result of running a scenario; `--json` prints it with these field names.
public struct ScenarioReport: Codable, Sendable {
    public struct Latency: Codable, Sendable {
        public let p50: Double
        public let p99: Double
        public let max: Double
    }
    public struct Flow: Codable, Sendable {
        public let id: String
        public let kind: String
        public let from: String
        public let to: String
        public let bytesOffered: Int
        public let bytesDelivered: Int
        public let complete: Bool
        public let intact: Bool
        public let completionSeconds: Double?
        public let goodputBitsPerSecond: Double
        public let retransmittedSegments: Int
        public let outOfOrderSegments: Int
        public let skippedSegments: Int
        public let attempts: Int
        /// Seconds, for live and messages flows.
        public let latency: Latency?
        /// SHA-256 of a completed bounded flow's data (what `stt-sim analyze --keylog` verifies).
        public var sha256: String? = nil
    }
    public struct Dropped: Codable, Sendable {
        public let loss: Int
        public let queue: Int
        public let down: Int
        public let mtu: Int
        public let partition: Int
        public let crash: Int
        public let noRoute: Int
    }
    public struct Link: Codable, Sendable {
        public let id: String
        public let direction: String
        public let packets: Int
        public let bytes: Int
        public let delivered: Int
        public let dropped: Dropped
        public let duplicated: Int
        public let corrupted: Int
        public let reordered: Int
        public let peakQueuePackets: Int
        public let delayP50Seconds: Double?
        public let delayP99Seconds: Double?
    }
    public struct Session: Codable, Sendable {
        public let from: String
        public let to: String
        public let established: Bool
        public let failure: String?
    }
    /// What `--pcap`/`--keylog` (or the scenario's `capture`) wrote.
    public struct Capture: Codable, Sendable {
        public struct File: Codable, Sendable {
            public let path: String
            /// The node, for per-node files.
            public let node: String?
            /// Packets written.
            public let records: Int
        }
        public struct KeyLogFile: Codable, Sendable {
            public let path: String
            public let sessions: Int
        }
        public let files: [File]
        public let keylog: KeyLogFile?
        public let direction: String
        public let snapLength: Int
        /// Write failures (disk full, ...): the files stop at the failure.
        public let errors: [String]
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
    public let expectations: [Expectation]
    /// Present when the run captured packets or keys.
    public var capture: Capture?
    /// "sim" (the deterministic simulator) or "udp" (real loopback sockets, wall clock).
    public var transport: String = "sim"

    /// Every expectation held.
    public var passed: Bool { expectations.allSatisfy(\.passed) }
}
