import STTCore
import STTPcap
import STTSim

/// Writes a run's pcap file(s) and key log as the simulation goes: a thin tap on
/// `Simulation.captureSink` and `keyLogSink`. Files are created before the run (a bad path fails
/// then); a write that fails later stops that file and is reported when the capture closes.
public final class ScenarioCapture {
    public let settings: CaptureSettings
    private var writers: [PcapWriter] = []
    private var writerNodes: [String?] = []  // per writer: the node it belongs to (per-node files)
    /// Per simulation node: index into `writers`, or -1 when the node is not captured.
    private var writerOfNode: [Int]
    private let keyLog: KeyLogWriter?
    private let captureTx: Bool
    private let captureRx: Bool
    private var closed = false
    private var errors: [PcapError] = []

    /// Opens every file the settings name. Throws on the first that cannot be created (the
    /// ones already opened are closed and left empty).
    public init(_ settings: CaptureSettings, scenario: Scenario) throws(PcapError) {
        self.settings = settings
        captureTx = settings.direction != .rx
        captureRx = settings.direction != .tx
        writerOfNode = Array(repeating: -1, count: scenario.nodes.count)
        let captured = settings.nodes ?? scenario.nodes.indices.filter { scenario.nodes[$0].kind == .endpoint }
        var opened: [PcapWriter] = []
        do {
            if let file = settings.file {
                if settings.perNode {
                    for n in captured {
                        let name = scenario.nodes[n].id
                        writerOfNode[n] = opened.count
                        opened.append(
                            try PcapWriter(
                                path: CaptureSettings.perNodePath(file, node: name), snapLength: settings.snapLength))
                        writerNodes.append(name)
                    }
                } else {
                    opened.append(try PcapWriter(path: file, snapLength: settings.snapLength))
                    writerNodes.append(nil)
                    for n in captured { writerOfNode[n] = 0 }
                }
            }
            keyLog = try settings.keylog.map { path throws(PcapError) in try KeyLogWriter(path: path) }
        } catch {
            for w in opened { try? w.close() }
            throw error
        }
        writers = opened
    }

    /// Starts writing what `simulation` emits and delivers, and the keys of its sessions.
    /// Timestamps are `epochNanoseconds` (Unix time) plus simulated time: the fixed epoch in
    /// the simulator, the wall-clock start in real-socket mode.
    public func attach(
        to simulation: Simulation, epochNanoseconds: Int64 = CaptureSettings.epochUnixSeconds * 1_000_000_000
    ) {
        if !writers.isEmpty {
            let epoch = epochNanoseconds
            simulation.captureSink = { [self] d in
                guard d.direction == .tx ? captureTx : captureRx else { return }
                let w = writerOfNode[d.node]
                guard w >= 0 else { return }
                writers[w].writeUDP(
                    unixNanoseconds: epoch + d.timeNanoseconds, source: d.source,
                    destination: d.destination, payload: d.payload)
            }
        }
        if let keyLog { simulation.keyLogSink = { keyLog.log($0, $1) } }
    }

    /// Flushes and closes every file; returns the failures (empty when all went well).
    @discardableResult
    public func close() -> [PcapError] {
        guard !closed else { return errors }
        closed = true
        for w in writers { do { try w.close() } catch { errors.append(error) } }
        if let keyLog { do { try keyLog.close() } catch { errors.append(error) } }
        return errors
    }

    /// What was written, for the report.
    public var summary: ScenarioReport.Capture {
        ScenarioReport.Capture(
            files: zip(writers, writerNodes).map { .init(path: $0.path, node: $1, records: $0.records) },
            keylog: keyLog.map { .init(path: $0.path, sessions: $0.sessions) },
            direction: settings.direction.rawValue, snapLength: settings.snapLength,
            errors: (closed ? errors : writers.compactMap(\.failure) + (keyLog?.failure.map { [$0] } ?? [])).map(
                \.description))
    }
}
