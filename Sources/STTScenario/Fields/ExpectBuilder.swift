import STTCore

/// The `expect` object as read.
struct ExpectBuilder {
    var flows: [Scenario.FlowExpectation] = []
    var everyFlow: Scenario.FlowExpectation?
    var sessions: [Scenario.SessionExpectation] = []
    var noSessionFailed: Bool?
    var fingerprint: String?
}
