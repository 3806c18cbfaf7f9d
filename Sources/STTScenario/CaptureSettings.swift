import STTSim

/// What a run captures to pcap, from a scenario's `capture` object and/or the command line
/// (`--pcap`, `--keylog`, `--pcap-nodes`, `--pcap-direction`, `--pcap-per-node`, `--snaplen`).
public struct CaptureSettings: Sendable, Equatable {
    public enum Direction: String, Sendable, CaseIterable {
        /// Datagrams a node emits (the default: every packet once, drops visible by their absence downstream).
        case tx
        /// Datagrams delivered to a node's endpoint.
        case rx
        case both
    }

    /// The pcap file; nil: no capture (settings kept for a later `--pcap`).
    public var file: String?
    /// The key log file (one line per session with its packet keys); nil: none.
    public var keylog: String?
    /// Node indexes to capture on; nil: every endpoint.
    public var nodes: [Int]?
    public var direction: Direction = .tx
    /// One file per node, named `<file without .pcap>-<node id>.pcap`.
    public var perNode = false
    /// Bytes kept per packet, IP and UDP headers included.
    public var snapLength = 65_535

    public init() {}

    /// Whether anything will be written.
    public var isActive: Bool { file != nil || keylog != nil }

    /// The per-node file name for `node`, from `file`.
    public static func perNodePath(_ file: String, node: String) -> String {
        let stem = file.hasSuffix(".pcap") ? String(file.dropLast(5)) : file
        return "\(stem)-\(node).pcap"
    }

    /// Captured datagrams are stamped with this Unix time plus the simulated time, so that the
    /// same seed gives a byte-identical file: 2026-01-01T00:00:00Z.
    public static let epochUnixSeconds: Int64 = 1_767_225_600
}

extension Scenario {
    static let captureFields = ["file", "keylog", "nodes", "direction", "perNode", "snapLength"]

    static func parseCapture(_ value: JSONValue?, _ r: ScenarioReader, node: (JSONValue?, String) -> Int?)
        -> CaptureSettings?
    {
        guard let value, r.object(value, "capture", allowed: captureFields) != nil else { return nil }
        var c = CaptureSettings()
        c.file = r.string(value["file"], "capture.file")
        if c.file?.isEmpty == true { r.problem("capture.file", "must not be empty") }
        c.keylog = r.string(value["keylog"], "capture.keylog")
        if c.keylog?.isEmpty == true { r.problem("capture.keylog", "must not be empty") }
        if let list = r.array(value["nodes"], "capture.nodes") {
            if list.isEmpty {
                r.problem("capture.nodes", "must name at least one node (leave it out to capture on every endpoint)")
            }
            c.nodes = list.enumerated().compactMap { node($0.element, r.index("capture.nodes", $0.offset)) }
        }
        if let d = r.string(value["direction"], "capture.direction") {
            if let direction = CaptureSettings.Direction(rawValue: d) {
                c.direction = direction
            } else {
                r.problem("capture.direction", "must be one of: tx, rx, both (got \"\(d)\")")
            }
        }
        c.perNode = r.bool(value["perNode"], "capture.perNode") ?? false
        c.snapLength = r.size(value["snapLength"], "capture.snapLength", in: 60...262_144) ?? 65_535
        return c
    }
}
