import STTCore

/// How fast a link direction serialises packets onto the wire.
public enum LinkCapacity: Equatable, Sendable {
    /// Infinitely fast: a packet goes onto the wire at once and no queue builds up.
    case unlimited
    /// A constant rate in bits per second (> 0).
    case bitsPerSecond(Double)
    /// Delivery opportunities from a trace (Mahimahi's format), looping: cellular links, or any
    /// capacity that varies over time.
    case deliveryTrace(DeliveryTrace)

    /// Whether packets wait their turn in the drop-tail queue (every capacity but unlimited).
    var hasQueue: Bool { self != .unlimited }

    /// The first problem with the value, or nil.
    func validate() -> String? {
        switch self {
        case .unlimited, .deliveryTrace: return nil
        case .bitsPerSecond(let bw): return bw > 0 && bw.isFinite ? nil : "bandwidth must be positive (got \(bw))"
        }
    }
}

extension LinkCapacity {
    /// What a link direction's serialiser remembers between packets for its capacity.
    struct Serialiser {
        /// Where a trace-driven direction is in its trace.
        private var traceCursor = DeliveryTrace.Cursor()

        /// When a packet of `bytes` (IP size) that starts serialising at `now` has fully left, in
        /// nanoseconds.
        mutating func departure(bytes: Int, now: Int64, capacity: LinkCapacity) -> Int64 {
            switch capacity {
            case .unlimited:
                return now
            case .bitsPerSecond(let bw):
                return now
                    &+ STTDuration(saturatingNanoseconds: (Double(bytes * 8) * 1e9 / bw).rounded(.up)).nanoseconds
            case .deliveryTrace(let trace):
                return traceCursor.departure(bytes: bytes, now: now, trace: trace)
            }
        }
    }
}
