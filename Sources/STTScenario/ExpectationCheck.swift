import STTCore
import STTUnits

/// Checks a scenario's expectations against what its run reported, one line each.
struct ExpectationCheck {
    let names: [String]

    func flow(_ e: Scenario.FlowExpectation, _ f: ScenarioReport.Flow) -> [ScenarioReport.Expectation] {
        let r = f.statistics
        var out: [ScenarioReport.Expectation] = []
        func add(_ what: String, _ ok: Bool, _ detail: String) {
            out.append(.init(description: "\(f.id) \(what)", passed: ok, detail: detail))
        }
        if let c = e.completes {
            add(c ? "completes" : "does not complete", r.complete == c, "\(r.bytesDelivered)/\(r.bytesOffered) bytes")
        }
        if let i = e.intact {
            add(
                i ? "is intact" : "is not intact", r.intact == i,
                r.intact ? "every byte checked" : "check failed or incomplete")
        }
        if let w = e.within {
            add(
                "completes within \(w)", r.completion.map { $0 <= w } ?? false,
                r.completion.map { "took \(UnitFormat.seconds($0.seconds))" } ?? "did not complete")
        }
        if let g = e.goodputAtLeast {
            add("goodput ≥ \(UnitFormat.rate(g))", r.goodputBitsPerSecond >= g, UnitFormat.rate(r.goodputBitsPerSecond))
        }
        if let l = e.latencyP99AtMost {
            add(
                "latency p99 ≤ \(l)", r.latency.map { $0.p99 <= l.nanoseconds } ?? false,
                r.latency.map { "p99 \(UnitFormat.number(Double($0.p99) / 1e6)) ms" } ?? "no latency measured")
        }
        if let s = e.skipsAtLeast {
            add("skips ≥ \(s) stale segments", r.skippedSegments >= s, "\(r.skippedSegments) skipped")
        }
        return out
    }

    /// `expect.everyFlow`: each check over all flows, one line each, naming the first failures.
    func everyFlow(_ e: Scenario.FlowExpectation, _ flows: [ScenarioReport.Flow]) -> [ScenarioReport.Expectation] {
        var lines: [(description: String, passed: Int, failures: [String])] = []
        for f in flows {
            for (i, line) in flow(e, f).enumerated() {
                if i == lines.count {
                    let what = line.description.dropFirst(f.id.count + 1)
                    lines.append(("every flow \(what)", 0, []))
                }
                if line.passed { lines[i].passed += 1 } else { lines[i].failures.append("\(f.id): \(line.detail)") }
            }
        }
        return lines.map { line in
            let shown = line.failures.prefix(3).joined(separator: "; ")
            let more = line.failures.count > 3 ? "; \(line.failures.count - 3) more" : ""
            return .init(
                description: line.description, passed: line.failures.isEmpty,
                detail: "\(line.passed)/\(flows.count) flows" + (line.failures.isEmpty ? "" : ": " + shown + more))
        }
    }

    func session(_ e: Scenario.SessionExpectation, _ sessions: [ScenarioReport.Session]) -> ScenarioReport.Expectation {
        let seen = sessions.filter { $0.from == names[e.from] && $0.to == names[e.to] }
        let outcome = seen.contains(where: \.established) ? "established" : seen.first?.failure ?? "no attempt"
        return .init(
            description: "session \(names[e.from]) → \(names[e.to]) is \(e.outcome.rawValue)",
            passed: outcome == e.outcome.rawValue, detail: outcome)
    }

    func noSessionFailed(_ sessions: [ScenarioReport.Session]) -> ScenarioReport.Expectation {
        let failed = sessions.filter { !$0.established }
        return .init(
            description: "no session failed", passed: failed.isEmpty,
            detail: failed.isEmpty
                ? "all \(sessions.count) established"
                : failed.map { "\($0.from) → \($0.to): \($0.failure ?? "?")" }.joined(separator: "; "))
    }

    func fingerprint(_ expected: String, _ actual: String) -> ScenarioReport.Expectation {
        .init(description: "fingerprint is \(expected.prefix(16))…", passed: actual == expected, detail: actual)
    }
}
