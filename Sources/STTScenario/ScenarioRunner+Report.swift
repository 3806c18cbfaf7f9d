import STTCore
import STTSim

extension ScenarioRunner {
    /// The report, with every expectation checked.
    public func report(wallSeconds: Double) -> ScenarioReport {
        let metrics = simulation.metrics()
        let names = scenario.nodes.map(\.id)
        let flows = zip(scenario.traffic, metrics.flows).map { traffic, f in
            ScenarioReport.Flow(
                id: traffic.id, kind: f.kind, from: names[f.from], to: f.to.map { names[$0] }.joined(separator: ","),
                statistics: f.statistics)
        }
        let links = metrics.links.flatMap { l in
            [l.forward, l.reverse].map { d in
                ScenarioReport.Link(
                    id: l.name, direction: "\(names[d.from])>\(names[d.to])", statistics: d.statistics, delay: d.delay,
                    queueDelay: d.queueDelay)
            }
        }
        // By initiator, each one's handshakes in the order they ended.
        let sessions = metrics.sessionOutcomes.enumerated()
            .sorted { ($0.element.initiator, $0.offset) < ($1.element.initiator, $1.offset) }
            .map { _, o in
                ScenarioReport.Session(
                    from: names[o.initiator], to: o.responder.map { names[$0] } ?? "\(o.responderAddress)",
                    established: o.result == .established, failure: Self.failureName(o.result))
            }
        let check = ExpectationCheck(names: names)
        var expectations: [ScenarioReport.Expectation] = []
        for e in scenario.flowExpectations { expectations += check.flow(e, flows[e.flow]) }
        if let e = scenario.everyFlowExpectation { expectations += check.everyFlow(e, flows) }
        for e in scenario.sessionExpectations { expectations.append(check.session(e, sessions)) }
        if scenario.noSessionFailed { expectations.append(check.noSessionFailed(sessions)) }
        if let expected = scenario.fingerprint, transport == "sim" {
            expectations.append(check.fingerprint(expected, metrics.fingerprint))
        }
        let refusals = metrics.endpoints.compactMap { e -> ScenarioReport.Refusal? in
            let refusal = ScenarioReport.Refusal(
                node: names[e.node], sessionLimit: e.drops[.sessionLimit],
                handshakeBacklogFull: e.drops[.handshakeBacklogFull], reclaimed: e.statistics.sessionsReclaimed)
            return refusal.sessionLimit + refusal.handshakeBacklogFull + refusal.reclaimed > 0 ? refusal : nil
        }
        var report = ScenarioReport(
            scenario: scenario.name, seed: seed, fingerprint: metrics.fingerprint,
            simulatedSeconds: simulation.now.nanoseconds > 0 ? Double(simulation.now.nanoseconds) / 1e9 : 0,
            wallSeconds: wallSeconds, events: simulation.eventsProcessed, flows: flows, links: links,
            sessions: sessions, expectations: expectations, capture: nil, transport: transport)
        report.refusals = refusals
        let noRoute = metrics.noRouteDrops.enumerated().filter { $0.element > 0 }.map {
            ScenarioReport.NoRoute(node: names[$0.offset], packets: $0.element)
        }
        report.noRoute = noRoute.isEmpty ? nil : noRoute
        return report
    }

    private static func failureName(_ result: SessionOutcome.Result) -> String? {
        switch result {
        case .established: return nil
        case .failed(.authenticationFailed): return "authentication-failed"
        case .failed(.handshakeTimeout): return "timeout"
        case .failed(.peerIdentityMismatch): return "peer-identity-mismatch"
        case .failed(.unsupportedSuite): return "unsupported-suite"
        }
    }
}
