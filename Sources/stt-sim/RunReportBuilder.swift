import STTCharts
import STTCore
import STTReport
import STTScenario
import STTSim
import STTUnits

/// Builds what `--report` says besides the observed series, from the scenario and its report.
enum RunReportBuilder {
    static func context(
        _ scenario: Scenario, _ report: ScenarioReport, _ simulation: Simulation, file: String, transport: String
    ) -> ReportContext {
        let names = (0..<simulation.nodeCount).map { simulation.name(of: $0) }
        let source =
            transport == "udp"
            ? "Real UDP sockets on loopback, wall-clock time (the scenario's links as an in-process shim)"
            : "Deterministic simulation, simulated time"
        var c = ReportContext(
            title: "\(scenario.name): \(report.passed ? "passed" : "FAILED")", source: source, nodeNames: names)
        if !scenario.description.isEmpty { c.notes.append(scenario.description) }
        c.facts = [
            ("scenario", file), ("seed", String(report.seed)), ("fingerprint", report.fingerprint),
            ("replay", "stt-sim run \(file) --seed \(report.seed)" + (transport == "udp" ? " --transport udp" : "")),
            ("transport", transport),
            (
                "run time",
                "\(UnitFormat.seconds(report.simulatedSeconds)) \(transport == "udp" ? "wall clock" : "simulated")"
                    + " in \(UnitFormat.seconds(report.wallSeconds)) of wall time, \(report.events) events"
            ),
        ]
        if transport == "udp" {
            c.notes.append("Over real sockets the fingerprint is not reproducible: timing comes from the wall clock.")
        }
        c.topology = TopologyDiagram(
            nodes: scenario.nodes.map { .init(name: $0.id, isRouter: $0.kind != .endpoint) },
            links: scenario.links.map { .init(a: $0.a, b: $0.b, label: describe($0.forward)) })
        c.timedEvents = scenario.events.map { ($0.at.seconds, describe($0.action, scenario)) }
        c.expectations = report.expectations.map {
            .init(description: $0.description, passed: $0.passed, detail: $0.detail)
        }
        let sessions = simulation.flowSessions
        c.flows = report.flows.enumerated().map { i, flow in
            let s = flow.statistics
            var summary =
                "\(flow.kind) flow, \(UnitFormat.bytes(s.bytesDelivered)) of \(UnitFormat.bytes(s.bytesOffered))"
            summary += " delivered, goodput \(UnitFormat.rate(s.goodputBitsPerSecond))"
            if let d = s.completion { summary += ", completed in \(UnitFormat.seconds(d.seconds))" }
            summary += ", \(s.retransmittedFragments) fragments sent again"
            let mine = sessions.filter { $0.flow == i }
            return .init(
                label: "Flow \(flow.id): \(flow.from) → \(flow.to)", node: mine.first?.node ?? 0,
                sessions: mine.map(\.session), summary: summary, latency: s.latency?.cdf ?? [])
        }
        return c
    }

    static func describe(_ p: LinkParameters) -> String {
        var parts: [String] = []
        if let rate = p.bandwidthBitsPerSecond { parts.append(UnitFormat.rate(rate)) }
        parts.append(UnitFormat.milliseconds(p.propagationDelay.seconds))
        switch p.loss {
        case .none: break
        case .bernoulli(let probability): parts.append("loss \(UnitFormat.percent(probability))")
        case .gilbertElliott: parts.append("bursty loss")
        }
        if p.reorderProbability > 0 { parts.append("reorder \(UnitFormat.percent(p.reorderProbability))") }
        if p.jitter != nil { parts.append("jitter") }
        return parts.joined(separator: " · ")
    }

    private static func describe(_ action: Scenario.Event.Action, _ scenario: Scenario) -> String {
        func link(_ l: Int) -> String { scenario.links.indices.contains(l) ? scenario.links[l].id : "link \(l)" }
        func node(_ n: Int) -> String { scenario.nodes.indices.contains(n) ? scenario.nodes[n].id : "node \(n)" }
        switch action {
        case .linkDown(let l): return "\(link(l)) goes down"
        case .linkUp(let l): return "\(link(l)) comes up"
        case .setLink(let l, let forward, _): return "\(link(l)) becomes \(describe(forward))"
        case .partition(let groups):
            return "partition: "
                + groups.map { "{" + $0.map(node).joined(separator: ", ") + "}" }.joined(separator: " ")
        case .heal: return "the partition heals"
        case .crash(let n): return "\(node(n)) crashes"
        case .restart(let n): return "\(node(n)) restarts"
        }
    }
}
