import STTCore

/// The event list: a 4-ary min-heap of 16-byte keys with a FIFO tie-break (OMNeT++ style).
///
/// A plain min-heap, not swift-collections' min-max `Heap`: an event list only ever takes its
/// minimum. Keys are (time, sequence << 24 | slot); the event itself waits in a side table at
/// `slot`, so each sift moves 16 bytes, and four children per node halve the depth.
public struct EventQueue {
    private struct Key {
        let time: Int64
        /// Insertion sequence in the high 40 bits, payload slot in the low 24.
        let order: UInt64
        @inline(__always) static func < (a: Key, b: Key) -> Bool {
            a.time != b.time ? a.time < b.time : a.order < b.order
        }
    }

    private var keys: [Key] = []
    private var payloads: [ScheduledEvent] = []
    private var freeSlots: [Int] = []
    private var nextSequence: UInt64 = 0
    private static let slotBits: UInt64 = 24

    public init() {}

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// Time of the earliest event, in nanoseconds.
    var nextTime: Int64? { keys.first?.time }

    mutating func schedule(at time: Int64, _ kind: EventKind, target: Int32, packet: Int32 = -1, via: Int32 = -1) {
        let event = ScheduledEvent(
            time: time, sequence: nextSequence, kind: kind, target: target, packet: packet, via: via)
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            payloads[slot] = event
        } else {
            slot = payloads.count
            precondition(slot < 1 << Self.slotBits, "more than 16 million pending events")
            payloads.append(event)
        }
        push(Key(time: time, order: nextSequence << Self.slotBits | UInt64(slot)))
        nextSequence &+= 1
    }

    mutating func pop() -> ScheduledEvent? {
        guard let first = keys.first else { return nil }
        let last = keys.removeLast()
        if !keys.isEmpty { siftDown(last) }
        let slot = Int(first.order & (1 << Self.slotBits - 1))
        freeSlots.append(slot)
        return payloads[slot]
    }

    private mutating func push(_ k: Key) {
        keys.append(k)
        keys.withUnsafeMutableBufferPointer { a in
            var hole = a.count - 1
            while hole > 0 {
                let parent = (hole - 1) >> 2
                guard k < a[parent] else { break }
                a[hole] = a[parent]
                hole = parent
            }
            a[hole] = k
        }
    }

    /// Places `k` starting from the root, moving the smallest child up into the hole.
    private mutating func siftDown(_ k: Key) {
        keys.withUnsafeMutableBufferPointer { a in
            let n = a.count
            var hole = 0
            while true {
                let first = 4 * hole + 1
                guard first < n else { break }
                var best = first
                let end = min(first + 4, n)
                var c = first + 1
                while c < end {
                    if a[c] < a[best] { best = c }
                    c += 1
                }
                guard a[best] < k else { break }
                a[hole] = a[best]
                hole = best
            }
            a[hole] = k
        }
    }
}

extension EventQueue {
    /// Benchmark hook: the hold model (pop one, push one at now + delay) on a bare queue.
    public mutating func holdStep(delay: Int64) -> Int64 {
        let e = pop()!
        schedule(at: e.time + delay, .action, target: 0)
        return e.time
    }

    /// Benchmark hook: `steps` rounds of the hold model with delays uniform in [0, `maxDelay`).
    public mutating func holdModel(steps: Int, maxDelay: UInt64, rng: inout SplitMix64) -> Int64 {
        var last: Int64 = 0
        for _ in 0..<steps { last = holdStep(delay: Int64(rng.next() % maxDelay)) }
        return last
    }

    /// Benchmark hook: schedules a bare event.
    public mutating func scheduleBare(at time: Int64) { schedule(at: time, .action, target: 0) }
}
