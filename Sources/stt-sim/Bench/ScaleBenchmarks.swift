import Foundation
import STTScenario

/// How the simulator scales with the number of nodes: the `many-nodes` scenario
/// (`Scenarios/many-nodes.json` is the 1,000-node case) at 100, 1,000 and 10,000 nodes.
/// Each row's ratio is its events per wall second over the 100-node run's, measured in the same
/// bench run: 1.0 means wall time grows exactly linearly with events.
enum ScaleBenchmarks {
    static let all: [Benchmark] = [manyNodes]

    static let sizes = [100, 1_000, 10_000]

    static let manyNodes = Benchmark(
        name: "sim-many-nodes",
        rows: { settings in
            var rows: [BenchResult] = []
            var smallest: Double?
            for nodes in sizes {
                let text = ManyNodesScenario.json(nodes: nodes)
                var runs: [(build: Double, run: Double, events: Int, simulated: Double)] = []
                for _ in 0..<(nodes >= 10_000 ? 1 : min(settings.rounds, 3)) {
                    let clock = ContinuousClock()
                    var runner: ScenarioRunner!
                    let build = try clock.measure {
                        runner = try ScenarioRunner(try Scenario.parse(text, file: "many-nodes-\(nodes)"))
                    }
                    let run = try clock.measure { try runner.run() }
                    let report = runner.report(wallSeconds: run.seconds)
                    if let failed = report.expectations.first(where: { !$0.passed }) {
                        throw BenchFailure(
                            "many-nodes at \(nodes) nodes: expectation failed: \(failed.description): \(failed.detail)")
                    }
                    runs.append(
                        (
                            build.seconds, run.seconds, runner.simulation.eventsProcessed,
                            Double(runner.simulation.now.nanoseconds) / 1e9
                        ))
                }
                let wall = median(runs.map(\.run))
                let events = runs[0].events
                let rate = Double(events) / wall
                smallest = smallest ?? rate
                rows.append(
                    BenchResult(
                        name: "sim-many-nodes-\(nodes)", value: rate, unit: "events/s",
                        baseline: "\(sizes[0]) nodes, events/s", baselineValue: smallest!, ratio: rate / smallest!,
                        details: [
                            "  run wall seconds": wall,
                            "  parse+build wall seconds": median(runs.map(\.build)),
                            "  events": Double(events),
                            "  simulated seconds": runs[0].simulated,
                            "  peak RSS bytes (process so far)": peakResidentBytes(),
                        ]))
            }
            return rows
        })
}
