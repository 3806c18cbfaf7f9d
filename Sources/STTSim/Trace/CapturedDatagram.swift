import STTCore

/// A datagram at the edge of a node, as a packet capture on that node would see it: emitted
/// (`tx`, before any link touched it) or delivered to its endpoint (`rx`, after the network's
/// impairments, so corrupted or duplicated copies appear as such). A packet the network dropped
/// has a `tx` record and no `rx` record.
public struct CapturedDatagram: Sendable {
    public enum Direction: String, Sendable, CaseIterable { case tx, rx }

    /// Simulated time, nanoseconds since the start of the run.
    public var timeNanoseconds: Int64
    /// The node whose edge this is.
    public var node: Int
    public var direction: Direction
    public var source: STTAddress
    public var destination: STTAddress
    public var payload: [UInt8]
}
