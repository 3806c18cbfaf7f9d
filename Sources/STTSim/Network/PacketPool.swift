import STTCore

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
