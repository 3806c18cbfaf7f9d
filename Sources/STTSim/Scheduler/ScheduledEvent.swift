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
