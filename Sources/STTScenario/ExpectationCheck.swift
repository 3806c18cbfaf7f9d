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
