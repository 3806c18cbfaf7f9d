import Foundation
import STTCore

/// ns-3 3.37's TCP (NewReno, CUBIC, BBR) on the matrix's paths, through `Tools/ns3/cc-anchor`
/// (built by `Tools/ns3/build.sh` into `$NS3_ANCHOR_OUT` or `/tmp/ns3-anchor`). The runs go on a
/// background thread, one process at a time, while the simulator measures the same paths.
final class NS3CongestionAnchor: @unchecked Sendable {
    static let variants: [(label: String, tcp: String)] = [
        ("bbr", "ns3::TcpBbr"), ("cubic", "ns3::TcpCubic"), ("newreno", "ns3::TcpNewReno"),
    ]
    /// TCP payload per 1502-byte PPP frame (1448-byte segments with timestamps).
    static let segmentSize = 1_448
    static let frameSize = 1_502

    let seeds: [UInt64]
    private let lock = NSCondition()
    private var results: [String: [CongestionMeasurement]] = [:]  // lookup only
    private var finished: Set<String> = []  // lookup only

    init(seeds: [UInt64]) { self.seeds = seeds }

    static var program: String { SimBenchmarks.ns3Directory + "/cc-anchor" }
    static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: program) }

    /// Starts every path's ns-3 runs in the background.
    func start(_ paths: [CongestionPath]) {
        guard Self.isBuilt else { return }
        let jobs = paths.filter { if case .same = $0.ns3 { return true } else { return false } }
        let thread = Thread { [self] in
            for path in jobs {
                for variant in variants(for: path) {
                    // Without random loss an ns-3 run does not depend on its seed: one run stands for all.
                    let runSeeds = path.loss == .none ? [seeds[0]] : seeds
                    let runs = runSeeds.compactMap { Self.measure(path, tcp: variant.tcp, seed: $0) }
                    lock.lock()
                    results[key(path, variant.label)] = runs
                    finished.insert(key(path, variant.label))
                    lock.broadcast()
                    lock.unlock()
                }
            }
        }
        thread.start()
    }

    func variants(for path: CongestionPath) -> [(label: String, tcp: String)] {
        guard let mix = path.mix else { return Self.variants }
        let tcps = mix.compactMap { cc in Self.variants.first { $0.label == cc.rawValue }?.tcp }
        return [(mix.map(\.rawValue).joined(separator: "+"), tcps.joined(separator: ","))]
    }

    private func key(_ path: CongestionPath, _ label: String) -> String { path.name + "/" + label }

    /// The path's ns-3 rows (waiting for them), or one `n/a` row with the reason.
    func rows(for path: CongestionPath) -> [CongestionBenchmark.Row] {
        if case .notAvailable(let reason) = path.ns3 {
            return [CongestionBenchmark.Row(path: path, algorithm: "ns-3", seeds: [], runs: [], note: "n/a: " + reason)]
        }
        guard Self.isBuilt else {
            return [
                CongestionBenchmark.Row(
                    path: path, algorithm: "ns-3", seeds: [], runs: [],
                    note: "n/a: not built (Tools/ns3/build.sh builds \(Self.program))")
            ]
        }
        return variants(for: path).map { variant in
            lock.lock()
            while !finished.contains(key(path, variant.label)) { lock.wait() }
            let runs = results[key(path, variant.label)] ?? []
            lock.unlock()
            let runSeeds = path.loss == .none ? [seeds[0]] : seeds
            var row = CongestionBenchmark.Row(
                path: path, algorithm: "ns-3 " + variant.label, seeds: runs.isEmpty ? [] : runSeeds, runs: runs,
                note: runs.count < runSeeds.count ? "n/a: cc-anchor failed" : nil)
            if path.loss == .none { row.seedsNote = " (no randomness)" }
            return row
        }
    }

    static func measure(_ path: CongestionPath, tcp: String, seed: UInt64) -> CongestionMeasurement? {
        var loss = 0.0
        if case .bernoulli(let p) = path.loss { loss = p }
        let tcps = tcp.split(separator: ",").map(String.init)
        let ideal = Double(path.totalBytes * 8) / path.rateBitsPerSecond
        var arguments = [
            "--rate=\(Int(path.rateBitsPerSecond))bps", "--delay=\(path.oneWayDelay.nanoseconds / 1_000)us",
            "--loss=\(loss)", "--bytes=\(path.bytesPerFlow)", "--flows=\(path.flows)", "--qdisc=none",
            "--queue=\(path.queuePackets)", "--buf=67108864", "--segSize=\(segmentSize)",
            "--sendSize=\(segmentSize)", "--tcp=\(tcps[0])", "--run=\(seed)",
            "--maxTime=\(Int(ideal * CongestionRun.timeLimitFactor) + CongestionRun.timeLimitSlackSeconds)",
        ]
        if tcps.count > 1 { arguments.append("--tcp2=\(tcps[1])") }
        guard let json = SimBenchmarks.runNS3("cc-anchor", arguments),
            let whole = json["goodput_mbps"] as? Double, let steady = json["steady_goodput_mbps"] as? Double
        else { return nil }
        let flows = (json["flow_goodputs_mbps"] as? [Double] ?? []).map { $0 * 1e6 }
        let packets = json["bottleneck_packets"] as? Double ?? 0
        var measurement = CongestionMeasurement(
            steadyGoodput: steady * 1e6, wholeGoodput: whole * 1e6,
            ceiling: path.rateBitsPerSecond * Double(segmentSize) / Double(frameSize),
            queueDelayP50: json["queue_delay_p50"] as? Double ?? 0,
            queueDelayP99: json["queue_delay_p99"] as? Double ?? 0,
            retransmittedFraction: (json["retransmitted_bytes"] as? Double ?? 0) / Double(path.totalBytes),
            dropFraction: (json["bottleneck_drops"] as? Double ?? 0) / max(packets, 1), flowGoodputs: flows,
            datagramSize: frameSize, completed: json["completed"] as? Bool ?? false)
        if let mix = path.mix, flows.count == path.flows {
            let total = flows.reduce(0, +)
            for (index, cc) in mix.enumerated() {
                let mine = flows.indices.filter { $0 % mix.count == index }.map { flows[$0] }.reduce(0, +)
                measurement.shares.append((cc.rawValue, total > 0 ? mine / total : 0))
            }
        }
        return measurement
    }
}
