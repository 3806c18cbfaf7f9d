import Foundation
import STTCore
import STTUnits

/// `stt-sim bench --filter cc`: every congestion control algorithm on every path of
/// `CongestionPaths`, several seeds each, in the simulator, beside ns-3's TCP on the paths it
/// can express. `--filter cc/NAME` runs only the paths whose name contains NAME.
enum CongestionBenchmark {
    static let name = "cc"
    static let algorithms: [CongestionControlAlgorithm] = [.bbr, .cubic, .newReno]

    /// One table line: a path run by one algorithm (ours or ns-3's) over every seed.
    struct Row {
        let path: CongestionPath
        let algorithm: String
        let seeds: [UInt64]
        let runs: [CongestionMeasurement]
        var isDefault = false
        var note: String? = nil
        var seedsNote = ""

        func fraction(_ value: (CongestionMeasurement) -> Double) -> [Double] {
            runs.map { value($0) / max($0.ceiling, 1) }
        }
        var steady: [Double] { fraction(\.steadyGoodput) }
        var whole: [Double] { fraction(\.wholeGoodput) }
        func medianOf(_ value: (CongestionMeasurement) -> Double) -> Double { median(runs.map(value)) }
    }

    static let benchmark = Benchmark(name: name, rows: { settings in try run(settings) })

    static func run(_ settings: BenchSettings) throws -> [BenchResult] {
        var names = Set(CongestionPaths.all.filter { settings.pathFilter.map($0.name.contains) ?? true }.map(\.name))
        for path in CongestionPaths.all where names.contains(path.name) {
            for case .ofClean(let clean, _) in path.goals { names.insert(clean) }  // the reference runs too
        }
        let paths = CongestionPaths.all.filter { names.contains($0.name) }
        let seeds = (1...UInt64(max(1, settings.seeds))).map { $0 }
        let ns3 = NS3CongestionAnchor(seeds: seeds)
        ns3.start(paths)  // ns-3 runs in the background while the simulator works
        var rows: [Row] = []
        for path in paths {
            let kinds: [CongestionControlAlgorithm?] = path.mix == nil ? algorithms : [nil]
            for kind in kinds {
                let label = kind?.rawValue ?? path.mix!.map(\.rawValue).joined(separator: "+")
                if !settings.json { printError("  cc \(path.name) \(label)…") }
                let runs = try seeds.map { try CongestionRun.measure(path, algorithm: kind ?? .bbr, seed: $0) }
                rows.append(Row(path: path, algorithm: label, seeds: seeds, runs: runs, isDefault: kind == .bbr))
            }
            rows.append(contentsOf: ns3.rows(for: path))
        }
        if !settings.json { print(table(rows)) }
        return rows.map { result($0, rows) }
    }

    /// The goals of the row's path, judged on the medians over seeds; nil when the row has none.
    static func goalText(_ row: Row, _ rows: [Row]) -> String? {
        guard row.isDefault, !row.path.goals.isEmpty else { return nil }
        var parts: [String] = []
        for goal in row.path.goals {
            switch goal {
            case .steadyFraction(let f):
                parts.append(verdict(median(row.steady) >= f, "steady ≥ \(UnitFormat.percent(f, 0))"))
            case .ofClean(let clean, let f):
                let reference = rows.first { $0.path.name == clean && $0.isDefault }
                let ratio = reference.map { median(row.steady) / max(median($0.steady), 1e-9) } ?? 0
                parts.append(
                    verdict(ratio >= f, "\(UnitFormat.percent(ratio, 1)) of clean, goal ≥ \(UnitFormat.percent(f, 0))"))
            case .jain(let j):
                let index = median(row.runs.compactMap(\.jain))
                parts.append(verdict(index >= j, "jain ≥ \(UnitFormat.fixed(j, 2))"))
            case .queueDelayP50(let f):
                let p50 = row.medianOf(\.queueDelayP50) / row.path.baseRTT.seconds
                parts.append(verdict(p50 <= f, "queue p50 ≤ \(UnitFormat.fixed(f, 2)) RTT"))
            case .drops(let f):
                parts.append(verdict(row.medianOf(\.dropFraction) <= f, "drops ≤ \(UnitFormat.percent(f, 0))"))
            }
        }
        return parts.joined(separator: "; ")
    }

    static func verdict(_ met: Bool, _ text: String) -> String { (met ? "met: " : "MISSED: ") + text }

