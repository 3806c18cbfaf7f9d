import STTCore
import STTSim

/// A value being read that collects changes to a link's (forward) parameters.
protocol ForwardLinkChanges: SendableMetatype {
    var forward: LinkChanges { get set }
}
