import STTCore

/// What a run captures to pcap, from a scenario's `capture` object and/or the command line
/// (`--pcap`, `--keylog`, `--pcap-nodes`, `--pcap-direction`, `--pcap-per-node`, `--snaplen`).
public struct CaptureSettings: Sendable, Equatable {
    /// The pcap file; nil: no capture (settings kept for a later `--pcap`).
    public var file: String?
    /// The key log file (one line per session with its packet keys); nil: none.
    public var keylog: String?
    /// Node indexes to capture on; nil: every endpoint.
    public var nodes: [Int]?
    /// Datagrams a node emits (the default: every packet once, drops visible by their absence
    /// downstream), datagrams delivered to it, or both.
    public var direction: CaptureDirection = .tx
    /// One file per node, named `<file without .pcap>-<node id>.pcap`.
    public var perNode = false
    /// Bytes kept per packet, IP and UDP headers included.
    public var snapLength = 65_535

    public init() {}

    /// The nodes captured, with their ids: those named, or every endpoint.
    public func capturedNodes(in scenario: Scenario) -> [(index: Int, name: String)] {
        let captured = nodes ?? scenario.nodes.indices.filter { scenario.nodes[$0].kind == .endpoint }
        return captured.map { ($0, scenario.nodes[$0].id) }
    }

    /// Whether anything will be written.
    public var isActive: Bool { file != nil || keylog != nil }

    /// Captured datagrams are stamped with this Unix time plus the simulated time, so that the
    /// same seed gives a byte-identical file: 2026-01-01T00:00:00Z.
    public static let epochUnixSeconds: Int64 = 1_767_225_600
}
