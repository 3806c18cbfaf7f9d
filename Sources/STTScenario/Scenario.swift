import STTCore
import STTSim

/// A scenario file, parsed and validated: topology, traffic, timed events, expectations.
/// The reference for every field is docs/SCENARIOS.md.
public struct Scenario: Sendable {
    public struct Node: Sendable {
        public enum Kind: String, Sendable { case endpoint, router }
        public var id: String
        public var kind: Kind
        public var nodeSeed: [UInt8]
        public var sharedSeed: [UInt8]
        public var address: STTAddress?
        public var configuration: EndpointConfiguration
    }

    public struct Link: Sendable {
        public var id: String
        public var a: Int
        public var b: Int
        public var forward: LinkParameters
        public var reverse: LinkParameters
    }

    public struct FlowExpectation: Sendable {
        public var flow: Int
        public var completes: Bool?
        public var intact: Bool?
        public var within: STTDuration?
        public var goodputAtLeast: Double?
        public var latencyP99AtMost: STTDuration?
        public var skipsAtLeast: Int?
    }

    public struct SessionExpectation: Sendable {
        public enum Outcome: String, Sendable, CaseIterable {
            case established
            case authenticationFailed = "authentication-failed"
            case unsupportedSuite = "unsupported-suite"
            case timeout
        }
        public var from: Int
        public var to: Int
        public var outcome: Outcome
    }

    public var name: String
    public var description: String
    public var seed: UInt64
    public var duration: STTDuration
    public var nodes: [Node]
    public var links: [Link]
    public var traffic: [Traffic]
    public var events: [Event]
    public var flowExpectations: [FlowExpectation]
    /// Checks that apply to every flow (`expect.everyFlow`).
    public var everyFlowExpectation: FlowExpectation?
    public var sessionExpectations: [SessionExpectation]
    /// Every session that was attempted must be established (default true unless session
    /// expectations say otherwise).
    public var noSessionFailed: Bool
    public var fingerprint: String?
    /// Capture settings (`capture`); inactive unless a file or key log is named here or on the command line.
    public var capture: CaptureSettings
}
