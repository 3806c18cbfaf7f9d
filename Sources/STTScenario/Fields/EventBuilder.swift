import STTCore
import STTSim

/// An event as read, before its action is built.
struct EventBuilder: ForwardLinkChanges {
    var at: STTDuration?
    var link: Int?
    var node: Int?
    var groups: [[Int]] = []
    var forward = LinkChanges()
    var reverse = LinkChanges()
}
