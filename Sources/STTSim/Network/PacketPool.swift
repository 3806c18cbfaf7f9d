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

/// Packets in flight, stored by index so that events carry a 4-byte handle, not the packet.
struct PacketPool {
    private var slots: [SimPacket] = []
    private var free: [Int32] = []

    mutating func add(_ p: SimPacket) -> Int32 {
        if let i = free.popLast() {
            slots[Int(i)] = p
            return i
        }
        slots.append(p)
        return Int32(slots.count - 1)
    }

    mutating func release(_ i: Int32) {
        slots[Int(i)].payload = []
        free.append(i)
    }

    subscript(i: Int32) -> SimPacket {
        get { slots[Int(i)] }
        _modify { yield &slots[Int(i)] }
    }

    /// Slots in use (peak memory is bounded by the packets in flight).
    var inUse: Int { slots.count - free.count }
}
