import STTCore
import STTSim

extension Scenario {
    /// A timed event: what happens, and when.
    public struct Event: Sendable {
        public enum Action: Sendable {
            case linkDown(link: Int)
            case linkUp(link: Int)
            case setLink(link: Int, forward: LinkParameters, reverse: LinkParameters)
            case partition(groups: [[Int]])
            case heal
            case crash(node: Int)
            case restart(node: Int)
        }

        public var at: STTDuration
        public var action: Action
    }
}
