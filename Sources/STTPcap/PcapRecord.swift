import CPcap
import STTCore

/// One record of a capture file.
public struct PcapRecord: Sendable {
    /// Nanoseconds since 1970-01-01 UTC.
    public var unixNanoseconds: Int64
    /// The packet's length on the wire (at least `data.count`).
    public var originalLength: Int
    /// The captured bytes, link-layer header included.
    public var data: [UInt8]
}
