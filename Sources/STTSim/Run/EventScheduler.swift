import STTCore

/// The clock and the event list of a run, shared by the network, the hosts and the
/// applications: whoever schedules an event goes through here, so the (time, insertion order)
/// rule holds for everyone.
final class EventScheduler {
    var now: STTInstant = .zero
    var queue = EventQueue()

    @inline(__always)
    func schedule(at time: Int64, _ kind: EventKind, target: Int32, packet: Int32 = -1, via: Int32 = -1) {
        queue.schedule(at: time, kind, target: target, packet: packet, via: via)
    }
}
