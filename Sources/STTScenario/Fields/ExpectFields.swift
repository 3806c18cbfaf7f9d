import STTCore

enum ExpectFields {
    /// What a flow expectation checks (shared by `flows` and `everyFlow`).
    static let checks: [ScenarioField<Scenario.FlowExpectation>] = [
        .boolean("completes", default: "not checked", "every byte (or record, or message) arrived") {
            $0.completes = $1
        },
        .boolean("intact", default: "not checked", "every byte was checked") { $0.intact = $1 },
        .duration("within", default: "not checked", "completion time from the flow's start, at most") {
            $0.within = $1
        },
        .rate("goodputAtLeast", default: "not checked", "bytes delivered × 8 over the active time, at least") {
            $0.goodputAtLeast = $1
        },
        .duration("latencyP99AtMost", default: "not checked", "live and messages: record latency p99, at most") {
            $0.latencyP99AtMost = $1
        },
        .integer("skipsAtLeast", in: 0...Int.max, default: "not checked", "live: stale segments skipped, at least") {
            $0.skipsAtLeast = $1
        },
    ]

    static let flow = FieldTable<Scenario.FlowExpectation>(
        "flowExpectation",
        [
            .custom("flow", .reference("traffic"), default: nil, "the flow") { e, v, path, p in
                e.flow = p.trafficIndex(v, path) ?? -1
            }
        ] + checks,
        finish: { e, _, _, _ in e.flow >= 0 })

    /// The same checks for every flow at once, reported as one line per check.
    static let everyFlow = FieldTable<Scenario.FlowExpectation>(
        "everyFlowExpectation", checks, finish: { _, _, _, _ in true })

    static let session = FieldTable<Scenario.SessionExpectation>(
        "sessionExpectation",
        [
            .custom("from", .reference("endpoint"), default: nil, "the initiator") { e, v, path, p in
                e.from = p.node(v, path, endpointOnly: true) ?? -1
            },
            .custom("to", .reference("endpoint"), default: nil, "the responder") { e, v, path, p in
                e.to = p.node(v, path, endpointOnly: true) ?? -1
            },
            .enumeration(
                "outcome", Scenario.SessionExpectation.Outcome.allCases.map(\.rawValue), default: nil,
                "how the handshake must end"
            ) { e, s in e.outcome = Scenario.SessionExpectation.Outcome(rawValue: s) ?? .established },
        ],
        finish: { e, object, _, _ in e.from >= 0 && e.to >= 0 && object["outcome"] != nil })

    static let table = FieldTable<ExpectBuilder>(
        "expect",
        [
            .list(
                "flows", of: flow, default: "none", "per flow, what must hold at the end",
                initial: Scenario.FlowExpectation(flow: -1)
            ) { $0.flows = $1 },
            .object(
                "everyFlow", everyFlow, default: "none", "what must hold for every flow (one report line per check)",
                initial: Scenario.FlowExpectation(flow: -1)
            ) { $0.everyFlow = $1 },
            .list(
                "sessions", of: session, default: "none", "handshakes and how they must end",
                initial: Scenario.SessionExpectation(from: -1, to: -1, outcome: .established)
            ) { $0.sessions = $1 },
            .boolean(
                "noSessionFailed", default: "true unless `sessions` expects a failure",
                "every handshake attempted must succeed"
            ) { $0.noSessionFailed = $1 },
            .string("fingerprint", default: "not checked", "64 hex digits: the run must reproduce exactly this") {
                e, s in e.fingerprint = s
            },
        ],
        finish: { e, _, path, p in
            if let f = e.fingerprint {
                if f.utf8.count == 64, f.allSatisfy(\.isHexDigit) {
                    e.fingerprint = f.lowercased()
                } else {
                    p.reader.problem(path + ".fingerprint", "must be 64 hex digits (a SHA-256)")
                    e.fingerprint = nil
                }
            }
            return true
        })
}
