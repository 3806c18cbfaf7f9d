import STTCore

/// A packet in flight, by pool index; indices are reused once a packet is delivered or dropped.
struct SimPacket {
    var id: UInt64
    var source: Int32
    /// The node that owns the destination address; -1 when no node does.
    var destination: Int32
    var from: STTAddress
    var to: STTAddress
    var payload: [UInt8]
    /// When it entered the current link direction (for delay statistics), nanoseconds.
    var enteredLinkAt: Int64 = 0

    /// Size on the wire: the datagram plus IPv4 and UDP headers.
    var ipSize: Int { payload.count + LinkParameters.ipUDPOverhead }
}
