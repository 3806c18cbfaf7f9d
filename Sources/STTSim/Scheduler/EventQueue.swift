import HeapModule

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

/// One scheduled event: 32 bytes, ordered by (time, insertion sequence) so that simultaneous
/// events run in the order they were scheduled, on every run and in every process.
struct ScheduledEvent: Comparable {
    let time: Int64
    let sequence: UInt64
    let kind: EventKind
    /// Node, link direction, flow or action index.
    let target: Int32
    /// Packet pool index, or a link index for deliveries (the direction it came over).
    let packet: Int32
    let via: Int32

    static func < (a: ScheduledEvent, b: ScheduledEvent) -> Bool {
        a.time != b.time ? a.time < b.time : a.sequence < b.sequence
    }
    static func == (a: ScheduledEvent, b: ScheduledEvent) -> Bool { a.sequence == b.sequence }
}

/// The event list: a binary heap with a FIFO tie-break (OMNeT++ style).
public struct EventQueue {
    private var heap = Heap<ScheduledEvent>()
    private var nextSequence: UInt64 = 0

    public init() {}

    public var count: Int { heap.count }
    public var isEmpty: Bool { heap.isEmpty }

    /// Time of the earliest event, in nanoseconds.
    var nextTime: Int64? { heap.min?.time }

    mutating func schedule(at time: Int64, _ kind: EventKind, target: Int32, packet: Int32 = -1, via: Int32 = -1) {
        heap.insert(ScheduledEvent(time: time, sequence: nextSequence, kind: kind, target: target, packet: packet, via: via))
        nextSequence &+= 1
    }

    mutating func pop() -> ScheduledEvent? { heap.popMin() }
}

extension EventQueue {
    /// Benchmark hook: the hold model (pop one, push one at now + delay) on a bare queue.
    public mutating func holdStep(delay: Int64) -> Int64 {
        let e = heap.removeMin()
        schedule(at: e.time + delay, .action, target: 0)
        return e.time
    }

    /// Benchmark hook: schedules a bare event.
    public mutating func scheduleBare(at time: Int64) { schedule(at: time, .action, target: 0) }
}
