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

    public enum Traffic: Sendable {
        case bounded(id: String, from: Int, to: Int, size: Int, segmentSize: Int, start: STTDuration, streamID: UInt32?)
        case live(
            id: String, from: Int, to: Int, rate: Double, duration: STTDuration, chunk: Int, deadline: STTDuration?,
            start: STTDuration)
        case messages(
            id: String, from: Int, to: [Int], count: Int, size: Int, interval: STTDuration, start: STTDuration)

        public var id: String {
            switch self {
            case .bounded(let id, _, _, _, _, _, _), .live(let id, _, _, _, _, _, _, _),
                .messages(let id, _, _, _, _, _, _):
                return id
            }
        }
    }

    public enum Event: Sendable {
        case linkDown(link: Int, at: STTDuration)
        case linkUp(link: Int, at: STTDuration)
        case setLink(link: Int, at: STTDuration, forward: LinkParameters, reverse: LinkParameters)
        case partition(groups: [[Int]], at: STTDuration)
        case heal(at: STTDuration)
        case crash(node: Int, at: STTDuration)
        case restart(node: Int, at: STTDuration)
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
        public enum Outcome: String, Sendable {
            case established
            case authenticationFailed = "authentication-failed"
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
    public var sessionExpectations: [SessionExpectation]
    /// Every session that was attempted must be established (default true unless session
    /// expectations say otherwise).
    public var noSessionFailed: Bool
    public var fingerprint: String?
    /// Capture settings (`capture`); inactive unless a file or key log is named here or on the command line.
    public var capture: CaptureSettings
}
