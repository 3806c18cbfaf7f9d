import STTCore
import STTScenario
import STTSim

/// What one checked run found.
public struct SwarmOutcome: Codable, Sendable, Equatable {
    public var fingerprint: String?
    public var violations: [Violation] = []
    /// Simulator events processed.
    public var events = 0
    public var simulatedSeconds = 0.0
    public var nodes = 0
    public var links = 0
    public var flows = 0
    /// Timed events (faults) in the scenario.
    public var faults = 0
    /// Bounded flows, those owed completion, and how many of those completed: a checker that
    /// excuses too much shows as a falling share of owed flows.
    public var bounded = 0
    public var owed = 0
    public var completed = 0

    public var passed: Bool { violations.isEmpty }

    public init() {}
}

/// Runs a scenario and checks the swarm's invariants (docs/CAMPAIGNS.md): every bounded flow
/// owed completion completes intact by its deadline; nothing is delivered that was not sent; no
/// session opens across shared seeds; no stream byte beyond the credit granted; no session
/// closed for a protocol violation between honest endpoints; no run past the step bound; and,
/// when asked, the same fingerprint from a second run.
public struct SwarmCheck: Sendable {
    /// Events a run may process before it counts as a livelock.
    public var stepLimit: Int
    /// Run twice and compare fingerprints.
    public var rerun: Bool

    public init(stepLimit: Int = 60_000_000, rerun: Bool = false) {
        self.stepLimit = stepLimit
        self.rerun = rerun
    }

    /// Reads scenario text (a file or a generated one) and checks it.
    public func run(text: String, file: String = "scenario") -> SwarmOutcome {
        do {
            return run(try Scenario.parse(text, file: file))
        } catch {
            var outcome = SwarmOutcome()
            outcome.violations = [Violation(.runError, "\(error)")]
            return outcome
        }
    }

    public func run(_ scenario: Scenario) -> SwarmOutcome {
        var outcome = once(scenario)
        if rerun, outcome.fingerprint != nil {
            let again = once(scenario)
            if again.fingerprint != outcome.fingerprint {
                outcome.violations.append(
                    Violation(
                        .nondeterministic,
                        "fingerprint \(outcome.fingerprint ?? "-") then \(again.fingerprint ?? "-") in the same process"
                    ))
            }
        }
        return outcome
    }

    private func once(_ scenario: Scenario) -> SwarmOutcome {
        var outcome = SwarmOutcome()
        outcome.nodes = scenario.nodes.count
        outcome.links = scenario.links.count
        outcome.flows = scenario.traffic.count
        outcome.faults = scenario.events.count
        let runner: ScenarioRunner
        do {
            runner = try ScenarioRunner(scenario)
        } catch {
            outcome.violations = [Violation(.runError, "\(error)")]
            return outcome
        }
        let names = scenario.nodes.map(\.id)
        let attackers = Set(
            scenario.traffic.compactMap { t -> Int? in
                if case .helloFlood = t.kind { return t.from }
                return nil
            })
        let audit = CreditAudit(names: names, excluded: attackers)
        runner.simulation.transportEventSink = { node, event in audit.observe(node: node, event) }
        runner.simulation.stepLimit = stepLimit
        let budget = CompletionBudget(scenario)
        let owed = budget.flows.compactMap { $0.deadline == nil ? nil : $0.flow }
        let floor = STTInstant.zero + Self.settledTime(scenario)
        let sim = runner.simulation
        do {
            // A flow not owed completion may retry until the run's end; the check needs the
            // owed flows done and every fault and timed flow over, not more.
            _ = try sim.run(until: runner.endTime) {
                runner.isFinished || (sim.now >= floor && owed.allSatisfy(sim.isFlowDone))
            }
        } catch let SimulationError.stepLimit(events, at) {
            outcome.violations.append(Violation(.livelock, "\(events) events by \(at), the step bound is \(stepLimit)"))
        } catch {
            outcome.violations.append(Violation(.runError, "\(error)"))
        }
        let report = runner.report(wallSeconds: 0)
        outcome.fingerprint = report.fingerprint
        outcome.events = report.events
        outcome.simulatedSeconds = report.simulatedSeconds
        outcome.violations += audit.violations
        outcome.violations += flowViolations(scenario, report, budget)
        outcome.violations += sessionViolations(scenario, report)
        outcome.bounded = budget.flows.count
        outcome.owed = budget.flows.count { $0.deadline != nil }
        outcome.completed = budget.flows.count { $0.deadline != nil && report.flows[$0.flow].statistics.complete }
        return outcome
    }

    /// When every timed event and every flow with an end of its own (live, messages, floods) is
    /// over, plus five seconds for what is in flight.
    static func settledTime(_ scenario: Scenario) -> STTDuration {
        var end = scenario.events.map(\.at).max() ?? .zero
        for t in scenario.traffic {
            switch t.kind {
            case .bounded: end = max(end, t.start)
            case .live(let l): end = max(end, t.start + l.duration)
            case .messages(let m):
                // count × interval may pass the clock's range: multiply as doubles, saturating.
                end = max(
                    end, t.start + STTDuration(saturatingNanoseconds: Double(m.interval.nanoseconds) * Double(m.count)))
            case .helloFlood(let h): end = max(end, t.start + h.duration)
            }
        }
        return end + .seconds(5)
    }

    /// Intact data everywhere; completion by the deadline where owed.
    private func flowViolations(_ scenario: Scenario, _ report: ScenarioReport, _ budget: CompletionBudget)
        -> [Violation]
    {
        var out: [Violation] = []
        for (i, flow) in report.flows.enumerated() {
            let s = flow.statistics
            if case .helloFlood = scenario.traffic[i].kind { continue }
            // `intact` also means "checked": a bounded or message flow is checked once complete,
            // a live flow once something arrived.
            let checked: Bool
            if case .live = scenario.traffic[i].kind { checked = s.bytesDelivered > 0 } else { checked = s.complete }
            if checked, !s.intact {
                out.append(Violation(.corrupted, "flow \(flow.id) delivered bytes that differ from those sent"))
            } else if s.bytesDelivered > s.bytesOffered, case .bounded = scenario.traffic[i].kind {
                out.append(
                    Violation(.corrupted, "flow \(flow.id) delivered \(s.bytesDelivered) of \(s.bytesOffered) bytes"))
            }
            guard let verdict = budget.verdict(flow: i), let deadline = verdict.deadline else { continue }
            let finished = s.completion.map { scenario.traffic[i].start + $0 }
            if !s.complete || finished.map({ $0 > deadline }) ?? true {
                let when =
                    finished.map { "completed at \($0)" } ?? "\(s.bytesDelivered) of \(s.bytesOffered) bytes delivered"
                out.append(
                    Violation(
                        .incomplete,
                        "flow \(flow.id) (\(flow.from)→\(flow.to)) owed completion by \(deadline) "
                            + "(\(verdict.reason)): "
                            + "\(when), \(s.attempts) attempts"))
            }
        }
        return out
    }

    private func sessionViolations(_ scenario: Scenario, _ report: ScenarioReport) -> [Violation] {
        let index = Dictionary(scenario.nodes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [Violation] = []
        for s in report.sessions where s.established {
            guard let a = index[s.from], let b = index[s.to] else { continue }
            if scenario.nodes[a].sharedSeed != scenario.nodes[b].sharedSeed {
                out.append(Violation(.crossSeedSession, "\(s.from) and \(s.to) hold different shared seeds"))
            }
        }
        return out
    }
}
