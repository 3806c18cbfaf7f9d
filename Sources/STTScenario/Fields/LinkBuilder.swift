import STTCore
import STTSim

/// A link as read: its ends, and the changes each direction makes to the defaults.
struct LinkBuilder: ForwardLinkChanges {
    var id: String
    var a: Int?
    var b: Int?
    var forward = LinkChanges()
    var reverse: LinkChanges?
}
