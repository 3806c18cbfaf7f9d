import STTCore
import STTScenario
import STTSim

/// Runs one run of a study and gives its row: the parameters, seed, fingerprint, each flow's
/// goodput, completion time and latency percentiles, and each expectation's result. A row is a
/// JSON object with its keys in a fixed order, so equal runs give equal bytes.
public enum SweepRun {
    public static func row(_ study: Study, _ run: Study.Run, file: String = "study") -> JSONValue {
        var fields = head(study, run)
        do {
            let scenario = try Scenario.parse(study.scenarioText(run), file: file)
            let runner = try ScenarioRunner(scenario, seed: run.seed)
            try runner.run()
            let report = runner.report(wallSeconds: 0)
            fields += [
                ("fingerprint", .string(report.fingerprint)), ("passed", .bool(report.passed)),
                ("events", .number(Double(report.events))), ("simulatedSeconds", .number(report.simulatedSeconds)),
                ("flows", .array(report.flows.map(flowValue))),
                (
                    "expectations",
                    .array(
                        report.expectations.map {
                            .object([("description", .string($0.description)), ("passed", .bool($0.passed))])
                        })
                ),
            ]
        } catch {
            fields.append(("error", .string("\(error)")))
        }
        return .object(fields)
    }

    /// The row of a run whose worker process died running it.
    public static func died(_ study: Study, _ run: Study.Run, _ how: String) -> JSONValue {
        .object(head(study, run) + [("error", .string("the process running it died: \(how)"))])
    }

    private static func head(_ study: Study, _ run: Study.Run) -> [(String, JSONValue)] {
        [
            ("index", .number(Double(run.index))), ("point", .number(Double(run.point))),
            ("parameters", .object(zip(study.parameters, run.values).map { ($0.name, $1) })),
            ("seed", SwarmRow.number(run.seed)),
        ]
    }

    private static func flowValue(_ flow: ScenarioReport.Flow) -> JSONValue {
        let s = flow.statistics
        var f: [(String, JSONValue)] = [
            ("id", .string(flow.id)), ("kind", .string(flow.kind)), ("complete", .bool(s.complete)),
            ("intact", .bool(s.intact)), ("bytesDelivered", .number(Double(s.bytesDelivered))),
            ("goodputBitsPerSecond", .number(s.goodputBitsPerSecond.rounded())),
        ]
        if let c = s.completion { f.append(("completionSeconds", .number(c.seconds))) }
        if let l = s.latency {
            f.append(("latencyP50Seconds", .number(Double(l.p50) / 1e9)))
            f.append(("latencyP99Seconds", .number(Double(l.p99) / 1e9)))
        }
        return .object(f)
    }
}