    static func table(_ rows: [Row]) -> String {
        var lines = [
            [
                "path", "algorithm", "transfer", "seeds", "steady min/med", "whole min/med", "queue p50/p99",
                "retx", "drops", "jain", "goal / note",
            ]
        ]
        for row in rows {
            let p = row.path
            let transfer = (p.flows > 1 ? "\(p.flows)×" : "") + megabytes(p.bytesPerFlow)
            let jains = row.runs.compactMap(\.jain)
            var note = row.note ?? goalText(row, rows) ?? ""
            if let shares = row.runs.first?.shares, !shares.isEmpty {
                note =
                    shares.map { name, _ in
                        "\(name) \(UnitFormat.percent(median(row.runs.compactMap { $0.shares.first { $0.0 == name }?.1 }), 0))"
                    }.joined(separator: ", ") + " of the goodput"
            }
            if row.runs.contains(where: { !$0.completed }) { note = "INCOMPLETE " + note }
            lines.append([
                p.name, row.algorithm, transfer, row.seeds.map(String.init).joined(separator: ",") + row.seedsNote,
                row.runs.isEmpty ? "n/a" : minMedian(row.steady), row.runs.isEmpty ? "n/a" : minMedian(row.whole),
                row.runs.isEmpty
                    ? "" : "\(ms(row.medianOf(\.queueDelayP50)))/\(ms(row.medianOf(\.queueDelayP99)))",
                row.runs.isEmpty ? "" : UnitFormat.percent(row.medianOf(\.retransmittedFraction), 2),
                row.runs.isEmpty ? "" : UnitFormat.percent(row.medianOf(\.dropFraction), 2),
                jains.isEmpty ? "" : "\(UnitFormat.fixed(jains.min()!, 3))/\(UnitFormat.fixed(median(jains), 3))",
                note,
            ])
        }
        let header = """
            Congestion control matrix: goodput as a fraction of the payload ceiling (link rate × payload bytes per \
            wire byte), min and median over the seeds; steady = from 25 % of the bytes to the last; queueing delay \
            at the bottleneck in ms (median of the seeds' percentiles); retx = bytes sent again / bytes; drops = \
            queue drops / packets offered. Impairments on the data direction only.
            """
        return header + "\n" + ReportTable.table(lines[0], Array(lines.dropFirst()))
    }

    static func megabytes(_ bytes: Int) -> String {
        bytes % 1_000_000 == 0 ? "\(bytes / 1_000_000) MB" : UnitFormat.si(Double(bytes)) + "B"
    }

    static func minMedian(_ values: [Double]) -> String {
        "\(UnitFormat.percent(values.min() ?? 0, 1))/\(UnitFormat.percent(median(values), 1))"
    }

    static func ms(_ seconds: Double) -> String { UnitFormat.fixed(seconds * 1_000, 1) }

    /// The row as a JSON result: median steady fraction, against ns-3's same algorithm when it
    /// ran the path, else against the payload ceiling.
    static func result(_ row: Row, _ rows: [Row]) -> BenchResult {
        let value = row.runs.isEmpty ? 0 : median(row.steady)
        let ns3 = rows.first { $0.path.name == row.path.name && $0.algorithm == "ns-3 " + row.algorithm }
        let baseline = ns3.flatMap { $0.runs.isEmpty ? nil : median($0.steady) }
        var details: [String: Double] = [:]
        if !row.runs.isEmpty {
            details["steady min"] = row.steady.min() ?? 0
            details["whole median"] = median(row.whole)
            details["whole min"] = row.whole.min() ?? 0
            details["queue delay p50 s"] = row.medianOf(\.queueDelayP50)
            details["queue delay p99 s"] = row.medianOf(\.queueDelayP99)
            details["retransmitted fraction"] = row.medianOf(\.retransmittedFraction)
            details["drop fraction"] = row.medianOf(\.dropFraction)
            if let jain = row.runs.first?.jain, jain > 0 {
                details["jain median"] = median(row.runs.compactMap(\.jain))
            }
        }
        return BenchResult(
            name: "cc/\(row.path.name)/\(row.algorithm)", value: value, unit: "of payload ceiling (steady)",
            baseline: baseline != nil ? "ns-3 \(row.algorithm), same path" : "payload ceiling",
            baselineValue: baseline ?? 1, ratio: value / max(baseline ?? 1, 1e-9), details: details)
    }
}
