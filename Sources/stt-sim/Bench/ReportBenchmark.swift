import Foundation
import STTCore
import STTReport
import STTSim

/// `stt-sim bench --filter report`: a 1 GiB transfer (100 Mbit/s, 20 ms, 1 % loss) simulated
/// without a report, then with one: the observer attached for the whole run, the HTML and the
/// time series written at the end. The row is the report's cost (the extra wall time) as a share
/// of the plain run's wall time; the details give the files' sizes.
/// Goals (issue 14): the report under 2 MB, its cost under 20 % of the run.
enum ReportBenchmark {
    static let name = "report-1gib"
    static let bytes = 1 << 30

    static let benchmark = Benchmark(name: name, rows: { _ in try run() })

    static func run() throws -> [BenchResult] {
        let clock = ContinuousClock()
        var start = clock.now
        let (plainSim, _) = try SimBenchmarks.bulkCase(bytes: bytes, seed: 1)
        let plain = (clock.now - start).seconds
        var observer: RunObserver?
        start = clock.now
        let (sim, _) = try SimBenchmarks.bulkCase(bytes: bytes, seed: 1) { observer = RunObserver(attachingTo: $0) }
        let observed = (clock.now - start).seconds
        guard let observer, sim.fingerprint == plainSim.fingerprint else {
            throw BenchFailure("report-1gib: observing the run changed its fingerprint")
        }
        start = clock.now
        var context = ReportContext(
            title: "1 GiB bulk transfer", source: "stt-sim bench", nodeNames: ["client", "server"])
        context.flows = [
            .init(
                label: "bulk", node: 0, sessions: sim.flowSessions.map(\.session),
                summary: "1 GiB, 100 Mbit/s, 1 % loss")
        ]
        let html = HTMLReport.render(context, observer)
        let csv = observer.timeSeriesCSV(nodeName: { sim.name(of: $0) })
        let directory = FileManager.default.temporaryDirectory
        let htmlFile = directory.appendingPathComponent("stt-bench-report-\(getpid()).html")
        let csvFile = directory.appendingPathComponent("stt-bench-report-\(getpid()).csv")
        defer {
            try? FileManager.default.removeItem(at: htmlFile)
            try? FileManager.default.removeItem(at: csvFile)
        }
        try Data(html.utf8).write(to: htmlFile)
        try Data(csv.utf8).write(to: csvFile)
        let written = (clock.now - start).seconds
        let cost = (observed - plain + written) / plain
        return [
            BenchResult(
                name: name, value: cost * 100, unit: "% of the run's wall time", baseline: "run without report, s",
                baselineValue: plain, ratio: (observed + written) / plain,
                details: [
                    "  report bytes (goal < 2 MB)": Double(html.utf8.count),
                    "  time series bytes": Double(csv.utf8.count),
                    "  run with observer, s": observed, "  render and write, s": written,
                    "  packets sent": Double(sim.metrics().links.first?.forward.statistics.packets ?? 0),
                ])
        ]
    }
}
