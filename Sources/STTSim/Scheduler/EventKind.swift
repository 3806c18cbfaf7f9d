/// What a scheduled event does. Payload indices point into the simulation's tables.
enum EventKind: UInt8 {
    /// A packet (pool index) arrives at a node after crossing a link direction.
    case deliver
    /// A link direction finished serialising its head packet.
    case transmitDone
    /// A node's endpoint timer (lazily invalidated: ignored unless it matches the node's armed time).
    case endpointTimer
    /// A flow's application wakes up.
    case flowWake
    /// A scheduled action (fault, parameter change, user closure).
    case action
}
